package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/records"
)

// TestInitTranslatesTheStandardNames: a register in several languages gets
// the EDPS's and the DPO's default names in each, so that only the
// institution's own name is left to translate.
func TestInitTranslatesTheStandardNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reg")
	if _, stderr, err := run(t, "", "init", "--name", "European Commission", "--prefix", "DPR-EC-", "--dpo-email", "dpo@ec.europa.eu", "--languages", "nl,en", "--no-git", dir); err != nil {
		t.Fatalf("init: %v\n%s", err, stderr)
	}
	info, err := records.LoadRegisterInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.EDPS.Name != "Europese Toezichthouder voor gegevensbescherming" || info.DPO.Name != "Functionaris voor gegevensbescherming" {
		t.Errorf("Dutch first: main names %q, %q", info.EDPS.Name, info.DPO.Name)
	}
	en := info.In("en")
	if en.EDPS.Name != "European Data Protection Supervisor" || en.EDPS.Address != "Rue Wiertz 60, B-1047 Brussels, Belgium" || en.DPO.Name != "Data Protection Officer" {
		t.Errorf("English pages: %+v %+v", en.EDPS, en.DPO)
	}
}

// TestInitCommitsOnlyTheRegister: init in a folder that holds other files
// commits register.toml and nothing else; the other files stay untracked.
func TestInitCommitsOnlyTheRegister(t *testing.T) {
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "salaries.csv"), []byte("name,salary\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := run(t, "", "init", "--name", "European Commission", "--prefix", "DPR-EC-", "--dpo-email", "dpo@ec.europa.eu", dir); err != nil {
		t.Fatalf("init: %v\n%s", err, stderr)
	}
	out, err := exec.Command("git", "-C", dir, "ls-tree", "-r", "--name-only", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "register.toml" {
		t.Errorf("the first commit holds %q, want register.toml only", got)
	}
	status, err := exec.Command("git", "-C", dir, "status", "--porcelain").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(status), "?? salaries.csv") {
		t.Errorf("salaries.csv is not left untracked: %q", status)
	}
}

// TestInitRefusesAnUnknownLanguage before writing anything.
func TestInitRefusesAnUnknownLanguage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reg")
	_, _, err := run(t, "", "init", "--name", "X", "--languages", "en,xx", "--no-git", dir)
	if err == nil || !strings.Contains(err.Error(), `--languages "xx"`) {
		t.Fatalf("init --languages en,xx: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "register.toml")); !os.IsNotExist(err) {
		t.Errorf("register.toml was written: %v", err)
	}
}
