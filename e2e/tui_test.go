package e2e_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// browserHelp is the start of the browser's help line: the record view
// shows the same titles, and q there means back, not quit.
const browserHelp = "enter open • / filter"

// filterPrompt is the line where the filter is typed: "/ medical█".
var filterPrompt = regexp.MustCompile(`(?m)^/ `)

// TestDemoBrowseFilterOpen is a new user's first minute: `ropa demo`, find
// a record by filtering, open it, read it, go back, quit.
func TestDemoBrowseFilterOpen(t *testing.T) {
	needTmux(t)
	t.Parallel()
	term := startTerminal(t, 100, 30, personEnv(t), ropaBin, "demo")

	// The browser lists the example records (wait for the first render
	// before typing anything).
	s := term.waitFor("DPR-EC-01254")
	for _, want := range []string{"Demo:", "DPR-EC-00932", "DPR-EC-00373", "Medical files of staff", "European Migration Network"} {
		if !strings.Contains(s, want) {
			t.Errorf("the demo browser does not show %q", want)
		}
	}

	// "/" and a word filter the list as one types.
	term.press("/")
	term.waitUntil("the filter prompt", func(s string) bool { return filterPrompt.MatchString(s) })
	term.typeText("medical")
	s = term.waitGone("DPR-EC-00932")
	if !strings.Contains(s, "DPR-EC-01254") || !strings.Contains(s, "Medical files of staff") {
		t.Fatalf("filtering by %q lost the matching record", "medical")
	}
	if strings.Contains(s, "DPR-EC-00373") {
		t.Errorf("filtering by %q still shows the IMI record", "medical")
	}

	// Enter keeps the filter, enter again opens the record.
	term.press("Enter")
	term.waitFor("Filter: medical")
	term.press("Enter")
	s = term.waitFor("1. Identity")
	for _, want := range []string{
		"Medical files of staff and candidates kept by the Medical Service",
		"DPR-EC-01254",
		"2. Controller and data protection officer",
		"HR-MEDICAL-SERVICE@ec.europa.eu",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the record view does not show %q", want)
		}
	}
	// Later sections are a page or two further down.
	for _, section := range []string{"6. Personal data and retention", "9. Security measures"} {
		term.scrollTo(section)
	}

	// Back to the browser, the filter still on; then quit. Escape goes
	// alone: a key right after it would read as alt+key.
	term.press("Escape")
	term.waitFor(browserHelp)
	if s := term.screen(); !strings.Contains(s, "Filter: medical") {
		t.Errorf("back in the browser, the filter is gone")
	}
	term.press("q")
	if status := term.waitExit(); status != 0 {
		t.Fatalf("ropa demo exited with status %d after q, want 0", status)
	}
	if s := term.screen(); strings.Contains(s, "Filter: medical") {
		t.Errorf("the browser is still on the screen after quitting: the terminal was not restored")
	}
}

