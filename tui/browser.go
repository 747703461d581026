package tui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// sortKey is the column the browser sorts on; s cycles through them.
type sortKey int

const (
	sortReference sortKey = iota
	sortTitle
	sortUnit
	sortStatus
	sortFindings
	sortKeys
)

func (k sortKey) String() string {
	return [...]string{"reference", "title", "unit", "status", "findings"}[k]
}

// browserAction is what a key in the browser asks the root model to do.
type browserAction int

const (
	actNone browserAction = iota
	actOpen
	actNew
	actEdit
	actDelete
	actQuit
	actHelp
	actHistory
)

// browser is the table of records: sorting, filtering and the cursor. It
// owns its rows; the root model feeds it files, findings and git states.
type browser struct {
	keys browserKeys

	rows    []row
	order   []int // indexes into rows, in sort order
	visible []int // order, narrowed by the filter
	cursor  int   // index into visible
	offset  int   // first index of visible on screen
	height  int   // rows on screen

	sort      sortKey
	query     string
	filtering bool // the filter line has the keyboard
	refWidth  int
}

func newBrowser() browser {
	return browser{keys: newBrowserKeys(), height: 10}
}

// setRows replaces every row, keeping the cursor on keepPath when it is
// still there.
func (b *browser) setRows(rows []row, keepPath string) {
	b.rows = rows
	b.refWidth = len("Reference")
	for i := range rows {
		b.refWidth = max(b.refWidth, min(ansi.StringWidth(rows[i].ref), 16))
	}
	b.resort(keepPath)
}

// selected returns the row under the cursor, or nil when none is shown.
func (b *browser) selected() *row {
	if b.cursor < 0 || b.cursor >= len(b.visible) {
		return nil
	}
	return &b.rows[b.visible[b.cursor]]
}

func (b *browser) selectedPath() string {
	if r := b.selected(); r != nil {
		return r.path
	}
	return ""
}

// resort orders every row by the sort key (ties by path, so the order is
// stable across reloads) and reapplies the filter.
func (b *browser) resort(keepPath string) {
	b.order = b.order[:0]
	for i := range b.rows {
		b.order = append(b.order, i)
	}
	less := b.compare()
	slices.SortFunc(b.order, func(i, j int) int {
		if c := less(&b.rows[i], &b.rows[j]); c != 0 {
			return c
		}
		return strings.Compare(b.rows[i].path, b.rows[j].path)
	})
	b.refilter(false, keepPath)
}

func (b *browser) compare() func(x, y *row) int {
	switch b.sort {
	case sortTitle:
		return func(x, y *row) int { return strings.Compare(strings.ToLower(x.title), strings.ToLower(y.title)) }
	case sortUnit:
		return func(x, y *row) int { return strings.Compare(strings.ToLower(x.unit), strings.ToLower(y.unit)) }
	case sortStatus:
		return func(x, y *row) int { return cmp.Compare(x.statusRank, y.statusRank) }
	case sortFindings:
		// Most errors first, then most warnings: the records that need work.
		return func(x, y *row) int {
			if c := cmp.Compare(y.errors, x.errors); c != 0 {
				return c
			}
			return cmp.Compare(y.warnings, x.warnings)
		}
	default:
		// Records without a reference (drafts) after those with one.
		return func(x, y *row) int {
			if (x.ref == "") != (y.ref == "") {
				if x.ref == "" {
					return 1
				}
				return -1
			}
			return strings.Compare(x.ref, y.ref)
		}
	}
}

// setQuery changes the filter. A query that only extends the previous one
// can only narrow the match, so it filters the rows already visible.
func (b *browser) setQuery(q string) {
	narrowing := strings.HasPrefix(q, b.query)
	keep := b.selectedPath()
	b.query = q
	b.refilter(narrowing, keep)
}

