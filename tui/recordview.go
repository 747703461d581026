package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// recordTab is what the record view shows: the record itself, or a preview
// of one of the documents made from it.
type recordTab int

const (
	tabRecord recordTab = iota
	tabNotice
	tabEntry
	recordTabs
)

func (t recordTab) String() string {
	return [...]string{"Record", "Notice", "Register entry"}[t]
}

// recordAction is what a key in the record view asks the root model to do.
type recordAction int

const (
	recordNone recordAction = iota
	recordBack
	recordEdit
	recordExport
	recordHelp
	recordHistory
)

// recordHeaderHeight is the title, the facts line and the tabs.
const recordHeaderHeight = 3

// recordView shows one record section by section with its findings, and
// previews of its notice and register entry.
type recordView struct {
	keys     recordKeys
	styles   *Styles
	info     model.Register
	file     *records.File
	findings []model.Finding
	profile  colorprofile.Profile
	exports  *exporterCache

	tab    recordTab
	vp     viewport.Model
	width  int
	height int
	sized  bool // setSize has run: width is the window's

	// Rendered text per tab; a preview is rendered in the background and
	// its generation (bumped on every resize) drops stale results.
	content [recordTabs]string
	errs    [recordTabs]error
	offsets [recordTabs]int
	gen     int

	// marks are the lines of the record tab where sections with findings
	// begin.
	marks []int
}

// previewMsg carries a preview rendered in the background.
type previewMsg struct {
	file *records.File
	tab  recordTab
	gen  int
	text string
	err  error
}

func newRecordView(s *Styles, ex *exporterCache, info model.Register, f *records.File, findings []model.Finding, profile colorprofile.Profile) *recordView {
	v := &recordView{
		exports:  ex,
		keys:     newRecordKeys(),
		styles:   s,
		info:     info,
		file:     f,
		findings: findings,
		profile:  profile,
		vp:       viewport.New(),
	}
	v.vp.SoftWrap = false
	return v
}

// setSize lays the view out again. Previews depend on the width only: a
// change of height (the status taking a second line) keeps them.
func (v *recordView) setSize(width, height int) tea.Cmd {
	v.height = height
	v.vp.SetHeight(max(1, height-recordHeaderHeight))
	if v.sized && width == v.width {
		return nil
	}
	v.sized, v.width = true, width
	v.vp.SetWidth(width)
	return v.rerender()
}

// rerender renders the record again and drops the previews, which render
// anew in the background: after a change of width or of styles.
func (v *recordView) rerender() tea.Cmd {
	v.gen++
	v.content[tabNotice], v.content[tabEntry] = "", ""
	v.errs[tabNotice], v.errs[tabEntry] = nil, nil
	v.renderRecord()
	return v.show(v.tab)
}

func (v *recordView) renderRecord() {
	v.content[tabRecord], v.marks = renderRecord(v.styles, v.info, &v.file.Record, v.findings, v.width)
}

func (v *recordView) setFindings(fs []model.Finding) {
	v.findings = fs
	v.renderRecord()
	if v.tab == tabRecord {
		off := v.vp.YOffset()
		v.vp.SetContent(v.content[tabRecord])
		v.vp.SetYOffset(off)
	}
}

// show switches to a tab, starting its preview when it is not rendered yet.
func (v *recordView) show(t recordTab) tea.Cmd {
	if t != v.tab {
		v.offsets[v.tab] = v.vp.YOffset()
		v.tab = t
	}
	switch {
	case v.errs[t] != nil:
		v.vp.SetContent(v.styles.StatusErr.Render(v.errs[t].Error()))
		return nil
	case v.content[t] == "":
		v.vp.SetContent(v.styles.Subtle.Render("Rendering the " + strings.ToLower(t.String()) + "…"))
		return renderPreviewCmd(v.exports, v.info, v.file, t, v.gen, v.width, v.previewLook())
	}
	v.vp.SetContent(v.content[t])
	v.vp.SetYOffset(v.offsets[t])
	return nil
}

// previewLook picks how previews look on the terminal: plain under
// NO_COLOR or without a terminal, else for its dark or light background.
func (v *recordView) previewLook() previewLook {
	switch {
	case v.profile <= colorprofile.ASCII && v.profile != colorprofile.Unknown:
		return lookPlain
	case v.styles.HasDark:
		return lookDark
	default:
		return lookLight
	}
}

