package tui

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
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

// x exports into <root>/.ropa/export/, which Git ignores (an export holds
// drafts too), and says where with the full path.
func TestRecordViewExportsNoticeAndEntry(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	openRecord(t, m, "DPR-EC-00932")
	settle(m, update(m, tea.KeyPressMsg{Code: 'x', Text: "x"}))
	out := filepath.Join(root, ".ropa", "export")
	notice := filepath.Join(out, "en", "notices", "emn-ies.html")
	if m.status.kind != statusOK || !strings.Contains(m.status.text, notice) {
		t.Fatalf("status after x does not give the notice's full path %s: %q", notice, m.status.text)
	}
	for _, rel := range []string{"en/notices/emn-ies.html", "en/notices/emn-ies.md", "en/entries/emn-ies.html", "en/entries/emn-ies.md"} {
		if !exists(filepath.Join(out, filepath.FromSlash(rel))) {
			t.Errorf(".ropa/export/%s not written", rel)
		}
	}
	if exists(filepath.Join(root, "export")) {
		t.Error("x still writes export/ into the work tree")
	}
	html, err := readFileString(notice)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, "<html") || !strings.Contains(html, "DPR-EC-00932") {
		t.Errorf("the HTML notice is not a page about the record:\n%.300s", html)
	}
	// Nothing for Git to offer: the export is ignored.
	cmd := exec.Command("git", "status", "--porcelain", "--untracked-files=all")
	cmd.Dir = root
	status, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if len(status) > 0 {
		t.Errorf("after x, git status shows:\n%s", status)
	}
	// The whole message can be read on screen (? shows it all).
	update(m, tea.KeyPressMsg{Code: '?', Text: "?"})
	noSpace := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if !strings.Contains(noSpace(plain(m.View().Content)), noSpace(m.status.text)) {
		t.Errorf("the export message cannot be read whole:\n%s", m.View().Content)
	}
}

// countingFS counts what is opened in the register's templates folder.
type countingFS struct {
	fs.FS
	opens atomic.Int64
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.opens.Add(1)
	return c.FS.Open(name)
}

// The previews and the export read the templates folder in their commands,
// never in Update: a key press returns at once, whatever the disk does.
func TestTemplatesAreReadInCommandsOnly(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	templates := &countingFS{FS: os.DirFS(filepath.Join(root, "templates"))}
	m.exports = &exporterCache{templates: templates}
	openRecord(t, m, "DPR-EC-00932")

	cmd := update(m, tea.KeyPressMsg{Code: '2', Text: "2"})
	if n := templates.opens.Load(); n != 0 {
		t.Fatalf("Update opened the templates folder %d times", n)
	}
	if cmd == nil {
		t.Fatal("the notice tab starts no command to render it")
	}
	settle(m, cmd)
	if templates.opens.Load() == 0 || m.record.content[tabNotice] == "" {
		t.Fatalf("the command did not read the templates and render the notice (opens %d)", templates.opens.Load())
	}

	fresh := &countingFS{FS: os.DirFS(filepath.Join(root, "templates"))}
	m.exports = &exporterCache{templates: fresh}
	cmd = update(m, tea.KeyPressMsg{Code: 'x', Text: "x"})
	if n := fresh.opens.Load(); n != 0 || cmd == nil {
		t.Fatalf("x: Update opened the templates folder %d times (command %v)", n, cmd != nil)
	}
	settle(m, cmd)
	if fresh.opens.Load() == 0 || m.status.kind != statusOK {
		t.Fatalf("the export command did not run: %q", m.status.text)
	}
}

