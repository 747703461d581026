package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportBaseURL: with --base-url the links between the documents are
// absolute, on the site and on standard output; an address that is not
// the http(s) address of a site is refused before anything is written.
func TestExportBaseURL(t *testing.T) {
	root := exampleRoot(t)
	out := filepath.Join(t.TempDir(), "site")
	base := "https://www.example.europa.eu/data-protection/register/"
	mustExport(t, root, "--all", "--format", "html", "--out", out, "--base-url", base)
	page, err := os.ReadFile(filepath.Join(out, "fr", "notices", "emn-ies.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `href="https://www.example.europa.eu/data-protection/register/fr/entries/emn-ies.html"`; !strings.Contains(string(page), want) {
		t.Errorf("the French notice does not link its entry absolutely (%s)", want)
	}
	md := mustExport(t, root, "emn-ies", "--doc", "entry", "--lang", "en", "--base-url", base)
	if want := "(https://www.example.europa.eu/data-protection/register/en/notices/emn-ies.md)"; !strings.Contains(md, want) {
		t.Errorf("the Markdown entry does not link its notice absolutely (%s):\n%s", want, md)
	}

	for _, bad := range []string{"javascript:alert(1)", "ftp://example.org/site", "/register", "https://user@example.org/", "https://example.org/?a=1", "example.org"} {
		dir := filepath.Join(t.TempDir(), "site")
		_, _, err := runExport(t, root, "--all", "--format", "html", "--out", dir, "--base-url", bad)
		if err == nil || !strings.Contains(err.Error(), "--base-url") {
			t.Errorf("--base-url %q: %v, want a refusal naming the flag", bad, err)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("--base-url %q: the output folder was created", bad)
		}
	}
}
