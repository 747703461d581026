package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// fastAndStd returns two exporters: one whose every template set runs on
// the fast path only (a fallback to the standard library is an error), and
// one that uses the standard library only.
func fastAndStd(t testing.TB) (fast, std *Exporter) {
	t.Helper()
	fast, std = newExporter(t), newExporter(t)
	reg, items := loadExample(t)
	// The first execution of each set by the standard library escapes the
	// HTML trees; the fast program is compiled then.
	for _, lang := range languages {
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			for _, d := range []Doc{DocNotice, DocEntry, DocRecord, DocIndex} {
				sel := items[:1]
				if d == DocIndex {
					sel = items
				}
				if err := fast.Write(&bytes.Buffer{}, reg, sel, d, f, Options{Lang: lang}); err != nil {
					t.Fatal(err)
				}
			}
			var buf bytes.Buffer
			if err := fast.renderHome(&buf, &reg, f, Options{Languages: []string{lang}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for k, set := range fast.sets {
		if set.fast.Load() == nil {
			t.Fatalf("%s %s %s: the default templates are not on the fast path: %v", k.doc, k.format, k.lang, set.compileErr)
		}
		set.mode = execFastOnly
	}
	for _, set := range std.sets {
		set.mode = execStdOnly
	}
	return fast, std
}

// sameBytes renders every document of the items in every language and
// format with both exporters and requires the same bytes.
func sameBytes(t *testing.T, fast, std *Exporter, reg model.Register, items []Item, langs []string) {
	t.Helper()
	for _, lang := range langs {
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			opt := Options{Lang: lang, Languages: langs, All: true}
			docs := []struct {
				d   Doc
				sel []Item
			}{{DocIndex, items}}
			for i := range items {
				for _, d := range []Doc{DocNotice, DocEntry, DocRecord} {
					docs = append(docs, struct {
						d   Doc
						sel []Item
					}{d, items[i : i+1]})
				}
			}
			for _, doc := range docs {
				var a, b bytes.Buffer
				errA := fast.Write(&a, reg, doc.sel, doc.d, f, opt)
				errB := std.Write(&b, reg, doc.sel, doc.d, f, opt)
				if errA != nil || errB != nil {
					t.Fatalf("%s %s %s of %s: fast %v, standard %v", doc.d, f, lang, doc.sel[0].Slug, errA, errB)
				}
				if !bytes.Equal(a.Bytes(), b.Bytes()) {
					t.Fatalf("%s %s %s of %s: the fast path wrote other bytes:\n%s", doc.d, f, lang, doc.sel[0].Slug, lineDiff(b.String(), a.String()))
				}
			}
		}
	}
}

// The fast path writes the bytes of the standard library: for the example
// register, for records full of hostile text, for an empty record.
func TestFastPathSameBytes(t *testing.T) {
	fast, std := fastAndStd(t)
	reg, items := loadExample(t)
	sameBytes(t, fast, std, reg, items, languages)

	for i, s := range append(hostile, "", "plain", "invalid \xff\xfe utf-8 \xc3", "\ufdd0\uffff \u2028") {
		reg, r := fuzzRecord(s)
		sameBytes(t, fast, std, reg, []Item{{Slug: "hostile", Record: r}}, []string{languages[i%len(languages)], "nl"})
	}
	sameBytes(t, fast, std, model.Register{}, []Item{{Slug: "empty", Record: &model.Record{}}}, languages)
}

// ... and for generated records, whose shapes vary (records.Generate).
func TestFastPathSameBytesGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a register")
	}
	dir := t.TempDir()
	if err := records.Generate(dir, 60, 7); err != nil {
		t.Fatal(err)
	}
	loaded, err := records.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var items []Item
	for _, f := range loaded.Files {
		items = append(items, Item{Slug: f.Slug, Record: &f.Record})
	}
	fast, std := fastAndStd(t)
	sameBytes(t, fast, std, loaded.Info, items, languages)

	// A site written on the fast path is the same too.
	a, b := t.TempDir(), t.TempDir()
	opts := SiteOptions{Formats: []Format{FormatHTML, FormatMarkdown}, Languages: languages, All: true}
	opts.Out = a
	if _, err := fast.Site(context.Background(), loaded.Info, items, opts); err != nil {
		t.Fatal(err)
	}
	opts.Out = b
	if _, err := std.Site(context.Background(), loaded.Info, items, opts); err != nil {
		t.Fatal(err)
	}
	sa, sb := siteFiles(t, a), siteFiles(t, b)
	if len(sa) != len(sb) {
		t.Fatalf("%d files on the fast path, %d on the standard one", len(sa), len(sb))
	}
	for name, sum := range sb {
		if sa[name] != sum {
			da, _ := os.ReadFile(filepath.Join(a, name))
			db, _ := os.ReadFile(filepath.Join(b, name))
			t.Fatalf("%s differs:\n%s", name, lineDiff(string(db), string(da)))
		}
	}
}

// An override the fast path cannot run is run by the standard library.
func TestFastPathFallsBack(t *testing.T) {
	reg, it := exampleItem(t, "emn-ies")
	e, err := New(fstest.MapFS{
		"html/notice.tmpl": {Data: []byte(`{{define "main"}}<h1>{{t "doc.notice"}}</h1><p>{{printf "%s!" .Operation}}</p>{{end}}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		var buf bytes.Buffer
		if err := e.Notice(&buf, reg, it, FormatHTML, Options{Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(buf.Bytes(), []byte("<p>European Migration Network")) {
			t.Fatalf("the override did not render:\n%s", buf.String())
		}
	}
	if set := e.sets[setKey{DocNotice, FormatHTML, "en"}]; set.fast.Load() != nil || set.compileErr == nil {
		t.Errorf("printf compiled on the fast path (err %v)", set.compileErr)
	}
}

// After a site, every template set it used runs on the fast path; the
// index's first (standard library) run was on an empty index.
func TestSiteRunsOnTheFastPath(t *testing.T) {
	e := newExporter(t)
	reg, items := loadExample(t)
	formats := []Format{FormatHTML, FormatMarkdown}
	if _, err := e.Site(context.Background(), reg, items, SiteOptions{Out: t.TempDir(), Formats: formats}); err != nil {
		t.Fatal(err)
	}
	for _, f := range formats {
		for _, lang := range reg.Languages {
			for _, d := range []Doc{DocIndex, DocNotice, DocEntry} {
				if !e.fastReady(d, f, lang) {
					t.Errorf("%s %s %s: not on the fast path after a site", d, f, lang)
				}
			}
		}
	}
}
