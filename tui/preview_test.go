package tui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// openRecord filters the browser to one reference and opens it.
func openRecord(t *testing.T, m *Model, ref string) {
	t.Helper()
	update(m, tea.KeyPressMsg{Code: '/', Text: "/"})
	for _, c := range ref {
		update(m, tea.KeyPressMsg{Code: c, Text: string(c)})
	}
	update(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	update(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	if m.screen != screenRecord || m.record.file.Record.Reference != ref {
		t.Fatalf("could not open %s", ref)
	}
}

func TestRecordViewPreviewsNoticeAndEntry(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	openRecord(t, m, "DPR-EC-00932")
	title := m.record.file.Record.Title

	settle(m, update(m, tea.KeyPressMsg{Code: '2', Text: "2"}))
	notice := plain(m.View().Content)
	if m.record.tab != tabNotice || m.record.errs[tabNotice] != nil {
		t.Fatalf("notice tab: %v, error %v", m.record.tab, m.record.errs[tabNotice])
	}
	full := plain(m.record.content[tabNotice])
	if !strings.Contains(strings.Join(strings.Fields(full), " "), title) {
		t.Errorf("the notice preview does not name the operation %q:\n%s", title, full)
	}
	if strings.Contains(full, "](") || strings.Contains(full, "\n# ") {
		t.Errorf("the preview shows raw Markdown rather than rendering it:\n%s", full)
	}
	checkFits(t, m, testWidth, testHeight)

	settle(m, update(m, tea.KeyPressMsg{Code: tea.KeyTab}))
	if m.record.tab != tabEntry || m.record.content[tabEntry] == "" || m.record.errs[tabEntry] != nil {
		t.Fatalf("tab: %v, error %v", m.record.tab, m.record.errs[tabEntry])
	}
	if entry := plain(m.View().Content); entry == notice {
		t.Error("the entry preview shows the same screen as the notice")
	}
	if !strings.Contains(plain(m.record.content[tabEntry]), "DPR-EC-00932") {
		t.Error("the register entry does not show the reference")
	}

	// A resize renders the previews again for the new width.
	settle(m, update(m, tea.WindowSizeMsg{Width: 120, Height: 30}))
	checkFits(t, m, 120, 30)
	if m.record.content[tabEntry] == "" {
		t.Error("the entry was not rendered again after the resize")
	}
	update(m, tea.KeyPressMsg{Code: '1', Text: "1"})
	if !strings.Contains(plain(m.View().Content), "1. Identity") {
		t.Error("1 does not go back to the record")
	}
}

func TestRecordViewExportsNoticeAndEntry(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	openRecord(t, m, "DPR-EC-00932")
	settle(m, update(m, tea.KeyPressMsg{Code: 'x', Text: "x"}))
	if m.status.kind != statusOK || !strings.Contains(m.status.text, "export/") {
		t.Fatalf("status after x: %q", m.status.text)
	}
	for _, rel := range []string{"en/notices/emn-ies.html", "en/notices/emn-ies.md", "en/entries/emn-ies.html", "en/entries/emn-ies.md"} {
		if !exists(filepath.Join(root, "export", filepath.FromSlash(rel))) {
			t.Errorf("export/%s not written", rel)
		}
	}
	html, err := readFileString(filepath.Join(root, "export", "en", "notices", "emn-ies.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, "<html") || !strings.Contains(html, "DPR-EC-00932") {
		t.Errorf("the HTML notice is not a page about the record:\n%.300s", html)
	}
}
