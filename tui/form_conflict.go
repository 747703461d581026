package tui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/eu-ropa/ropa/records"
)

// draftConflict is a resumed draft started from another version of its
// file than the one on disk now: a git pull or another editor changed the
// file meanwhile, and saving the draft would undo that change.
type draftConflict struct {
	path    string   // "records/emn-ies.toml"
	current [32]byte // digest of the file as it is now
}

// useFile takes the loaded file of the record. A fresh form starts from
// it; a resumed draft keeps the base it was started from, and when the
// file is another now, the form holds the conflict until the user chooses.
func (f *Form) useFile(file *records.File) {
	c := *file
	f.file = &c
	if !f.opts.FromDraft {
		f.base = c.Digest
		if f.draft.okSeq == 0 && f.draft.asked == nil {
			f.draft.lastBase = f.base // nothing written yet: no draft needed for the base alone
		}
		return
	}
	if b := f.opts.DraftBase; b != ([32]byte{}) && b != c.Digest {
		f.conflict = &draftConflict{path: c.Path, current: c.Digest}
		// records.Save compares the file on disk with this digest: it
		// refuses until the user has chosen to replace the newer file.
		f.file.Digest = b
	}
}

// conflictText says what the conflict is and what saving will do.
func (c *draftConflict) text() string {
	return fmt.Sprintf("%s changed on disk since this draft was written (a git pull?). "+
		"Saving the draft would undo those changes; ropa asks first.", c.path)
}

// confirmOverwrite asks before saving a resumed draft over the newer file.
func (f *Form) confirmOverwrite(asDraft bool) tea.Cmd {
	c := f.conflict
	f.confirm = &formConfirm{
		question: fmt.Sprintf("Overwrite the newer %s with this draft?", c.path),
		onYes: func() tea.Cmd {
			f.resolveConflict()
			return f.save(asDraft)
		},
	}
	return nil
}

// resolveConflict records the user's choice to keep the draft's version:
// the save may now replace the file as it is now (and only as it is now:
// a file changed again is refused as usual).
func (f *Form) resolveConflict() {
	if f.conflict == nil {
		return
	}
	f.file.Digest = f.conflict.current
	f.base = f.conflict.current
	f.conflict = nil
}

// saveFailedNote is the error line after a failed save: why, that nothing
// was overwritten, and that esc leaves with the answers kept in the draft.
// The hint is the note's tail, which stays whole when the line is cut.
func (f *Form) saveFailedNote(err error) {
	var conflict *records.ConflictError
	var comments *records.CommentsError
	reason := fmt.Sprintf("Not saved: %v.", err)
	switch {
	case errors.As(err, &conflict) && conflict.Exists:
		reason = fmt.Sprintf("Not saved: %s already exists; nothing was overwritten.", conflict.Path)
	case errors.As(err, &conflict) && conflict.Deleted:
		reason = fmt.Sprintf("Not saved: %s was deleted on disk since it was opened (a git pull?).", conflict.Path)
	case errors.As(err, &conflict):
		reason = fmt.Sprintf("Not saved: %s changed on disk since it was opened (a git pull?); nothing was overwritten.", conflict.Path)
	case errors.As(err, &comments):
		reason = fmt.Sprintf("Not saved: %s holds hand-written comments, which saving would drop; nothing was written.", comments.Path)
	}
	f.note = formNote{kind: noteError, text: reason, tail: "Esc leaves, and keeps your answers in the draft."}
}

// leaveKeepingDraft closes the form after a failed save: the draft is
// brought up to date first and stays on disk. When drafts cannot be
// written either, leaving would lose the answers: the form asks.
func (f *Form) leaveKeepingDraft() tea.Cmd {
	closed := func() tea.Msg { return FormClosedMsg{KeptDraft: true} }
	if f.draft.err != nil {
		f.confirm = &formConfirm{
			question: "The draft could not be written either: leave and lose your latest answers?",
			onYes:    func() tea.Cmd { return func() tea.Msg { return FormClosedMsg{} } },
		}
		return nil
	}
	w := f.draftSnapshot()
	if w == nil {
		return closed
	}
	return func() tea.Msg {
		if msg, ok := w.write(); ok && msg.err != nil {
			return msg // the form stays, and says why; esc then asks
		}
		return closed()
	}
}
