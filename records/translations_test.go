package records

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
)

// translatedInfo is a register.toml with [[translations]], in canonical
// form: the shape Encode must give and Decode must read back.
const translatedInfo = `name = "European Test Agency"
short_name = "ETA"
address = "Rue de la Loi 1, 1049 Brussels, Belgium"
register_url = "https://eta.example.eu/register_en"
languages = [
  "en",
  "fr",
  "de",
]

[dpo]
name = "Data Protection Officer of the ETA"
email = "dpo@eta.example.eu"
address = """
Rue de la Loi 1
1049 Brussels"""

[edps]
name = "European Data Protection Supervisor"
email = "edps@edps.europa.eu"
address = "Rue Wiertz 60, B-1047 Brussels"

[[translations]]
language = "fr"
name = "Agence européenne de test"
short_name = "AET"
address = "Rue de la Loi 1, 1049 Bruxelles, Belgique"
register_url = "https://eta.example.eu/register_fr"
dpo_name = "Délégué à la protection des données de l'AET"
dpo_address = """
Rue de la Loi 1
1049 Bruxelles"""
dpo_url = "https://eta.example.eu/dpo_fr"
edps_name = "Contrôleur européen de la protection des données"
edps_address = "Rue Wiertz 60, 1047 Bruxelles, Belgique"
edps_url = "https://edps.europa.eu/fr"

[[translations]]
language = "de"
name = "Europäische Testagentur"
edps_name = "Europäischer Datenschutzbeauftragter"
`

func translatedInfoWant() model.Register {
	return model.Register{
		Name:        "European Test Agency",
		ShortName:   "ETA",
		Address:     "Rue de la Loi 1, 1049 Brussels, Belgium",
		RegisterURL: "https://eta.example.eu/register_en",
		Languages:   []string{"en", "fr", "de"},
		DPO:         model.Contact{Name: "Data Protection Officer of the ETA", Email: "dpo@eta.example.eu", Address: "Rue de la Loi 1\n1049 Brussels"},
		EDPS:        model.Contact{Name: "European Data Protection Supervisor", Email: "edps@edps.europa.eu", Address: "Rue Wiertz 60, B-1047 Brussels"},
		Translations: []model.RegisterTranslation{
			{
				Language: "fr", Name: "Agence européenne de test", ShortName: "AET",
				Address: "Rue de la Loi 1, 1049 Bruxelles, Belgique", RegisterURL: "https://eta.example.eu/register_fr",
				DPOName: "Délégué à la protection des données de l'AET", DPOAddress: "Rue de la Loi 1\n1049 Bruxelles", DPOURL: "https://eta.example.eu/dpo_fr",
				EDPSName: "Contrôleur européen de la protection des données", EDPSAddress: "Rue Wiertz 60, 1047 Bruxelles, Belgique", EDPSURL: "https://edps.europa.eu/fr",
			},
			{Language: "de", Name: "Europäische Testagentur", EDPSName: "Europäischer Datenschutzbeauftragter"},
		},
	}
}

// A register.toml with translations loads from disk, by the fast path and
// by the strict one, and saves back to the same bytes.
func TestRegisterTranslationsRoundTrip(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, RegisterFile)
	writeTestFile(t, path, []byte(translatedInfo))
	got, err := LoadRegisterInfo(root)
	if err != nil {
		t.Fatal(err)
	}
	want := translatedInfoWant()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("loaded\n%#v\nwant\n%#v", got, want)
	}
	for _, fast := range []bool{true, false} {
		var reg model.Register
		if _, perr := decodeInto(RegisterFile, []byte(translatedInfo), registerTable, reflect.ValueOf(&reg).Elem(), fast); perr != nil {
			t.Fatalf("fast=%v: %v", fast, perr)
		}
		if !reflect.DeepEqual(reg, want) {
			t.Errorf("fast=%v: decoded\n%#v", fast, reg)
		}
	}
	// Canonical, so the fast path reads it without falling back.
	var fast model.Register
	if _, ok := decodeCanonical([]byte(translatedInfo), registerTable, reflect.ValueOf(&fast).Elem()); !ok {
		t.Error("the fast path does not read the canonical file")
	}
	if err := WriteRegister(root, &got); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(saved) != translatedInfo {
		t.Errorf("load then save changed register.toml:\n%s", saved)
	}
	// And an independent parser reads what was meant.
	wantJSON := viaJSON(t, generic(registerTable, reflect.ValueOf(want)))
	if got := pythonTOML(t, path)[0]; !reflect.DeepEqual(got, wantJSON) {
		t.Errorf("tomllib reads\n%v\nwant\n%v", got, wantJSON)
	}
}

