package tui

import (
	"fmt"
	"path/filepath"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// screen is what the body of the window shows.
type screen int

const (
	screenLoading screen = iota
	screenBrowser
	screenRecord
	screenForm
	screenHistory
)

// Default size until the terminal reports its own: the smallest we support.
const (
	defaultWidth  = 80
	defaultHeight = 24
)

// Model is the root of the program: it loads the register, keeps the files
// and their findings and git states, and hands the keyboard to the browser,
// the record view, the form or a record's history.
type Model struct {
	opts    Options
	today   func() time.Time
	styles  *Styles
	help    help.Model
	profile colorprofile.Profile
	width   int
	height  int

	screen   screen
	progress loadProgressMsg
	loadErr  error

	root        string
	info        model.Register
	files       []*records.File // sorted by Path; never mutated in place
	parseErrors []*records.ParseError
	findings    map[string][]model.Finding // by File.Path
	linted      bool
	lintGen     int
	lintText    string // the summary of the findings, made when they arrive
	git         map[string]string
	gitErr      error

	browser browser
	record  *recordView
	exports *exporterCache

	form      *Form
	formFrom  screen
	formTitle string // what the form edits, for the title bar

	history     *History
	historyFrom screen

	confirm *confirm
	status  status
}

// confirm is a yes/no question shown in the status line.
type confirm struct {
	question string
	onYes    func(m *Model) tea.Cmd
	onNo     func(m *Model) tea.Cmd
	// fit, when set, writes the question for a width, so that the part cut
	// to fit is never its end ("? y/n").
	fit func(width int) string
	// keys, when set, replace y and n/esc and their help.
	keys *confirmKeys
}

// text is the question as it fits in width cells.
func (c *confirm) text(width int) string {
	if c.fit != nil {
		return c.fit(width)
	}
	return c.question
}

// answerKeys are the keys that answer the question.
func (c *confirm) answerKeys() confirmKeys {
	if c.keys != nil {
		return *c.keys
	}
	return newConfirmKeys()
}

// status is the line above the help: the outcome of the last action, and
// every error.
type status struct {
	text string
	kind statusKind
}

type statusKind int

const (
	statusInfo statusKind = iota
	statusOK
	statusError
)

// New builds the program's model. It does no I/O: the register loads in the
// background once the program starts (Init).
func New(opts Options) *Model {
	styles := NewStyles(true)
	h := help.New()
	h.Styles = styles.Help
	root := opts.Root
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	return &Model{
		opts:     opts,
		today:    time.Now,
		styles:   &styles,
		help:     h,
		profile:  colorprofile.TrueColor,
		width:    defaultWidth,
		height:   defaultHeight,
		root:     root,
		browser:  newBrowser(),
		findings: map[string][]model.Finding{},
		exports:  newExporterCache(root),
	}
}

// Init returns the commands that load the register in the background and
// ask the terminal for its background, so that the styles suit it. It does
// nothing itself: the first frame never waits for the register.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(loadCmd(m.root), tea.RequestBackgroundColor)
}

func (m *Model) setStatus(kind statusKind, format string, args ...any) {
	m.status = status{text: fmt.Sprintf(format, args...), kind: kind}
}

func (m *Model) setError(err error) {
	m.status = status{text: err.Error(), kind: statusError}
}

// Update handles one message. When the status grows to two lines or
// shrinks back to one, the body is laid out again, so that the screen stays
// exactly the window's height with the cursor on it.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	statusHeight := m.statusHeight()
	cmd := m.handle(msg)
	if m.statusHeight() != statusHeight {
		cmd = tea.Batch(cmd, m.layout())
	}
	return m, cmd
}

// handle handles one message.
func (m *Model) handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 20), max(msg.Height, 8)
		m.help.SetWidth(m.width)
		return m.layout()

	case tea.BackgroundColorMsg:
		*m.styles = NewStyles(msg.IsDark())
		m.help.Styles = m.styles.Help
		cmd := m.layout()
		if m.record != nil {
			cmd = tea.Batch(cmd, m.record.rerender()) // previews in the new style
		}
		return cmd

	case tea.ColorProfileMsg:
		m.profile = msg.Profile
		return nil

	case loadProgressMsg:
		m.progress = msg
		if msg.from == nil {
			return nil
		}
		return msg.from.wait

	case loadedMsg:
		return m.loaded(msg)

	case lintedMsg:
		if msg.gen == m.lintGen {
			m.setFindings(msg.findings)
		}
		return nil

	case gitStatusMsg:
		m.setGit(msg)
		return nil

	case draftsMsg:
		return m.offerDrafts(msg)

	case fileReloadedMsg:
		return m.fileReloaded(msg)

	case deletedMsg:
		return m.deleted(msg)

	case editDraftMsg:
		return m.editWithDraft(msg)

	case exportedMsg:
		m.exported(msg)
		return nil

	case FormSavedMsg:
		m.form = nil
		m.screen = m.formFrom
		return reloadFileCmd(m.root, m.relPath(msg.Path))

	case FormClosedMsg:
		m.form = nil
		m.screen = m.formFrom
		m.setStatus(statusInfo, "%s", msg.Status())
		return m.layout()

	case HistoryClosedMsg:
		m.history = nil
		m.screen = m.historyFrom
		return m.layout()

	case tea.KeyPressMsg:
		return m.key(msg)

	case tea.PasteMsg:
		if m.screen == screenBrowser && m.confirm == nil {
			m.browser.paste(msg.Content)
			return nil
		}
	}

	// Everything else belongs to the screen that is showing: the form's
	// huh fields and the record view's previews have messages of their own.
	switch m.screen {
	case screenForm:
		if m.form != nil {
			var cmd tea.Cmd
			m.form, cmd = m.form.Update(msg)
			return cmd
		}
	case screenRecord:
		if m.record != nil {
			return m.record.updateMsg(msg)
		}
	case screenHistory:
		if m.history != nil {
			var cmd tea.Cmd
			m.history, cmd = m.history.Update(msg)
			return cmd
		}
	}
	return nil
}

