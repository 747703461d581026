package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
	"golang.org/x/net/html"
)

// checkPage checks what every HTML page must have: a doctype, the
// language, the charset, a title, a viewport, one h1, headings that never
// skip a level, and a print stylesheet.
func checkPage(t *testing.T, name string, out []byte, lang string) {
	t.Helper()
	if !bytes.HasPrefix(out, []byte("<!DOCTYPE html>\n")) {
		t.Errorf("%s: does not start with <!DOCTYPE html>", name)
	}
	for _, s := range []string{`<html lang="` + lang + `">`, `<meta charset="utf-8">`, `<meta name="viewport" content="width=device-width, initial-scale=1">`, "@media print"} {
		if !bytes.Contains(out, []byte(s)) {
			t.Errorf("%s: lacks %s", name, s)
		}
	}
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var titles, h1 int
	last := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "title":
				titles++
				if strings.TrimSpace(nodeText(n)) == "" {
					t.Errorf("%s: empty <title>", name)
				}
			case "h1", "h2", "h3", "h4", "h5", "h6":
				level := int(n.Data[1] - '0')
				if level == 1 {
					h1++
				}
				if level > last+1 {
					t.Errorf("%s: <%s> %q follows <h%d>", name, n.Data, nodeText(n), last)
				}
				last = level
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if titles != 1 || h1 != 1 {
		t.Errorf("%s: %d <title> and %d <h1>, want one of each", name, titles, h1)
	}
}

func TestEveryHTMLPageIsComplete(t *testing.T) {
	e := newExporter(t)
	reg, items := loadExample(t)
	for _, lang := range languages {
		opt := Options{Lang: lang, Languages: reg.Languages}
		for _, it := range items {
			for _, d := range []Doc{DocNotice, DocEntry, DocRecord} {
				var buf bytes.Buffer
				if err := e.Write(&buf, reg, []Item{it}, d, FormatHTML, opt); err != nil {
					t.Fatal(err)
				}
				checkPage(t, fmt.Sprintf("%s of %s (%s)", d, it.Slug, lang), buf.Bytes(), lang)
			}
		}
		var buf bytes.Buffer
		if err := e.Index(&buf, reg, items, FormatHTML, opt); err != nil {
			t.Fatal(err)
		}
		checkPage(t, "index ("+lang+")", buf.Bytes(), lang)
	}
}

// markAll sets every field of the record to a value that names the field,
// and returns the markers of the public and of the internal fields.
func markAll(r *model.Record) (public, internal map[string]string) {
	public, internal = map[string]string{}, map[string]string{}
	n := 0
	var walk func(v reflect.Value, path string, isPub bool)
	walk = func(v reflect.Value, path string, isPub bool) {
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			p := path + "." + tomlName(f)
			pub := isPub && isPublic(f)
			fv := v.Field(i)
			switch {
			case isModelStruct(f.Type):
				walk(fv, p, pub)
			case f.Type.Kind() == reflect.Slice && isModelStruct(f.Type.Elem()):
				for j := range fv.Len() {
					walk(fv.Index(j), fmt.Sprintf("%s[%d]", p, j), pub)
				}
			case f.Type == stringType:
				n++
				m := fmt.Sprintf("MARK%03dX", n)
				fv.SetString(m)
				if pub {
					public[p] = m
				} else {
					internal[p] = m
				}
			case f.Type.Kind() == reflect.Slice && f.Type.Elem() == stringType:
				n++
				m := fmt.Sprintf("MARK%03dX", n)
				fv.Set(reflect.ValueOf([]string{m}))
				if pub {
					public[p] = m
				} else {
					internal[p] = m
				}
			}
		}
	}
	walk(reflect.ValueOf(r).Elem(), "", true)
	return public, internal
}

