package tui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

func TestFormReviewListsFindingsErrorsFirst(t *testing.T) {
	rec := model.Record{
		Title:  "Visitor badges",
		Status: model.StatusSubmitted,
		LegalBasis: model.LegalBasis{
			Grounds: []model.Ground{model.GroundPublicTask}, // without the Union law: an error
		},
		DataCategories: []model.DataCategory{{Name: "Identity", Items: []string{"Name"}}}, // no retention: a warning
	}
	r := startForm(t, FormOptions{Slug: "visitor-badges", Record: rec})
	r.keys("ctrl+s")
	s := r.waitFor("Step 18 of 18 · Review and save", "✗ error")

	want := model.LintRecord(formRegisterInfo(), "records/visitor-badges.toml", &rec, formToday)
	var errs, warns int
	for _, x := range want {
		if x.Severity == model.SeverityError {
			errs++
		} else {
			warns++
		}
	}
	if errs == 0 || warns == 0 {
		t.Fatalf("the test record should have errors and warnings: %+v", want)
	}
	if !strings.Contains(s, plural(errs, "error", "errors")+" and "+plural(warns, "warning", "warnings")) {
		t.Errorf("the review does not count %d errors and %d warnings:\n%s", errs, warns, s)
	}
	// Every finding is on the page (scrolling), errors before warnings.
	var page string
	r.form(func(f *Form) { page = ansi.Strip(f.reviewContent(200)) })
	lastError, firstWarning := -1, len(page)
	for _, x := range want {
		head := x.Field
		i := strings.Index(page, head)
		if i < 0 {
			t.Errorf("finding on %s (%s) not on the review page", x.Field, x.Message)
			continue
		}
		if x.Severity == model.SeverityError {
			lastError = max(lastError, i)
		} else {
			firstWarning = min(firstWarning, i)
		}
	}
	if lastError > firstWarning {
		t.Errorf("a warning comes before an error:\n%s", page)
	}
	if !strings.Contains(page, "step 7 Legal basis · Art 5(2) · legal_basis.union_law") {
		t.Errorf("the finding does not name the step where it is fixed:\n%s", page)
	}

	// ctrl+g goes to the step a finding names.
	r.keys("ctrl+g", "7")
	r.waitFor("Go to step (1-18): 7_")
	r.keys("enter")
	r.waitFor("Step 7 of 18 · Legal basis")
	r.keys("ctrl+g", "9", "9", "enter")
	r.waitFor(`There is no step "99": the steps are numbered 1 to 18.`)
	r.keys("ctrl+s")
	r.waitFor("Step 18 of 18 · Review and save")

	// A submitted record with errors is not saved; D saves it as a draft.
	r.keys("s")
	r.waitFor("a submitted record must pass the checks")
	r.golden()
	r.keys("D")
	saved, _ := r.ended()
	if saved == nil || saved.Record.Status != model.StatusDraft {
		t.Fatalf("D did not save a draft: %+v", saved)
	}
}

