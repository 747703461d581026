package tui

import (
	"fmt"
	"os"
	"os/exec"
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

// findEditor picks the editor: $EDITOR, then $VISUAL, then vi, each only
// if it can be found. The variables may hold arguments ("code --wait").
func findEditor(getenv func(string) string, lookPath func(string) (string, error)) ([]string, error) {
	var tried []string
	for _, cand := range []string{getenv("EDITOR"), getenv("VISUAL"), "vi"} {
		args := strings.Fields(cand)
		if len(args) == 0 {
			continue
		}
		if _, err := lookPath(args[0]); err == nil {
			return args, nil
		}
		tried = append(tried, args[0])
	}
	return nil, fmt.Errorf("no editor found (tried %s): set EDITOR, for example export EDITOR=nano",
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
	args, err := findEditor(os.Getenv, exec.LookPath)
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
	return tea.ExecProcess(cmd, func(err error) tea.Msg {
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
