package tui

import (
	"slices"
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
	edit := update(m, tea.KeyPressMsg{Code: 'e', Text: "e"}) // looks for a draft first
	update(m, edit())
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
	if m.confirm == nil || !strings.Contains(text, "Resume the unsaved draft “Half-written record”") {
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
	if !slices.ContainsFunc(runCmd(cmd), func(msg tea.Msg) bool { _, ok := msg.(tea.QuitMsg); return ok }) {
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

// The offer names a draft by its title (or "untitled") and when it was
// saved, never by its internal key; its "? y/n" stays whole at 80 columns,
// however long the title; q and esc mean "not now", like n.
func TestDraftOfferReadsWellAndQMeansNotNow(t *testing.T) {
	root := testRegister(t)
	long := model.Record{Title: "Management of the access badges of staff, contractors and visitors to all the buildings", Language: "en"}
	if err := records.SaveDraft(root, "new-20260601-101500-000000001", &long); err != nil {
		t.Fatal(err)
	}
	if err := records.SaveDraft(root, "new-20260601-101600-000000002", &model.Record{Language: "en"}); err != nil {
		t.Fatal(err)
	}
	m := loadedModel(t, root, testWidth, testHeight)
	var offer string
	for _, line := range strings.Split(plain(m.View().Content), "\n") {
		if strings.Contains(line, "unsaved draft") {
			offer = line
		}
	}
	if !strings.HasPrefix(offer, "2 unsaved drafts. Resume “Management of the") ||
		!strings.HasSuffix(offer, "? y/n") || plainWidth(offer) > testWidth {
		t.Errorf("first offer reads %q: want the count, the title cut to fit, and a whole \"? y/n\"", offer)
	}
	if strings.Contains(offer, "new-2026") {
		t.Errorf("the offer shows the draft's key: %q", offer)
	}
	if !strings.Contains(offer, ", saved ") {
		t.Errorf("the offer does not say when the draft was saved: %q", offer)
	}

	update(m, tea.KeyPressMsg{Code: 'q', Text: "q"})
	if m.confirm == nil || !strings.Contains(m.status.text, "Kept the draft “Management of the access") {
		t.Fatalf("q: confirm %v, status %q; want the first draft kept and the next one offered", m.confirm, m.status.text)
	}
	if text := plain(m.View().Content); !strings.Contains(text, "Resume the unsaved draft “untitled”") {
		t.Errorf("the untitled draft is not offered as such:\n%s", text)
	}
	update(m, tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.confirm != nil || m.screen != screenBrowser {
		t.Errorf("esc: the offer is still open (screen %v)", m.screen)
	}
}

// Editing a record that has an unsaved draft offers the draft: the form
// keeps a record's draft under its slug, so editing afresh would overwrite
// it. n discards it, as the question says, and opens the saved record.
func TestEditOffersTheRecordsDraft(t *testing.T) {
	for _, answer := range []string{"y", "n"} {
		root := testRegister(t)
		m := loadedModel(t, root, testWidth, testHeight)
		sel := m.browser.selected()
		drafted := sel.file.Record
		drafted.Title = "Half-edited title"
		if err := records.SaveDraft(root, sel.file.Slug, &drafted); err != nil {
			t.Fatal(err)
		}
		edit := update(m, tea.KeyPressMsg{Code: 'e', Text: "e"})
		update(m, edit())
		if m.confirm == nil || !strings.Contains(m.confirm.question, "unsaved draft") {
			t.Fatalf("e on a record with a draft: no offer (screen %v)", m.screen)
		}
		cmd := update(m, tea.KeyPressMsg{Code: rune(answer[0]), Text: answer})
		if answer == "n" {
			update(m, cmd())
		}
		if m.screen != screenForm || m.form == nil {
			t.Fatalf("%s: screen %v, want the form", answer, m.screen)
		}
		drafts, err := records.LoadDrafts(root)
		if err != nil {
			t.Fatal(err)
		}
		switch answer {
		case "y":
			if m.form.opts.Record.Title != "Half-edited title" || len(drafts) != 1 {
				t.Errorf("y: the form holds %q, %d drafts; want the draft's title and the draft kept", m.form.opts.Record.Title, len(drafts))
			}
		case "n":
			if m.form.opts.Record.Title != sel.file.Record.Title || len(drafts) != 0 {
				t.Errorf("n: the form holds %q, %d drafts; want the saved title and the draft gone", m.form.opts.Record.Title, len(drafts))
			}
		}
	}
}
