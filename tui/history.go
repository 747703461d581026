package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// HistoryClosedMsg says the user left the history view; the shell returns
// to where it opened it.
type HistoryClosedMsg struct{}

// historyLoadedMsg carries the commits of the record, read in the
// background; owner drops the answer of a history view already closed.
type historyLoadedMsg struct {
	owner   *History
	commits []records.Commit
	err     error
}

// historyDiffMsg carries the semantic diff of one commit; gen drops the
// answer to an earlier choice.
type historyDiffMsg struct {
	owner *History
	gen   int
	diff  records.RecordDiff
	err   error
}

// historyHeaderHeight is the title and the facts line above the list or
// the diff, plus the column heads of the list.
const historyHeaderHeight = 3

// History shows the commits that touched one record (date, author,
// subject), newest first, and on enter the semantic diff of the chosen
// commit against its parent. Git is read in tea.Cmds, never in Update.
type History struct {
	root   string
	file   *records.File
	styles *Styles
	keys   historyKeys

	width, height int

	loading bool
	err     error
	commits []records.Commit
	cursor  int
	offset  int // first commit shown in the list

	// The diff of the chosen commit, while it is open.
	open    bool
	gen     int
	diff    *records.RecordDiff
	diffErr error
	vp      viewport.Model
}

// NewHistory makes the history view of f in the register at root; Init
// starts reading the log.
func NewHistory(root string, f *records.File, styles *Styles) *History {
	h := &History{root: root, file: f, styles: styles, keys: newHistoryKeys(), loading: true,
		vp: viewport.New(), width: 80, height: 20}
	h.vp.SoftWrap = false
	return h
}

// Init reads the record's history in the background.
func (h *History) Init() tea.Cmd {
	root, path := h.root, h.file.Path
	return func() tea.Msg {
		commits, err := records.FileLog(root, path)
		return historyLoadedMsg{owner: h, commits: commits, err: err}
	}
}

// SetSize gives the view its width and height (the body between the
// shell's title and status lines).
func (h *History) SetSize(width, height int) {
	h.width, h.height = max(width, 20), max(height, historyHeaderHeight+1)
	h.vp.SetWidth(h.width)
	h.vp.SetHeight(h.height - historyHeaderHeight + 1)
	if h.open {
		off := h.vp.YOffset()
		h.vp.SetContent(h.renderDiff())
		h.vp.SetYOffset(off)
	}
	h.keepCursorVisible()
}

// KeyMap is the help of the current mode: the list or an open diff.
func (h *History) KeyMap() help.KeyMap {
	if h.open {
		return historyDiffHelp{h.keys}
	}
	return h.keys
}

// Update handles the log and diff results and the keys.
func (h *History) Update(msg tea.Msg) (*History, tea.Cmd) {
	switch msg := msg.(type) {
	case historyLoadedMsg:
		if msg.owner != h {
			return h, nil
		}
		h.loading, h.commits, h.err = false, msg.commits, msg.err
		h.cursor, h.offset = 0, 0
		return h, nil
	case historyDiffMsg:
		if msg.owner != h || msg.gen != h.gen || !h.open {
			return h, nil
		}
		h.diff, h.diffErr = &msg.diff, msg.err
		if msg.err != nil {
			h.diff = nil
		}
		h.vp.SetContent(h.renderDiff())
		h.vp.GotoTop()
		return h, nil
	case tea.KeyPressMsg:
		if h.open {
			return h.updateDiff(msg)
		}
		return h.updateList(msg)
	}
	return h, nil
}

func (h *History) updateList(msg tea.KeyPressMsg) (*History, tea.Cmd) {
	k := h.keys
	switch {
	case key.Matches(msg, k.Back):
		return h, func() tea.Msg { return HistoryClosedMsg{} }
	case key.Matches(msg, k.Up):
		h.moveCursor(-1)
	case key.Matches(msg, k.Down):
		h.moveCursor(1)
	case key.Matches(msg, k.PageUp):
		h.moveCursor(-h.listHeight())
	case key.Matches(msg, k.PageDown):
		h.moveCursor(h.listHeight())
	case key.Matches(msg, k.Home):
		h.moveCursor(-len(h.commits))
	case key.Matches(msg, k.End):
		h.moveCursor(len(h.commits))
	case key.Matches(msg, k.Open):
		if h.cursor < len(h.commits) {
			return h, h.openDiff()
		}
	}
	return h, nil
}

