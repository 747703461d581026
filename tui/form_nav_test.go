package tui

import (
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

func TestFormStepCountAndNavigation(t *testing.T) {
	r := startForm(t, FormOptions{IsNew: true})
	s := r.waitFor("Step 1 of 18 · Identity", "Title of the processing operation", "Art 31(1)")
	if !strings.Contains(s, "Example: European Migration Network") {
		t.Errorf("the title question gives no example:\n%s", s)
	}
	r.golden()

	r.keys("pgdown")
	r.waitFor("Step 2 of 18 · Controller", "Organisation")
	r.keys("pgdown", "pgdown")
	r.waitFor("Step 4 of 18 · Joint controllers", "No joint controllers yet")
	r.keys("pgup")
	r.waitFor("Step 3 of 18 · Data protection officer", "the register's DPO: Data")
	// shift+tab on the first question goes back a step.
	r.keys("shift+tab")
	r.waitFor("Step 2 of 18 · Controller")
	// enter on the last question goes on to the next step.
	r.keys("European Commission")
	r.focus("controller.unit", "enter")
	r.focus("controller.email", "enter")
	r.focus("controller.address", "enter")
	r.keys("enter")
	r.waitFor("Step 3 of 18 · Data protection officer")
	// tab leaves a list step forwards, shift+tab backwards.
	r.keys("pgdown")
	r.waitFor("Step 4 of 18 · Joint controllers")
	r.keys("tab")
	r.waitFor("Step 5 of 18 · Processors")
	r.keys("shift+tab")
	r.waitFor("Step 4 of 18 · Joint controllers")
	// ctrl+s jumps to the review; the step list marks where the user is.
	r.keys("ctrl+s")
	s = r.waitFor("Step 18 of 18 · Review and save")
	if !strings.Contains(s, "▸ 18 Review and save") {
		t.Errorf("the step list does not mark the current step:\n%s", s)
	}
	r.form(func(f *Form) {
		if got := f.rec.Controller.Organisation; got != "European Commission" {
			t.Errorf("organisation = %q", got)
		}
	})
}

func TestFormProcessorStepOnlyForProcessors(t *testing.T) {
	r := startForm(t, FormOptions{IsNew: true})
	r.keys("A processor's record")
	r.focus("reference", "enter")
	r.focus("version", "enter")
	r.focus("language", "enter")
	r.focus("kind", "enter")
	r.keys("down")
	r.waitFor("Step 1 of 19 · Identity", "Processor records")
	r.keys("up")
	r.waitFor("Step 1 of 18 · Identity")
	r.waitGone("Processor records")
}

// toStep goes forward with pgdown until the step's title shows.
func (r *formRun) toStep(n int, title string) string {
	r.t.Helper()
	for range n - 1 {
		r.keys("pgdown")
	}
	return r.waitFor(title)
}

func TestFormUnionLawFollowsGrounds(t *testing.T) {
	r := startForm(t, FormOptions{IsNew: true})
	r.toStep(7, "Step 7 of 18 · Legal basis")
	r.waitFor("Grounds for lawful processing")
	r.waitGone("Union law that lays down")

	// Tick 5(1)(a): the Union law question appears under the grounds.
	r.keys("x")
	r.waitFor("Union law that lays down the task or obligation", "Art 5(2)")
	r.golden()
	// Untick it: the question goes.
	r.keys("x")
	r.waitGone("Union law that lays down")
	// 5(1)(b) brings it too; 5(1)(d) alone brings the consent question
	// instead. The cursor stays on its option through each change.
	r.keys("down", "x")
	r.waitFor("Union law that lays down")
	r.keys("x", "down", "down", "x")
	r.waitFor("How consent is given and withdrawn")
	r.waitGone("Union law that lays down")
	r.form(func(f *Form) {
		if got := f.rec.LegalBasis.Grounds; len(got) != 1 || got[0] != model.GroundConsent {
			t.Errorf("grounds = %v, want [consent]", got)
		}
	})
}

func TestFormSpecialGroundsFollowSpecialCategories(t *testing.T) {
	r := startForm(t, FormOptions{IsNew: true})
	r.toStep(7, "Step 7 of 18 · Legal basis")
	r.waitGone("Art 10(2)")
	// Past the grounds, answer yes to special categories.
	r.focus("legal_basis.special_categories", "enter")
	r.focus("legal_basis.special_grounds", "y", "enter")
	r.waitFor("Exception that allows the special categories", "Art 10(2)")
	// Back on the question, answer no: the Art 10(2) questions go.
	r.focus("legal_basis.special_categories", "shift+tab")
	r.keys("n")
	r.waitGone("Exception that allows the special categories")
	r.form(func(f *Form) {
		if f.rec.LegalBasis.SpecialCategories {
			t.Error("special_categories still true after answering no")
		}
	})

	// A data category marked special brings them back.
	r.keys("pgdown", "pgdown")
	r.waitFor("Step 9 of 18 · Personal data")
	r.keys("a", "Health data")
	r.focus("data_categories[0].items", "enter")
	r.focus("data_categories[0].mandatory", "enter")
	r.focus("data_categories[0].special", "enter")
	r.focus("data_categories[0].source", "y", "enter")
	r.keys("esc")
	r.waitFor("Drop this new data category?")
	r.keys("y")
	r.waitFor("No data categories yet")
	r.form(func(f *Form) {
		if len(f.rec.DataCategories) != 0 {
			t.Errorf("dropped category still there: %+v", f.rec.DataCategories)
		}
	})
	r.keys("a", "Health data")
	r.focus("data_categories[0].items", "enter")
	r.focus("data_categories[0].mandatory", "enter")
	r.focus("data_categories[0].special", "enter")
	r.focus("data_categories[0].source", "y", "enter")
	r.focus("data_categories[0].retention", "enter")
	r.keys("enter")
	r.waitFor("1. Health data · special")
	r.keys("pgup", "pgup")
	r.waitFor("Step 7 of 18 · Legal basis")
	if !r.asked("legal_basis.special_grounds") || !r.asked("legal_basis.special_explanation") {
		t.Error("a special data category does not bring the Art 10(2) questions")
	}
}

func TestFormDataCategoryAddEditRemoveReorder(t *testing.T) {
	r := startForm(t, FormOptions{IsNew: true})
	r.toStep(9, "Step 9 of 18 · Personal data")
	r.waitFor("No data categories yet")

	// Add: name, items (one per line), mandatory, special, source, retention.
	r.keys("a")
	r.waitFor("› data category 1 of 1", "Adding a data category")
	r.keys("Contact details")
	r.focus("data_categories[0].items", "enter")
	r.keys("E-mail address", "ctrl+j", "Phone")
	r.focus("data_categories[0].mandatory", "tab")
	r.focus("data_categories[0].special", "y", "enter")
	r.focus("data_categories[0].source", "n", "enter")
	r.keys("down")
	r.focus("data_categories[0].retention", "enter")
	r.waitGone("Who provides them") // the data subject gives them: no source detail
	r.keys("Until the account is deleted", "enter")
	r.waitFor("1. Contact details · 2 items · mandatory", "subject · Until the account is deleted")

	// A second one, from a third party: the source detail is asked.
	r.keys("a", "Log data")
	r.focus("data_categories[1].items", "enter")
	r.focus("data_categories[1].mandatory", "tab")
	r.focus("data_categories[1].special", "enter")
	r.focus("data_categories[1].source", "enter")
	r.keys("down", "down")
	r.waitFor("Who provides them")
	r.focus("data_categories[1].source_detail", "enter")
	r.keys("The IT service")
	r.focus("data_categories[1].retention", "enter")
	r.keys("6 months", "enter")
	s := r.waitFor("2. Log data · Another person or body · 6 months")
	r.golden()
	if !strings.Contains(s, "> 2. Log data") {
		t.Errorf("the cursor is not on the new item:\n%s", s)
	}

	// Reorder: K moves the selected item up, shift+down (or J) down.
	r.keys("K")
	r.waitFor("> 1. Log data", "2. Contact details")
	r.keys("shift+down")
	r.waitFor("1. Contact details", "> 2. Log data")

	// Edit: enter opens the selected item; esc after a change asks first.
	r.keys("up", "enter")
	r.waitFor("Editing a data category", "› data category 1 of 2")
	r.keys("ctrl+u", "Contact data")
	r.focus("data_categories[0].items", "enter")
	r.keys("esc")
	r.waitFor("Undo your changes to this data category?")
	r.keys("y")
	r.waitFor("> 1. Contact details")
	r.keys("enter", "ctrl+u", "Contact data")
	r.focus("data_categories[0].items", "enter")
	r.focus("data_categories[0].mandatory", "enter")
	r.focus("data_categories[0].special", "enter")
	r.focus("data_categories[0].source", "enter")
	r.focus("data_categories[0].retention", "enter")
	r.keys("enter")
	r.waitFor("1. Contact data · 2 items")

	// Remove asks; n keeps the item, y removes it.
	r.keys("down", "d")
	r.waitFor(`Remove the data category "Log data`)
	r.keys("n")
	r.waitFor("2. Log data")
	r.keys("d", "y")
	r.waitGone("Log data")

	r.form(func(f *Form) {
		want := model.Record{DataCategories: []model.DataCategory{{
			Name: "Contact data", Items: []string{"E-mail address", "Phone"}, Mandatory: true,
			Source: model.SourceDataSubject, Retention: "Until the account is deleted",
		}}}
		got := records.Encode(&model.Record{DataCategories: f.rec.DataCategories})
		if string(got) != string(records.Encode(&want)) {
			t.Errorf("data categories:\n%s\nwant:\n%s", got, records.Encode(&want))
		}
	})
}
