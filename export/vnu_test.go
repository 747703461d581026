package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The HTML documents checked by the Nu HTML Checker (vnu.jar, from the npm
// package vnu-jar), which .ci/run installs with Java. The checker is found
// through ROPA_VNU_JAR, else at the path where .ci/run puts it.

// vnuCachePath is where .ci/run installs vnu-jar, under $HOME.
const vnuCachePath = ".cache/ropa-vnu/node_modules/vnu-jar/build/dist/vnu.jar"

// vnuJar finds java and vnu.jar, or skips the test saying how to get them.
// A ROPA_VNU_JAR that names no file fails: whoever set it meant the check
// to run.
func vnuJar(t *testing.T) (java, jar string) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the HTML checker takes several seconds")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("java is not installed (apt-get install default-jre-headless; .ci/run does it): the HTML is not validated")
	}
	if jar = os.Getenv("ROPA_VNU_JAR"); jar != "" {
		if _, err := os.Stat(jar); err != nil {
			t.Fatalf("ROPA_VNU_JAR=%s: %v", jar, err)
		}
		return java, jar
	}
	home, err := os.UserHomeDir()
	if err == nil {
		jar = filepath.Join(home, filepath.FromSlash(vnuCachePath))
		if _, err = os.Stat(jar); err == nil {
			return java, jar
		}
	}
	t.Skipf("vnu.jar not found (%v): run .ci/run, which installs the npm package vnu-jar into ~/.cache/ropa-vnu, or set ROPA_VNU_JAR", err)
	return "", ""
}

// vnuMessage is one message of the checker's JSON output.
type vnuMessage struct {
	Type      string `json:"type"`
	SubType   string `json:"subType"`
	URL       string `json:"url"`
	FirstLine int    `json:"firstLine"`
	LastLine  int    `json:"lastLine"`
	Message   string `json:"message"`
	Extract   string `json:"extract"`
}

// TestHTMLValidates exports every HTML document of the example register
// (notice, entry and full record of each record, the index of the
// published records and of all, in the four languages; and the site with
// its navigation and home page) and checks them all in one run of the Nu
// HTML Checker.
func TestHTMLValidates(t *testing.T) {
	java, jar := vnuJar(t)
	reg, items := loadExample(t)
	e := newExporter(t)
	dir := t.TempDir()

	var files []string
	write := func(name string, render func(*bytes.Buffer) error) {
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		path := filepath.Join(dir, "docs", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	for _, lang := range Languages() {
		opt := Options{Lang: lang}
		for _, it := range items {
			for _, d := range []Doc{DocNotice, DocEntry, DocRecord} {
				write(fmt.Sprintf("%s/%s-%s.html", lang, d, it.Slug), func(b *bytes.Buffer) error {
					return e.Write(b, reg, []Item{it}, d, FormatHTML, opt)
				})
			}
		}
		write(lang+"/index.html", func(b *bytes.Buffer) error { return e.Index(b, reg, items, FormatHTML, opt) })
		write(lang+"/index-all.html", func(b *bytes.Buffer) error {
			return e.Index(b, reg, items, FormatHTML, Options{Lang: lang, All: true})
		})
	}
	site := filepath.Join(dir, "site")
	res, err := e.Site(context.Background(), reg, items, SiteOptions{Out: site, All: true, Languages: Languages()})
	if err != nil {
		t.Fatal(err)
	}
	siteFiles := 0
	err = filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
			siteFiles++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if siteFiles != res.Files {
		t.Fatalf("site: %d HTML files on disk, Site wrote %d", siteFiles, res.Files)
	}

	args := append([]string{"-jar", jar, "--errors-only", "--format", "json"}, files...)
	cmd := exec.Command(java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	// The checker writes its JSON report to standard error, and exits 1
	// when it found errors.
	var report struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stderr.Bytes(), &report); err != nil {
		t.Fatalf("java -jar %s: %v; no JSON report (%v)\nstdout: %s\nstderr: %.2000s", jar, runErr, err, stdout.String(), stderr.String())
	}
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		t.Fatalf("java -jar %s: %v", jar, runErr)
	}
	for _, m := range report.Messages {
		name := strings.TrimPrefix(m.URL, "file:")
		if rel, err := filepath.Rel(dir, name); err == nil {
			name = rel
		}
		t.Errorf("%s:%d: %s %s: %s\n\t%s", name, m.LastLine, m.Type, m.SubType, m.Message, m.Extract)
	}
	if runErr != nil && len(report.Messages) == 0 {
		t.Errorf("the checker exited with %v and reported nothing:\n%.2000s", runErr, stderr.String())
	}
	t.Logf("%d HTML documents checked by the Nu HTML Checker (%s)", len(files), jar)
}
