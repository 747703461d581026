package model

import (
	"fmt"
	"strings"
)

// The checks of register.toml's [[translations]]: each names a language
// that ropa exports, once; and every further language of the documents
// has the names of the institution, the DPO and the EDPS in that language,
// which would otherwise appear in the first language on its pages.

// translatedName is a name of register.toml that each language needs.
type translatedName struct {
	main func(Register) string            // the main value
	tr   func(RegisterTranslation) string // its translation
	what string                           // in messages
	key  string                           // the key of [[translations]]
}

var translatedNames = []translatedName{
	{func(r Register) string { return r.Name }, func(t RegisterTranslation) string { return t.Name },
		"the institution's name (name)", "name"},
	{func(r Register) string { return r.DPO.Name }, func(t RegisterTranslation) string { return t.DPOName },
		"the DPO's name (dpo.name)", "dpo_name"},
	{func(r Register) string { return r.EDPS.Name }, func(t RegisterTranslation) string { return t.EDPSName },
		"the EDPS's name (edps.name)", "edps_name"},
}

// checkTranslations checks register.toml's translations against its
// languages.
func checkTranslations(reg Register) []Finding {
	fs := documentLanguages(reg)
	fs = append(fs, translationLanguages(reg)...)
	return append(fs, untranslatedNames(reg)...)
}

// documentLanguages: every language of the documents is one ropa writes
// documents in; the export of a site refuses the register otherwise.
func documentLanguages(reg Register) []Finding {
	var fs []Finding
	for i, lang := range reg.Languages {
		if knownCode(LanguageOptions, lang) {
			continue
		}
		fix := fmt.Sprintf("Write one of %s in languages, or remove %q.", codes(LanguageOptions), lang)
		if lower := strings.ToLower(strings.TrimSpace(lang)); lower != lang && knownCode(LanguageOptions, lower) {
			fix = fmt.Sprintf("Write the code in lower case: %q.", lower)
		}
		fs = append(fs, Finding{Record: RegisterFile, Field: fmt.Sprintf("languages[%d]", i), Provision: "Art 14(1)", Severity: SeverityError,
			Message: fmt.Sprintf("register.toml lists %q among the languages of the documents, but ropa writes documents in %s only: the export of the site refuses the register.", lang, codes(LanguageOptions)),
			Fix:     fix})
	}
	return fs
}

// translationLanguages: every translation is for a language that ropa
// exports, and no language has two (In would use only the first).
func translationLanguages(reg Register) []Finding {
	var fs []Finding
	first := map[string]int{}
	for i, t := range reg.Translations {
		field := fmt.Sprintf("translations[%d].language", i)
		add := func(message, fix string) {
			fs = append(fs, Finding{Record: RegisterFile, Field: field, Provision: "Art 14(1)",
				Severity: SeverityError, Message: message, Fix: fix})
		}
		lang := t.Language
		switch {
		case blank(lang):
			add(fmt.Sprintf("The translation number %d in register.toml does not say its language.", i+1),
				fmt.Sprintf("Write the language of its texts, one of %s (e.g. language = \"fr\"), or remove the translation.", codes(LanguageOptions)))
		case !knownCode(LanguageOptions, lang):
			fix := fmt.Sprintf("Write one of %s as language, or remove the translation.", codes(LanguageOptions))
			if lower := strings.ToLower(strings.TrimSpace(lang)); lower != lang && knownCode(LanguageOptions, lower) {
				fix = fmt.Sprintf("Write the code in lower case: language = %q.", lower)
			}
			add(fmt.Sprintf("The translation number %d in register.toml is for %q, which is not a language ropa exports documents in (%s).",
				i+1, lang, codes(LanguageOptions)), fix)
		default:
			if j, dup := first[lang]; dup {
				add(fmt.Sprintf("The translations number %d and %d in register.toml are both for %q; only the first is used.", j+1, i+1, lang),
					"Keep one [[translations]] table per language: move the texts you want into the first one and remove the other.")
				continue
			}
			first[lang] = i
		}
	}
	return fs
}

// untranslatedNames warns, for each language of the documents after the
// first, about the names that would appear in the first language.
func untranslatedNames(reg Register) []Finding {
	if len(reg.Languages) < 2 {
		return nil
	}
	main := reg.Languages[0]
	var fs []Finding
	seen := map[string]bool{main: true}
	for j, lang := range reg.Languages[1:] {
		// A language ropa does not export is documentLanguages' error.
		if seen[lang] || !knownCode(LanguageOptions, lang) {
			continue
		}
		seen[lang] = true
		t, i, ok := translationIndex(reg, lang)
		var missing []translatedName
		for _, n := range translatedNames {
			if !blank(n.main(reg)) && (!ok || blank(n.tr(t))) {
				missing = append(missing, n)
			}
		}
		if len(missing) == 0 {
			continue
		}
		whats := make([]string, len(missing))
		keys := make([]string, len(missing))
		for k, n := range missing {
			whats[k] = n.what
			keys[k] = n.key + ` = "…"`
		}
		field := fmt.Sprintf("languages[%d]", j+1)
		fix := fmt.Sprintf("Add to register.toml a [[translations]] table for %q: language = %q, %s, %s %q; where a name is the same in every language, repeat it.",
			lang, lang, strings.Join(keys, ", "), writtenIn(len(keys)), lang)
		if ok {
			field = fmt.Sprintf("translations[%d]", i)
			fix = fmt.Sprintf("Add to the [[translations]] table for %q in register.toml: %s, %s %q; where a name is the same in every language, repeat it.",
				lang, strings.Join(keys, ", "), writtenIn(len(keys)), lang)
		}
		fs = append(fs, Finding{
			Record:    RegisterFile,
			Field:     field,
			Provision: "Art 14(1)",
			Severity:  SeverityWarning,
			Message: fmt.Sprintf("register.toml lists %q among the languages of the documents but has no %q translation of %s: on the %q pages %s in %q, the first language.",
				lang, lang, listAnd(whats), lang, wouldAppear(len(missing)), main),
			Fix: fix,
		})
	}
	return fs
}

// listAnd joins "a", "b" and "c".
func listAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func writtenIn(n int) string {
	if n == 1 {
		return "written in"
	}
	return "each name written in"
}

func wouldAppear(n int) string {
	if n == 1 {
		return "it would appear"
	}
	return "they would appear"
}
