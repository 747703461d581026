package records

import (
	"bytes"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/eu-ropa/ropa/model"
)

// roundTripRecords are records the tests encode and decode: every field
// filled with each nasty text in turn, a generated one, a sparse one, and
// the empty record.
func roundTripRecords() map[string]model.Record {
	recs := map[string]model.Record{
		"empty":  {},
		"sparse": {DPIA: model.DPIA{Notes: "only a nested table"}, DataCategories: []model.DataCategory{{}, {Name: "second"}}},
	}
	for i := range nastyTexts {
		rotated := append(append([]string{}, nastyTexts[i:]...), nastyTexts[:i]...)
		recs["nasty-"+strings.Repeat("x", i)] = fullRecord(rotated)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	recs["generated"] = syntheticRecord(rng, syntheticRegister(), 0)
	return recs
}

// Encode then Decode gives the same record, by both decoding paths; Decode
// then Encode gives the same bytes.
func TestRoundTrip(t *testing.T) {
	for name, r := range roundTripRecords() {
		t.Run(name, func(t *testing.T) {
			data := Encode(&r)
			for _, fast := range []bool{true, false} {
				d, perr := decodeRecordWith("records/x.toml", data, fast)
				if perr != nil {
					t.Fatalf("fast=%v: decode of our own output failed: %v\n%s", fast, perr, data)
				}
				if !reflect.DeepEqual(d.record, r) {
					t.Fatalf("fast=%v: decoded record differs\nwant %#v\n got %#v\n%s", fast, r, d.record, data)
				}
				if d.comments {
					t.Errorf("fast=%v: canonical output reported as holding comments", fast)
				}
				if again := Encode(&d.record); !bytes.Equal(again, data) {
					t.Fatalf("fast=%v: Decode then Encode changed the bytes\nfirst:\n%s\nsecond:\n%s", fast, data, again)
				}
			}
		})
	}
}

// The written TOML means the same to an independent parser: python's tomllib.
func TestPythonReadsTheSameValues(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	var wants []any
	for name, r := range roundTripRecords() {
		path := filepath.Join(dir, name+".toml")
		writeTestFile(t, path, Encode(&r))
		want := viaJSON(t, generic(recordTable, reflect.ValueOf(r)))
		if name == "empty" {
			want = map[string]any{"title": ""}
		}
		paths, wants = append(paths, path), append(wants, want)
	}
	info := syntheticRegister()
	path := filepath.Join(dir, "register.toml")
	writeTestFile(t, path, EncodeRegisterInfo(&info))
	paths, wants = append(paths, path), append(wants, viaJSON(t, generic(registerTable, reflect.ValueOf(info))))

	for i, got := range pythonTOML(t, paths...) {
		if !reflect.DeepEqual(got, wants[i]) {
			t.Errorf("%s: tomllib reads other values\nwant %v\n got %v", filepath.Base(paths[i]), wants[i], got)
		}
	}
}

// BurntSushi's own generic decoding agrees with what was meant, too.
func TestBurntSushiReadsTheSameValues(t *testing.T) {
	for name, r := range roundTripRecords() {
		if name == "empty" {
			continue
		}
		var got map[string]any
		if _, err := toml.Decode(string(Encode(&r)), &got); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for k, v := range got { // dates to text, as in generic
			got[k] = datesToText(v)
		}
		want := viaJSON(t, generic(recordTable, reflect.ValueOf(r)))
		if g := viaJSON(t, got); !reflect.DeepEqual(g, want) {
			t.Errorf("%s: BurntSushi reads other values\nwant %v\n got %v", name, want, g)
		}
	}
}

func datesToText(v any) any {
	switch v := v.(type) {
	case time.Time:
		return v.Format(time.DateOnly)
	case map[string]any:
		for k, x := range v {
			v[k] = datesToText(x)
		}
	case []map[string]any:
		for _, x := range v {
			datesToText(x)
		}
	}
	return v
}

// The canonical layout, pinned: key order of the model, plain keys before
// tables, a blank line before each header, lists one item per line,
// multi-line text in """, empty values left out.
func TestCanonicalLayout(t *testing.T) {
	r := model.Record{
		Title:       "Staff newsletter",
		Version:     2,
		Status:      model.StatusDraft,
		LastUpdated: time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC),
		Description: "We send a newsletter.\nIt has \"news\".",
		Purposes:    []string{"to inform staff", "to \"engage\" them"},
		Controller:  model.Controller{Organisation: "European Commission"},
		DataCategories: []model.DataCategory{
			{Name: "Contact", Items: []string{"e-mail"}, Retention: "Until unsubscribed.\n"},
			{Name: "Logs"},
		},
		Security: model.Security{Measures: []model.SecurityMeasure{model.MeasureEncryption}},
	}
	want := `title = "Staff newsletter"
version = 2
status = "draft"
last_updated = 2019-07-10
description = """
We send a newsletter.
It has "news"."""
purposes = [
  "to inform staff",
  "to \"engage\" them",
]

[controller]
organisation = "European Commission"

[[data_categories]]
name = "Contact"
items = [
  "e-mail",
]
retention = """
Until unsubscribed.
"""

[[data_categories]]
name = "Logs"

[security]
measures = [
  "encryption",
]
`
	if got := string(Encode(&r)); got != want {
		t.Errorf("layout differs\nwant:\n%s\ngot:\n%s", want, got)
	}
	if got := string(EncodeWithSchema(&r, "https://example.eu/record.schema.json\nmore")); !strings.HasPrefix(got, "#:schema https://example.eu/record.schema.json\n\ntitle = ") {
		t.Errorf("schema line: got\n%s", got)
	}
}

