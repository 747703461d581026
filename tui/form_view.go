package tui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

const (
	sidebarMinWidth = 72 // narrower terminals show no step list beside the form
	sidebarWidth    = 27 // the step list, its gap and rule included
)

// View draws the form: a header with the step count, the step list beside
// the step, a status line and a help line, in exactly the size given.
func (f *Form) View() string {
	if f.opts.Accessible {
		return f.accessibleView()
	}
	bodyH := f.bodyHeight()
	mw, _ := f.mainSize()
	main := fitHeight(f.mainView(mw, bodyH), bodyH, mw)
	body := main
	if f.hasSidebar() {
		side := strings.Split(fitHeight(f.sidebarView(bodyH), bodyH, sidebarWidth-2), "\n")
		lines := strings.Split(main, "\n")
		for i := range lines {
			pad := max(0, sidebarWidth-2-ansi.StringWidth(side[i]))
			lines[i] = side[i] + strings.Repeat(" ", pad) + f.styles.Subtle.Render("│") + " " + lines[i]
		}
		body = strings.Join(lines, "\n")
	}
	return strings.Join([]string{f.headerLine(), body, f.statusView(), f.helpView()}, "\n")
}

// bodyHeight is what the header, the status line and the help leave.
func (f *Form) bodyHeight() int { return max(f.height-1-f.helpHeight()-f.statusHeight(), 3) }

// maxStatusLines is the most an error may take of the screen.
const maxStatusLines = 3

// statusHeight is one line, or up to three for an error, which must be
// read whole.
func (f *Form) statusHeight() int {
	if f.editorWait != nil {
		return min(strings.Count(wrapText(f.editorWaitText(), f.width), "\n")+1, maxStatusLines)
	}
	if f.confirm == nil && f.jump == nil {
		if text := f.errorText(); text != "" {
			return min(strings.Count(wrapText(text, f.width), "\n")+1, maxStatusLines)
		}
	}
	return 1
}

// errorText is the error to show: the last one the form met, else what the
// inline checks say of the answers on screen (huh marks the question with
// a star; the message is here, where it has the whole width), else, when
// nothing else is said, the conflict of a resumed draft, which holds until
// the user chooses.
func (f *Form) errorText() string {
	if f.note.kind == noteError {
		return fitNote(capitalise(f.note.text), f.note.tail, f.width, maxStatusLines)
	}
	if text := f.fieldErrorText(); text != "" {
		return text
	}
	if f.conflict != nil && f.note.kind == noteNone {
		return fitNote(f.conflict.text(), "", f.width, maxStatusLines)
	}
	return ""
}

// fitNote joins a note's text and its tail within lines lines of width
// cells, cutting the text (never the tail) when it is too long.
func fitNote(text, tail string, width, lines int) string {
	join := func(t string) string {
		if tail == "" {
			return t
		}
		return t + " " + tail
	}
	fits := func(s string) bool { return strings.Count(wrapText(s, width), "\n") < lines }
	if full := join(text); fits(full) {
		return full
	}
	r := []rune(text)
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(join(string(r[:mid]) + "…")) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return join(strings.TrimRight(string(r[:lo]), " ") + "…")
}

// editorWaitText says how to leave vi before it opens.
func (f *Form) editorWaitText() string { return fitNote(viHelp, viGoOn, f.width, maxStatusLines) }

// fieldErrorText is what the inline checks say of the answers on screen.
func (f *Form) fieldErrorText() string {
	if f.hf == nil {
		return ""
	}
	errs := f.hf.Errors()
	switch len(errs) {
	case 0:
		return ""
	}
	first := capitalise(strings.TrimSuffix(errs[0].Error(), "."))
	if len(errs) == 1 {
		return "* " + first + "."
	}
	return fmt.Sprintf("* %s (and %d more).", first, len(errs)-1)
}

// capitalise makes a message (Go errors start in lower case) a sentence.
func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

func (f *Form) hasSidebar() bool { return f.width >= sidebarMinWidth }

// mainSize is the room for the step beside the step list.
func (f *Form) mainSize() (int, int) {
	w := f.width
	if f.hasSidebar() {
		w -= sidebarWidth
	}
	return max(w, 20), f.bodyHeight()
}

// huhSize is the room for the embedded huh form: below the intro (and the
// item line in the item editor).
func (f *Form) huhSize() (int, int) {
	w, h := f.mainSize()
	h -= f.introHeight(w)
	return w, max(h, 4)
}

func (f *Form) intro() string {
	s := f.step()
	if s.introFn != nil {
		return s.introFn(f)
	}
	return s.intro
}

func (f *Form) introHeight(width int) int {
	if f.item != nil {
		return strings.Count(f.itemLine(width), "\n") + 2
	}
	return strings.Count(wrapText(f.intro(), width), "\n") + 2
}

