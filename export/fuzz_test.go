package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
)

// fuzzRecord is the full record with every text field set to s, except
// the addresses, which decide whether a link is made.
func fuzzRecord(s string) (model.Register, *model.Record) {
	reg, r := textRecord(s)
	full := fullRecord()
	r.Controller.Email = full.Controller.Email
	r.DPO.Email, r.DPO.URL = full.DPO.Email, full.DPO.URL
	base := fullRegister()
	reg.DPO, reg.EDPS, reg.RegisterURL = base.DPO, base.EDPS, base.RegisterURL
	return reg, r
}

// FuzzExporters renders every document of a record whose text is the
// fuzzed string, in both formats: it must never fail or panic, the HTML
// must have exactly the elements and attributes it has with harmless text
// (so nothing in the input became markup, and no <script>), and the
// Markdown the same structure once parsed by goldmark; the fast path
// (tmplexec) must write what the standard library writes.
func FuzzExporters(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	f.Add("")
	f.Add("plain text")
	f.Add("**\\*\\**")
	e, err := New(nil)
	if err != nil {
		f.Fatal(err)
	}
	fast, std := fastAndStd(f)
	f.Fuzz(func(t *testing.T, s string) {
		reg, r := fuzzRecord(s)
		breg, br := fuzzRecord(benignFor(s))
		it, bit := Item{Slug: "fuzz", Record: r}, Item{Slug: "fuzz", Record: br}
		opt := Options{Lang: "en", Languages: []string{"en", "fr"}, All: true}
		for _, d := range []Doc{DocNotice, DocEntry, DocRecord, DocIndex} {
			for _, format := range []Format{FormatHTML, FormatMarkdown} {
				var got, want bytes.Buffer
				if err := e.Write(&got, reg, []Item{it}, d, format, opt); err != nil {
					t.Fatalf("%s %s: %v", d, format, err)
				}
				if err := e.Write(&want, breg, []Item{bit}, d, format, opt); err != nil {
					t.Fatalf("%s %s (harmless text): %v", d, format, err)
				}
				// The fast path and the standard library write the same.
				var a, b bytes.Buffer
				if err := fast.Write(&a, reg, []Item{it}, d, format, opt); err != nil {
					t.Fatalf("%s %s on the fast path: %v", d, format, err)
				}
				if err := std.Write(&b, reg, []Item{it}, d, format, opt); err != nil {
					t.Fatalf("%s %s by the standard library: %v", d, format, err)
				}
				if !bytes.Equal(a.Bytes(), b.Bytes()) {
					t.Fatalf("%s %s: the fast path wrote other bytes:\n%s", d, format, lineDiff(b.String(), a.String()))
				}
				if format == FormatHTML {
					if bytes.Contains(bytes.ToLower(got.Bytes()), []byte("<script")) {
						t.Fatalf("%s: <script in the HTML", d)
					}
					gs, _ := htmlShape(t, got.Bytes())
					ws, _ := htmlShape(t, want.Bytes())
					if !slicesEqual(gs, ws) {
						t.Fatalf("%s HTML: the input changed the elements: %s", d, firstDiff(gs, ws))
					}
					continue
				}
				gs, _ := mdShape(got.Bytes())
				ws, _ := mdShape(want.Bytes())
				if !slicesEqual(gs, ws) {
					t.Fatalf("%s Markdown: the input changed the structure: %s\n%s", d, firstDiff(gs, ws), excerpt(got.String(), 400))
				}
			}
		}
		for _, d := range []Doc{DocIndex, DocEntry, DocRecord} {
			var js, cs bytes.Buffer
			if err := WriteJSON(&js, reg, []Item{it}, d, opt); err != nil || !json.Valid(js.Bytes()) {
				t.Fatalf("%s JSON: %v, valid %v", d, err, json.Valid(js.Bytes()))
			}
			if err := WriteCSV(&cs, reg, []Item{it}, d, opt); err != nil {
				t.Fatalf("%s CSV: %v", d, err)
			}
			rows, err := csv.NewReader(&cs).ReadAll()
			if err != nil || len(rows) != 2 || len(rows[0]) != len(rows[1]) {
				t.Fatalf("%s CSV: %d rows, %v", d, len(rows), err)
			}
		}
	})
}

func excerpt(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return strings.TrimSpace(s)
}