// Translations written by hand (keys in another order, inline tables, an
// empty value) read the same and come out canonical.
func TestRegisterTranslationsCanonicalised(t *testing.T) {
	hand := `translations = [
  { edps_name = "Europäischer Datenschutzbeauftragter", language = "de", name = "Europäische Testagentur" },
]
name = "European Test Agency"

[[translations]]
name = "Agence"
language = "fr"
dpo_name = ""
`
	// An array written inline and then as [[…]] is not TOML: BurntSushi
	// and tomllib refuse it, so the inline form goes alone.
	if _, perr := decodeRegisterInfo(RegisterFile, []byte(hand)); perr == nil {
		t.Fatal("an inline array extended by [[translations]] was accepted")
	}
	hand = `translations = [
  { edps_name = "Europäischer Datenschutzbeauftragter", language = "de", name = "Europäische Testagentur" },
  { name = "Agence", language = "fr", dpo_name = "" },
]
name = "European Test Agency"
`
	reg, perr := decodeRegisterInfo(RegisterFile, []byte(hand))
	if perr != nil {
		t.Fatal(perr)
	}
	want := `name = "European Test Agency"

[[translations]]
language = "de"
name = "Europäische Testagentur"
edps_name = "Europäischer Datenschutzbeauftragter"

[[translations]]
language = "fr"
name = "Agence"
`
	if got := string(EncodeRegisterInfo(&reg)); got != want {
		t.Errorf("encoded\n%s\nwant\n%s", got, want)
	}
}

// A mistake in [[translations]] is an error at its line and column, with
// the fix, as in a record.
func TestRegisterTranslationsDecodeStrictly(t *testing.T) {
	second := "name = \"x\"\n\n[[translations]]\nlanguage = \"fr\"\n\n[[translations]]\nlanguage = \"de\"\n"
	cases := []struct {
		name      string
		text      string
		line, col int
		field     string
		says      []string
	}{
		{"misspelt-key", second + "dpo_nme = \"Datenschutzbeauftragter\"\n", 8, 1, "translations[1].dpo_nme",
			[]string{`unknown key "dpo_nme" in [[translations]] number 2`, `did you mean "dpo_name"?`, "language, name, short_name, address, register_url, dpo_name"}},
		{"contact-key", second + "edps_email = \"edps@edps.europa.eu\"\n", 8, 1, "translations[1].edps_email",
			[]string{`unknown key "edps_email"`, "known keys in [[translations]]"}},
		{"nested-table", second + "\n[translations.dpo]\nname = \"DSB\"\n", 9, 1, "translations[1].dpo",
			[]string{`unknown key "dpo" in [[translations]] number 2`}},
		{"wrong-type", second + "edps_name = 3\n", 8, 1, "translations[1].edps_name",
			[]string{"must be text in quotes", "a whole number", `edps_name = "…"`}},
		{"single-table", "name = \"x\"\n\n[translations]\nlanguage = \"fr\"\n", 3, 1, "translations",
			[]string{"must be a list of tables", "[[translations]]"}},
		{"text", "name = \"x\"\ntranslations = \"fr\"\n", 2, 1, "translations",
			[]string{"must be a list of tables", "this is text"}},
		{"list-of-texts", "name = \"x\"\ntranslations = [\"fr\", \"de\"]\n", 2, 1, "translations",
			[]string{"must be a list of tables"}},
	}
	for _, c := range cases {
		root := t.TempDir()
		writeTestFile(t, filepath.Join(root, RegisterFile), []byte(c.text))
		_, err := LoadRegisterInfo(root)
		var perr *ParseError
		if !errors.As(err, &perr) {
			t.Errorf("%s: err = %v, want a *ParseError", c.name, err)
			continue
		}
		if perr.Path != RegisterFile || perr.Line != c.line || perr.Col != c.col || perr.Field != c.field {
			t.Errorf("%s: %s:%d:%d field %q, want %s:%d:%d field %q", c.name, perr.Path, perr.Line, perr.Col, perr.Field, RegisterFile, c.line, c.col, c.field)
		}
		for _, s := range c.says {
			if !strings.Contains(perr.Error(), s) {
				t.Errorf("%s: %q does not say %q", c.name, perr.Error(), s)
			}
		}
	}
}

// A register without translations is written as before: nothing is added.
func TestRegisterWithoutTranslationsUnchanged(t *testing.T) {
	reg := translatedInfoWant()
	reg.Translations = nil
	data := EncodeRegisterInfo(&reg)
	if bytes.Contains(data, []byte("translations")) {
		t.Errorf("a register without translations writes them:\n%s", data)
	}
	if !bytes.HasPrefix([]byte(translatedInfo), data) {
		t.Errorf("the main part differs from the file with translations:\n%s", data)
	}
}