func TestFormSaveWritesWhatWasTyped(t *testing.T) {
	r := startForm(t, FormOptions{IsNew: true})
	// Identity.
	r.keys("Visitor badges")
	r.focus("reference", "enter")
	r.keys("DPR-EC-01234")
	r.focus("version", "enter")
	r.keys("2")
	r.focus("language", "enter")
	r.focus("kind", "enter")
	r.focus("status", "enter")
	r.focus("last_updated", "enter")
	r.keys("2026-05-04")
	r.focus("notice_date", "enter")
	r.keys("pgdown")
	// Controller.
	r.waitFor("Step 2 of 18 · Controller")
	r.keys("European Commission")
	r.focus("controller.unit", "enter")
	r.keys("DG HR, Unit D.3")
	r.focus("controller.email", "enter")
	r.keys("hr-badges@ec.europa.eu")
	r.focus("controller.address", "enter")
	r.keys("Rue de la Loi 200", "ctrl+j", "1049 Brussels")
	r.keys("pgdown", "pgdown", "pgdown", "pgdown")
	// Purposes.
	r.waitFor("Step 6 of 18 · Purposes")
	r.keys("Badges let staff and visitors into the buildings.")
	r.focus("purposes", "tab")
	r.keys("give access to the buildings", "ctrl+j", "keep a log of entries")
	r.focus("automated_means", "tab")
	r.keys("y", "enter") // the last question: y answers, enter moves on
	// Legal basis: public task, with its Union law.
	r.waitFor("Step 7 of 18 · Legal basis")
	r.keys("x")
	r.focus("legal_basis.union_law", "enter")
	r.keys("Staff Regulations, Article 55")
	r.keys("pgdown")
	// Data subjects.
	r.waitFor("Step 8 of 18 · Data subjects")
	r.keys("a", "Visitors")
	r.focus("data_subjects[0].description", "enter")
	r.keys("enter")
	r.waitFor("1. Visitors")
	r.keys("tab")
	// Personal data: two categories.
	r.waitFor("Step 9 of 18 · Personal data")
	r.keys("a", "Identification")
	r.focus("data_categories[0].items", "enter")
	r.keys("Name", "ctrl+j", "Photo")
	r.focus("data_categories[0].mandatory", "tab")
	r.focus("data_categories[0].special", "y", "enter")
	r.focus("data_categories[0].source", "n", "enter")
	r.keys("down")
	r.focus("data_categories[0].retention", "enter")
	r.keys("1 year after the last visit", "enter")
	r.waitFor("1. Identification")
	r.keys("a", "Entry log")
	r.focus("data_categories[1].items", "enter")
	r.keys("Time of entry")
	r.focus("data_categories[1].mandatory", "tab")
	r.focus("data_categories[1].special", "enter")
	r.focus("data_categories[1].source", "enter")
	r.keys("down", "down", "down", "down")
	r.focus("data_categories[1].retention", "enter")
	r.keys("6 months", "enter")
	r.waitFor("2. Entry log")
	r.keys("tab")
	// Recipients: one in a third country, which needs its country.
	r.waitFor("Step 10 of 18 · Recipients")
	r.keys("a", "Security contractor")
	r.focus("recipients[0].kind", "enter")
	r.keys("down", "down", "down", "down")
	r.focus("recipients[0].country", "enter")
	r.keys("enter")
	r.waitFor("Name the third country")
	r.keys("CH")
	r.focus("recipients[0].description", "enter")
	r.keys("enter")
	r.waitFor("1. Security contractor")
	r.keys("tab")
	// Transfers: to that recipient, under an adequacy decision.
	r.waitFor("Step 11 of 18 · Transfers")
	r.keys("a", "Security contractor")
	r.focus("transfers[0].country", "enter")
	r.waitFor("> CH") // the recipient's country, filled in
	r.focus("transfers[0].international_organisation", "enter")
	r.focus("transfers[0].mechanisms", "enter")
	r.keys("x")
	r.focus("transfers[0].safeguards", "enter")
	r.keys("Adequacy decision 2000/518/EC")
	r.keys("enter")
	r.waitFor("1. Security contractor · CH")
	// Review and save.
	r.keys("ctrl+s")
	r.waitFor("Step 18 of 18 · Review and save")
	r.keys("s")
	saved, _ := r.ended()
	if saved == nil {
		t.Fatal("the form did not report a save")
	}
	if saved.Path != "records/visitor-badges.toml" {
		t.Errorf("saved as %s", saved.Path)
	}

	data, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(saved.Path)))
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := records.Decode(saved.Path, data)
	if err != nil {
		t.Fatal(err)
	}
	want := model.Record{
		Title:       "Visitor badges",
		Reference:   "DPR-EC-01234",
		Version:     2,
		Language:    "en",
		Kind:        model.KindController,
		Status:      model.StatusDraft,
		LastUpdated: time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC),
		Description: "Badges let staff and visitors into the buildings.",
		Purposes:    []string{"give access to the buildings", "keep a log of entries"},
		Controller: model.Controller{
			Organisation: "European Commission", Unit: "DG HR, Unit D.3",
			Email: "hr-badges@ec.europa.eu", Address: "Rue de la Loi 200\n1049 Brussels",
		},
		AutomatedMeans: true,
		LegalBasis: model.LegalBasis{
			Grounds:  []model.Ground{model.GroundPublicTask},
			UnionLaw: "Staff Regulations, Article 55",
		},
		DataSubjects: []model.DataSubject{{Name: "Visitors"}},
		DataCategories: []model.DataCategory{
			{Name: "Identification", Items: []string{"Name", "Photo"}, Mandatory: true,
				Source: model.SourceDataSubject, Retention: "1 year after the last visit"},
			{Name: "Entry log", Items: []string{"Time of entry"}, Source: model.SourceGenerated, Retention: "6 months"},
		},
		Recipients: []model.Recipient{{Name: "Security contractor", Kind: model.RecipientThirdCountry, Country: "CH"}},
		Transfers: []model.Transfer{{Recipient: "Security contractor", Country: "CH",
			Mechanisms: []model.Mechanism{model.MechAdequacy}, Safeguards: "Adequacy decision 2000/518/EC"}},
	}
	if !reflect.DeepEqual(normalised(got), normalised(want)) {
		t.Errorf("the file holds:\n%s\nwant:\n%s", records.Encode(&got), records.Encode(&want))
	}
	if fileExists(draftPath(r.root, "")) {
		t.Error("a draft is left after the save")
	}
	drafts, err := records.LoadDrafts(r.root)
	if err != nil || len(drafts) != 0 {
		t.Errorf("drafts after a save: %v, %v", drafts, err)
	}
}

