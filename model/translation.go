package model

import "slices"

// RegisterTranslation gives the texts of register.toml that differ by
// language: one [[translations]] table of register.toml. An empty field
// means that the main value applies in that language too. E-mail
// addresses and telephone numbers are the same in every language, so they
// have no field here.
type RegisterTranslation struct {
	Language    string `toml:"language" json:"language"` // a code of LanguageOptions: fr, de, nl
	Name        string `toml:"name" json:"name,omitempty"`
	ShortName   string `toml:"short_name" json:"short_name,omitempty"`
	Address     string `toml:"address" json:"address,omitempty"`
	RegisterURL string `toml:"register_url" json:"register_url,omitempty"` // e.g. the register's page ending in _fr
	DPOName     string `toml:"dpo_name" json:"dpo_name,omitempty"`
	DPOAddress  string `toml:"dpo_address" json:"dpo_address,omitempty"`
	DPOURL      string `toml:"dpo_url" json:"dpo_url,omitempty"`
	EDPSName    string `toml:"edps_name" json:"edps_name,omitempty"`
	EDPSAddress string `toml:"edps_address" json:"edps_address,omitempty"`
	EDPSURL     string `toml:"edps_url" json:"edps_url,omitempty"`
}

// Translation returns the translation for lang, if register.toml has one.
// Codes are compared as written: lint refuses codes that ropa does not
// export, so "FR" never reaches the documents.
func (r Register) Translation(lang string) (RegisterTranslation, bool) {
	t, _, ok := translationIndex(r, lang)
	return t, ok
}

// translationIndex finds the translation for lang and its index: the
// first, when lint's error about a second one has been ignored.
func translationIndex(r Register, lang string) (RegisterTranslation, int, bool) {
	for i, t := range r.Translations {
		if t.Language == lang {
			return t, i, true
		}
	}
	return RegisterTranslation{}, -1, false
}

// In returns the register as the documents in lang show it: a copy with
// the non-empty texts of lang's translation in place of the main ones, or
// the main values when there is no translation for lang. The copy has no
// translations of its own, so that a second In cannot mix two languages,
// and it shares no slice with r.
func (r Register) In(lang string) Register {
	out := r
	out.Languages = slices.Clone(r.Languages)
	out.Translations = nil
	t, ok := r.Translation(lang)
	if !ok {
		return out
	}
	override(&out.Name, t.Name)
	override(&out.ShortName, t.ShortName)
	override(&out.Address, t.Address)
	override(&out.RegisterURL, t.RegisterURL)
	override(&out.DPO.Name, t.DPOName)
	override(&out.DPO.Address, t.DPOAddress)
	override(&out.DPO.URL, t.DPOURL)
	override(&out.EDPS.Name, t.EDPSName)
	override(&out.EDPS.Address, t.EDPSAddress)
	override(&out.EDPS.URL, t.EDPSURL)
	return out
}

// override replaces a main value with its translation when there is one.
// A translation of only white space counts as empty, as lint treats it.
func override(main *string, translated string) {
	if !blank(translated) {
		*main = translated
	}
}

// The EDPS's and the DPO's default names (ropa init's defaults) and the
// EDPS's address, in the other languages ropa writes: the names are fixed
// by the Regulation's language versions, so a new register gets them
// translated rather than a warning for each.
const (
	DefaultEDPSName    = "European Data Protection Supervisor"
	DefaultEDPSAddress = "Rue Wiertz 60, B-1047 Brussels, Belgium"
	DefaultDPOName     = "Data Protection Officer"
)

type standardNames struct{ edpsName, edpsAddress, dpoName string }

func standardNamesIn(lang string) (standardNames, bool) {
	switch lang {
	case "fr":
		return standardNames{"Contrôleur européen de la protection des données", "Rue Wiertz 60, 1047 Bruxelles, Belgique", "Délégué à la protection des données"}, true
	case "de":
		return standardNames{"Europäischer Datenschutzbeauftragter", "Rue Wiertz 60, 1047 Brüssel, Belgien", "Datenschutzbeauftragter"}, true
	case "nl":
		return standardNames{"Europese Toezichthouder voor gegevensbescherming", "Wiertzstraat 60, 1047 Brussel, België", "Functionaris voor gegevensbescherming"}, true
	case "en":
		return standardNames{DefaultEDPSName, DefaultEDPSAddress, DefaultDPOName}, true
	}
	return standardNames{}, false
}

// WithStandardNames returns reg with the EDPS's name and address and the
// DPO's name in each of its languages, where reg still has ropa init's
// English defaults: in the first language as the main values, in the
// others as translations (added to a translation reg already has, never
// over a value of it). The institution's own name is left for its people
// to translate; lint reminds them.
func WithStandardNames(reg Register) Register {
	if len(reg.Languages) == 0 {
		return reg
	}
	edpsName := reg.EDPS.Name == DefaultEDPSName
	edpsAddress := reg.EDPS.Address == DefaultEDPSAddress
	dpoName := reg.DPO.Name == DefaultDPOName
	reg.Translations = slices.Clone(reg.Translations)
	seen := map[string]bool{}
	for i, lang := range reg.Languages {
		names, ok := standardNamesIn(lang)
		if !ok || seen[lang] {
			continue
		}
		seen[lang] = true
		if i == 0 {
			if edpsName {
				reg.EDPS.Name = names.edpsName
			}
			if edpsAddress {
				reg.EDPS.Address = names.edpsAddress
			}
			if dpoName {
				reg.DPO.Name = names.dpoName
			}
			continue
		}
		t, at, found := translationIndex(reg, lang)
		if !found {
			t = RegisterTranslation{Language: lang}
		}
		fill := func(dst *string, standard string, use bool) {
			if use && blank(*dst) {
				*dst = standard
			}
		}
		fill(&t.EDPSName, names.edpsName, edpsName)
		fill(&t.EDPSAddress, names.edpsAddress, edpsAddress)
		fill(&t.DPOName, names.dpoName, dpoName)
		switch {
		case found:
			reg.Translations[at] = t
		case t != (RegisterTranslation{Language: lang}):
			reg.Translations = append(reg.Translations, t)
		}
	}
	return reg
}
