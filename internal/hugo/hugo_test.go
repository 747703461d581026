package hugo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuild builds a small site with the real Hugo and checks that every
// page comes out as HTML with its title, its rendered Markdown and its
// language. Hugo is installed by .ci/run; elsewhere the test is skipped.
func TestBuild(t *testing.T) {
	bin, err := Find()
	if err != nil {
		t.Skip(err)
	}
	src, out := t.TempDir(), t.TempDir()
	pages := []Page{
		{Name: "staff-survey", Title: `Staff "survey" & more`, Markdown: []byte("# Staff survey\n\n## Why we process your data\n\nTo *improve* things.\n")},
		{Name: "cctv", Title: "CCTV", Markdown: []byte("# CCTV\n\n- one\n- two\n")},
	}
	if err := WriteSource(src, "fr", pages); err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), bin, src, out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Wall <= 0 {
		t.Errorf("wall time %v, want > 0", res.Wall)
	}
	for _, c := range []struct{ name, want string }{
		{"staff-survey", "<em>improve</em>"},
		{"staff-survey", "<title>Staff &#34;survey&#34; &amp; more</title>"},
		{"staff-survey", `<html lang="fr">`},
		{"cctv", "<li>two</li>"},
	} {
		data, err := os.ReadFile(filepath.Join(out, Section, c.name+".html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), c.want) {
			t.Errorf("%s.html lacks %q:\n%s", c.name, c.want, data)
		}
	}
	entries, err := os.ReadDir(filepath.Join(out, Section))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(pages) {
		t.Errorf("%d files in %s, want %d", len(entries), Section, len(pages))
	}
}

// TestBuildError reports Hugo's own message when the site is broken.
func TestBuildError(t *testing.T) {
	bin, err := Find()
	if err != nil {
		t.Skip(err)
	}
	_, err = Build(context.Background(), bin, filepath.Join(t.TempDir(), "missing"), t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "hugo --source") {
		t.Fatalf("Build on a missing site: %v, want an error naming the command", err)
	}
}
