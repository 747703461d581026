package tui

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// historyGit runs git with a fixed identity and date, so that the history
// the test reads is known.
func historyGit(t *testing.T, dir, author, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME="+author, "GIT_AUTHOR_EMAIL=x@example.eu", "GIT_COMMITTER_NAME="+author,
		"GIT_COMMITTER_EMAIL=x@example.eu", "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// historyRegister commits the example register, then renames the EMN IES
// record and shortens the retention of its log data, in two commits.
func historyRegister(t *testing.T) (string, *records.File) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	writeExample(t, root)
	historyGit(t, root, "Ada Controller", "2025-01-10T10:00:00+01:00", "init", "-q")
	historyGit(t, root, "Ada Controller", "2025-01-10T10:00:00+01:00", "add", "-A")
	historyGit(t, root, "Ada Controller", "2025-01-10T10:00:00+01:00", "commit", "-q", "-m", "Example register")
	historyGit(t, root, "Ada Controller", "2025-02-01T09:00:00+01:00", "mv", "records/emn-ies.toml", "records/emn.toml")
	historyGit(t, root, "Ada Controller", "2025-02-01T09:00:00+01:00", "commit", "-q", "-m", "Shorter file name")
	f, err := records.LoadFile(root, "records/emn.toml")
	if err != nil {
		t.Fatal(err)
	}
	for i := range f.Record.DataCategories {
		if f.Record.DataCategories[i].Name == "Log data" {
			f.Record.DataCategories[i].Retention = "One year."
		}
	}
	f.Record.Status = "approved"
	if err := records.Save(root, f); err != nil {
		t.Fatal(err)
	}
	historyGit(t, root, "Bob Reviewer", "2025-03-15T16:30:00+01:00", "commit", "-q", "-a", "-m", "Keep log data for one year")
	return root, f
}

func keyPress(code rune, text string) tea.KeyPressMsg {
	return tea.KeyPressMsg{Code: code, Text: text}
}

// run feeds a message to the history view and then the result of the
// command it returns (the background work), as the program would.
func historyStep(t *testing.T, h *History, msg tea.Msg) (*History, tea.Msg) {
	t.Helper()
	h, cmd := h.Update(msg)
	if cmd == nil {
		return h, nil
	}
	out := cmd()
	if _, closed := out.(HistoryClosedMsg); closed {
		return h, out
	}
	h, _ = h.Update(out)
	return h, out
}

func historyText(h *History) string { return ansi.Strip(h.View()) }

func TestHistoryListAndDiff(t *testing.T) {
	root, f := historyRegister(t)
	styles := NewStyles(true)
	h := NewHistory(root, f, &styles)
	h.SetSize(testWidth, 18)
	if v := historyText(h); !strings.Contains(v, "Reading the history from Git…") {
		t.Errorf("before the log is in:\n%s", v)
	}
	h, _ = h.Update(h.Init()())

	v := historyText(h)
	for _, want := range []string{
		"History of DPR-EC-00932 · European Migration Network",
		"records/emn.toml · 3 commits",
		"2025-03-15  Bob Reviewer        Keep log data for one year",
		"2025-02-01  Ada Controller      Shorter file name (file renamed)",
		"2025-01-10  Ada Controller      Example register (created)",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("list lacks %q:\n%s", want, v)
		}
	}
	for _, l := range strings.Split(v, "\n") {
		if ansi.StringWidth(l) > testWidth {
			t.Errorf("line wider than %d: %q", testWidth, l)
		}
	}

	// The newest commit: the field that changed, in words, and the status.
	h, _ = historyStep(t, h, keyPress(tea.KeyEnter, ""))
	v = historyText(h)
	for _, want := range []string{
		"2025-03-15 · Bob Reviewer · ",
		"Status: published → approved",
		"Personal data › Log data › retention",
		"  - Retained in accordance with the Commission's standard operating",
		"  + One year.",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("diff lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "Purposes") {
		t.Errorf("the diff shows a field that did not change:\n%s", v)
	}

	// Next older commit: the rename, with no field changed.
	h, _ = historyStep(t, h, keyPress('n', "n"))
	if v = historyText(h); !strings.Contains(v, "File renamed: records/emn-ies.toml → records/emn.toml") {
		t.Errorf("rename commit:\n%s", v)
	}

	// Back to the list, down to the first commit, open it: created.
	h, _ = historyStep(t, h, keyPress(tea.KeyEscape, ""))
	h, _ = historyStep(t, h, keyPress(tea.KeyDown, ""))
	h, _ = historyStep(t, h, keyPress(tea.KeyEnter, ""))
	if v = historyText(h); !strings.Contains(v, "The record was created in this commit.") || !strings.Contains(v, "Example register") {
		t.Errorf("first commit:\n%s", v)
	}
	h, _ = historyStep(t, h, keyPress(tea.KeyEscape, ""))
	if _, msg := historyStep(t, h, keyPress(tea.KeyEscape, "")); msg != (HistoryClosedMsg{}) {
		t.Errorf("esc on the list sent %T, want HistoryClosedMsg", msg)
	}
}

func TestHistoryOfUncommittedRecord(t *testing.T) {
	root, _ := historyRegister(t)
	f, err := records.Create(root, "new-draft", &model.Record{Title: "New draft"})
	if err != nil {
		t.Fatal(err)
	}
	styles := NewStyles(false)
	h := NewHistory(root, f, &styles)
	h.SetSize(testWidth, testHeight)
	h, _ = h.Update(h.Init()())
	if v := historyText(h); !strings.Contains(v, "records/new-draft.toml has no commits yet") {
		t.Errorf("uncommitted record:\n%s", v)
	}
	h, _ = historyStep(t, h, keyPress(tea.KeyEnter, "")) // nothing to open
	if h.open {
		t.Error("enter opened a diff with no commits")
	}
}

// An answer for a history view that was closed and replaced is dropped.
func TestHistoryDropsStaleAnswers(t *testing.T) {
	root, f := historyRegister(t)
	styles := NewStyles(true)
	first := NewHistory(root, f, &styles)
	second := NewHistory(root, f, &styles)
	second, _ = second.Update(first.Init()())
	if !second.loading || len(second.commits) != 0 {
		t.Error("a history view took another view's log")
	}
}