func (h *History) updateDiff(msg tea.KeyPressMsg) (*History, tea.Cmd) {
	k := h.keys
	switch {
	case key.Matches(msg, k.Back):
		h.open, h.diff, h.diffErr = false, nil, nil
		return h, nil
	case key.Matches(msg, k.Older):
		if h.cursor+1 < len(h.commits) {
			h.moveCursor(1)
			return h, h.openDiff()
		}
		return h, nil
	case key.Matches(msg, k.Newer):
		if h.cursor > 0 {
			h.moveCursor(-1)
			return h, h.openDiff()
		}
		return h, nil
	}
	var cmd tea.Cmd
	h.vp, cmd = h.vp.Update(msg)
	return h, cmd
}

// openDiff shows the chosen commit and reads its diff in the background.
func (h *History) openDiff() tea.Cmd {
	h.open, h.diff, h.diffErr = true, nil, nil
	h.gen++
	h.vp.SetContent(h.renderDiff())
	root, c, gen := h.root, h.commits[h.cursor], h.gen
	return func() tea.Msg {
		d, err := records.CommitDiff(root, c)
		return historyDiffMsg{owner: h, gen: gen, diff: d, err: err}
	}
}

func (h *History) listHeight() int { return max(1, h.height-historyHeaderHeight) }

func (h *History) moveCursor(delta int) {
	h.cursor = min(max(h.cursor+delta, 0), max(len(h.commits)-1, 0))
	h.keepCursorVisible()
}

func (h *History) keepCursorVisible() {
	rows := h.listHeight()
	if h.cursor < h.offset {
		h.offset = h.cursor
	}
	if h.cursor >= h.offset+rows {
		h.offset = h.cursor - rows + 1
	}
	h.offset = max(0, min(h.offset, len(h.commits)-rows))
}

// recordName is the record's reference, else its file.
func (h *History) recordName() string {
	if h.file.Record.Reference != "" {
		return h.file.Record.Reference
	}
	return h.file.Path
}

// View draws the list of commits, or the open diff.
func (h *History) View() string {
	s := h.styles
	title := "History of " + h.recordName()
	if h.file.Record.Title != "" {
		title += " · " + h.file.Record.Title
	}
	lines := []string{s.Header.Render(ansi.Truncate(title, h.width, "…"))}
	if h.open {
		return strings.Join(append(lines, h.diffHeading(), h.vp.View()), "\n")
	}
	switch {
	case h.loading:
		lines = append(lines, s.StatusInf.Render("Reading the history from Git…"))
	case h.err != nil:
		lines = append(lines, s.StatusErr.Render(ansi.Wordwrap("The history could not be read: "+h.err.Error(), h.width, "")))
	case len(h.commits) == 0:
		lines = append(lines, s.Subtle.Render(ansi.Wordwrap(h.file.Path+" has no commits yet. Once it is committed, each change appears here with its date, author and message.", h.width, "")))
	default:
		lines = append(lines, s.Subtle.Render(fmt.Sprintf("%s · %s · enter shows what a commit changed", h.file.Path, plural(len(h.commits), "commit", "commits"))))
		lines = append(lines, h.listLines()...)
	}
	return strings.Join(lines, "\n")
}

// Column widths of the list.
const (
	historyDateWidth   = 10
	historyAuthorWidth = 18
)

func (h *History) listLines() []string {
	s := h.styles
	subjectWidth := max(h.width-historyDateWidth-historyAuthorWidth-4, 10)
	row := func(date, author, subject string) string {
		return padCells(date, historyDateWidth) + "  " + padCells(author, historyAuthorWidth) + "  " +
			ansi.Truncate(subject, subjectWidth, "…")
	}
	lines := []string{s.TableHeader.Render(row("DATE", "AUTHOR", "CHANGE"))}
	end := min(len(h.commits), h.offset+h.listHeight())
	for i := h.offset; i < end; i++ {
		c := h.commits[i]
		subject := c.Subject
		switch c.Change {
		case records.FileAdded:
			subject += " (created)"
		case records.FileRenamed:
			subject += " (file renamed)"
		case records.FileRemoved:
			subject += " (deleted)"
		}
		line := row(c.Date.Format("2006-01-02"), c.Author, subject)
		if i == h.cursor {
			line = s.SelectedRow.Render(padCells(line, h.width))
		} else {
			line = s.Cell.Render(line)
		}
		lines = append(lines, line)
	}
	return lines
}

// padCells truncates or pads s to exactly n cells.
func padCells(s string, n int) string {
	s = ansi.Truncate(s, n, "…")
	return s + strings.Repeat(" ", max(0, n-ansi.StringWidth(s)))
}