// The notice preview of EMN IES reads as its HTML does: headings without
// Markdown markers, the lines of an address and of a description each on
// a line of their own, the paragraphs of a transfer apart, and every
// address once (glamour prints a link's address after its text). With
// colours and without (NO_COLOR), at a fixed width.
func TestNoticePreviewReadsLikeTheHTML(t *testing.T) {
	root := testRegister(t)
	for _, profile := range []colorprofile.Profile{colorprofile.ASCII, colorprofile.TrueColor} {
		t.Run(profile.String(), func(t *testing.T) {
			m := loadedModel(t, root, testWidth, testHeight)
			update(m, tea.ColorProfileMsg{Profile: profile})
			openRecord(t, m, "DPR-EC-00932")
			settle(m, update(m, tea.KeyPressMsg{Code: '2', Text: "2"}))
			if err := m.record.errs[tabNotice]; err != nil {
				t.Fatal(err)
			}
			raw := strings.Split(m.record.content[tabNotice], "\n")
			lines := make([]string, len(raw))
			for i, l := range raw {
				lines[i] = strings.TrimSpace(plain(l))
				if w := plainWidth(l); w > testWidth {
					t.Errorf("line %d is %d wide: %q", i+1, w, lines[i])
				}
			}
			text := strings.Join(lines, "\n")
			lineAt := func(want string) int {
				t.Helper()
				i := slices.Index(lines, want)
				if i < 0 {
					t.Errorf("no line reads %q", want)
				}
				return i
			}
			followedBy := func(first, next string) {
				t.Helper()
				if i := lineAt(first); i >= 0 && (i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], next)) {
					t.Errorf("%q is not followed by a line starting %q:\n%s", first, next, strings.Join(lines[i:min(i+3, len(lines))], "\n"))
				}
			}

			// Headings: no markers, and set off by an attribute (bold or
			// underline), which NO_COLOR keeps.
			for i, l := range lines {
				if strings.HasPrefix(l, "#") {
					t.Errorf("line %d shows a Markdown heading marker: %q", i+1, l)
				}
			}
			for _, h := range []string{"1. Introduction", "9. Contact information", "The controller"} {
				// The last line that reads so: the contents list comes first.
				i := len(lines) - 1
				for i >= 0 && lines[i] != h {
					i--
				}
				if i < 0 {
					t.Errorf("no heading %q", h)
				} else if !strings.Contains(raw[i], "\x1b[") {
					t.Errorf("the heading %q is not set off: %q", h, raw[i])
				}
			}
			if strings.Contains(text, "**") {
				t.Error("bold text shows its ** markers")
			}

			// Lines written as a list in the record are a list.
			if i := lineAt("At the level of EMN IES:"); i >= 0 {
				next := i + 1
				for next < len(lines) && lines[next] == "" {
					next++
				}
				if next >= len(lines) || !strings.HasPrefix(lines[next], "• Encryption: all documents") {
					t.Errorf("the security description's list does not follow its first line as a list:\n%s", strings.Join(lines[i:min(i+4, len(lines))], "\n"))
				}
			}
			if strings.Contains(text, "EMN IES: - Encryption") || strings.Contains(text, "encrypted. - Secure") {
				t.Error("the lines of the security description run together")
			}
			// The paragraphs of one transfer stay apart.
			lineAt("Basis of the transfer:")
			if strings.Contains(text, ")Basis of the transfer") {
				t.Error("no space before \"Basis of the transfer:\"")
			}
			// Address lines, one per line.
			followedBy("European Commission", "Directorate-General for Migration and Home Affairs (DG HOME)")
			followedBy("European Data Protection Supervisor", "Rue Wiertz 60, B-1047 Brussels")
			followedBy("Rue Wiertz 60, B-1047 Brussels", "E-mail: edps@edps.europa.eu")
			// Each address once.
			lineAt("E-mail: edps@edps.europa.eu")
			lineAt("E-mail: DATA-PROTECTION-OFFICER@ec.europa.eu")
			lineAt("Website: https://edps.europa.eu")
			for addr, want := range map[string]int{"mailto:": 0, "edps@edps.europa.eu": 1, "https://edps.europa.eu": 1, "DATA-PROTECTION-OFFICER@ec.europa.eu": 1} {
				if got := strings.Count(text, addr); got != want {
					t.Errorf("%q shows %d times, want %d", addr, got, want)
				}
			}
			checkFits(t, m, testWidth, testHeight)
		})
	}
}

// Only the blank line between two paragraphs of the same list item turns
// into a line break; paragraphs outside lists, nested lists and the text
// after a nested list keep their blank lines.
func TestJoinItemParagraphs(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"- **A** (x)\n\n  Basis:\n\n  - one\n  - two\n\n  Safeguards: s\n- B",
			"- **A** (x)\\\n  Basis:\n\n  - one\n  - two\n\n  Safeguards: s\n- B"},
		{"First paragraph.\n\nSecond paragraph.", "First paragraph.\n\nSecond paragraph."},
		{"1. item\n\n   more of it", "1. item\\\n   more of it"},
		{"- item\n\n  - nested", "- item\n\n  - nested"},
		{"- item\n\n    code-like", "- item\n\n    code-like"},
	} {
		if got := joinItemParagraphs(c.in); got != c.want {
			t.Errorf("joinItemParagraphs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
