package tui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

func plain(s string) string   { return ansi.Strip(s) }
func plainWidth(s string) int { return ansi.StringWidth(s) }
func visibleRefs(m *Model) []string {
	var refs []string
	for _, i := range m.browser.visible {
		refs = append(refs, m.browser.rows[i].ref)
	}
	return refs
}

func TestBrowserListsEveryRecord(t *testing.T) {
	root := testRegister(t)
	s := start(t, root)
	m := s.finish()
	text := requireGolden(t, m)

	if got, want := len(m.browser.rows), len(m.files); got != want || got < 6 {
		t.Fatalf("%d rows for %d files; the example has at least 6", got, want)
	}
	for _, f := range m.files {
		if f.Record.Reference != "" && !strings.Contains(text, f.Record.Reference) {
			t.Errorf("reference %s not on screen", f.Record.Reference)
		}
	}
	for _, r := range m.browser.rows {
		if !r.linted || r.git != "clean" {
			t.Errorf("%s: linted=%v git=%q, want linted and clean", r.path, r.linted, r.git)
		}
	}
}

func TestBrowserFilterNarrowsTheList(t *testing.T) {
	root := testRegister(t)
	s := start(t, root)
	s.keys("/", "migration")
	m := s.finish()
	text := requireGolden(t, m)

	refs := visibleRefs(m)
	if len(refs) == 0 || len(refs) >= len(m.browser.rows) {
		t.Fatalf("filter kept %d of %d rows: %v", len(refs), len(m.browser.rows), refs)
	}
	for _, i := range m.browser.visible {
		r := m.browser.rows[i]
		if !strings.Contains(strings.ToLower(r.title+r.unit+r.ref+r.status), "migration") {
			t.Errorf("row %s (%s) does not match “migration”", r.ref, r.title)
		}
	}
	if !slices.Contains(refs, "DPR-EC-00932") || slices.Contains(refs, "DPR-EC-00373") {
		t.Errorf("visible %v: want DPR-EC-00932 (EMN) and not DPR-EC-00373 (IMI)", refs)
	}
	if !strings.Contains(text, "/ migration") {
		t.Errorf("filter line missing:\n%s", text)
	}
}

func TestBrowserFilterWordsAndBackspace(t *testing.T) {
	root := testRegister(t)
	s := start(t, root)
	// Two words must both match; backspace widens again; esc clears.
	s.keys("/", "migration network ges")
	s.keys("backspace", "backspace", "backspace", "backspace")
	m := s.finish()
	refs := visibleRefs(m)
	want := []string{"DPR-EC-00932"}
	if !slices.Equal(refs, want) {
		t.Errorf("“migration network” shows %v, want %v", refs, want)
	}
}

func TestBrowserEscClearsFilter(t *testing.T) {
	root := testRegister(t)
	s := start(t, root)
	s.keys("/", "imi", "esc")
	m := s.finish()
	if m.browser.query != "" || len(m.browser.visible) != len(m.browser.rows) {
		t.Errorf("after esc: query %q, %d of %d rows", m.browser.query, len(m.browser.visible), len(m.browser.rows))
	}
}

func TestBrowserEnterOpensTheRecord(t *testing.T) {
	root := testRegister(t)
	s := start(t, root)
	s.keys("/", "DPR-EC-00932", "enter", "enter")
	m := s.finish()
	text := requireGolden(t, m)

	if m.screen != screenRecord || m.record == nil {
		t.Fatalf("screen %v, want the record view", m.screen)
	}
	if got := m.record.file.Record.Reference; got != "DPR-EC-00932" {
		t.Errorf("opened %s, want DPR-EC-00932", got)
	}
	for _, want := range []string{m.record.file.Record.Title, "1. Identity", "DPR-EC-00932"} {
		if !strings.Contains(text, want) {
			t.Errorf("record view lacks %q:\n%s", want, text)
		}
	}
}

func TestBrowserSortCycles(t *testing.T) {
	root := testRegister(t)
	s := start(t, root)
	s.keys("s") // by title
	m := s.finish()
	text := requireGolden(t, m)

	if m.browser.sort != sortTitle || !strings.Contains(text, "sorted by title") {
		t.Fatalf("sort %v, want title", m.browser.sort)
	}
	var titles []string
	for _, i := range m.browser.visible {
		titles = append(titles, strings.ToLower(m.browser.rows[i].title))
	}
	if !slices.IsSorted(titles) {
		t.Errorf("titles not sorted: %q", titles)
	}
}

func TestBrowserSortByFindingsPutsErrorsFirst(t *testing.T) {
	root := testRegister(t)
	s := start(t, root)
	s.keys("s", "s", "s", "s") // title, unit, status, findings
	m := s.finish()
	if m.browser.sort != sortFindings {
		t.Fatalf("sort %v, want findings", m.browser.sort)
	}
	prev := 1 << 30
	for _, i := range m.browser.visible {
		r := m.browser.rows[i]
		if r.errors > prev {
			t.Errorf("%s has %d errors after a row with %d", r.path, r.errors, prev)
		}
		prev = r.errors
	}
	s5 := start(t, root)
	s5.keys("s", "s", "s", "s", "s") // and back to reference
	if m5 := s5.finish(); m5.browser.sort != sortReference {
		t.Errorf("five presses: sort %v, want reference", m5.browser.sort)
	}
}