// TestNewRecordThroughGuidedForm writes a complete record with the guided
// form in a register made by `ropa init`, then checks the file holds
// exactly what was typed and passes lint.
func TestNewRecordThroughGuidedForm(t *testing.T) {
	needTmux(t)
	t.Parallel()
	env := personEnv(t)
	reg := filepath.Join(t.TempDir(), "register")
	if out, errOut, status := ropa(t, env, t.TempDir(), "init", "--name", "European Commission", "--short-name", "EC",
		"--prefix", "DPR-EC-", "--dpo-email", "DATA-PROTECTION-OFFICER@ec.europa.eu", reg); status != 0 {
		t.Fatalf("ropa init: status %d\n%s%s", status, out, errOut)
	}
	term := startTerminal(t, 100, 30, env, ropaBin, "--dir", reg)
	term.waitFor("No records yet")
	term.press("n")

	term.waitStep("Identity")
	term.answer("Title of the processing operation", "Visitor access to the Ispra site")
	term.answer("Reference", "")
	// A new record starts from the register: version 1, today, the
	// institution as controller.
	term.keep("Version", "1")
	term.choose("Language of the record", "English")
	term.choose("Kind of record", "We are the controller")
	term.choose("Status", "Submitted to the DPO")
	term.replace("Last updated", "2025-01-15")
	term.answer("Date of the data protection notice", "2025-01-16")

	term.waitStep("Controller")
	term.keep("Organisation", "European Commission")
	term.answer("Unit", "Joint Research Centre, Directorate G, Unit G.4")
	term.answer("Contact e-mail", "JRC-ISPRA-VISITORS@ec.europa.eu")
	term.answerLines("Postal address", "Via Enrico Fermi 2749", "21027 Ispra (VA), Italy")

	// The register names the DPO: leave these empty, next step.
	term.waitStep("Data protection officer")
	term.focus("Name or function")
	term.press("PageDown")
	term.waitStep("Joint controllers")
	term.waitFor("No joint controllers yet")
	term.press("Tab")
	term.waitStep("Processors")
	term.waitFor("No processors yet")
	term.press("Tab")

	term.waitStep("Purposes")
	term.answer("How the processing works", "Visitors register at the gate; the guard checks their identity and prints a badge.")
	term.answerLines("Purposes, one per line", "Register visitors of the site", "Issue visitor badges")
	term.yesNo("Processed by automated means?", true)

	term.waitStep("Legal basis")
	term.tick("Grounds for lawful processing", "Consent of the data subject")
	term.answer("How consent is given and withdrawn", "Visitors tick a box on the registration form; they withdraw by writing to the mailbox.")
	term.yesNo("Special categories of data?", false)
	term.yesNo("Data on criminal convictions or offences?", false)
	term.answer("Necessity and proportionality (internal)", "Only the identity data needed for site security are collected.")

	term.waitStep("Data subjects")
	term.press("a")
	term.answer("Category", "Visitors")
	term.answer("Description", "People who visit the site for a meeting or an event")
	term.waitFor("1 category of data subjects:")
	term.press("a")
	term.answer("Category", "Contractors' staff")
	term.answer("Description", "")
	term.waitFor("2 categories of data subjects:")
	term.press("Tab")

	term.waitStep("Personal data")
	term.press("a")
	term.answer("Category", "Identity data")
	term.answerLines("Items, one per line", "Name", "Passport or identity card number")
	term.yesNo("Mandatory?", true)
	term.yesNo("A special category?", false)
	term.choose("Source", "The data subject")
	term.answer("How long are they kept?", "Deleted 12 months after the visit.")
	term.waitFor("1 data category:")
	term.press("a")
	term.answer("Category", "Visit details")
	term.answerLines("Items, one per line", "Date of the visit", "Host in the JRC")
	term.yesNo("Mandatory?", false)
	term.yesNo("A special category?", false)
	term.choose("Source", "Another person or body")
	term.answer("Who provides them", "the host unit")
	term.answer("How long are they kept?", "Deleted 6 months after the visit.")
	term.waitFor("2 data categories:")
	term.press("Tab")

	term.waitStep("Recipients")
	term.press("a")
	term.answer("Recipient", "Security service of the site")
	term.choose("Kind", "Staff of the institution")
	term.answer("Description", "Guards at the gate")
	term.waitFor("1 recipient:")
	term.press("a")
	term.answer("Recipient", "Swiss border police")
	term.choose("Kind", "A recipient in a third country")
	term.answer("Country", "CH")
	term.answer("Description", "Checks of visitors who cross the border on a site tour")
	term.waitFor("2 recipients:")
	term.press("Tab")

	term.waitStep("Transfers")
	term.press("a")
	term.answer("Recipient", "Swiss border police")
	// The recipient's country, from the previous step, is filled in.
	term.focus("Third country")
	term.waitFor("> CH")
	term.press("Enter")
	term.answer("International organisation", "")
	term.tick("Mechanism", "Adequacy decision of the Commission", "Legally binding instrument between public authorities")
	term.answer("Safeguards", "Commission adequacy decision for Switzerland; cooperation agreement with the canton.")
	term.waitFor("1 transfer:")
	term.press("Tab")

	term.waitStep("Security")
	term.tick("Measures in place", "Encryption", "Access control on a need-to-know basis")
	term.answer("Description of the measures", "Badges are printed in the guard house; the register is on the JRC network.")

	term.waitStep("Automated decisions")
	term.yesNo("Are decisions taken by automated means alone?", false)

	term.waitStep("Provision of data")
	term.choose("Is providing the data a requirement?", "A requirement necessary to enter into a contract")
	term.yesNo("Are people obliged to provide the data?", false)
	term.answer("Consequences of not providing the data", "A visitor without identity papers cannot enter the site.")

	term.waitStep("Restrictions")
	term.yesNo("May rights be restricted under internal rules?", false)
	term.answer("Anything else people need to know to exercise their rights", "Visitors from outside the EU can also write to the site's security office.")

	term.waitStep("Impact assessment")
	term.yesNo("Is the processing on a large scale?", false)
	term.yesNo("Systematic monitoring of a publicly accessible area?", false)
	term.yesNo("Is a DPIA required?", false)
	term.answer("Notes on the DPIA screening (internal)", "Small scale, no special categories.")

	term.waitStep("Review date and notes")
	term.answer("Next review", "2027-06-30")
	term.answer("Notes for the DPO (internal)", "First version.")

	// The review: no errors, a summary of what was typed; save.
	term.waitStep("Review and save")
	s := term.waitFor("Summary")
	if strings.Contains(s, "✗ error") {
		t.Errorf("the review step shows errors for a complete record")
	}
	for _, want := range []string{"Visitor access to the Ispra site", "Art 5(1)(d)", "Identity data; Visit details", "Swiss border police, CH"} {
		if !strings.Contains(s, want) {
			t.Errorf("the review summary does not show %q", want)
		}
	}
	term.press("s")
	term.waitFor("Saved records/")

	// The file: exactly what was typed.
	files, _ := filepath.Glob(filepath.Join(reg, "records", "*.toml"))
	if len(files) != 1 {
		t.Fatalf("records/ holds %d files after the save, want 1: %v", len(files), files)
	}
	path := files[0]
	if got, want := filepath.Base(path), "visitor-access-to-the-ispra-site.toml"; got != want {
		t.Errorf("saved as %s, want %s (the slug of the title)", got, want)
	}
	want := typedRecord()
	got := decodeWithBurntSushi(t, path)
	compareRecords(t, "BurntSushi/toml", got, want)
	if py, ok := decodeWithPython(t, path); ok {
		compareRecords(t, "python3 tomllib", py, want)
	}
	checkCanonical(t, path)
	if drafts := draftFiles(filepath.Join(reg, ".ropa", "drafts")); len(drafts) != 0 {
		t.Errorf("the draft is still on disk after the save: %v", drafts)
	}

	// lint, as CI runs it, on that file.
	out, errOut, status := ropa(t, env, reg, "lint", "--json", path)
	if status != 0 {
		t.Errorf("ropa lint %s: status %d, want 0\n%s%s", path, status, out, errOut)
	}
	var lint struct {
		Checked  int `json:"checked"`
		Errors   int `json:"errors"`
		Findings []struct {
			File, Field, Severity, Message string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &lint); err != nil {
		t.Fatalf("ropa lint --json output: %v\n%s", err, out)
	}
	if lint.Checked != 1 || lint.Errors != 0 {
		t.Errorf("ropa lint: checked %d, errors %d; want 1 and 0", lint.Checked, lint.Errors)
	}
	for _, f := range lint.Findings {
		t.Errorf("ropa lint finding on the new record: %s %s %s: %s", f.Severity, f.File, f.Field, f.Message)
	}

	// Back to the browser, which lists the new record; quit.
	term.press("Escape")
	s = term.waitFor(browserHelp)
	if !strings.Contains(s, "1 of 1 record ") || !strings.Contains(s, "Visitor access to the Ispra site") {
		t.Errorf("the browser does not list the new record")
	}
	term.press("q")
	if status := term.waitExit(); status != 0 {
		t.Fatalf("ropa exited with status %d after q, want 0", status)
	}
}

// typedRecord is the record as typed in TestNewRecordThroughGuidedForm, with
// the form's defaults (English, the controller's record).
func typedRecord() model.Record {
	return model.Record{
		Title:          "Visitor access to the Ispra site",
		Version:        1,
		Language:       "en",
		Kind:           model.KindController,
		Status:         model.StatusSubmitted,
		LastUpdated:    day(2025, 1, 15),
		NoticeDate:     day(2025, 1, 16),
		NextReview:     day(2027, 6, 30),
		RightsInfo:     "Visitors from outside the EU can also write to the site's security office.",
		Description:    "Visitors register at the gate; the guard checks their identity and prints a badge.",
		Purposes:       []string{"Register visitors of the site", "Issue visitor badges"},
		AutomatedMeans: true,
		Notes:          "First version.",
		Controller: model.Controller{
			Organisation: "European Commission",
			Unit:         "Joint Research Centre, Directorate G, Unit G.4",
			Email:        "JRC-ISPRA-VISITORS@ec.europa.eu",
			Address:      "Via Enrico Fermi 2749\n21027 Ispra (VA), Italy",
		},
		LegalBasis: model.LegalBasis{
			Grounds:        []model.Ground{model.GroundConsent},
			ConsentDetails: "Visitors tick a box on the registration form; they withdraw by writing to the mailbox.",
			Analysis:       "Only the identity data needed for site security are collected.",
		},
		DataSubjects: []model.DataSubject{
			{Name: "Visitors", Description: "People who visit the site for a meeting or an event"},
			{Name: "Contractors' staff"},
		},
		DataCategories: []model.DataCategory{
			{
				Name: "Identity data", Items: []string{"Name", "Passport or identity card number"},
				Mandatory: true, Source: model.SourceDataSubject, Retention: "Deleted 12 months after the visit.",
			},
			{
				Name: "Visit details", Items: []string{"Date of the visit", "Host in the JRC"},
				Source: model.SourceThirdParty, SourceDetail: "the host unit", Retention: "Deleted 6 months after the visit.",
			},
		},
		Recipients: []model.Recipient{
			{Name: "Security service of the site", Kind: model.RecipientInternal, Description: "Guards at the gate"},
			{Name: "Swiss border police", Kind: model.RecipientThirdCountry, Country: "CH", Description: "Checks of visitors who cross the border on a site tour"},
		},
		Transfers: []model.Transfer{{
			Recipient:  "Swiss border police",
			Country:    "CH",
			Mechanisms: []model.Mechanism{model.MechAdequacy, model.MechBindingInstrument},
			Safeguards: "Commission adequacy decision for Switzerland; cooperation agreement with the canton.",
		}},
		Security: model.Security{
			Description: "Badges are printed in the guard house; the register is on the JRC network.",
			Measures:    []model.SecurityMeasure{model.MeasureEncryption, model.MeasureAccessControl},
		},
		Provision: model.Provision{
			Requirement:  model.ProvisionPrecondition,
			Consequences: "A visitor without identity papers cannot enter the site.",
		},
		DPIA: model.DPIA{Notes: "Small scale, no special categories."},
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// decodeWithBurntSushi reads a record file strictly: a key the model does
// not know fails the test.
func decodeWithBurntSushi(t *testing.T, path string) model.Record {
	t.Helper()
	var r model.Record
	md, err := toml.DecodeFile(path, &r)
	if err != nil {
		t.Fatalf("BurntSushi/toml: %v", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Errorf("%s holds keys the model does not know: %v", path, und)
	}
	return r
}

// checkCanonical fails the test when the file is not in ropa's canonical
// form (what `ropa fmt` would write), which keeps a DPO's diffs small.
func checkCanonical(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	r, _, err := records.Decode(path, data)
	if err != nil {
		t.Fatalf("records.Decode: %v", err)
	}
	if canon := records.Encode(&r); string(canon) != string(data) {
		t.Errorf("%s is not canonical TOML:\n--- saved:\n%s\n--- canonical:\n%s", path, data, canon)
	}
}

// pythonDecoder reads TOML with python's tomllib and writes JSON whose
// keys are the TOML keys; dates become RFC 3339 midnights, which Go's
// time.Time reads.
const pythonDecoder = `
import datetime, json, sys, tomllib
def conv(v):
    if isinstance(v, dict):
        return {k: conv(x) for k, x in v.items()}
    if isinstance(v, list):
        return [conv(x) for x in v]
    if isinstance(v, datetime.date) and not isinstance(v, datetime.datetime):
        return v.isoformat() + "T00:00:00Z"
    if isinstance(v, (datetime.datetime, datetime.time)):
        raise SystemExit("unexpected %s %r: records hold local dates only" % (type(v).__name__, v))
    return v
with open(sys.argv[1], "rb") as f:
    json.dump(conv(tomllib.load(f)), sys.stdout)
`

// decodeWithPython reads the file with python3's tomllib, a second parser
// that shares nothing with ours. The model's JSON names are its TOML names,
// so the JSON reads into model.Record; an unknown key fails the test.
func decodeWithPython(t *testing.T, path string) (model.Record, bool) {
	t.Helper()
	py, err := lookPython()
	if err != nil {
		t.Logf("no python3 with tomllib (%v): the record is checked with BurntSushi/toml only", err)
		return model.Record{}, false
	}
	out, err := runCommand(py, "-c", pythonDecoder, path)
	if err != nil {
		t.Fatalf("python3 tomllib on %s: %v", path, err)
	}
	var r model.Record
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("tomllib's reading of %s does not fit model.Record: %v\n%s", path, err, out)
	}
	return r, true
}

// compareRecords fails the test when got is not want, printing both as
// JSON. Dates compare by calendar day (TOML local dates carry no zone).
func compareRecords(t *testing.T, parser string, got, want model.Record) {
	t.Helper()
	for _, r := range []*model.Record{&got, &want} {
		for _, d := range []*time.Time{&r.LastUpdated, &r.NoticeDate, &r.NextReview} {
			if !d.IsZero() {
				*d = day(d.Year(), d.Month(), d.Day())
			}
		}
	}
	if reflect.DeepEqual(got, want) {
		return
	}
	var diffs []string
	diffJSON(asJSON(t, got), asJSON(t, want), "", &diffs)
	if len(diffs) == 0 {
		diffs = append(diffs, "(they differ in a way JSON does not show)")
	}
	t.Errorf("%s: the saved record is not what was typed:\n  %s", parser, strings.Join(diffs, "\n  "))
}

// asJSON is a record as generic JSON values, keyed by the model's names.
func asJSON(t *testing.T, r model.Record) any {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("record as JSON: %v", err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("record as JSON: %v", err)
	}
	return v
}

// diffJSON lists the paths where saved and typed differ:
// "data_categories[1].retention: saved "x", typed "y"".
func diffJSON(saved, typed any, path string, out *[]string) {
	sm, ok1 := saved.(map[string]any)
	tm, ok2 := typed.(map[string]any)
	if ok1 && ok2 {
		keys := map[string]bool{}
		for k := range sm {
			keys[k] = true
		}
		for k := range tm {
			keys[k] = true
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			p := k
			if path != "" {
				p = path + "." + k
			}
			diffJSON(sm[k], tm[k], p, out)
		}
		return
	}
	sl, ok1 := saved.([]any)
	tl, ok2 := typed.([]any)
	if ok1 && ok2 && len(sl) == len(tl) {
		for i := range sl {
			diffJSON(sl[i], tl[i], fmt.Sprintf("%s[%d]", path, i), out)
		}
		return
	}
	if !reflect.DeepEqual(saved, typed) {
		s, _ := json.Marshal(saved)
		w, _ := json.Marshal(typed)
		*out = append(*out, fmt.Sprintf("%s: saved %s, typed %s", path, s, w))
	}
}

// TestDraftSurvivesKill starts a form, kills the program with SIGKILL (no
// chance to save anything on the way out), starts it again and resumes the
// draft it offers. At 80×24, the smallest terminal ropa supports.
func TestDraftSurvivesKill(t *testing.T) {
	needTmux(t)
	t.Parallel()
	env, reg, argv, term := startOnExample(t, 80, 24)
	term.press("n")

	term.waitStep("Identity")
	term.answer("Title of the processing operation", "Canteen loyalty cards")
	term.focus("Reference")
	term.press("PageDown")
	term.waitStep("Controller")
	term.replace("Organisation", "Office for Infrastructure and Logistics")
	term.focus("Unit")
	term.typeText("OIB.3 Canteens")
	term.press("PageDown") // a change of step writes the draft at once
	term.waitStep("Data protection officer")
	// Typed without leaving the question: "kept as a draft as you type".
	term.focus("Name or function")
	term.typeText("Canteen privacy desk")
	draftDir := filepath.Join(reg, ".ropa", "drafts")
	waitForDraft(t, draftDir, "Canteen privacy desk")

	pid := term.programPID()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill -9 %d: %v", pid, err)
	}
	if status := term.waitExit(); status != 128+int(syscall.SIGKILL) {
		t.Fatalf("the program ended with status %d, want %d (killed by signal 9)", status, 128+int(syscall.SIGKILL))
	}

	// Started again, ropa offers the draft.
	term.restart(env, argv...)
	s := term.waitFor("unsaved draft")
	if !strings.Contains(s, "Canteen loyalty cards") {
		t.Fatalf("the draft offer does not name the record's title")
	}
	term.press("y")
	term.waitStep("Identity")
	term.focus("Title of the processing operation")
	term.waitFor("> Canteen loyalty cards")
	term.press("PageDown")
	term.waitStep("Controller")
	term.waitFor("> Office for Infrastructure and Logistics")
	term.waitFor("> OIB.3 Canteens")
	term.press("PageDown")
	term.waitStep("Data protection officer")
	term.waitFor("> Canteen privacy desk")

	// Save it as it is (a draft may have findings), and the draft is gone.
	term.press("C-s")
	term.waitStep("Review and save")
	term.press("s")
	term.waitFor("Saved records/canteen-loyalty-cards.toml")
	got := decodeWithBurntSushi(t, filepath.Join(reg, "records", "canteen-loyalty-cards.toml"))
	if got.Title != "Canteen loyalty cards" || got.Controller.Organisation != "Office for Infrastructure and Logistics" ||
		got.Controller.Unit != "OIB.3 Canteens" || got.DPO.Name != "Canteen privacy desk" || got.Status != model.StatusDraft {
		t.Errorf("the resumed record was saved as %+v", got)
	}
	if drafts := draftFiles(draftDir); len(drafts) != 0 {
		t.Errorf("the draft is still on disk after the save: %v", drafts)
	}
	term.press("Escape")
	term.waitFor(browserHelp)
	term.press("q")
	if status := term.waitExit(); status != 0 {
		t.Fatalf("ropa exited with status %d after q, want 0", status)
	}
}

// waitForDraft waits until a draft in dir contains text. Only drafts count,
// not the hidden temporary file a draft is written to before its rename:
// a kill at that moment leaves the previous draft.
func waitForDraft(t *testing.T, dir, text string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		for _, f := range draftFiles(dir) {
			if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), text) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for a draft in %s holding %q", waitTimeout, dir, text)
		}
		time.Sleep(pollInterval)
	}
}

// draftFiles lists the drafts in dir (Go's Glob matches hidden files too).
func draftFiles(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if name := e.Name(); !strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".toml") {
			out = append(out, filepath.Join(dir, name))
		}
	}
	return out
}
