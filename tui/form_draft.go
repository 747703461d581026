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
	last    []byte // the record as last written (or as opened), canonical TOML
	seq     int    // sequence number of the last write asked for
	written bool   // a draft was written in this session
	pending bool   // a draft tick is on its way
	tick    int
	err     error // the last write failed
}

type draftTickMsg struct{ id int }

type draftSavedMsg struct {
	seq int
	err error
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

// keepDraft writes the draft now when the record changed since the last
// write (a record opened and left unchanged gets no draft).
func (f *Form) keepDraft() tea.Cmd {
	data := records.Encode(f.rec)
	if bytes.Equal(data, f.draft.last) {
		return nil
	}
	f.draft.last = data
	f.draft.written = true
	f.draft.seq++
	seq := f.draft.seq
	rec := cloneRecord(f.rec)
	store, root, key := f.drafts, f.opts.Root, f.opts.DraftKey
	return func() tea.Msg {
		store.mu.Lock()
		defer store.mu.Unlock()
		if store.closed || seq < store.written {
			return nil
		}
		err := records.SaveDraft(root, key, &rec)
		if err == nil {
			store.written = seq
		}
		return draftSavedMsg{seq: seq, err: err}
	}
}

func (f *Form) draftSaved(msg draftSavedMsg) {
	if msg.err != nil {
		f.draft.err = msg.err
		f.setNote(noteError, "Could not keep the draft: %v", msg.err)
		return
	}
	if msg.seq == f.draft.seq {
		f.draft.err = nil
	}
}

// SaveDraftNow writes the draft at once, for a program about to quit. It
// returns nil when there is nothing new to keep.
func (f *Form) SaveDraftNow() error {
	data := records.Encode(f.rec)
	if bytes.Equal(data, f.draft.last) {
		return nil
	}
	f.drafts.mu.Lock()
	defer f.drafts.mu.Unlock()
	if f.drafts.closed {
		return nil
	}
	if err := records.SaveDraft(f.opts.Root, f.opts.DraftKey, f.rec); err != nil {
		return err
	}
	f.draft.last = data
	f.draft.written = true
	f.draft.seq++
	f.drafts.written = f.draft.seq
	return nil
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
	case f.draft.written:
		return "Your answers are kept as a draft as you type."
	}
	return ""
}

// trimEditorText drops the newline editors add at the end of a file.
func trimEditorText(s string) string {
	return strings.TrimRight(s, "\n")
}
