package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

type (
	// deletedMsg reports a record file removed, or why it was not.
	deletedMsg struct {
		path    string
		tracked bool // Git had the file when the delete was asked
		err     error
	}
	// fileReloadedMsg carries a file read again after the form saved it.
	fileReloadedMsg struct {
		path string
		file *records.File
		err  error
	}
)

// askDelete asks before removing a record's file, and says plainly whether
// the file can come back: only Git can bring it back, and only when it has
// it.
func (m *Model) askDelete(r *row) {
	if r.file == nil {
		m.setStatus(statusError, "%s does not parse, so ropa cannot check what it would delete; remove it with git rm.", r.path)
		return
	}
	f := r.file
	what := f.Path
	if f.Record.Reference != "" {
		what = f.Record.Reference + " (" + f.Path + ")"
	}
	tracked, consequence := m.deleteConsequence(f.Path)
	m.confirm = &confirm{
		question: fmt.Sprintf("Delete %s? %s y/n", what, consequence),
		onYes: func(m *Model) tea.Cmd {
			m.setStatus(statusInfo, "Deleting %s…", f.Path)
			return deleteCmd(m.root, f, tracked)
		},
		onNo: func(m *Model) tea.Cmd {
			m.setStatus(statusInfo, "Kept %s.", f.Path)
			return nil
		},
	}
}

// deleteConsequence says what deleting the file at path loses, from its
// Git state: tracked reports whether Git has a committed version of it.
func (m *Model) deleteConsequence(path string) (tracked bool, text string) {
	switch {
	case errors.Is(m.gitErr, records.ErrNotGit):
		return false, "The register is not in a Git repository: deleting it cannot be undone."
	case m.git == nil:
		// Still asking git, or git failed: do not promise anything.
		return false, "ropa cannot tell whether Git has it; if not, deleting it cannot be undone."
	}
	switch m.git[path] {
	case records.GitNew:
		return false, "It is not in Git yet: deleting it cannot be undone."
	case records.GitModified, records.GitConflict:
		return true, "Git keeps the last committed version; the changes since are lost."
	default:
		return true, "Git keeps its history."
	}
}

func deleteCmd(root string, f *records.File, tracked bool) tea.Cmd {
	return func() tea.Msg {
		return deletedMsg{path: f.Path, tracked: tracked, err: records.Delete(root, f)}
	}
}

func (m *Model) deleted(msg deletedMsg) tea.Cmd {
	if msg.err != nil {
		m.setError(fmt.Errorf("delete %s: %w", msg.path, msg.err))
		return nil
	}
	m.files = slices.DeleteFunc(slices.Clone(m.files), func(f *records.File) bool { return f.Path == msg.path })
	delete(m.findings, msg.path)
	if m.record != nil && m.record.file.Path == msg.path {
		m.record = nil
		m.screen = screenBrowser
	}
	m.rebuildRows("")
	if msg.tracked {
		m.setStatus(statusOK, "Deleted %s. Git keeps its history; commit the removal to record it.", msg.path)
	} else {
		m.setStatus(statusOK, "Deleted %s.", msg.path)
	}
	return tea.Batch(m.relint(), gitStatusCmd(m.root))
}

// editRow opens the form on a record.
func (m *Model) editRow(r *row) tea.Cmd {
	if r.file == nil {
		m.setStatus(statusError, "%s does not parse; fix it in an editor first: %s", r.path, r.parseErr.Error())
		return nil
	}
	if r.file.Comments {
		m.setError(&records.CommentsError{Path: r.file.Path})
		return nil
	}
	return m.checkDraftThenEdit(r.file)
}

// editDraftMsg carries the draft kept for a record about to be edited, if
// any: the form keeps a record's draft under its slug, so editing it afresh
// would overwrite that draft with its first change.
type editDraftMsg struct {
	file  *records.File
	draft *records.Draft
	err   error
}

// checkDraftThenEdit looks for a draft of f (in a command: it reads the
// disk) before the form opens.
func (m *Model) checkDraftThenEdit(f *records.File) tea.Cmd {
	root := m.root
	return func() tea.Msg {
		drafts, err := records.LoadDrafts(root)
		for i := range drafts {
			if drafts[i].Key == f.Slug {
				return editDraftMsg{file: f, draft: &drafts[i]}
			}
		}
		return editDraftMsg{file: f, err: err}
	}
}

// editWithDraft opens the form at once, or first asks whether to resume
// the record's draft; n discards it (the question says so), then opens the
// saved record.
func (m *Model) editWithDraft(msg editDraftMsg) tea.Cmd {
	if msg.err != nil {
		// Better not to open than to overwrite a draft that could not be read.
		m.setStatus(statusError, "%s was not opened, so that no unsaved draft is overwritten: %v", msg.file.Path, msg.err)
		return nil
	}
	if msg.draft == nil {
		return m.openForm(msg.file)
	}
	d, f := *msg.draft, msg.file
	m.confirm = &confirm{
		question: fmt.Sprintf("%s has an unsaved draft, saved %s. Resume it (y), or discard it and edit the saved record (n)?",
			f.Path, savedWhen(d.Saved, m.today())),
		onYes: func(m *Model) tea.Cmd { return m.openFormWith(f, &d) },
		onNo: func(m *Model) tea.Cmd {
			root := m.root
			return func() tea.Msg {
				return editDraftMsg{file: f, err: records.DeleteDraft(root, d.Key)}
			}
		},
	}
	return nil
}

