package export

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
)

// Every page of a site in several languages lists itself, the other
// languages and x-default (the root chooser) as alternates, and each
// address leads to that page, with and without a base URL.
func TestAlternatesNameThePageAndTheRoot(t *testing.T) {
	langs := []string{"en", "fr", "de", "nl"}
	for _, base := range []string{"", "https://example.europa.eu/register/"} {
		for _, d := range []Doc{DocNotice, DocEntry, DocIndex} {
			for _, lang := range langs {
				cat, err := catalogFor(lang)
				if err != nil {
					t.Fatal(err)
				}
				slug := "emn-ies"
				if d == DocIndex {
					slug = ""
				}
				from := Path(d, FormatHTML, lang, slug)
				l := linker{from: from, format: FormatHTML, lang: lang, baseURL: base}
				p := newMaker(cat, false, "").pageFor(l, "title", d, slug, langs)
				alts := p.Alternates()
				if len(alts) != len(langs)+1 {
					t.Fatalf("%s %s: %d alternates, want %d: %v", d, from, len(alts), len(langs)+1, alts)
				}
				if alts[0].HrefLang != lang || alts[len(alts)-1].HrefLang != "x-default" {
					t.Errorf("%s: alternates %v: want its own language first and x-default last", from, alts)
				}
				pageURL, _ := url.Parse("https://host.example/site/" + from)
				root := "https://host.example/site/"
				if base != "" {
					root = base
				}
				seen := map[string]bool{}
				for _, a := range alts {
					want := root + Path(d, FormatHTML, a.HrefLang, slug)
					if a.HrefLang == "x-default" {
						want = root + Path(docHome, FormatHTML, "", "")
					}
					ref, err := url.Parse(a.Href)
					if err != nil {
						t.Fatal(err)
					}
					if got := pageURL.ResolveReference(ref).String(); got != want {
						t.Errorf("%s: alternate %s is %q, leads to %s, want %s", from, a.HrefLang, a.Href, got, want)
					}
					if seen[a.HrefLang] {
						t.Errorf("%s: alternate %s twice", from, a.HrefLang)
					}
					seen[a.HrefLang] = true
				}
			}
		}
	}
	var alone page
	alone.Lang = "en"
	if alts := alone.Alternates(); alts != nil {
		t.Errorf("a page in one language: alternates %v, want none", alts)
	}
}

// The HTML page frame: named navigation landmarks in the page's language,
// the alternates in <head>, a print stylesheet that prints an address
// only where a link asks for it, and the visually-hidden class.
func TestHTMLFrameLandmarksAndPrint(t *testing.T) {
	e := newExporter(t)
	reg, it := exampleItem(t, "imi")
	for lang, label := range map[string]string{"en": "Register", "fr": "Registre", "de": "Register", "nl": "Register"} {
		var buf bytes.Buffer
		opt := Options{Lang: lang, Languages: []string{"en", "fr", "de", "nl"}}
		if err := e.Notice(&buf, reg, it, FormatHTML, opt); err != nil {
			t.Fatal(err)
		}
		doc := buf.String()
		for _, want := range []string{
			`<nav class="site" aria-label="` + label + `">`,
			`<link rel="alternate" hreflang="` + lang + `" href="../../` + lang + `/notices/imi.html">`,
			`<link rel="alternate" hreflang="x-default" href="../../index.html">`,
			`a.show-href[href^="http"]::after, a.show-href[href^="mailto:"]::after { content: " <" attr(href) ">";`,
			`.visually-hidden { position: absolute; width: 1px; height: 1px;`,
		} {
			if !strings.Contains(doc, want) {
				t.Errorf("%s notice lacks %s", lang, want)
			}
		}
		if strings.Contains(doc, `a[href^="http"]::after`) {
			t.Errorf("%s notice: the print stylesheet still adds the address after every link", lang)
		}
	}
}

// IMI's lettered purposes: an <ol type="a"> without the letters in HTML,
// lines with their letters (no bullet) in Markdown.
func TestLetteredRecordLines(t *testing.T) {
	e := newExporter(t)
	reg, it := exampleItem(t, "imi")
	var h, md bytes.Buffer
	if err := e.Notice(&h, reg, it, FormatHTML, Options{Lang: "nl"}); err != nil {
		t.Fatal(err)
	}
	if err := e.Notice(&md, reg, it, FormatMarkdown, Options{Lang: "nl"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.String(), "<ol type=\"a\">\n<li>de beveiliging, ") {
		t.Errorf("HTML notice: no lettered list for IMI's purposes")
	}
	if strings.Contains(h.String(), "<li>a) ") || strings.Contains(h.String(), "<li>b) ") {
		t.Errorf("HTML notice: a list item keeps its letter beside the list's own")
	}
	if !strings.Contains(md.String(), "\\\na) de beveiliging, ") || !strings.Contains(md.String(), "\\\nb) de inzameling ") {
		t.Errorf("Markdown notice: IMI's lettered lines are not lines with hard breaks")
	}
	if strings.Contains(md.String(), "- a) ") {
		t.Errorf("Markdown notice: a lettered line became a bullet")
	}
}