// How each awkward string is spelt; each spelling is read back by both
// parsers in TestRoundTrip and TestPythonReadsTheSameValues.
func TestStringSpelling(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`plain`, `"plain"`},
		{`a "quote"`, `"a \"quote\""`},
		{`back\slash`, `"back\\slash"`},
		{"tab\there", "\"tab\there\""},
		{"cr\r", `"cr\r"`},
		{"nul\x00 esc\x1b del\x7f", `"nul\u0000 esc\u001B del\u007F"`},
		{"bad utf-8 \xff", "\"bad utf-8 \uFFFD\""},
		{"a\nb", "\"\"\"\na\nb\"\"\""},
		{"a\n", "\"\"\"\na\n\"\"\""},
		{"\na", "\"\"\"\n\na\"\"\""},
		{"end\"\n\"", "\"\"\"\nend\"\n\\\"\"\"\""},
		{"q\"\"\"q\nx", "\"\"\"\nq\"\"\\\"q\nx\"\"\""},
		{"q\"\"\"\"\"\"\nx", "\"\"\"\nq\"\"\\\"\"\"\\\"\nx\"\"\""},
		{"crlf\r\nx", "\"\"\"\ncrlf\\r\nx\"\"\""},
		{"backslash\\\nx", "\"\"\"\nbackslash\\\\\nx\"\"\""},
	} {
		if got := string(appendString(nil, c.in)); got != c.want {
			t.Errorf("appendString(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

// A file written on Windows (CRLF line endings) reads as the same text:
// line endings are not content. An escaped \r stays.
func TestCRLFLineEndings(t *testing.T) {
	unix := "title = \"x\"\ndescription = \"\"\"\nline one\nline two\\r\n\"\"\"\n"
	windows := strings.ReplaceAll(unix, "\n", "\r\n")
	r, _, err := Decode("records/x.toml", []byte(windows))
	if err != nil {
		t.Fatal(err)
	}
	if want := "line one\nline two\r\n"; r.Description != want {
		t.Errorf("description = %q, want %q", r.Description, want)
	}
	if out := Encode(&r); bytes.IndexByte(out, '\r') >= 0 {
		t.Errorf("the encoder wrote a raw CR:\n%q", out)
	}
}

// A first-line #:schema directive is not a comment and survives Save.
func TestSchemaDirectiveKept(t *testing.T) {
	root := newRegister(t)
	text := "#:schema ../schema/record.json\n\ntitle = \"x\"\n"
	writeTestFile(t, filepath.Join(root, "records", "x.toml"), []byte(text))
	f, err := LoadFile(root, "records/x.toml")
	if err != nil {
		t.Fatal(err)
	}
	if f.Comments || f.Schema != "../schema/record.json" {
		t.Fatalf("comments=%v schema=%q", f.Comments, f.Schema)
	}
	if got := SchemaDirective([]byte(text)); got != "../schema/record.json" {
		t.Errorf("SchemaDirective = %q", got)
	}
	if got := string(EncodeWithSchema(&f.Record, f.Schema)); got != text {
		t.Errorf("decode then encode changed a canonical file with a schema line:\n%s", got)
	}
	f.Record.Title = "y"
	if err := Save(root, f); err != nil {
		t.Fatal(err)
	}
	g, err := LoadFile(root, "records/x.toml")
	if err != nil {
		t.Fatal(err)
	}
	if g.Schema != f.Schema || g.Record.Title != "y" {
		t.Errorf("after save: schema %q, title %q", g.Schema, g.Record.Title)
	}
	for _, c := range []string{"#:schema x\ntitle = \"x\"\n#:schema y\n", "title = \"x\"\n#:schema y\n", "#: schema y\ntitle = \"x\"\n"} {
		if _, comments, err := Decode("records/x.toml", []byte(c)); err != nil || !comments {
			t.Errorf("%q: comments=%v err=%v; a #:schema that is not the first line is a comment", c, comments, err)
		}
	}
}

// A '#' inside any kind of string is not a comment; one outside is.
func TestCommentDetection(t *testing.T) {
	for _, c := range []struct {
		text     string
		comments bool
	}{
		{`title = "a # b"`, false},
		{`title = 'a # b'`, false},
		{"title = \"\"\"\n# not a comment\n\"\"\"", false},
		{"title = '''\n# not a comment\n'''", false},
		{"title = \"\"\"\n\\\"\"\" # still text\"\"\"", false},
		{"purposes = [\n  \"#1\", # a comment in a list\n]", true},
		{"purposes = [\n  \"#1\",\n  # a comment line in a list\n]", true},
		{"title = \"x\" # trailing comment", true},
		{"# leading comment\ntitle = \"x\"", true},
		{"title = \"x\"\n\n[controller] # after a header\nunit = \"y\"", true},
		{"[controller]\nunit = \"a\\\"#b\"", false},
	} {
		_, comments, err := Decode("records/x.toml", []byte(c.text+"\n"))
		if err != nil {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		if comments != c.comments {
			t.Errorf("%q: comments = %v, want %v", c.text, comments, c.comments)
		}
	}
}

// Hand-written TOML in other spellings (literal strings, inline tables,
// dotted keys) decodes by the strict path to the same record as its
// canonical form.
func TestNonCanonicalSpellings(t *testing.T) {
	hand := `title = 'Literal \ title'
version = 0x10
controller.organisation = "EC"
dpo = { name = "Jane", email = "dpo@example.eu" }
purposes = ["a", 'b',]
data_categories = [ { name = "x", items = [] } ]
next_review = 2030-01-31
`
	r, comments, err := Decode("records/x.toml", []byte(hand))
	if err != nil {
		t.Fatal(err)
	}
	want := model.Record{
		Title: `Literal \ title`, Version: 16, Controller: model.Controller{Organisation: "EC"},
		DPO: model.Contact{Name: "Jane", Email: "dpo@example.eu"}, Purposes: []string{"a", "b"},
		DataCategories: []model.DataCategory{{Name: "x"}}, // items = [] is no items
		NextReview:     time.Date(2030, 1, 31, 0, 0, 0, 0, time.UTC),
	}
	if comments || !reflect.DeepEqual(r, want) {
		t.Errorf("comments=%v\n got %#v\nwant %#v", comments, r, want)
	}
}