// openForm opens the guided form on f, or on a new record when f is nil.
func (m *Model) openForm(f *records.File) tea.Cmd {
	return m.openFormWith(f, nil)
}

// openFormWith opens the form; a draft resumes it.
func (m *Model) openFormWith(f *records.File, draft *records.Draft) tea.Cmd {
	if m.screen == screenLoading {
		return nil
	}
	opts := FormOptions{
		Register:   m.info,
		Root:       m.root,
		Accessible: m.opts.Accessible,
		Width:      m.width,
		Styles:     m.styles,
		Taken:      m.takenFunc(),
		References: m.referencesFunc(f),
	}
	switch {
	case f != nil:
		opts.Slug, opts.Record, opts.File = f.Slug, f.Record, f
		m.formTitle = "editing " + f.Path
	default:
		opts.IsNew = true
		m.formTitle = "new record"
		opts.Record = m.newRecord()
	}
	if draft != nil {
		opts.Record, opts.DraftKey, opts.DraftBase, opts.FromDraft = draft.Record, draft.Key, draft.Base, true
	}
	m.formFrom = m.screen
	if m.formFrom == screenForm {
		m.formFrom = screenBrowser
	}
	m.screen = screenForm
	m.help.ShowAll = false
	m.confirm = nil
	m.status = status{}
	opts.Height = m.bodyHeight()
	m.form = NewForm(opts)
	return m.form.Init()
}

// newRecord is what a new record starts with: what the register already
// knows (the institution, its first language) and what every record
// starts as (a draft of the controller, version 1, updated today).
func (m *Model) newRecord() model.Record {
	y, mo, d := m.today().Date()
	r := model.Record{
		Version:     1,
		Kind:        model.KindController,
		Status:      model.StatusDraft,
		LastUpdated: time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), // a TOML local date
		Controller:  model.Controller{Organisation: m.info.Name},
	}
	if len(m.info.Languages) > 0 {
		r.Language = m.info.Languages[0]
	}
	return r
}

// takenFunc tells the form which slugs have a file; it reads a snapshot, so
// the form may call it from a command.
func (m *Model) takenFunc() func(string) bool {
	taken := make(map[string]bool, len(m.files))
	for _, f := range m.files {
		taken[f.Slug] = true
	}
	for _, e := range m.parseErrors {
		taken[strings.TrimSuffix(strings.TrimPrefix(e.Path, "records/"), ".toml")] = true
	}
	return func(slug string) bool { return taken[slug] }
}

// referencesFunc tells the form which record already uses a reference,
// leaving out the record being edited.
func (m *Model) referencesFunc(editing *records.File) func(string) (string, bool) {
	refs := make(map[string]string, len(m.files))
	for _, f := range m.files {
		if f == editing || f.Record.Reference == "" {
			continue
		}
		refs[strings.ToLower(strings.TrimSpace(f.Record.Reference))] = f.Slug
	}
	return func(ref string) (string, bool) {
		slug, ok := refs[strings.ToLower(strings.TrimSpace(ref))]
		return slug, ok
	}
}

func reloadFileCmd(root, rel string) tea.Cmd {
	return func() tea.Msg {
		f, err := records.LoadFile(root, rel)
		return fileReloadedMsg{path: rel, file: f, err: err}
	}
}

// fileReloaded puts a saved file in place of the one loaded before (or adds
// it), checks the register again and shows the record.
func (m *Model) fileReloaded(msg fileReloadedMsg) tea.Cmd {
	if msg.err != nil {
		m.setError(fmt.Errorf("saved, but reading %s back failed: %w", msg.path, msg.err))
		return nil
	}
	f := msg.file
	files := slices.Clone(m.files)
	i, found := slices.BinarySearchFunc(files, f.Path, func(x *records.File, p string) int { return strings.Compare(x.Path, p) })
	if found {
		files[i] = f
	} else {
		files = slices.Insert(files, i, f)
	}
	m.files = files
	m.parseErrors = slices.DeleteFunc(slices.Clone(m.parseErrors), func(e *records.ParseError) bool { return e.Path == f.Path })
	m.rebuildRows(f.Path)
	m.setStatus(statusOK, "Saved %s.", f.Path)
	m.record = newRecordView(m.styles, m.exports, m.info, f, m.findings[f.Path], m.profile)
	m.screen = screenRecord
	return tea.Batch(m.relint(), gitStatusCmd(m.root), m.layout())
}