func (v *recordView) update(msg tea.KeyPressMsg) (recordAction, tea.Cmd) {
	k := v.keys
	switch {
	case key.Matches(msg, k.Up):
		v.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		v.vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		v.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		v.vp.PageDown()
	case key.Matches(msg, k.Home):
		v.vp.GotoTop()
	case key.Matches(msg, k.End):
		v.vp.GotoBottom()
	case key.Matches(msg, k.NextFind):
		v.jumpToFinding(1)
	case key.Matches(msg, k.PrevFind):
		v.jumpToFinding(-1)
	case key.Matches(msg, k.Record):
		return recordNone, v.show(tabRecord)
	case key.Matches(msg, k.Notice):
		return recordNone, v.show(tabNotice)
	case key.Matches(msg, k.Entry):
		return recordNone, v.show(tabEntry)
	case key.Matches(msg, k.NextTab):
		return recordNone, v.show((v.tab + 1) % recordTabs)
	case key.Matches(msg, k.Edit):
		return recordEdit, nil
	case key.Matches(msg, k.Export):
		return recordExport, nil
	case key.Matches(msg, k.History):
		return recordHistory, nil
	case key.Matches(msg, k.Back):
		return recordBack, nil
	case key.Matches(msg, k.Help):
		return recordHelp, nil
	}
	return recordNone, nil
}

// jumpToFinding scrolls the record to the next (dir 1) or previous (-1)
// section with findings, wrapping around.
func (v *recordView) jumpToFinding(dir int) {
	if len(v.marks) == 0 {
		return
	}
	if v.tab != tabRecord {
		v.show(tabRecord)
	}
	at := v.vp.YOffset()
	target := v.marks[0]
	if dir < 0 {
		target = v.marks[len(v.marks)-1]
	}
	for i := range v.marks {
		if dir > 0 && v.marks[i] > at {
			target = v.marks[i]
			break
		}
		if j := len(v.marks) - 1 - i; dir < 0 && v.marks[j] < at {
			target = v.marks[j]
			break
		}
	}
	v.vp.SetYOffset(target)
}

// updateMsg takes a rendered preview.
func (v *recordView) updateMsg(msg tea.Msg) tea.Cmd {
	if p, ok := msg.(previewMsg); ok && p.file == v.file && p.gen == v.gen {
		v.content[p.tab], v.errs[p.tab] = p.text, p.err
		if p.tab == v.tab {
			return v.show(p.tab)
		}
	}
	return nil
}

func (v *recordView) view() string {
	s := v.styles
	r := &v.file.Record
	title := r.Title
	if strings.TrimSpace(title) == "" {
		title = "(untitled)"
	}
	errs, warns := countFindings(v.findings)
	facts := []string{orDash(r.Reference, "no reference"), orDash(string(r.Status), "no status"), v.file.Path}
	var badge string
	switch {
	case errs > 0 || warns > 0:
		var parts []string
		if errs > 0 {
			parts = append(parts, s.BadgeError.Render("✗ "+plural(errs, "error", "errors")))
		}
		if warns > 0 {
			parts = append(parts, s.BadgeWarning.Render("! "+plural(warns, "warning", "warnings")))
		}
		badge = strings.Join(parts, " ")
	default:
		badge = s.BadgeOK.Render("✓ passes the checks")
	}

	var tabs []string
	for t := range recordTabs {
		label := fmt.Sprintf("%d %s", t+1, t)
		if t == v.tab {
			tabs = append(tabs, s.ActiveTab.Render(label))
		} else {
			tabs = append(tabs, s.Tab.Render(label))
		}
	}
	scroll := fmt.Sprintf("%3.0f%%", v.vp.ScrollPercent()*100)

	var sb strings.Builder
	sb.WriteString(s.Header.Render(ansi.Truncate(oneLine(title), v.width, "…")))
	sb.WriteByte('\n')
	sb.WriteString(ansi.Truncate(s.Subtle.Render(strings.Join(facts, " · ")+" · ")+badge, v.width, "…"))
	sb.WriteByte('\n')
	sb.WriteString(spread(strings.Join(tabs, " "), s.Subtle.Render(scroll), v.width))
	sb.WriteByte('\n')
	sb.WriteString(v.vp.View())
	return sb.String()
}