// normalised makes empty lists nil, as a decoded file has them.
func normalised(r model.Record) model.Record {
	data := records.Encode(&r)
	out, _, err := records.Decode("x.toml", data)
	if err != nil {
		panic(err)
	}
	return out
}

func TestFormDraftWrittenOnStepChange(t *testing.T) {
	r := startForm(t, FormOptions{IsNew: true, DraftKey: "new-test-draft"})
	r.keys("Half a record")
	if fileExists(draftPath(r.root, "new-test-draft")) {
		t.Fatal("a draft before any change of step or question")
	}
	r.keys("pgdown")
	r.waitFor("Step 2 of 18")
	var drafts []records.Draft
	deadline := time.Now().Add(5 * time.Second)
	for len(drafts) == 0 && time.Now().Before(deadline) {
		drafts, _ = records.LoadDrafts(r.root)
		time.Sleep(10 * time.Millisecond)
	}
	if len(drafts) != 1 || drafts[0].Key != "new-test-draft" || drafts[0].Record.Title != "Half a record" {
		t.Fatalf("drafts = %+v", drafts)
	}
	r.waitFor("kept as a draft")
}

func TestFormEscAsksBeforeDiscarding(t *testing.T) {
	r := startForm(t, FormOptions{IsNew: true, DraftKey: "new-esc"})
	r.keys("Something typed", "pgdown")
	r.waitFor("Step 2 of 18")
	r.waitUntil(func(string) bool { return fileExists(draftPath(r.root, "new-esc")) }, "the draft")
	r.keys("esc")
	r.waitFor("Discard this new record? The draft is deleted too.  y/n")
	r.keys("n")
	r.waitGone("Discard this new record?")
	r.keys("esc", "y")
	saved, closed := r.ended()
	if saved != nil || !closed {
		t.Fatalf("esc, y: saved %v closed %v", saved, closed)
	}
	if fileExists(draftPath(r.root, "new-esc")) {
		t.Error("the draft is still there after discarding")
	}
}

func TestFormEscClosesAtOnceWithoutChanges(t *testing.T) {
	r := startForm(t, FormOptions{IsNew: true})
	r.keys("esc")
	if _, closed := r.ended(); !closed {
		t.Fatal("esc on an untouched form did not close it")
	}
}

func TestFormSaveConflictIsShownAndKept(t *testing.T) {
	root, rec, _, r := editNewsletter(t)
	r.keys("ctrl+u", "Staff newsletter (weekly)", "pgdown")
	// Someone else changes the file meanwhile.
	other := rec
	other.Description = "Changed in another editor."
	if _, err := os.Stat(filepath.Join(root, "records", "staff-newsletter.toml")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "records", "staff-newsletter.toml"), records.Encode(&other), 0o644); err != nil {
		t.Fatal(err)
	}
	r.keys("ctrl+s", "s")
	s := r.waitFor("Not saved:", "changed on disk")
	if !strings.Contains(statusLines(s), "keeps your answers in the draft") {
		t.Errorf("the error does not say the answers are kept:\n%s", s)
	}
	r.form(func(f *Form) {
		if f.rec.Title != "Staff newsletter (weekly)" {
			t.Errorf("the title typed is lost: %q", f.rec.Title)
		}
	})
	onDisk, _, err := records.Decode("x", mustRead(t, filepath.Join(root, "records", "staff-newsletter.toml")))
	if err != nil || onDisk.Description != "Changed in another editor." {
		t.Errorf("the other change was overwritten: %+v %v", onDisk, err)
	}
	var drafts []records.Draft
	r.waitUntil(func(string) bool {
		drafts, err = records.LoadDrafts(root)
		return len(drafts) > 0
	}, "a draft")
	if len(drafts) != 1 || drafts[0].Record.Title != "Staff newsletter (weekly)" {
		t.Errorf("no draft of the answers: %+v %v", drafts, err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
