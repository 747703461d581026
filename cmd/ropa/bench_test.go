package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBenchPrintsFigures runs ropa bench on a small generated register,
// writing into a folder of the test's, and checks that every figure is
// printed, the Hugo comparison too when Hugo is installed, and that the
// temporary folders are removed afterwards.
func TestBenchPrintsFigures(t *testing.T) {
	out := t.TempDir()
	stdout, stderr, err := run(t, "", "bench", "--records", "20", "--runs", "1", "--out", out)
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, stderr)
	}
	figure := `\s+[0-9]+\.[0-9] ms`
	want := []string{
		`generated 20 records`,
		`read files \(I/O floor\):` + figure,
		`load \+ lint:` + figure,
		`export notices, html, en:` + figure + `\s+\(20 files`,
		`export whole site:` + figure,
	}
	if _, err := exec.LookPath("hugo"); err == nil {
		want = append(want, `hugo, same notices \(md\):`+figure+`\s+\(ropa is [0-9]+\.[0-9]× faster; target: at least 5×\)`)
	} else {
		want = append(want, `hugo, same notices:\s+not measured: hugo is not installed`)
	}
	for _, re := range want {
		if !regexp.MustCompile(re).MatchString(stdout) {
			t.Errorf("bench output lacks %s:\n%s", re, stdout)
		}
	}
	// A verdict is given for 10,000 records only.
	if strings.Contains(stdout, "met") || strings.Contains(stdout, "MISSED") {
		t.Errorf("bench gives a verdict for 20 records:\n%s", stdout)
	}
	if !strings.Contains(stderr, "measuring the export of the notices") {
		t.Errorf("bench does not say what it measures on standard error:\n%s", stderr)
	}
	left, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("bench left %s behind", filepath.Join(out, e.Name()))
	}
}
