package tui

import (
	"fmt"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/eu-ropa/ropa/model"
)

// loaded takes the register in and starts what needs all of it: lint, the
// git states, and the search for unsaved drafts.
func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	if msg.err != nil {
		m.loadErr = msg.err
		m.setError(fmt.Errorf("cannot read the register: %w", msg.err))
		return nil
	}
	reg := msg.reg
	m.info = reg.Info
	m.files = reg.Files
	m.parseErrors = reg.Errors
	m.screen = screenBrowser
	m.rebuildRows("")
	if n := len(reg.Errors); n > 0 {
		m.setStatus(statusError, "%s could not be read: %s", plural(n, "file", "files"), reg.Errors[0].Error())
	}
	return tea.Batch(m.relint(), gitStatusCmd(m.root), draftsCmd(m.root), m.layout())
}

// rebuildRows turns the files into browser rows, keeping what is known of
// findings and git states.
func (m *Model) rebuildRows(keepPath string) {
	if keepPath == "" {
		keepPath = m.browser.selectedPath()
	}
	rows := make([]row, 0, len(m.files)+len(m.parseErrors))
	for _, f := range m.files {
		rows = append(rows, newFileRow(f))
	}
	for _, e := range m.parseErrors {
		rows = append(rows, newParseErrorRow(e))
	}
	for i := range rows {
		m.decorate(&rows[i])
	}
	m.browser.setRows(rows, keepPath)
}

// decorate sets a row's findings badge and git state from what is known.
func (m *Model) decorate(r *row) {
	if r.file != nil && m.linted {
		r.linted = true
		r.errors, r.warnings = countFindings(m.findings[r.path])
	}
	if m.git != nil {
		r.git = m.git[r.path]
		if r.git == "" {
			r.git = "clean"
		}
	}
}

func countFindings(fs []model.Finding) (errors, warnings int) {
	for _, f := range fs {
		if f.Severity == model.SeverityError {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// relint starts a lint of the whole register; results of older runs are
// dropped when they arrive.
func (m *Model) relint() tea.Cmd {
	m.lintGen++
	named := make([]model.NamedRecord, len(m.files))
	for i, f := range m.files {
		named[i] = model.NamedRecord{Name: f.Path, Record: &f.Record}
	}
	return lintCmd(m.lintGen, m.info, named, m.today())
}

func (m *Model) setFindings(fs []model.Finding) {
	byPath := make(map[string][]model.Finding)
	for _, f := range fs {
		byPath[f.Record] = append(byPath[f.Record], f)
	}
	m.findings = byPath
	m.linted = true
	m.lintText = m.lintSummary()
	for i := range m.browser.rows {
		m.decorate(&m.browser.rows[i])
	}
	if m.browser.sort == sortFindings {
		m.browser.resort(m.browser.selectedPath())
	}
	if m.record != nil {
		m.record.setFindings(byPath[m.record.file.Path])
	}
}

func (m *Model) setGit(msg gitStatusMsg) {
	if msg.err != nil {
		m.gitErr = msg.err
		m.git = nil
		for i := range m.browser.rows {
			m.browser.rows[i].git = "–"
		}
		return
	}
	m.gitErr = nil
	m.git = msg.states
	for i := range m.browser.rows {
		m.decorate(&m.browser.rows[i])
	}
}

// relPath makes a path the form reports relative to the register root.
func (m *Model) relPath(p string) string {
	if filepath.IsAbs(p) {
		if rel, err := filepath.Rel(m.root, p); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}

func (m *Model) lintSummary() string {
	withErrors, withWarnings := 0, 0
	var prefix string
	if fs := m.findings[model.RegisterFile]; len(fs) > 0 {
		// register.toml is no row of the browser: say its problem here.
		prefix = fmt.Sprintf("%s: %s %s ", model.RegisterFile, fs[0].Field, fs[0].Message)
	}
	for path, fs := range m.findings {
		if path == model.RegisterFile {
			continue
		}
		e, w := countFindings(fs)
		if e > 0 {
			withErrors++
		} else if w > 0 {
			withWarnings++
		}
	}
	if withErrors == 0 && withWarnings == 0 {
		return prefix + "Every record passes the checks."
	}
	var parts []string
	if withErrors > 0 {
		parts = append(parts, plural(withErrors, "record", "records")+" with errors (✗)")
	}
	if withWarnings > 0 {
		parts = append(parts, plural(withWarnings, "record", "records")+" with warnings only (!)")
	}
	return prefix + strings.Join(parts, ", ") + "."
}
