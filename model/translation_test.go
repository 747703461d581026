package model

import (
	"reflect"
	"testing"
)

func translatedRegister() Register {
	return Register{
		Name:        "European Commission",
		ShortName:   "EC",
		Address:     "European Commission, 1049 Bruxelles/Brussel, Belgium",
		RegisterURL: "https://ec.europa.eu/register_en",
		Languages:   []string{"en", "fr", "de"},
		DPO:         Contact{Name: "Data Protection Officer", Email: "dpo@ec.europa.eu", Address: "Rue de la Loi 200", URL: "https://ec.europa.eu/dpo_en"},
		EDPS: Contact{Name: "European Data Protection Supervisor", Email: "edps@edps.europa.eu", Phone: "+32 2 283 19 00",
			Address: "Rue Wiertz 60, B-1047 Brussels", URL: "https://edps.europa.eu"},
		Translations: []RegisterTranslation{
			{
				Language: "fr", Name: "Commission européenne", ShortName: "CE",
				Address: "Commission européenne, 1049 Bruxelles, Belgique", RegisterURL: "https://ec.europa.eu/register_fr",
				DPOName: "Délégué à la protection des données", DPOAddress: "Rue de la Loi 200, Bruxelles", DPOURL: "https://ec.europa.eu/dpo_fr",
				EDPSName: "Contrôleur européen de la protection des données", EDPSAddress: "Rue Wiertz 60, 1047 Bruxelles", EDPSURL: "https://edps.europa.eu/fr",
			},
			// Only some texts: the others stay the main ones. White space is no translation.
			{Language: "de", Name: "Europäische Kommission", EDPSName: "Europäischer Datenschutzbeauftragter", DPOName: "  "},
		},
	}
}

func TestInAppliesEveryText(t *testing.T) {
	reg := translatedRegister()
	got := reg.In("fr")
	want := Register{
		Name:        "Commission européenne",
		ShortName:   "CE",
		Address:     "Commission européenne, 1049 Bruxelles, Belgique",
		RegisterURL: "https://ec.europa.eu/register_fr",
		Languages:   []string{"en", "fr", "de"},
		DPO:         Contact{Name: "Délégué à la protection des données", Email: "dpo@ec.europa.eu", Address: "Rue de la Loi 200, Bruxelles", URL: "https://ec.europa.eu/dpo_fr"},
		EDPS: Contact{Name: "Contrôleur européen de la protection des données", Email: "edps@edps.europa.eu", Phone: "+32 2 283 19 00",
			Address: "Rue Wiertz 60, 1047 Bruxelles", URL: "https://edps.europa.eu/fr"},
		ReferencePrefix: reg.ReferencePrefix,
		ReferenceDigits: reg.ReferenceDigits,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("In(fr) =\n%#v\nwant\n%#v", got, want)
	}
	// Every field of RegisterTranslation reaches the result: a new field
	// that In forgets leaves the main value, which this catches.
	tr := reflect.ValueOf(reg.Translations[0])
	for i := range tr.NumField() {
		if tr.Field(i).String() == "" {
			t.Errorf("the French translation of the test leaves %s empty: fill it", tr.Type().Field(i).Name)
		}
	}
	if n := reflect.TypeFor[RegisterTranslation]().NumField(); n != 11 {
		t.Errorf("RegisterTranslation has %d fields: apply the new one in In and add it here", n)
	}
}

func TestInKeepsMainValuesWhereEmpty(t *testing.T) {
	reg := translatedRegister()
	got := reg.In("de")
	if got.Name != "Europäische Kommission" || got.EDPS.Name != "Europäischer Datenschutzbeauftragter" {
		t.Errorf("In(de) did not apply the German names: %q, %q", got.Name, got.EDPS.Name)
	}
	if got.DPO.Name != reg.DPO.Name {
		t.Errorf("a blank dpo_name replaced the main one: %q", got.DPO.Name)
	}
	if got.Address != reg.Address || got.RegisterURL != reg.RegisterURL || got.EDPS.Address != reg.EDPS.Address || got.ShortName != reg.ShortName {
		t.Errorf("empty texts of the translation replaced main ones: %+v", got)
	}
}

func TestInWithoutTranslation(t *testing.T) {
	reg := translatedRegister()
	main := reg
	main.Translations = nil
	for _, lang := range []string{"en", "nl", "", "FR"} {
		if got := reg.In(lang); !reflect.DeepEqual(got, main) {
			t.Errorf("In(%q) = %+v, want the main values", lang, got)
		}
	}
	if got := (Register{}).In("fr"); !reflect.DeepEqual(got, Register{}) {
		t.Errorf("In on an empty register = %+v", got)
	}
}

