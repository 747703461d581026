package tui

import (
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
)

func TestFormValidationMessages(t *testing.T) {
	refs := map[string]string{"DPR-EC-00932": "emn-ies"}
	r := startForm(t, FormOptions{IsNew: true, References: func(ref string) (string, bool) {
		slug, ok := refs[ref]
		return slug, ok
	}})

	// A required answer: enter stays on the question and says why.
	r.keys("enter")
	r.waitFor("The title is required")
	r.keys("Visitor badges")
	r.waitGone("The title is required")
	r.focus("reference", "enter")

	// The reference: the register's format, and not another record's.
	r.keys("ABC-1", "enter")
	r.waitFor(`"ABC-1" does not follow the register's format: write it like DPR-EC-00042`)
	r.keys("ctrl+u", "DPR-EC-00932", "enter")
	r.waitFor("DPR-EC-00932 is already the reference of records/emn-ies.toml")
	r.keys("ctrl+u", "DPR-EC-00933")
	r.focus("version", "enter")

	// A number and a date.
	r.keys("two", "enter")
	r.waitFor("* Write a whole number, for example 2.")
	r.keys("ctrl+u", "2")
	r.focus("language", "enter")
	r.focus("kind", "enter")
	r.focus("status", "enter")
	r.focus("last_updated", "enter")
	r.keys("2026-13-01", "enter")
	r.waitFor("Write the date as year-month-day")
	r.form(func(f *Form) {
		if !f.rec.LastUpdated.IsZero() {
			t.Errorf("an invalid date was stored: %v", f.rec.LastUpdated)
		}
	})
	r.keys("ctrl+u", "2026-03-01")
	r.focus("notice_date", "enter")

	// An e-mail address.
	r.keys("pgdown")
	r.waitFor("Step 2 of 18 · Controller")
	r.keys("European Commission")
	r.focus("controller.unit", "enter")
	r.focus("controller.email", "enter")
	r.keys("hr at ec.europa.eu", "enter")
	r.waitFor(`"hr at ec.europa.eu" is not an e-mail address`)
	r.keys("ctrl+u", "hr@ec.europa.eu")
	r.focus("controller.address", "enter")

	r.form(func(f *Form) {
		got := f.rec
		if got.Title != "Visitor badges" || got.Reference != "DPR-EC-00933" || got.Version != 2 ||
			got.LastUpdated.Format(dateLayout) != "2026-03-01" || got.Controller.Email != "hr@ec.europa.eu" {
			t.Errorf("record after corrections: %+v", got)
		}
	})
}

func TestFormReferenceOfTheRecordItselfIsNotTaken(t *testing.T) {
	f := NewForm(FormOptions{
		Register: formRegisterInfo(), Slug: "emn-ies",
		Record: model.Record{Title: "EMN IES", Reference: "DPR-EC-00932"},
		References: func(ref string) (string, bool) {
			return "emn-ies", ref == "DPR-EC-00932"
		},
	})
	if err := f.checkReference("DPR-EC-00932"); err != nil {
		t.Errorf("the record's own reference is refused: %v", err)
	}
	if err := f.checkReference("DPR-EC-932"); err == nil || !strings.Contains(err.Error(), "DPR-EC-00042") {
		t.Errorf("a reference with too few digits: %v", err)
	}
	if err := f.checkReference("dpr/ec"); err == nil {
		t.Error("a reference with a slash is accepted")
	}
}

func TestFormCheckEmail(t *testing.T) {
	for _, ok := range []string{"", "HOME-EMN@ec.europa.eu", "a.b@c.eu"} {
		if err := checkEmail(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"someone", "a@b", "Name <a@b.eu>", "a@b.eu, c@d.eu", "mailto:a@b.eu", "a@.eu"} {
		if err := checkEmail(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestFormThirdCountryRecipientNeedsCountry(t *testing.T) {
	r := startForm(t, FormOptions{IsNew: true})
	r.toStep(10, "Step 10 of 18 · Recipients")
	r.keys("a", "Contractor")
	r.focus("recipients[0].kind", "enter")
	if r.asked("recipients[0].country") {
		t.Error("the country is asked before the kind says abroad")
	}
	r.keys("down", "down", "down", "down")
	r.waitFor("Country")
	r.focus("recipients[0].country", "enter")
	r.keys("enter")
	r.waitFor("Name the third country of this recipient")
	r.keys("Norway")
	r.focus("recipients[0].description", "enter")
}
