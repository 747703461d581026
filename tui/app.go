package tui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
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
// the record view or the form.
type Model struct {
	opts    Options
	today   func() time.Time
	styles  *Styles
	help    help.Model
	profile colorprofile.Profile
	width   int
	height  int

	screen   screen
	loader   *loader
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

	browser  browser
	record   *recordView
	exports  *exporterCache
	form     *Form
	formFrom screen

	formTitle   string // what the form edits, for the title bar
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
		exports:  &exporterCache{templates: filepath.Join(root, "templates")},
	}
}

// Init starts loading the register and asks the terminal for its
// background, so that the styles suit it.
func (m *Model) Init() tea.Cmd {
	l, wait := startLoad(m.root)
	m.loader = l
	return tea.Batch(wait, tea.RequestBackgroundColor)
}

func (m *Model) setStatus(kind statusKind, format string, args ...any) {
	m.status = status{text: fmt.Sprintf(format, args...), kind: kind}
}

func (m *Model) setError(err error) {
	m.status = status{text: err.Error(), kind: statusError}
}

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 20), max(msg.Height, 8)
		m.help.SetWidth(m.width)
		return m, m.layout()

	case tea.BackgroundColorMsg:
		*m.styles = NewStyles(msg.IsDark())
		m.help.Styles = m.styles.Help
		return m, m.layout()

	case tea.ColorProfileMsg:
		m.profile = msg.Profile
		return m, nil

	case loadProgressMsg:
		m.progress = msg
		return m, m.loader.wait

	case loadedMsg:
		return m, m.loaded(msg)

	case lintedMsg:
		if msg.gen == m.lintGen {
			m.setFindings(msg.findings)
		}
		return m, nil

	case gitStatusMsg:
		m.setGit(msg)
		return m, nil

	case draftsMsg:
		return m, m.offerDrafts(msg)

	case fileReloadedMsg:
		return m, m.fileReloaded(msg)

	case deletedMsg:
		return m, m.deleted(msg)

	case exportedMsg:
		m.exported(msg)
		return m, nil

	case FormSavedMsg:
		m.form = nil
		m.screen = m.formFrom
		return m, reloadFileCmd(m.root, m.relPath(msg.Path))

	case FormClosedMsg:
		m.form = nil
		m.screen = m.formFrom
		m.setStatus(statusInfo, "Closed the form without saving.")
		return m, m.layout()

	case HistoryClosedMsg:
		m.history = nil
		m.screen = m.historyFrom
		return m, m.layout()

	case tea.KeyPressMsg:
		return m, m.key(msg)

	case tea.PasteMsg:
		if m.screen == screenBrowser && m.confirm == nil {
			m.browser.paste(msg.Content)
			return m, nil
		}
	}

	// Everything else belongs to the screen that is showing: the form's
	// huh fields and the record view's previews have messages of their own.
	switch m.screen {
	case screenForm:
		if m.form != nil {
			var cmd tea.Cmd
			m.form, cmd = m.form.Update(msg)
			return m, cmd
		}
	case screenRecord:
		if m.record != nil {
			return m, m.record.updateMsg(msg)
		}
	case screenHistory:
		if m.history != nil {
			var cmd tea.Cmd
			m.history, cmd = m.history.Update(msg)
			return m, cmd
		}
	}
	return m, nil
}

// key routes a key press: ctrl+c always quits (a form keeps its draft on
// disk as it goes), an open question takes y/n, else the screen decides.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if m.confirm != nil {
		ck := newConfirmKeys()
		c := m.confirm
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

// layout gives every part its size after a resize or a change of what the
// help line shows.
func (m *Model) layout() tea.Cmd {
	body := m.bodyHeight()
	m.browser.setHeight(body - 2) // the filter line and the table header
	if m.record != nil {
		return m.record.setSize(m.width, body)
	}
	if m.form != nil {
		m.form.SetSize(m.width, body)
	}
	if m.history != nil {
		m.history.SetSize(m.width, body)
	}
	return nil
}

// bodyHeight is what is left between the title lines and the status and
// help lines.
func (m *Model) bodyHeight() int {
	if m.screen == screenForm {
		return max(3, m.height-len(m.topLines()))
	}
	return max(3, m.height-len(m.topLines())-1-m.helpHeight())
}

func (m *Model) helpHeight() int {
	if m.screen == screenForm {
		return 0 // the form shows its own keys
	}
	return max(1, lipglossHeight(m.helpView()))
}

// helpView is the help line, or all keys after "?". It always fits the
// width, and the short line keeps "?" (its last key) by leaving out keys
// before it when the window is narrow.
func (m *Model) helpView() string {
	km := m.keyMap()
	h := m.help
	h.SetWidth(0) // bubbles/help would overflow when even its "…" does not fit
	if h.ShowAll {
		lines := strings.Split(h.FullHelpView(km.FullHelp()), "\n")
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, m.width, "…")
		}
		return strings.Join(lines, "\n")
	}
	bindings := km.ShortHelp()
	line := h.ShortHelpView(bindings)
	for len(bindings) > 1 && ansi.StringWidth(line) > m.width {
		bindings = slices.Delete(bindings, len(bindings)-2, len(bindings)-1) // a fresh slice: ShortHelp builds it
		line = h.ShortHelpView(bindings)
	}
	return ansi.Truncate(line, m.width, "…")
}

