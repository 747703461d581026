package tui

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// draftDelay is how long after a burst of typing the draft is written.
// Changes of question and of step write it at once.
const draftDelay = 2 * time.Second

// draftStore orders the form's writes to the draft file: commands run in
// goroutines, so a slow write must not land after a newer one, and nothing
// may write a draft again once the record is saved or discarded.
type draftStore struct {
	mu      sync.Mutex
	written int  // sequence number of the newest draft on disk
	closed  bool // saved or discarded: drafts are over
}

// draftState is the form's side of the draft.
type draftState struct {
	last     []byte   // the record as last written (or as opened), canonical TOML
	lastBase [32]byte // the base written with it
	// asked is the record of the newest write asked for and not answered
	// yet (nil when none): a second write of the same is not needed.
	asked     []byte
	askedBase [32]byte
	seq       int  // sequence number of the last write asked for
	okSeq     int  // sequence number of the newest write that succeeded
	written   bool // a draft was written in this session
	pending   bool // a draft tick is on its way
	tick      int
	err       error // the last write failed
}

type draftTickMsg struct{ id int }

// draftSavedMsg answers a write of the draft; it carries what was written,
// which becomes the draft's last state only once it is on disk.
type draftSavedMsg struct {
	seq  int
	data []byte
	base [32]byte
	err  error
}

type discardDoneMsg struct{ err error }

// newDraftKey names the draft of a record: its slug, or for a new record
// a name no other form uses.
func newDraftKey(slug string, now time.Time) string {
	if slug != "" {
		return slug
	}
	return fmt.Sprintf("new-%s-%09d", now.Format("20060102-150405"), now.Nanosecond())
}

// touched notes that a key may have changed the record: the draft is
// written a little later, once per burst of typing.
func (f *Form) touched() tea.Cmd {
	if f.draft.pending {
		return nil
	}
	f.draft.pending = true
	f.draft.tick++
	id := f.draft.tick
	return tea.Tick(draftDelay, func(time.Time) tea.Msg { return draftTickMsg{id: id} })
}

func (f *Form) draftTick(msg draftTickMsg) tea.Cmd {
	if msg.id != f.draft.tick {
		return nil
	}
	f.draft.pending = false
	return f.keepDraft()
}

// draftWrite is a snapshot of the record for the draft, taken in Update,
// and all its write needs: it reads nothing of the form.
type draftWrite struct {
	seq       int
	rec       model.Record
	data      []byte
	base      [32]byte
	store     *draftStore
	root, key string
}

// draftSnapshot takes the record as it is now for the draft, or returns
// nil when the draft on disk, or a write on its way, already holds it (a
// record opened and left unchanged gets no draft).
func (f *Form) draftSnapshot() *draftWrite {
	data := records.Encode(f.rec)
	d := &f.draft
	if bytes.Equal(data, d.last) && f.base == d.lastBase ||
		d.asked != nil && bytes.Equal(data, d.asked) && f.base == d.askedBase {
		return nil
	}
	d.seq++
	d.asked, d.askedBase = data, f.base
	return &draftWrite{seq: d.seq, rec: cloneRecord(f.rec), data: data, base: f.base,
		store: f.drafts, root: f.opts.Root, key: f.opts.DraftKey}
}

// write writes the snapshot, unless the form is over or a newer snapshot
// is already on disk (then ok is false: there is nothing to report).
func (w *draftWrite) write() (msg draftSavedMsg, ok bool) {
	w.store.mu.Lock()
	defer w.store.mu.Unlock()
	if w.store.closed || w.seq < w.store.written {
		return draftSavedMsg{}, false
	}
	err := records.SaveDraftWithBase(w.root, w.key, &w.rec, w.base)
	if err == nil {
		w.store.written = w.seq
	}
	return draftSavedMsg{seq: w.seq, data: w.data, base: w.base, err: err}, true
}

func (w *draftWrite) cmd() tea.Cmd {
	return func() tea.Msg {
		if msg, ok := w.write(); ok {
			return msg
		}
		return nil
	}
}

// keepDraft writes the draft now when the record changed since the last
// write.
func (f *Form) keepDraft() tea.Cmd {
	w := f.draftSnapshot()
	if w == nil {
		return nil
	}
	return w.cmd()
}