func TestBrowserDeleteAsksFirst(t *testing.T) {
	root := testRegister(t)
	file := recordPath(root, "imi")
	s := start(t, root)
	s.keys("/", "DPR-EC-00373", "enter", "d")
	m := s.finish()
	text := requireGolden(t, m)
	if m.confirm == nil || !strings.Contains(text, "Delete DPR-EC-00373 (records/imi.toml)?") || !strings.Contains(text, "y/n") {
		t.Fatalf("d did not ask:\n%s", text)
	}
	if !exists(file) {
		t.Fatal("the file went before the answer")
	}

	// n keeps the file.
	s = start(t, root)
	s.keys("/", "DPR-EC-00373", "enter", "d", "n")
	m = s.finish()
	if !exists(file) || m.confirm != nil || len(m.files) != len(m.browser.rows) {
		t.Fatal("n did not keep the file")
	}

	// y removes it, and the row.
	s = start(t, root)
	before := countRecords(t, root)
	s.keys("/", "DPR-EC-00373", "enter", "d", "y")
	s.log.wait(t, "deletedMsg", 1)
	s.log.wait(t, "gitStatusMsg", 2) // the states after the delete
	m = s.finish()
	if exists(file) {
		t.Fatal("y did not delete the file")
	}
	if len(m.files) != before-1 {
		t.Errorf("%d files after delete, want %d", len(m.files), before-1)
	}
	for _, r := range m.browser.rows {
		if r.path == "records/imi.toml" {
			t.Error("the deleted record is still listed")
		}
	}
	if !strings.Contains(plain(screenText(t, m)), "Deleted records/imi.toml") {
		t.Errorf("no confirmation of the delete on screen")
	}
}

func TestBrowserShowsGitStates(t *testing.T) {
	root := testRegister(t)
	// A new record and a changed one, after the commit.
	data, err := readFileString(recordPath(root, "imi"))
	if err != nil {
		t.Fatal(err)
	}
	writeFileString(t, recordPath(root, "imi"), strings.Replace(data, "title = \"", "title = \"Herzien: ", 1))
	writeFileString(t, recordPath(root, "copy-of-imi"), strings.Replace(data, "DPR-EC-00373", "DPR-EC-09999", 1))
	s := start(t, root)
	m := s.finish()
	requireGolden(t, m)
	want := map[string]string{"records/imi.toml": "modified", "records/copy-of-imi.toml": "new", "records/emn-ies.toml": "clean"}
	for _, r := range m.browser.rows {
		if w, ok := want[r.path]; ok && r.git != w {
			t.Errorf("%s: git %q, want %q", r.path, r.git, w)
		}
	}
}

// A record Git does not have yet is gone for good once deleted: the
// question says so, and does not promise that Git keeps it.
func TestBrowserDeleteOfUntrackedRecordWarns(t *testing.T) {
	root := testRegister(t)
	if _, err := records.Create(root, "visitor-badges", &model.Record{Title: "Visitor badges", Reference: "DPR-EC-07777", Language: "en"}); err != nil {
		t.Fatal(err)
	}
	s := start(t, root)
	s.keys("/", "DPR-EC-07777", "enter", "d")
	m := s.finish()
	if m.confirm == nil {
		t.Fatal("d did not ask")
	}
	q := m.confirm.question
	if !strings.Contains(q, "It is not in Git yet: deleting it cannot be undone.") {
		t.Errorf("the question does not warn that the delete is final: %q", q)
	}
	if strings.Contains(q, "Git keeps") {
		t.Errorf("the question promises Git keeps an untracked file: %q", q)
	}
	// The whole question is on screen, however long.
	if screen := strings.Join(strings.Fields(plain(screenText(t, m))), " "); !strings.Contains(screen, "deleting it cannot be undone. y/n") {
		t.Errorf("the end of the question is not on screen:\n%s", screenText(t, m))
	}

	s = start(t, root)
	s.keys("/", "DPR-EC-07777", "enter", "d", "y")
	s.log.wait(t, "deletedMsg", 1)
	m = s.finish()
	if exists(recordPath(root, "visitor-badges")) {
		t.Fatal("y did not delete the file")
	}
	if m.status.text != "Deleted records/visitor-badges.toml." {
		t.Errorf("status after the delete: %q", m.status.text)
	}
}

// The marks of the Checks column (✗2, !6) and of the Git column are
// explained under the full help.
func TestBrowserFullHelpExplainsMarks(t *testing.T) {
	root := testRegister(t)
	for _, size := range [][2]int{{testWidth, testHeight}, {120, 40}} {
		m := loadedModel(t, root, size[0], size[1])
		update(m, tea.KeyPressMsg{Code: '?', Text: "?"})
		checkFits(t, m, size[0], size[1])
		screen := plain(m.View().Content)
		for _, want := range []string{"Checks: ✗2 2 errors to fix • !6 6 warnings • ✓ passes • … checking", "Git: new not committed yet • modified since the last commit • clean as committed"} {
			if !strings.Contains(screen, want) {
				t.Errorf("%dx%d: the full help does not explain %q:\n%s", size[0], size[1], want, screen)
			}
		}
	}
}
