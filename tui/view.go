package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

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
		return max(1, m.height-len(m.topLines()))
	}
	return max(1, m.height-len(m.topLines())-m.statusHeight()-m.helpHeight())
}

// statusHeight is the lines the status takes: one, or two when its message
// is longer than the width.
func (m *Model) statusHeight() int {
	if m.screen == screenForm {
		return 0 // the form shows its own status
	}
	return len(m.statusLines())
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
		lines = append(lines, m.legend()...)
		// Full help only when the body keeps a line; else the short line.
		if len(lines) <= m.height-len(m.topLines())-m.statusHeight()-1 {
			for i, l := range lines {
				lines[i] = ansi.Truncate(l, m.width, "…")
			}
			return strings.Join(lines, "\n")
		}
	}
	bindings := km.ShortHelp()
	line := h.ShortHelpView(bindings)
	for len(bindings) > 1 && ansi.StringWidth(line) > m.width {
		bindings = slices.Delete(bindings, len(bindings)-2, len(bindings)-1) // a fresh slice: ShortHelp builds it
		line = h.ShortHelpView(bindings)
	}
	return ansi.Truncate(line, m.width, "…")
}

// legend explains the marks of the browser's Checks and Git columns, under
// the full help.
func (m *Model) legend() []string {
	if m.screen != screenBrowser || m.confirm != nil || m.browser.filtering {
		return nil
	}
	st := m.help.Styles
	line := func(title string, items ...string) string {
		for i, it := range items {
			items[i] = st.FullDesc.Render(it)
		}
		return st.FullKey.Render(title) + " " + strings.Join(items, st.FullSeparator.Render(" • "))
	}
	return []string{
		"",
		line("Checks:", "✗2 2 errors to fix", "!6 6 warnings", "✓ passes", "… checking"),
		line("Git:", "new not committed yet", "modified since the last commit", "clean as committed"),
	}
}

func (m *Model) keyMap() help.KeyMap {
	if m.confirm != nil {
		return m.confirm.answerKeys()
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
	sb.WriteString(strings.Join(m.statusLines(), "\n"))
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

// A long status message wraps onto a second line rather than lose its end,
// and the body gives up a line for it; after "?" (the full help) it takes
// up to statusFullLines, so that the longest error can be read whole.
const (
	statusMaxLines  = 2
	statusFullLines = 6
	statusMoreTail  = "… ? shows all"
)

// statusLines show the question being asked, the outcome of the last
// action, or else what runs in the background, wrapped to the width.
func (m *Model) statusLines() []string {
	s := m.styles
	var text string
	style := s.StatusInf
	switch {
	case m.confirm != nil:
		if m.confirm.fit != nil {
			// A question that fits itself to one line keeps its end.
			return []string{s.Prompt.Render(ansi.Truncate(m.confirm.fit(m.width), m.width, "…"))}
		}
		text, style = m.confirm.question, s.Prompt
	case m.status.text != "":
		text = oneLine(m.status.text)
		switch m.status.kind {
		case statusError:
			style = s.StatusErr
		case statusOK:
			style = s.StatusOK
		}
	case m.screen == screenLoading:
		return []string{""}
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
	maxLines, tail := statusMaxLines, "…"
	if m.screen == screenBrowser || m.screen == screenRecord {
		tail = statusMoreTail
		if m.help.ShowAll {
			maxLines = statusFullLines
		}
	}
	// The body and the help line keep a line each.
	maxLines = max(1, min(maxLines, m.height-len(m.topLines())-2))
	lines := wrapLines(text, m.width, maxLines, tail)
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}

// quitKeys is the help while nothing else can be done.
type quitKeys struct{}

func (quitKeys) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit"))}
}
func (k quitKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