func TestInIsPure(t *testing.T) {
	reg := translatedRegister()
	before := translatedRegister()
	fr := reg.In("fr")
	if !reflect.DeepEqual(reg, before) {
		t.Fatalf("In changed its receiver: %+v", reg)
	}
	if fr.Translations != nil {
		t.Errorf("the result of In keeps translations: %v", fr.Translations)
	}
	// The result is in French: a second In adds no German to it.
	if again := fr.In("de"); !reflect.DeepEqual(again, fr) {
		t.Errorf("In(fr).In(de) = %+v, want the French register", again)
	}
	fr.Languages[0] = "xx"
	if reg.Languages[0] != "en" {
		t.Error("the result of In shares its languages with the register")
	}
}

func TestTranslationTakesTheFirst(t *testing.T) {
	reg := translatedRegister()
	reg.Translations = append(reg.Translations, RegisterTranslation{Language: "fr", Name: "Deuxième"})
	if tr, ok := reg.Translation("fr"); !ok || tr.Name != "Commission européenne" {
		t.Errorf("Translation(fr) = %+v, %v: want the first", tr, ok)
	}
	if got := reg.In("fr").Name; got != "Commission européenne" {
		t.Errorf("In(fr).Name = %q, want the first translation's", got)
	}
	if _, ok := reg.Translation("nl"); ok {
		t.Error("Translation(nl) found one")
	}
}

func TestWithStandardNames(t *testing.T) {
	reg := Register{
		Name:         "European Commission",
		Languages:    []string{"en", "fr", "de", "nl", "fr", "xx"},
		DPO:          Contact{Name: DefaultDPOName},
		EDPS:         Contact{Name: DefaultEDPSName, Address: DefaultEDPSAddress},
		Translations: []RegisterTranslation{{Language: "de", Name: "Europäische Kommission", DPOName: "DSB der Kommission"}},
	}
	got := WithStandardNames(reg)
	if len(got.Translations) != 3 {
		t.Fatalf("got %d translations, want de, fr, nl once each: %+v", len(got.Translations), got.Translations)
	}
	if len(reg.Translations) != 1 || reg.Translations[0].EDPSName != "" {
		t.Errorf("the argument was changed: %+v", reg.Translations)
	}
	de, _ := got.Translation("de")
	if de.Name != "Europäische Kommission" || de.DPOName != "DSB der Kommission" || de.EDPSName != "Europäischer Datenschutzbeauftragter" {
		t.Errorf("de: values of the translation kept, the EDPS added: %+v", de)
	}
	fr, _ := got.Translation("fr")
	if fr.EDPSName != "Contrôleur européen de la protection des données" || fr.DPOName != "Délégué à la protection des données" || fr.Name != "" {
		t.Errorf("fr: %+v", fr)
	}
	nl, _ := got.Translation("nl")
	if nl.EDPSAddress != "Wiertzstraat 60, 1047 Brussel, België" {
		t.Errorf("nl: %+v", nl)
	}
	if got.EDPS.Name != DefaultEDPSName || got.DPO.Name != DefaultDPOName {
		t.Errorf("first language en: main names changed: %+v %+v", got.EDPS, got.DPO)
	}

	// A name of the institution's own choosing is not replaced.
	reg.DPO.Name = "Data Protection Officer of the European Commission"
	reg.EDPS.Address = "Rue Montoyer 30"
	for _, tr := range WithStandardNames(reg).Translations {
		if tr.Language != "de" && (tr.DPOName != "" || tr.EDPSAddress != "") {
			t.Errorf("%s: a name of the institution's is translated: %+v", tr.Language, tr)
		}
	}

	// French documents first: the main names are the French ones, English
	// is a translation.
	fr1 := WithStandardNames(Register{Languages: []string{"fr", "en"}, DPO: Contact{Name: DefaultDPOName}, EDPS: Contact{Name: DefaultEDPSName, Address: DefaultEDPSAddress}})
	if fr1.EDPS.Name != "Contrôleur européen de la protection des données" || fr1.DPO.Name != "Délégué à la protection des données" {
		t.Errorf("first language fr: %+v %+v", fr1.EDPS, fr1.DPO)
	}
	if en, ok := fr1.Translation("en"); !ok || en.EDPSName != DefaultEDPSName {
		t.Errorf("first language fr: English translation %+v", en)
	}
}