// key routes a key press: ctrl+c always quits (a form keeps its draft on
// disk as it goes), an open question takes y/n, else the screen decides.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" {
		if m.form != nil && m.form.Dirty() {
			// The form writes its draft two seconds after typing stops;
			// write the last keystrokes too before quitting: a snapshot
			// taken here, in Update, which the command writes.
			return tea.Sequence(m.form.SaveDraftCmd(), tea.Quit)
		}
		return tea.Quit
	}
	if m.confirm != nil {
		c := m.confirm
		ck := c.answerKeys()
		switch {
		case key.Matches(msg, ck.Yes):
			m.confirm = nil
			return c.onYes(m)
		case key.Matches(msg, ck.No):
			m.confirm = nil
			if c.onNo != nil {
				return c.onNo(m)
			}
			m.status = status{}
		}
		return nil
	}
	switch m.screen {
	case screenLoading:
		if msg.String() == "q" || msg.String() == "esc" {
			return tea.Quit
		}
	case screenBrowser:
		return m.browserKey(msg)
	case screenRecord:
		return m.recordKey(msg)
	case screenForm:
		if m.form != nil {
			var cmd tea.Cmd
			m.form, cmd = m.form.Update(msg)
			return cmd
		}
	case screenHistory:
		if m.history != nil {
			var cmd tea.Cmd
			m.history, cmd = m.history.Update(msg)
			return cmd
		}
	}
	return nil
}

func (m *Model) browserKey(msg tea.KeyPressMsg) tea.Cmd {
	act := m.browser.update(msg)
	if act != actNone && act != actHelp {
		m.status = status{}
	}
	switch act {
	case actQuit:
		return tea.Quit
	case actHelp:
		m.help.ShowAll = !m.help.ShowAll
		return m.layout()
	case actOpen:
		return m.openSelected()
	case actNew:
		return m.openForm(nil)
	case actEdit:
		if r := m.browser.selected(); r != nil {
			return m.editRow(r)
		}
	case actDelete:
		if r := m.browser.selected(); r != nil {
			m.askDelete(r)
		}
	case actHistory:
		if r := m.browser.selected(); r != nil {
			if r.file == nil {
				m.setStatus(statusError, "%s does not parse; see its history with git log.", r.path)
				return nil
			}
			return m.openHistory(r.file)
		}
	}
	return nil
}

// openHistory shows the commits that changed a record.
func (m *Model) openHistory(f *records.File) tea.Cmd {
	m.historyFrom = m.screen
	m.screen = screenHistory
	m.help.ShowAll = false
	m.history = NewHistory(m.root, f, m.styles)
	m.history.SetSize(m.width, m.bodyHeight())
	return m.history.Init()
}

func (m *Model) recordKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.record == nil {
		m.screen = screenBrowser
		return nil
	}
	act, cmd := m.record.update(msg)
	switch act {
	case recordBack:
		m.record = nil
		m.screen = screenBrowser
		m.help.ShowAll = false
		return m.layout()
	case recordHelp:
		m.help.ShowAll = !m.help.ShowAll
		return m.layout()
	case recordEdit:
		for i := range m.browser.rows {
			if m.browser.rows[i].file == m.record.file {
				return m.editRow(&m.browser.rows[i])
			}
		}
	case recordHistory:
		return m.openHistory(m.record.file)
	case recordExport:
		m.setStatus(statusInfo, "Exporting %s…", m.record.file.Path)
		return exportCmd(m.exports, m.root, m.info, m.record.file)
	}
	return cmd
}

// openSelected shows the record under the browser's cursor.
func (m *Model) openSelected() tea.Cmd {
	r := m.browser.selected()
	if r == nil {
		return nil
	}
	if r.file == nil {
		m.setStatus(statusError, "%s: open it in an editor and fix line %d, column %d.", r.parseErr.Error(), r.parseErr.Line, r.parseErr.Col)
		return nil
	}
	m.record = newRecordView(m.styles, m.exports, m.info, r.file, m.findings[r.path], m.profile)
	m.screen = screenRecord
	m.help.ShowAll = false
	return m.layout()
}
