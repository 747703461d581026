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
