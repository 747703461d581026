package export

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden from the current output")

// TestGolden compares every document of the example register, in every
// format and language, with testdata/golden. After a deliberate change,
// run `go test ./export/ -run Golden -update` and review the diff.
func TestGolden(t *testing.T) {
	e := newExporter(t)
	reg, items := loadExample(t)
	dir := filepath.Join("testdata", "golden")
	seen := map[string]bool{}
	check := func(name string, render func(*bytes.Buffer) error) {
		t.Helper()
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
		seen[name] = true
		path := filepath.Join(dir, filepath.FromSlash(name))
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run with -update to create it)", name, err)
			return
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s differs from the golden file:\n%s", name, lineDiff(string(want), buf.String()))
		}
	}
	for _, lang := range languages {
		opt := Options{Lang: lang, Languages: reg.Languages}
		for _, f := range []Format{FormatMarkdown, FormatHTML} {
			for _, it := range items {
				for _, d := range []Doc{DocNotice, DocEntry, DocRecord} {
					check(it.Slug+"/"+string(d)+"."+lang+f.Ext(), func(b *bytes.Buffer) error {
						return e.Write(b, reg, []Item{it}, d, f, opt)
					})
				}
			}
			check("index."+lang+f.Ext(), func(b *bytes.Buffer) error { return e.Index(b, reg, items, f, opt) })
		}
	}
	for _, f := range []Format{FormatMarkdown, FormatHTML} {
		check("index-all.en"+f.Ext(), func(b *bytes.Buffer) error {
			return e.Index(b, reg, items, f, Options{Lang: "en", All: true})
		})
	}
	for _, f := range []Format{FormatJSON, FormatCSV} {
		for _, d := range []Doc{DocIndex, DocEntry, DocRecord} {
			check("register."+string(d)+f.Ext(), func(b *bytes.Buffer) error {
				return e.Write(b, reg, items, d, f, Options{})
			})
		}
	}
	// No golden file is left over from a record or document that is gone.
	if !*update {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			if !seen[filepath.ToSlash(rel)] {
				t.Errorf("testdata/golden/%s: no document gives it any more; delete it", filepath.ToSlash(rel))
			}
			return nil
		})
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < max(len(w), len(g)) && len(out) < 12; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			out = append(out, "line "+itoa(i+1)+":\n  want "+excerpt(wl, 160)+"\n  got  "+excerpt(gl, 160))
		}
	}
	return strings.Join(out, "\n")
}
