package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every document shows the register's names, addresses and register URL
// in the language it is written in (register.toml's [[translations]]),
// whether written alone or as part of a site.
func TestDocumentsUseTheRegisterInTheirLanguage(t *testing.T) {
	e := newExporter(t)
	reg, items := loadExample(t)
	if len(reg.Translations) == 0 {
		t.Fatal("the example register has no translations: this test would prove nothing")
	}
	want := map[string]map[Doc][]string{
		"en": {
			DocNotice: {"Data Protection Officer of the European Commission", "European Data Protection Supervisor", "Rue Wiertz 60, B-1047 Brussels", "data-processing-register_en"},
			DocEntry:  {"Data Protection Officer of the European Commission"},
			DocIndex:  {"European Commission"},
		},
		"fr": {
			DocNotice: {"Délégué à la protection des données de la Commission européenne", "Contrôleur européen de la protection des données", "Rue Wiertz 60, 1047 Bruxelles, Belgique", "data-processing-register_fr"},
			DocEntry:  {"Délégué à la protection des données de la Commission européenne"},
			DocIndex:  {"Commission européenne"},
		},
		"de": {
			DocNotice: {"Datenschutzbeauftragter der Europäischen Kommission", "Europäischer Datenschutzbeauftragter", "Rue Wiertz 60, 1047 Brüssel, Belgien", "data-processing-register_de"},
			DocEntry:  {"Datenschutzbeauftragter der Europäischen Kommission"},
			DocIndex:  {"Europäische Kommission"},
		},
		"nl": {
			DocNotice: {"Functionaris voor gegevensbescherming van de Europese Commissie", "Europese Toezichthouder voor gegevensbescherming", "Wiertzstraat 60, 1047 Brussel, België", "data-processing-register_nl"},
			DocEntry:  {"Functionaris voor gegevensbescherming van de Europese Commissie"},
			DocIndex:  {"Europese Commissie"},
		},
	}
	english := []string{"Data Protection Officer of the European Commission", "B-1047 Brussels", "data-processing-register_en", "<title>European Commission"}
	it := findItem(t, items, "imi")
	for lang, docs := range want {
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			for d, subs := range docs {
				var buf bytes.Buffer
				opt := Options{Lang: lang, Languages: reg.Languages}
				var err error
				if d == DocIndex {
					err = e.Index(&buf, reg, items, f, opt)
				} else {
					err = e.Write(&buf, reg, []Item{it}, d, f, opt)
				}
				if err != nil {
					t.Fatalf("%s %s %s: %v", lang, d, f, err)
				}
				page := buf.String()
				if f == FormatMarkdown {
					page = unescapeMarkdown(page)
				}
				for _, s := range subs {
					if d == DocIndex && f == FormatMarkdown {
						break // the Markdown index names no institution of its own
					}
					if !strings.Contains(page, s) {
						t.Errorf("%s %s (%s): %q is missing", lang, d, f, s)
					}
				}
				if lang == "en" {
					continue
				}
				for _, s := range english {
					if strings.Contains(page, s) {
						t.Errorf("%s %s (%s): the register's English %q is shown", lang, d, f, s)
					}
				}
			}
		}
	}

	// The site writes the same: its French index and notice.
	dir := t.TempDir()
	if _, err := e.Site(context.Background(), reg, items, SiteOptions{Out: dir, Formats: []Format{FormatHTML}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, want string
	}{
		{Path(DocIndex, FormatHTML, "fr", ""), "<title>Commission européenne"},
		{Path(DocNotice, FormatHTML, "fr", "imi"), "Délégué à la protection des données de la Commission européenne"},
		{Path(DocEntry, FormatHTML, "de", "imi"), "Datenschutzbeauftragter der Europäischen Kommission"},
	} {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c.path)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), c.want) {
			t.Errorf("site %s: %q is missing", c.path, c.want)
		}
	}
}

func findItem(t testing.TB, items []Item, slug string) Item {
	t.Helper()
	for _, it := range items {
		if it.Slug == slug {
			return it
		}
	}
	t.Fatalf("no record %q", slug)
	return Item{}
}

// unescapeMarkdown drops the backslashes of Markdown escapes, to compare
// a page's text with plain strings.
func unescapeMarkdown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!|<>~$&", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
