package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// editorDoneMsg brings back the text written in the external editor.
type editorDoneMsg struct {
	gen  int    // the huh form the question belongs to
	key  string // the question
	text string
	err  error
}

// findEditor picks the editor: $EDITOR, then $VISUAL, then nano, then vi,
// each only if it can be found. The variables may hold arguments ("code
// --wait"). Nano says on screen how to leave it; vi does not, so the form
// says it first (viHelp).
// chosen is false when ropa picked the editor, none being set.
func findEditor(getenv func(string) string, lookPath func(string) (string, error)) (args []string, chosen bool, err error) {
	var tried []string
	for i, cand := range []string{getenv("EDITOR"), getenv("VISUAL"), "nano", "vi"} {
		args := strings.Fields(cand)
		if len(args) == 0 {
			continue
		}
		if _, err := lookPath(args[0]); err == nil {
			return args, i < 2, nil
		}
		tried = append(tried, args[0])
	}
	return nil, false, fmt.Errorf("no editor found (tried %s): set EDITOR, for example export EDITOR=nano",
		strings.Join(tried, ", "))
}

// openEditor hands the focused text question to an external editor, through
// a temporary file, and takes the text back when the editor exits.
func (f *Form) openEditor() tea.Cmd {
	q := f.focusedQuestion()
	if q == nil || q.text == nil {
		f.setNote(noteInfo, "ctrl+e opens an editor on a text question; this question is not one.")
		return nil
	}
	args, chosen, err := findEditor(os.Getenv, exec.LookPath)
	if err != nil {
		f.setNote(noteError, "%v", err)
		return nil
	}
	tmp, err := os.CreateTemp("", "ropa-*.txt")
	if err != nil {
		f.setNote(noteError, "Cannot open the editor: %v", err)
		return nil
	}
	name := tmp.Name()
	_, werr := tmp.WriteString(q.text.Get())
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		_ = os.Remove(name)
		f.setNote(noteError, "Cannot open the editor: %v", werr)
		return nil
	}
	gen, key := f.gen, q.key
	cmd := exec.Command(args[0], append(args[1:], name)...) //nolint:gosec // the user's own editor
	run := tea.ExecProcess(cmd, func(err error) tea.Msg {
		defer os.Remove(name)
		if err != nil {
			return editorDoneMsg{gen: gen, key: key, err: fmt.Errorf("%s: %w", args[0], err)}
		}
		data, rerr := os.ReadFile(name)
		if rerr != nil {
			return editorDoneMsg{gen: gen, key: key, err: rerr}
		}
		return editorDoneMsg{gen: gen, key: key, text: trimEditorText(string(data))}
	})
	if chosen || filepath.Base(args[0]) != "vi" {
		return run
	}
	// Someone who never chose vi cannot guess how to leave it: say it
	// first, and open it on the next key.
	f.editorWait = run
	f.editorTemp = name
	return nil
}

// viHelp is said before vi opens when no editor was chosen.
const (
	viHelp = "Opening vi (set EDITOR to choose your editor). To save and leave vi: Esc, then :wq, Enter."
	viGoOn = "Press a key to go on (esc: do not open it)."
)

// editorKey answers the word before vi: esc does not open it, any other
// key does.
func (f *Form) editorKey(msg tea.KeyPressMsg) tea.Cmd {
	run, name := f.editorWait, f.editorTemp
	f.editorWait, f.editorTemp = nil, ""
	if msg.String() == "esc" {
		_ = os.Remove(name)
		f.setNote(noteInfo, "The editor was not opened.")
		return nil
	}
	return run
}

// editorDone puts the edited text into its question.
func (f *Form) editorDone(msg editorDoneMsg) tea.Cmd {
	if msg.err != nil {
		f.setNote(noteError, "The editor failed (%v); the text is unchanged.", msg.err)
		return nil
	}
	if msg.gen != f.gen {
		f.setNote(noteError, "The question edited is no longer on screen; the text is unchanged.")
		return nil
	}
	for i := range f.qs {
		q := &f.qs[i]
		if q.key != msg.key || q.text == nil {
			continue
		}
		// Show the new text: setting the accessor again reloads the field.
		switch fl := f.hf.GetFocusedField().(type) {
		case *huh.Text:
			q.text.Set(msg.text)
			if fl.GetKey() == msg.key {
				fl.Accessor(q.text)
			}
		case *huh.Input:
			// One line: the lines written in the editor are joined.
			q.text.Set(strings.Join(strings.Fields(msg.text), " "))
			if fl.GetKey() == msg.key {
				fl.Accessor(q.text)
			}
		default:
			q.text.Set(msg.text)
		}
		f.setNote(noteOK, "Text taken from the editor.")
		return f.keepDraft()
	}
	return nil
}
