package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// registerFindings lints a register without records and returns its
// findings as "severity field", after checking their wording.
func registerFindings(t *testing.T, reg Register) ([]Finding, []string) {
	t.Helper()
	fs := LintRegister(reg, nil, today)
	var got []string
	for _, f := range fs {
		checkWording(t, f)
		if f.Record != RegisterFile {
			t.Errorf("finding on %q, want %q", f.Record, RegisterFile)
		}
		got = append(got, fmt.Sprintf("%s %s", f.Severity, f.Field))
	}
	return fs, got
}

func TestLintWarnsAboutUntranslatedNames(t *testing.T) {
	reg := testRegister()
	reg.Languages = []string{"en", "fr", "de", "nl"}
	reg.Translations = []RegisterTranslation{
		{Language: "nl", Name: "Europese Commissie", DPOName: "Functionaris voor gegevensbescherming",
			EDPSName: "Europese Toezichthouder voor gegevensbescherming"}, // complete
		{Language: "fr", Name: "Commission européenne", EDPSName: " "}, // the DPO and the EDPS missing
	}
	fs, got := registerFindings(t, reg)
	want := []string{"warning languages[2]", "warning translations[1]"}
	if !slices.Equal(got, want) {
		t.Fatalf("findings\n%s\nwant %v", describe(fs), want)
	}

	de := fs[0] // no translation at all: every name, and a table to add
	for _, s := range []string{`"de"`, "name", "dpo.name", "edps.name", `on the "de" pages they would appear in "en", the first language`} {
		if !strings.Contains(de.Message, s) {
			t.Errorf("message %q lacks %s", de.Message, s)
		}
	}
	for _, s := range []string{"[[translations]]", `language = "de"`, `name = "…"`, `dpo_name = "…"`, `edps_name = "…"`} {
		if !strings.Contains(de.Fix, s) {
			t.Errorf("fix %q lacks %s", de.Fix, s)
		}
	}

	fr := fs[1] // a translation without two of the names: only those
	if strings.Contains(fr.Message, "(name)") || !strings.Contains(fr.Message, "dpo.name") || !strings.Contains(fr.Message, "edps.name") {
		t.Errorf("message %q should name dpo.name and edps.name only", fr.Message)
	}
	if strings.Contains(fr.Fix, " name = ") || !strings.Contains(fr.Fix, `: dpo_name = "…", edps_name = "…", each`) || !strings.Contains(fr.Fix, `table for "fr"`) {
		t.Errorf("fix %q should add dpo_name and edps_name to the fr table", fr.Fix)
	}
}

func TestLintAsksOnlyForNamesThatAreSet(t *testing.T) {
	reg := testRegister()
	reg.Translations = nil
	reg.Name, reg.DPO.Name = "", " "
	fs, got := registerFindings(t, reg)
	if want := []string{"warning languages[1]", "warning languages[2]"}; !slices.Equal(got, want) {
		t.Fatalf("findings\n%s\nwant %v", describe(fs), want)
	}
	for _, f := range fs {
		if strings.Contains(f.Message, "(name)") || strings.Contains(f.Message, "dpo.name") || !strings.Contains(f.Message, "edps.name") {
			t.Errorf("message %q should name edps.name only", f.Message)
		}
	}

	reg.EDPS.Name = ""
	if fs, _ := registerFindings(t, reg); len(fs) != 0 {
		t.Errorf("a register without names has findings:\n%s", describe(fs))
	}
}

func TestLintNeedsNoTranslationForTheFirstLanguage(t *testing.T) {
	reg := testRegister()
	reg.Translations = nil
	// One language; then the first one repeated: nothing to translate.
	for _, langs := range [][]string{nil, {"fr"}, {"en", "en"}} {
		reg.Languages = langs
		if fs, _ := registerFindings(t, reg); len(fs) != 0 {
			t.Errorf("languages %v: findings\n%s", langs, describe(fs))
		}
	}
	// A language listed twice is warned about once.
	reg.Languages = []string{"en", "de", "de"}
	if _, got := registerFindings(t, reg); !slices.Equal(got, []string{"warning languages[1]"}) {
		t.Errorf("languages %v: findings %v", reg.Languages, got)
	}
}

func TestLintRefusesTranslationLanguages(t *testing.T) {
	reg := testRegister()
	reg.Translations = append(reg.Translations,
		RegisterTranslation{Language: "es", Name: "Comisión Europea"},
		RegisterTranslation{Language: "FR", Name: "Commission européenne"},
		RegisterTranslation{Language: "", Name: "Europäische Kommission"},
		RegisterTranslation{Language: "fr", Name: "Commission"}, // fr is translations[0] already
	)
	fs, got := registerFindings(t, reg)
	want := []string{
		"error translations[2].language", "error translations[3].language",
		"error translations[4].language", "error translations[5].language",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("findings\n%s\nwant %v", describe(fs), want)
	}
	checks := []struct{ message, fix string }{
		{`"es", which is not a language ropa exports documents in ("en", "fr", "de" or "nl")`, `"en", "fr", "de" or "nl"`},
		{`"FR"`, `lower case: language = "fr"`},
		{"does not say its language", `e.g. language = "fr"`},
		{`number 1 and 6 in register.toml are both for "fr"`, "one [[translations]] table per language"},
	}
	for i, c := range checks {
		if !strings.Contains(fs[i].Message, c.message) || !strings.Contains(fs[i].Fix, c.fix) {
			t.Errorf("%s: %q / %q, want %q / %q", fs[i].Field, fs[i].Message, fs[i].Fix, c.message, c.fix)
		}
	}
}

// A language of the documents that ropa does not write is an error, with
// the lower-case code as the fix when that is all that is wrong; the
// export of the site would refuse the register.
func TestLintRefusesDocumentLanguages(t *testing.T) {
	reg := testRegister()
	reg.Translations = nil
	reg.Languages = []string{"en", "xx", "FR"}
	fs, _ := registerFindings(t, reg)
	want := map[string]string{"languages[1]": `remove "xx"`, "languages[2]": `lower case: "fr"`}
	for _, f := range fs {
		if fix, ok := want[f.Field]; ok && f.Severity == SeverityError && strings.Contains(f.Fix, fix) {
			delete(want, f.Field)
		}
	}
	for field, fix := range want {
		t.Errorf("no error on %s with a fix saying %q:\n%s", field, fix, describe(fs))
	}
}