// itemLine says what the item editor is doing, above its questions.
func (f *Form) itemLine(width int) string {
	verb := "Editing"
	if f.item.isNew {
		verb = "Adding"
	}
	return wrapText(fmt.Sprintf("%s a %s: enter on the last question when done, esc to cancel.",
		verb, f.item.list.one()), width)
}

func (f *Form) headerLine() string {
	n, total := f.stepNumber()
	s := f.step()
	left := fmt.Sprintf("Step %d of %d · %s", n, total, s.title)
	if f.item != nil {
		left += fmt.Sprintf(" › %s %d of %d", f.item.list.one(), f.item.index+1, f.item.list.count(f.rec))
	}
	return spread(f.styles.Title.Render(left), f.styles.Provision.Render(s.provision), f.width)
}

func (f *Form) mainView(width, height int) string {
	st := f.styles
	var parts []string
	if f.item != nil {
		parts = append(parts, st.Subtle.Render(f.itemLine(width)), "")
	} else {
		parts = append(parts, st.Subtle.Render(wrapText(f.intro(), width)), "")
	}
	rest := max(height-lipgloss.Height(strings.Join(parts, "\n")), 1)
	switch {
	case f.hf != nil:
		parts = append(parts, f.hf.View())
	case f.step().kind == stepList:
		parts = append(parts, f.listView(width, rest))
	case f.step().kind == stepReview:
		parts = append(parts, f.review.vp.View())
	}
	return strings.Join(parts, "\n")
}

// sidebarView lists the steps, the current one marked, scrolled to keep
// it in sight on a short terminal.
func (f *Form) sidebarView(height int) string {
	vis := f.visibleSteps()
	first := 0
	if len(vis) > height {
		n, _ := f.stepNumber()
		first = max(0, min(n-1-height/2, len(vis)-height))
	}
	var lines []string
	for i := first; i < len(vis) && i < first+height; i++ {
		s := f.steps[vis[i]]
		// The marker has a column of its own, so that it never runs into a
		// two-digit number.
		label := truncateText(fmt.Sprintf("%2d %s", i+1, s.short()), sidebarWidth-5)
		if vis[i] == f.cur {
			lines = append(lines, f.styles.SelectedRow.Render("▸ "+label))
		} else {
			lines = append(lines, "  "+label)
		}
	}
	return strings.Join(lines, "\n")
}

func (s *formStep) short() string {
	switch s.id {
	case "dpo":
		return "DPO"
	case "review_date":
		return "Review date"
	}
	return s.title
}

func (f *Form) statusView() string {
	st := f.styles
	var line string
	switch {
	case f.editorWait != nil:
		return fitHeight(st.Prompt.Render(wrapText(f.editorWaitText(), f.width)), f.statusHeight(), f.width)
	case f.confirm != nil:
		// The question is cut, never its answer keys.
		line = st.Prompt.Render(truncateText(f.confirm.question, f.width-5) + "  y/n")
	case f.jump != nil:
		_, total := f.stepNumber()
		line = st.Prompt.Render(fmt.Sprintf("Go to step (1-%d): %s_", total, f.jump.digits))
	case f.errorText() != "":
		return fitHeight(st.StatusErr.Render(wrapText(f.errorText(), f.width)), f.statusHeight(), f.width)
	case f.note.kind == noteOK:
		line = st.StatusOK.Render(f.note.text)
	case f.note.kind == noteInfo:
		line = st.StatusInf.Render(f.note.text)
	default:
		line = st.Subtle.Render(f.draftNote())
	}
	return truncateText(line, f.width)
}

// fieldBinds are the focused huh field's own keys worth a place on the
// help line: how to tick, answer or break a line.
func (f *Form) fieldBinds() []key.Binding {
	if f.hf == nil {
		return nil
	}
	var out []key.Binding
	for _, b := range f.hf.KeyBinds() {
		switch b.Help().Desc {
		case "tick", "answer", "new line", "complete":
			out = append(out, b)
		}
	}
	for _, b := range f.hf.KeyBinds() {
		if b.Help().Desc == "up" {
			out = append(out, f.keys.Select)
			break
		}
	}
	return out
}

// onLastQuestion reports whether focus is on the last visible question,
// where enter leaves the step (or finishes the item).
func (f *Form) onLastQuestion() bool {
	last := ""
	for _, q := range f.qs {
		if q.visible() {
			last = q.key
		}
	}
	return last != "" && last == f.focusedKey()
}

// editorBind is ctrl+e, enabled only on a text question.
func (f *Form) editorBind() key.Binding {
	b := f.keys.Editor
	q := f.focusedQuestion()
	b.SetEnabled(q != nil && q.text != nil)
	return b
}

func keyIs(msg fmt.Stringer, b key.Binding) bool { return key.Matches(msg, b) }

// wrapText wraps plain text to width cells.
func wrapText(s string, width int) string {
	return ansi.Wordwrap(s, max(width, 10), "")
}

func indentLines(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n")
}

func truncateText(s string, width int) string {
	return ansi.Truncate(s, max(width, 1), "…")
}