// The register entry shows no internal field; the full record shows
// every field. Public and internal are read from the model's tags.
func TestEntryIsPublicPartOnly(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	r := fullRecord()
	r.Language = "en"
	public, internal := markAll(r)
	r.Language = "en"
	delete(public, ".language")
	if len(internal) < 5 {
		t.Fatalf("only %d internal text fields found: %v", len(internal), internal)
	}
	it := Item{Slug: "marked", Record: r}
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		for _, lang := range languages {
			var entry, full bytes.Buffer
			if err := e.Entry(&entry, reg, it, f, Options{Lang: lang}); err != nil {
				t.Fatal(err)
			}
			if err := e.Record(&full, reg, it, f, Options{Lang: lang}); err != nil {
				t.Fatal(err)
			}
			for path, m := range internal {
				if bytes.Contains(entry.Bytes(), []byte(m)) {
					t.Errorf("entry (%s, %s) shows the internal field %s", f, lang, path)
				}
				if !bytes.Contains(full.Bytes(), []byte(m)) {
					t.Errorf("full record (%s, %s) lacks the internal field %s", f, lang, path)
				}
			}
			for path, m := range public {
				if !bytes.Contains(full.Bytes(), []byte(m)) {
					t.Errorf("full record (%s, %s) lacks the field %s", f, lang, path)
				}
			}
			for _, path := range []string{".title", ".reference", ".description", ".controller.organisation", ".data_categories[0].retention", ".transfers[0].safeguards", ".processors[0].service"} {
				if !bytes.Contains(entry.Bytes(), []byte(public[path])) {
					t.Errorf("entry (%s, %s) lacks the public field %s", f, lang, path)
				}
			}
		}
	}
	// The record given is not changed by taking its public part.
	if r.Notes == "" || r.Processors[0].Contract == "" || r.DPIA.Reference == "" {
		t.Error("exporting the entry cleared fields of the record itself")
	}
	// JSON and CSV of entries hold no internal field either.
	for _, f := range []Format{FormatJSON, FormatCSV} {
		var buf bytes.Buffer
		if err := e.Write(&buf, reg, []Item{it}, DocEntry, f, Options{}); err != nil {
			t.Fatal(err)
		}
		for path, m := range internal {
			if bytes.Contains(buf.Bytes(), []byte(m)) {
				t.Errorf("entries as %s show the internal field %s", f, path)
			}
		}
		header, _, _ := strings.Cut(buf.String(), "\n")
		for _, key := range []string{"notes", "dpia", "next_review", "analysis", "contract", "public_powers"} {
			if f == FormatJSON && strings.Contains(buf.String(), `"`+key+`":`) {
				t.Errorf("entries as JSON have the internal key %s", key)
			}
			if f == FormatCSV && regexp.MustCompile(`(^|[,.])`+key+`($|[,.])`).MatchString(header) {
				t.Errorf("entries as CSV have the internal column %s", key)
			}
		}
	}
}

func TestJSON(t *testing.T) {
	reg, items := loadExample(t)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, reg, items, DocRecord, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Register model.Register
		Records  []map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	if doc.Register.Name != reg.Name || len(doc.Records) != len(items) {
		t.Fatalf("register %q with %d records, want %q with %d", doc.Register.Name, len(doc.Records), reg.Name, len(items))
	}
	var emn map[string]any
	for _, r := range doc.Records {
		if r["slug"] == "emn-ies" {
			emn = r
		}
	}
	if emn == nil || emn["reference"] != "DPR-EC-00932" || emn["last_updated"] != "2019-07-10" || emn["notes"] == nil {
		t.Errorf("emn-ies record in JSON: %v", emn)
	}
	// The records decode back into the model (keys and types match).
	var typed struct{ Records []model.Record }
	// Dates are written as 2006-01-02, which time.Time does not read;
	// compare the rest.
	cleaned := bytes.ReplaceAll(buf.Bytes(), []byte(`"2019-07-10"`), []byte(`"2019-07-10T00:00:00Z"`))
	if err := json.Unmarshal(cleaned, &typed); err != nil && !strings.Contains(err.Error(), "parsing time") {
		t.Errorf("records do not decode into model.Record: %v", err)
	}

	buf.Reset()
	if err := WriteJSON(&buf, reg, items, DocIndex, Options{}); err != nil {
		t.Fatal(err)
	}
	var index struct{ Records []map[string]string }
	if err := json.Unmarshal(buf.Bytes(), &index); err != nil {
		t.Fatal(err)
	}
	published := len(selectItems(items, false))
	if len(index.Records) != published || published == 0 {
		t.Errorf("index JSON has %d records, want the %d published", len(index.Records), published)
	}
}

