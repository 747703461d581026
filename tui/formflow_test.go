package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// n opens the form on a new record in the register's first language; the
// form's save comes back as FormSavedMsg, and the browser then lists the
// new file and shows it.
func TestNewRecordOpensFormAndSavedRecordIsShown(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	update(m, tea.KeyPressMsg{Code: 'n', Text: "n"})
	if m.screen != screenForm || m.form == nil {
		t.Fatalf("n: screen %v, want the form", m.screen)
	}
	if lang := m.form.opts.Record.Language; len(m.info.Languages) > 0 && lang != m.info.Languages[0] {
		t.Errorf("new record in %q, want the register's first language %q", lang, m.info.Languages[0])
	}
	if !m.form.opts.IsNew {
		t.Error("the form does not know the record is new")
	}
	checkFits(t, m, testWidth, testHeight)

	// What the form does on save: write the file, then report it.
	rec := model.Record{Title: "Visitor badges", Language: "en", Kind: model.KindController, Status: model.StatusDraft}
	f, err := records.Create(root, "visitor-badges", &rec)
	if err != nil {
		t.Fatal(err)
	}
	settle(m, update(m, FormSavedMsg{Path: f.Path, Record: rec}))
	if m.screen != screenRecord || m.record == nil || m.record.file.Path != "records/visitor-badges.toml" {
		t.Fatalf("after save: screen %v, want the saved record", m.screen)
	}
	if m.form != nil {
		t.Error("the form is still open")
	}
	found := false
	for _, r := range m.browser.rows {
		if r.path == f.Path {
			found = r.title == "Visitor badges" && r.git == "new" && r.linted
		}
	}
	if !found {
		t.Errorf("the new record is not listed as new and checked")
	}
	if text := plain(m.View().Content); !strings.Contains(text, "Saved records/visitor-badges.toml") {
		t.Errorf("no word of the save:\n%s", text)
	}
	update(m, tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.screen != screenBrowser || m.browser.selectedPath() != f.Path {
		t.Errorf("back in the browser, the cursor is on %q, want the saved record", m.browser.selectedPath())
	}
}

func TestEditOpensFormOnTheRecordAndCloseReturns(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	sel := m.browser.selected()
	update(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	update(m, tea.KeyPressMsg{Code: 'e', Text: "e"})
	if m.screen != screenForm || m.form == nil {
		t.Fatalf("e: screen %v, want the form", m.screen)
	}
	if m.form.opts.Slug != sel.file.Slug || m.form.opts.IsNew || m.form.opts.Record.Title != sel.file.Record.Title {
		t.Errorf("form opened on %q (new %v), want %q", m.form.opts.Slug, m.form.opts.IsNew, sel.file.Slug)
	}
	update(m, FormClosedMsg{})
	if m.screen != screenRecord || m.form != nil {
		t.Errorf("after closing: screen %v, want the record view it came from", m.screen)
	}
}

func TestEditRefusesFileWithComments(t *testing.T) {
	root := testRegister(t)
	path := recordPath(root, "staff-newsletter")
	data, err := readFileString(path)
	if err != nil {
		t.Fatal(err)
	}
	writeFileString(t, path, data+"# a note the DPO wrote by hand\n")
	m := loadedModel(t, root, testWidth, testHeight)
	update(m, tea.KeyPressMsg{Code: '/', Text: "/"})
	for _, c := range "staff newsletter" {
		update(m, tea.KeyPressMsg{Code: c, Text: string(c)})
	}
	update(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	update(m, tea.KeyPressMsg{Code: 'e', Text: "e"})
	if m.screen == screenForm {
		t.Fatal("the form opened on a file whose comments a save would drop")
	}
	if !strings.Contains(m.status.text, "comments") || m.status.kind != statusError {
		t.Errorf("status %q, want the comments explained", m.status.text)
	}
}

// A draft left by an interrupted form is offered at start; y resumes it in
// the form, n keeps it for next time.
func TestDraftIsOffered(t *testing.T) {
	root := testRegister(t)
	draft := model.Record{Title: "Half-written record", Language: "en"}
	if err := records.SaveDraft(root, "new-20260601-101500-000000001", &draft); err != nil {
		t.Fatal(err)
	}
	m := loadedModel(t, root, testWidth, testHeight)
	text := plain(m.View().Content)
	if m.confirm == nil || !strings.Contains(text, "1 unsaved draft: resume “Half-written record”") {
		t.Fatalf("draft not offered:\n%s", text)
	}
	update(m, tea.KeyPressMsg{Code: 'y', Text: "y"})
	if m.screen != screenForm || m.form == nil {
		t.Fatalf("y: screen %v, want the form", m.screen)
	}
	if m.form.opts.Record.Title != "Half-written record" || m.form.opts.DraftKey != "new-20260601-101500-000000001" || !m.form.opts.FromDraft {
		t.Errorf("form not on the draft: %+v", m.form.opts)
	}

	m = loadedModel(t, root, testWidth, testHeight)
	update(m, tea.KeyPressMsg{Code: 'n', Text: "n"})
	if m.screen != screenBrowser || m.confirm != nil || !strings.Contains(m.status.text, "Kept the draft") {
		t.Errorf("n: screen %v, status %q", m.screen, m.status.text)
	}
}

// ctrl+c in a form with unsaved typing writes the draft before quitting, so
// the last keystrokes (which the form would write two seconds later) survive.
func TestCtrlCInFormKeepsTheDraft(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	update(m, tea.KeyPressMsg{Code: 'n', Text: "n"})
	if m.form == nil {
		t.Fatal("n did not open the form")
	}
	m.form.rec.Title = "Typed just before ctrl+c"
	cmd := m.key(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if cmd == nil {
		t.Fatal("ctrl+c returned no command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("ctrl+c does not quit")
	}
	drafts, err := records.LoadDrafts(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts) != 1 || drafts[0].Record.Title != "Typed just before ctrl+c" {
		t.Fatalf("drafts after ctrl+c: %+v, want the typed title", drafts)
	}
}