// SaveDraftCmd is for a program about to quit: it takes the record as it
// is now, here in Update, and returns a command that writes that snapshot
// and reads nothing of the form, which Update goes on changing meanwhile.
// It returns nil when the draft already holds the record.
func (f *Form) SaveDraftCmd() tea.Cmd { return f.keepDraft() }

// draftSaved takes the answer of a write. A failed write leaves the draft's
// last state as it was, so that the next change writes it again; retry
// says to write it again after a while even without one.
func (f *Form) draftSaved(msg draftSavedMsg) (retry bool) {
	d := &f.draft
	if msg.seq == d.seq {
		d.asked = nil
	}
	if msg.err != nil {
		// Said once per kind of failure, not at every retry.
		if d.err == nil || d.err.Error() != msg.err.Error() {
			f.setNote(noteError, "Could not keep the draft: %v", msg.err)
		}
		d.err = msg.err
		return true
	}
	if msg.seq > d.okSeq {
		d.okSeq = msg.seq
		d.last, d.lastBase = msg.data, msg.base
		d.written = true
	}
	if msg.seq == d.seq {
		d.err = nil
	}
	return false
}

// SaveDraftNow writes the draft at once, in the caller's goroutine: for
// the accessible form, which owns the record while it runs. It returns nil
// when there is nothing new to keep.
func (f *Form) SaveDraftNow() error {
	w := f.draftSnapshot()
	if w == nil {
		return nil
	}
	msg, ok := w.write()
	if !ok {
		return nil
	}
	f.draftSaved(msg)
	return msg.err
}

// Dirty reports whether the form holds changes that are not saved.
func (f *Form) Dirty() bool { return f.changed() }

// DraftKey is the key the form keeps its draft under.
func (f *Form) DraftKey() string { return f.opts.DraftKey }

// discard deletes the draft and closes the form.
func (f *Form) discard() tea.Cmd {
	store, root, key := f.drafts, f.opts.Root, f.opts.DraftKey
	return func() tea.Msg {
		store.mu.Lock()
		store.closed = true
		store.mu.Unlock()
		return discardDoneMsg{err: records.DeleteDraft(root, key)}
	}
}

// cloneRecord copies a record deeply, so that a command writing it in the
// background never reads what the form is changing.
func cloneRecord(r *model.Record) model.Record {
	c := *r
	c.Purposes = slices.Clone(r.Purposes)
	c.LegalBasis.Grounds = slices.Clone(r.LegalBasis.Grounds)
	c.LegalBasis.SpecialGrounds = slices.Clone(r.LegalBasis.SpecialGrounds)
	c.DataSubjects = slices.Clone(r.DataSubjects)
	c.DataCategories = slices.Clone(r.DataCategories)
	for i := range c.DataCategories {
		c.DataCategories[i].Items = slices.Clone(c.DataCategories[i].Items)
	}
	c.Recipients = slices.Clone(r.Recipients)
	c.Transfers = slices.Clone(r.Transfers)
	for i := range c.Transfers {
		c.Transfers[i].Mechanisms = slices.Clone(c.Transfers[i].Mechanisms)
	}
	c.Security.Measures = slices.Clone(r.Security.Measures)
	c.JointControllers = slices.Clone(r.JointControllers)
	c.Processors = slices.Clone(r.Processors)
	c.ProcessingOnBehalf = slices.Clone(r.ProcessingOnBehalf)
	for i := range c.ProcessingOnBehalf {
		c.ProcessingOnBehalf[i].Categories = slices.Clone(c.ProcessingOnBehalf[i].Categories)
	}
	return c
}

// draftNote is the quiet line under the form when nothing else is said.
func (f *Form) draftNote() string {
	switch {
	case f.draft.err != nil:
		return ""
	case f.saveFailed:
		return "Not saved. Esc leaves, and keeps your answers in the draft."
	case f.draft.written:
		return "Your answers are kept as a draft as you type."
	}
	return ""
}

// trimEditorText drops the newline editors add at the end of a file.
func trimEditorText(s string) string {
	return strings.TrimRight(s, "\n")
}
