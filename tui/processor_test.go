package tui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// A record kept as processor has no notice (export.HasNotice): its notice
// tab says so and names the controllers whose notices apply, instead of
// previewing a notice that is never published.
func TestProcessorNoticeTabExplains(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	openRecord(t, m, "DPR-EC-02107")
	settle(m, update(m, tea.KeyPressMsg{Code: '2', Text: "2"}))
	if m.record.tab != tabNotice || m.record.errs[tabNotice] != nil {
		t.Fatalf("notice tab: %v, error %v", m.record.tab, m.record.errs[tabNotice])
	}
	text := strings.Join(strings.Fields(plain(m.record.content[tabNotice])), " ")
	for _, want := range []string{
		"No data protection notice",
		"kept as processor (Article 31(2) of Regulation (EU) 2018/1725)",
		"issues no data protection notice for this processing operation",
		"each controller informs the persons concerned, and its own notice applies",
		"Agence exécutive européenne pour la recherche (REA)",
		"Agence exécutive du Conseil européen de la recherche (ERCEA)",
		"Agence exécutive européenne pour l'éducation et la culture (EACEA)",
		"register entry: press 3 to preview it",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the notice tab does not say %q:\n%s", want, text)
		}
	}
	for _, notice := range []string{"Déclaration relative", "Sommaire", "Introduction"} {
		if strings.Contains(text, notice) {
			t.Errorf("the notice tab still previews a notice (%q):\n%s", notice, text)
		}
	}
	checkFits(t, m, testWidth, testHeight)

	// 3 shows the entry, which is what is published.
	settle(m, update(m, tea.KeyPressMsg{Code: '3', Text: "3"}))
	if m.record.tab != tabEntry || m.record.errs[tabEntry] != nil || !strings.Contains(plain(m.record.content[tabEntry]), "DPR-EC-02107") {
		t.Errorf("the entry tab: %v, error %v", m.record.tab, m.record.errs[tabEntry])
	}
}

// x on a record kept as processor writes its entry only, and says so.
func TestProcessorExportWritesTheEntryOnly(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	openRecord(t, m, "DPR-EC-02107")
	settle(m, update(m, tea.KeyPressMsg{Code: 'x', Text: "x"}))
	out := filepath.Join(root, ".ropa", "export", "fr")
	entry := filepath.Join(out, "entries", "pmo-remunerations-agences.html")
	if m.status.kind != statusOK || !strings.Contains(m.status.text, "to "+entry) || !strings.HasPrefix(m.status.text, "Exported the register entry") {
		t.Fatalf("status after x does not give the entry's path %s: %q", entry, m.status.text)
	}
	if strings.Contains(m.status.text, "Exported the notice") || !strings.Contains(m.status.text, "no notice: kept as processor") {
		t.Errorf("the status does not say that no notice was written: %q", m.status.text)
	}
	for _, name := range []string{"entries/pmo-remunerations-agences.html", "entries/pmo-remunerations-agences.md"} {
		if !exists(filepath.Join(out, filepath.FromSlash(name))) {
			t.Errorf("%s not written", name)
		}
	}
	for _, name := range []string{"notices/pmo-remunerations-agences.html", "notices/pmo-remunerations-agences.md"} {
		if exists(filepath.Join(out, filepath.FromSlash(name))) {
			t.Errorf("%s written for a record kept as processor", name)
		}
	}
}

func TestNoNoticeMarkdown(t *testing.T) {
	one := noNoticeMarkdown([]string{"Agency *A* <b>"})
	if !strings.Contains(one, "on behalf of another controller") || !strings.Contains(one, "that controller informs the persons concerned, and its own notice applies:\n\n- Agency \\*A\\* \\<b>\n") {
		t.Errorf("one controller:\n%s", one)
	}
	none := noNoticeMarkdown(nil)
	if !strings.Contains(none, "on behalf of other controllers") || !strings.Contains(none, "The record does not name them yet.") || strings.Contains(none, "\n- ") {
		t.Errorf("no controller named:\n%s", none)
	}
}