func (m *Model) keyMap() help.KeyMap {
	if m.confirm != nil {
		return newConfirmKeys()
	}
	switch m.screen {
	case screenBrowser:
		if m.browser.filtering {
			return filterKeys{m.browser.keys}
		}
		return m.browser.keys
	case screenRecord:
		if m.record != nil {
			return m.record.keys
		}
	case screenHistory:
		if m.history != nil {
			return m.history.KeyMap()
		}
	}
	return quitKeys{}
}

// View draws the whole window.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "ropa"
	if m.info.Name != "" {
		v.WindowTitle = "ropa · " + m.info.Name
	}
	return v
}

func (m *Model) render() string {
	var sb strings.Builder
	for _, l := range m.topLines() {
		sb.WriteString(l)
		sb.WriteByte('\n')
	}
	body := m.bodyHeight()
	sb.WriteString(fitHeight(m.renderBody(body), body, m.width))
	if m.screen == screenForm {
		return sb.String() // the form draws its own status and help lines
	}
	sb.WriteByte('\n')
	sb.WriteString(m.statusLine())
	sb.WriteByte('\n')
	sb.WriteString(m.helpView())
	return sb.String()
}

// topLines are the title bar and, in the demo, the banner.
func (m *Model) topLines() []string {
	name := m.info.ShortName
	if name == "" {
		name = m.info.Name
	}
	left := "ropa"
	if name != "" {
		left += " · " + name
	}
	right := ""
	switch m.screen {
	case screenBrowser:
		right = fmt.Sprintf("%s of %s · sorted by %s",
			formatCount(len(m.browser.visible)), plural(len(m.browser.rows), "record", "records"), m.browser.sort)
	case screenForm:
		right = m.formTitle
	}
	lines := []string{m.styles.Title.Render(spread(left, right, m.width))}
	if m.opts.Demo {
		lines = append(lines, m.styles.Banner.Render(ansi.Truncate(
			"Demo: a temporary copy of the example register. Your own files are safe.", m.width, "…")))
	}
	return lines
}

func (m *Model) renderBody(height int) string {
	switch m.screen {
	case screenLoading:
		return m.loadingView()
	case screenBrowser:
		return m.filterLine() + "\n" + m.browser.view(m.styles, m.width)
	case screenRecord:
		if m.record != nil {
			return m.record.view()
		}
	case screenForm:
		if m.form != nil {
			return m.form.View()
		}
	case screenHistory:
		if m.history != nil {
			return m.history.View()
		}
	}
	return ""
}

func (m *Model) loadingView() string {
	if m.loadErr != nil {
		return "\n" + m.styles.StatusErr.Render("The register could not be read.") + "\n" +
			m.styles.Subtle.Render("Check the folder (ropa --dir DIR) and press q to quit.")
	}
	text := "Loading the register…"
	if m.progress.total > 0 {
		text = fmt.Sprintf("Loading %s / %s records…", formatCount(m.progress.done), formatCount(m.progress.total))
	}
	return "\n  " + m.styles.StatusInf.Render(text)
}

func (m *Model) filterLine() string {
	s := m.styles
	switch {
	case m.browser.filtering:
		return s.FilterLabel.Render("/ ") + s.FilterText.Render(m.browser.query) + "█"
	case m.browser.query != "":
		return s.FilterLabel.Render("Filter: ") + s.FilterText.Render(m.browser.query) + s.Subtle.Render("  (/ to change, esc to clear)")
	default:
		return s.Subtle.Render("Press / to filter by reference, title, unit or status.")
	}
}

// statusLine shows the question being asked, the outcome of the last
// action, or else what runs in the background.
func (m *Model) statusLine() string {
	s := m.styles
	var text string
	switch {
	case m.confirm != nil:
		return s.Prompt.Render(ansi.Truncate(m.confirm.question, m.width, "…"))
	case m.status.text != "":
		style := s.StatusInf
		switch m.status.kind {
		case statusError:
			style = s.StatusErr
		case statusOK:
			style = s.StatusOK
		}
		return style.Render(ansi.Truncate(oneLine(m.status.text), m.width, "…"))
	case m.screen == screenLoading:
		return ""
	case m.screen == screenRecord && m.record != nil:
		if len(m.record.findings) > 0 {
			text = "f and F go from finding to finding; e edits the record; h shows its history."
		} else {
			text = "This record passes every check; h shows its history."
		}
	case !m.linted:
		text = "Checking " + plural(len(m.files), "record", "records") + "…"
	default:
		text = m.lintText
		if m.gitErr != nil {
			text += " · no Git states: " + m.gitErr.Error()
		}
	}
	return s.StatusInf.Render(ansi.Truncate(text, m.width, "…"))
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

// quitKeys is the help while nothing else can be done.
type quitKeys struct{}

func (quitKeys) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit"))}
}
func (k quitKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
