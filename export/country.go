package export

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// A record names a country by its ISO 3166 alpha-2 code ("US") or by a
// name in the record's language ("Norway"). A document names it in the
// reader's language: "États-Unis" on a French page (Article 31(1)(e): the
// identification of the third country).

// regionNamers holds the country names of each language ropa writes;
// built once, read only after.
var regionNamers = sync.OnceValue(func() map[string]display.Namer {
	out := make(map[string]display.Namer, len(languages))
	for _, lang := range languages {
		out[lang] = display.Regions(language.Make(lang))
	}
	return out
})

// countryAliases are the codes that the Union's own style uses in place
// of ISO 3166 (Interinstitutional Style Guide): EL for Greece; UK is
// known to the language package already.
var countryAliases = map[string]string{"EL": "GR"}

// countryName returns how a document in lang names the country s: its
// name in lang when s is a two-letter country code (either case), and
// true; otherwise s as written (a name in the record's own language, or a
// code no one knows), and false.
func countryName(lang, s string) (string, bool) {
	code := strings.ToUpper(strings.TrimSpace(s))
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return s, false
	}
	if alias, ok := countryAliases[code]; ok {
		code = alias
	}
	region, err := language.ParseRegion(code)
	if err != nil || !region.IsCountry() {
		return s, false
	}
	namer, ok := regionNamers()[lang]
	if !ok {
		return s, false
	}
	name := namer.Name(region)
	if name == "" {
		return s, false
	}
	return name, true
}

// country prepares a country of the record for the document: the name in
// the document's language when the record gives a code, else the record's
// value as written. textLang is the record's language when the value is
// the record's own text in another language than the page's ("" when it
// is not), for a lang attribute.
func (m *maker) country(s string) (name, textLang string) {
	if s == "" {
		return "", ""
	}
	if n, ok := countryName(m.cat.lang, s); ok {
		if m.md {
			n = mdEscape(n)
		}
		return n, ""
	}
	return m.str(s), m.textLang
}