func TestCSV(t *testing.T) {
	reg, items := loadExample(t)
	for _, d := range []Doc{DocIndex, DocEntry, DocRecord} {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, reg, items, d, Options{All: true}); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("%s CSV does not parse: %v", d, err)
		}
		if len(rows) != len(items)+1 {
			t.Errorf("%s CSV has %d rows, want a header and %d records", d, len(rows), len(items))
		}
		if rows[0][0] != "slug" {
			t.Errorf("%s CSV header starts with %q", d, rows[0][0])
		}
		for _, row := range rows[1:] {
			if len(row) != len(rows[0]) {
				t.Errorf("%s CSV row of %d cells, header of %d", d, len(row), len(rows[0]))
			}
		}
		if d == DocRecord && !slicesContain(rows[0], "data_categories.retention") {
			t.Errorf("record CSV lacks column data_categories.retention: %v", rows[0])
		}
	}
	r := fullRecord()
	r.Title = "=HYPERLINK(\"http://evil.example\")"
	var buf bytes.Buffer
	if err := WriteCSV(&buf, reg, []Item{{Slug: "f", Record: r}}, DocIndex, Options{All: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `'=HYPERLINK`) {
		t.Errorf("a formula in a cell is not guarded: %s", buf.String())
	}
}

func slicesContain(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestIndexOrderAndSelection(t *testing.T) {
	mk := func(slug, ref string, st model.Status) Item {
		return Item{Slug: slug, Record: &model.Record{Title: slug, Reference: ref, Status: st}}
	}
	items := []Item{
		mk("c", "DPR-EC-1000", model.StatusPublished),
		mk("a", "DPR-EC-00932", model.StatusPublished),
		mk("d", "", model.StatusPublished),
		mk("b", "DPR-EC-00373", model.StatusDraft),
	}
	var got []string
	for _, it := range selectItems(items, false) {
		got = append(got, it.Slug)
	}
	if strings.Join(got, ",") != "a,c,d" {
		t.Errorf("published order = %v, want a,c,d", got)
	}
	got = nil
	for _, it := range selectItems(items, true) {
		got = append(got, it.Slug)
	}
	if strings.Join(got, ",") != "b,a,c,d" {
		t.Errorf("all order = %v, want b,a,c,d", got)
	}
}

func TestRelPath(t *testing.T) {
	cases := [][3]string{
		{"en/notices/x.html", "en/entries/x.html", "../entries/x.html"},
		{"en/notices/x.html", "fr/notices/x.html", "../../fr/notices/x.html"},
		{"en/notices/x.html", "en/index.html", "../index.html"},
		{"en/index.html", "en/entries/x.html", "entries/x.html"},
		{"index.html", "en/index.html", "en/index.html"},
		{"en/index.html", "fr/index.html", "../fr/index.html"},
	}
	for _, c := range cases {
		if got := relPath(c[0], c[1]); got != c[2] {
			t.Errorf("relPath(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

func TestTidy(t *testing.T) {
	cases := map[string]string{
		"\n\na  \n\n\n\nb\t\n   \n\n  c\n\n": "a\n\nb\n\n  c\n",
		"a":                                  "a\n",
		"a\nb":                               "a\nb\n",
		"":                                   "",
		" \n\t\n":                            "",
		"x \\\n  y\n":                        "x \\\n  y\n",
		"- a\n  - b\n\n\n- c":                "- a\n  - b\n\n- c\n",
	}
	for in, want := range cases {
		if got := string(tidy([]byte(in))); got != want {
			t.Errorf("tidy(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckSlug(t *testing.T) {
	for _, bad := range []string{"", "../x", "/abs", "a/b", "A", "a b", ".hidden", "a..b", "x\x00"} {
		if CheckSlug(bad) == nil {
			t.Errorf("CheckSlug(%q) accepted", bad)
		}
	}
	for _, good := range []string{"emn-ies", "imi", "a1_b.c"} {
		if err := CheckSlug(good); err != nil {
			t.Errorf("CheckSlug(%q): %v", good, err)
		}
	}
}

// A record with nothing filled in (a fresh draft) still renders every
// document, in every language and format.
func TestEmptyRecordRenders(t *testing.T) {
	e := newExporter(t)
	it := Item{Slug: "empty", Record: &model.Record{}}
	for _, lang := range languages {
		for _, f := range []Format{FormatHTML, FormatMarkdown, FormatJSON, FormatCSV} {
			for _, d := range []Doc{DocNotice, DocEntry, DocRecord, DocIndex} {
				if d == DocNotice && (f == FormatJSON || f == FormatCSV) {
					continue
				}
				var buf bytes.Buffer
				if err := e.Write(&buf, model.Register{}, []Item{it}, d, f, Options{Lang: lang, All: true}); err != nil {
					t.Errorf("%s %s %s: %v", d, f, lang, err)
				}
				if f == FormatHTML {
					checkPage(t, string(d)+" of an empty record ("+lang+")", buf.Bytes(), lang)
				}
			}
		}
	}
}