func (b *browser) refilter(narrowing bool, keepPath string) {
	words := strings.Fields(strings.ToLower(b.query))
	source := b.order
	if narrowing {
		source = b.visible
	}
	next := make([]int, 0, len(source))
	for _, i := range source {
		if matches(b.rows[i].hay, words) {
			next = append(next, i)
		}
	}
	b.visible = next
	b.cursor = 0
	if keepPath != "" {
		for vi, i := range b.visible {
			if b.rows[i].path == keepPath {
				b.cursor = vi
				break
			}
		}
	}
	b.clampOffset()
}

func matches(hay string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

func (b *browser) move(delta int) {
	b.cursor = max(0, min(len(b.visible)-1, b.cursor+delta))
	b.clampOffset()
}

func (b *browser) setHeight(h int) {
	b.height = max(1, h)
	b.clampOffset()
}

// clampOffset keeps the cursor on screen.
func (b *browser) clampOffset() {
	if b.cursor < b.offset {
		b.offset = b.cursor
	}
	if b.cursor >= b.offset+b.height {
		b.offset = b.cursor - b.height + 1
	}
	b.offset = max(0, min(b.offset, len(b.visible)-b.height))
}

// update handles a key and says what the root model should do with it.
func (b *browser) update(msg tea.KeyPressMsg) browserAction {
	if b.filtering {
		return b.updateFilter(msg)
	}
	k := b.keys
	switch {
	case key.Matches(msg, k.Up):
		b.move(-1)
	case key.Matches(msg, k.Down):
		b.move(1)
	case key.Matches(msg, k.PageUp):
		b.move(-b.height)
	case key.Matches(msg, k.PageDown):
		b.move(b.height)
	case key.Matches(msg, k.Home):
		b.move(-len(b.visible))
	case key.Matches(msg, k.End):
		b.move(len(b.visible))
	case key.Matches(msg, k.Filter):
		b.filtering = true
	case key.Matches(msg, k.ClearFilter):
		if b.query != "" {
			b.setQuery("")
		}
	case key.Matches(msg, k.Sort):
		b.sort = (b.sort + 1) % sortKeys
		b.resort(b.selectedPath())
	case key.Matches(msg, k.Open):
		return actOpen
	case key.Matches(msg, k.New):
		return actNew
	case key.Matches(msg, k.Edit):
		return actEdit
	case key.Matches(msg, k.Delete):
		return actDelete
	case key.Matches(msg, k.History):
		return actHistory
	case key.Matches(msg, k.Help):
		return actHelp
	case key.Matches(msg, k.Quit):
		return actQuit
	}
	return actNone
}

// updateFilter edits the filter line: typing narrows, backspace widens,
// esc clears, enter or an arrow hands the keyboard back to the table.
func (b *browser) updateFilter(msg tea.KeyPressMsg) browserAction {
	switch msg.String() {
	case "esc":
		b.filtering = false
		b.setQuery("")
	case "enter":
		b.filtering = false
	case "up", "down":
		b.filtering = false
		return b.update(msg)
	case "backspace", "ctrl+h":
		if b.query != "" {
			_, size := utf8.DecodeLastRuneInString(b.query)
			b.setQuery(b.query[:len(b.query)-size])
		}
	case "ctrl+u":
		b.setQuery("")
	case "ctrl+w":
		q := strings.TrimRight(b.query, " ")
		b.setQuery(q[:strings.LastIndexByte(q, ' ')+1])
	case "ctrl+c":
		return actQuit
	default:
		if msg.Text != "" {
			b.setQuery(b.query + msg.Text)
		}
	}
	return actNone
}

// paste adds pasted text to the filter while it has the keyboard.
func (b *browser) paste(text string) {
	if b.filtering {
		b.setQuery(b.query + oneLine(text))
	}
}

// columns are the widths of the table's columns for a screen width.
type columns struct{ ref, title, unit, status, checks, git int }

const (
	markerWidth = 2 // "▸ " before the selected row
	colGap      = 1
)

func (b *browser) columns(width int) columns {
	c := columns{ref: b.refWidth, status: len("unreadable"), checks: len("Checks") + 1, git: len("modified")}
	rest := width - markerWidth - c.ref - c.status - c.checks - c.git - 5*colGap
	c.unit = min(30, max(8, rest*2/5))
	c.title = max(10, rest-c.unit)
	return c
}

// view renders the header and the rows on screen, padded to the browser's
// height so that the lines below it never move.
func (b *browser) view(s *Styles, width int) string {
	var sb strings.Builder
	c := b.columns(width)
	header := cells(c, "  ", "Reference", "Title", "Unit", "Status", "Checks", "Git")
	sb.WriteString(s.TableHeader.Render(ansi.Truncate(header, width, "")))
	sb.WriteByte('\n')

	lines := 0
	if len(b.visible) == 0 {
		msg := "No records yet: press n to write the first one."
		if b.query != "" {
			msg = "No record matches “" + b.query + "”: esc clears the filter."
		}
		sb.WriteString(s.Subtle.Render(ansi.Truncate("  "+msg, width, "…")))
		sb.WriteByte('\n')
		lines++
	}
	for vi := b.offset; vi < len(b.visible) && vi < b.offset+b.height; vi++ {
		sb.WriteString(b.renderRow(s, c, &b.rows[b.visible[vi]], vi == b.cursor, width))
		sb.WriteByte('\n')
		lines++
	}
	for ; lines < b.height; lines++ {
		sb.WriteByte('\n')
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

func (b *browser) renderRow(s *Styles, c columns, r *row, selected bool, width int) string {
	checks := checksText(r)
	git := r.git
	if git == "" {
		git = "…"
	}
	if selected {
		line := cells(c, "▸ ", r.ref, r.title, r.unit, r.status, checks, git)
		return s.SelectedRow.Render(ansi.Truncate(line, width, ""))
	}
	line := cells(c, "  ", r.ref, r.title, r.unit, r.status, "", "")
	checkStyle := s.BadgeOK
	switch {
	case !r.linted:
		checkStyle = s.Subtle
	case r.errors > 0:
		checkStyle = s.BadgeError
	case r.warnings > 0:
		checkStyle = s.BadgeWarning
	}
	gitStyle := s.GitClean
	switch r.git {
	case "new":
		gitStyle = s.GitNew
	case "modified", "conflict", "deleted":
		gitStyle = s.GitModified
	}
	line += checkStyle.Render(pad(checks, c.checks)) + strings.Repeat(" ", colGap) + gitStyle.Render(pad(git, c.git))
	return ansi.Truncate(line, width, "")
}

// cells lays out one line of the table; the last two cells are left for
// the caller to style when empty.
func cells(c columns, marker, ref, title, unit, status, checks, git string) string {
	gap := strings.Repeat(" ", colGap)
	var sb strings.Builder
	sb.WriteString(marker)
	for _, cell := range []struct {
		text  string
		width int
	}{{ref, c.ref}, {title, c.title}, {unit, c.unit}, {status, c.status}} {
		sb.WriteString(pad(cell.text, cell.width))
		sb.WriteString(gap)
	}
	if checks != "" || git != "" {
		sb.WriteString(pad(checks, c.checks))
		sb.WriteString(gap)
		sb.WriteString(pad(git, c.git))
	}
	return sb.String()
}

// pad truncates or pads text to exactly width cells.
func pad(text string, width int) string {
	if width <= 0 {
		return ""
	}
	w := ansi.StringWidth(text)
	if w > width {
		return ansi.Truncate(text, width, "…")
	}
	return text + strings.Repeat(" ", width-w)
}

// checksText is the findings badge: "✗2 !1" (errors, warnings), "✓" when
// clean, "…" while lint runs. The symbols carry the meaning without colour.
func checksText(r *row) string {
	if !r.linted {
		return "…"
	}
	var parts []string
	if r.errors > 0 {
		parts = append(parts, "✗"+strconv.Itoa(r.errors))
	}
	if r.warnings > 0 {
		parts = append(parts, "!"+strconv.Itoa(r.warnings))
	}
	if len(parts) == 0 {
		return "✓"
	}
	return strings.Join(parts, " ")
}