// diffHeading names the open commit.
func (h *History) diffHeading() string {
	c := h.commits[h.cursor]
	text := fmt.Sprintf("%s · %s · %s · %s", c.Date.Format("2006-01-02"), c.Author, shortHash(c.Hash), c.Subject)
	return h.styles.Subtle.Render(ansi.Truncate(text, h.width, "…"))
}

func shortHash(h string) string {
	if len(h) > 10 {
		return h[:10]
	}
	return h
}

// renderDiff writes the changes of the open commit: a label per field,
// then the old value after "-" and the new after "+", so that the sign
// carries the meaning without colour.
func (h *History) renderDiff() string {
	s := h.styles
	switch {
	case h.diffErr != nil:
		return s.StatusErr.Render(ansi.Wordwrap("The change could not be read: "+h.diffErr.Error(), h.width, ""))
	case h.diff == nil:
		return s.StatusInf.Render("Reading the change from Git…")
	}
	d := h.diff
	var b strings.Builder
	switch d.Kind {
	case records.FileAdded:
		b.WriteString(s.Emphasis.Render("The record was created in this commit.") + "\n")
	case records.FileRemoved:
		b.WriteString(s.Emphasis.Render("The record was deleted in this commit.") + "\n")
	case records.FileRenamed:
		b.WriteString(s.Emphasis.Render("File renamed: "+d.OldPath+" → "+d.NewPath) + "\n")
	}
	for _, e := range []struct{ which, err string }{{"earlier", d.OldError}, {"new", d.NewError}} {
		if e.err != "" {
			b.WriteString(s.StatusErr.Render(ansi.Wordwrap("The "+e.which+" version cannot be read: "+e.err, h.width, "")) + "\n")
		}
	}
	if st, ok := d.StatusChange(); ok {
		b.WriteString(s.Emphasis.Render(fmt.Sprintf("Status: %s → %s", orNone(st.Old), st.New)) + "\n")
	}
	if len(d.Changes) == 0 && d.Kind == records.FileModified && d.OldError == "" && d.NewError == "" {
		b.WriteString(s.Subtle.Render("No field changed: only the layout of the file.") + "\n")
	}
	for _, c := range d.Changes {
		if c.IsStatus() {
			continue
		}
		b.WriteString("\n" + s.Label.Render(ansi.Truncate(c.Label, h.width, "…")) + "\n")
		for _, e := range changeLines(c) {
			b.WriteString(h.diffLine(e.Op, e.Text))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// changeLines gives the lines of one change: a long text as the lines
// that changed (with the unchanged ones around them), else old and new.
func changeLines(c model.Change) []model.LineEdit {
	if strings.Contains(c.Old, "\n") || strings.Contains(c.New, "\n") {
		return model.LineDiff(c.Old, c.New)
	}
	var edits []model.LineEdit
	if c.Old != "" {
		edits = append(edits, model.LineEdit{Op: '-', Text: c.Old})
	}
	if c.New != "" {
		edits = append(edits, model.LineEdit{Op: '+', Text: c.New})
	}
	return edits
}

// diffLine writes one signed line, wrapped under its sign.
func (h *History) diffLine(op byte, text string) string {
	style := h.styles.Subtle
	switch op {
	case '-':
		style = h.styles.BadgeError
	case '+':
		style = h.styles.GitNew
	}
	wrapped := strings.Split(ansi.Wordwrap(text, max(h.width-4, 10), ""), "\n")
	var b strings.Builder
	for i, l := range wrapped {
		prefix := "    "
		if i == 0 {
			prefix = "  " + string(op) + " "
		}
		b.WriteString(style.Render(prefix+l) + "\n")
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// historyKeys are the keys of the history view.
type historyKeys struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Open, Older, Newer, Back              key.Binding
}

func newHistoryKeys() historyKeys {
	return historyKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "f"), key.WithHelp("pgdn", "page down")),
		Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "newest")),
		End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "oldest")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show change")),
		Older:    key.NewBinding(key.WithKeys("n", "right"), key.WithHelp("n/→", "older commit")),
		Newer:    key.NewBinding(key.WithKeys("p", "left"), key.WithHelp("p/←", "newer commit")),
		Back:     key.NewBinding(key.WithKeys("esc", "q", "backspace"), key.WithHelp("esc/q", "back")),
	}
}

// ShortHelp is the help line under the list.
func (k historyKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Open, k.Back}
}

// FullHelp is the list's help in full.
func (k historyKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Open, k.Back}}
}

// historyDiffHelp is the help while a commit's change is open.
type historyDiffHelp struct{ k historyKeys }

func (h historyDiffHelp) ShortHelp() []key.Binding {
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll"))
	return []key.Binding{scroll, h.k.Older, h.k.Newer, h.k.Back}
}

func (h historyDiffHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }
