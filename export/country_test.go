package export

import "testing"

func TestCountryName(t *testing.T) {
	cases := []struct {
		lang, in, want string
		translated     bool
	}{
		{"en", "US", "United States", true},
		{"fr", "US", "États-Unis", true},
		{"de", "US", "Vereinigte Staaten", true},
		{"nl", "US", "Verenigde Staten", true},
		{"fr", "IN", "Inde", true},
		{"de", "in", "Indien", true},
		{"nl", " NO ", "Noorwegen", true},
		{"fr", "EL", "Grèce", true}, // the Union's code for Greece
		{"de", "UK", "Vereinigtes Königreich", true},
		{"en", "Norway", "Norway", false}, // a name stays as written
		{"fr", "ZZ", "ZZ", false},         // unknown region: the code
		{"fr", "EU", "EU", false},         // not a country
		{"en", "XX", "XX", false},         // unknown code
		{"en", "USA", "USA", false},       // only two-letter codes
		{"pt", "US", "US", false},         // a language ropa does not write
		{"en", "", "", false},
	}
	for _, c := range cases {
		got, translated := countryName(c.lang, c.in)
		if got != c.want || translated != c.translated {
			t.Errorf("countryName(%q, %q) = %q, %v; want %q, %v", c.lang, c.in, got, translated, c.want, c.translated)
		}
	}
}

// A country given as a name is the record's text: in another language
// than the page's it carries the record's language; a translated code
// does not.
func TestMakerCountryLang(t *testing.T) {
	cat, err := catalogFor("fr")
	if err != nil {
		t.Fatal(err)
	}
	m := newMaker(cat, false, "en")
	if name, lang := m.country("US"); name != "États-Unis" || lang != "" {
		t.Errorf("country(US) = %q, %q; want États-Unis, \"\"", name, lang)
	}
	if name, lang := m.country("Norway"); name != "Norway" || lang != "en" {
		t.Errorf("country(Norway) = %q, %q; want Norway, en", name, lang)
	}
}
