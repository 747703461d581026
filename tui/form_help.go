package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eu-ropa/ropa/model"
)

// The help at the bottom of the form is two short lines, each cut to the
// width by dropping its least important keys (never by cutting a word):
// the keys of what has focus, then the keys that move through the form and
// "? more keys". ? (f1 on a text question, where ? is typed) shows every
// key, in columns, until pressed again or esc.

// helpGroup is a column of the full help.
type helpGroup struct {
	title string
	binds []key.Binding
}

// helpKeyPressed reports whether msg shows or hides the full help: f1
// anywhere, ? where it would not be typed into an answer.
func (f *Form) helpKeyPressed(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "f1":
		return true
	case "?":
		return !f.typingText()
	}
	return false
}

// typingText reports whether a text question has focus: there, printable
// keys are the answer.
func (f *Form) typingText() bool {
	q := f.focusedQuestion()
	return q != nil && q.text != nil
}

// fullHelpShown reports whether the full help is on screen: it gives way to
// an open question or the "go to step" prompt, whose keys matter then.
func (f *Form) fullHelpShown() bool {
	return f.showAll && f.confirm == nil && f.jump == nil && !f.opts.Accessible
}

// helpBind is the key that shows or hides the full help, as it works here.
func (f *Form) helpBind() key.Binding {
	k := "?"
	if f.typingText() {
		k = "f1"
	}
	desc := "more keys"
	if f.fullHelpShown() {
		desc = "fewer keys"
	}
	return withHelp(f.keys.Help, k, desc)
}

// withHelp is a copy of b with other help text.
func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

// helpHeight is the number of lines the help takes.
func (f *Form) helpHeight() int {
	if f.fullHelpShown() {
		return strings.Count(f.fullHelpView(), "\n") + 1
	}
	return 2
}

// helpView draws the help: the short lines or the full help.
func (f *Form) helpView() string {
	if f.fullHelpShown() {
		return f.fullHelpView()
	}
	first, second := f.shortHelp()
	if f.confirm == nil && f.jump == nil {
		second = append(second, f.helpBind())
	}
	return f.fitHelpLine(first, false) + "\n" + f.fitHelpLine(second, true)
}

// fitHelpLine draws bindings on one line, dropping them from the end until
// the line fits, the first ones being the most important; keepLast keeps
// the last one (the help key) all the same.
func (f *Form) fitHelpLine(binds []key.Binding, keepLast bool) string {
	h := f.help
	h.SetWidth(0) // measured here, never cut with "…" in the middle of a key
	binds = slices.Clone(binds)
	for {
		line := h.ShortHelpView(binds)
		if ansi.StringWidth(line) <= f.width || len(binds) <= 1 {
			return truncateText(line, f.width)
		}
		drop := len(binds) - 1
		if keepLast {
			drop--
		}
		binds = slices.Delete(binds, drop, drop+1)
	}
}

// shortHelp is the two lines of keys, most important first.
func (f *Form) shortHelp() (first, second []key.Binding) {
	k := f.keys
	switch {
	case f.confirm != nil:
		ck := newConfirmKeys()
		return []key.Binding{ck.Yes, ck.No}, nil
	case f.jump != nil:
		return []key.Binding{k.JumpGo, k.JumpCancel}, nil
	case f.item != nil:
		first = append(f.fieldBinds(), f.nextBind(), k.PrevQuestion, f.editorBind())
		return first, []key.Binding{k.ItemCancel}
	case f.step().kind == stepList:
		return []key.Binding{k.Add, k.Edit, k.Remove, withHelp(k.ListMove, "↑/↓", "choose"), k.Reorder},
			[]key.Binding{k.Steps, k.Review, k.Discard}
	case f.step().kind == stepReview:
		first = []key.Binding{k.Save}
		if f.canSaveAsDraft() {
			first = append(first, k.SaveAsDraft)
		}
		first = append(first, k.Scroll, k.PageDown)
		return first, []key.Binding{withHelp(k.ListPrev, "pgup", "previous step"), k.Discard}
	}
	first = append(f.fieldBinds(), f.nextBind(), k.PrevQuestion, f.editorBind())
	return first, []key.Binding{k.Steps, k.Review, k.Discard}
}

// fullHelp is every key of what is on screen, in columns.
func (f *Form) fullHelp() []helpGroup {
	k := f.keys
	quit := k.Quit
	done := withHelp(f.helpBind(), f.helpBind().Help().Key+"/esc", "fewer keys")
	closeForm := withHelp(k.Discard, "esc", "close (asks first)")
	question := append(f.fieldBinds(), f.nextBind(), withHelp(k.PrevQuestion, "shift+tab", "previous question"),
		withHelp(f.editorBind(), "ctrl+e", "write it in $EDITOR"))
	switch {
	case f.item != nil:
		return []helpGroup{
			{"This question", question},
			{"This " + f.item.list.one(), []key.Binding{
				withHelp(k.ItemDone, "enter", "keep it (on the last question)"),
				k.ItemCancel, quit, done,
			}},
		}
	case f.step().kind == stepList:
		return []helpGroup{
			{"This list", []key.Binding{
				withHelp(k.ListMove, "↑/↓ j/k", "choose an item"),
				withHelp(k.Add, "a", "add an item"),
				withHelp(k.Edit, "enter/e", "edit it"),
				withHelp(k.Remove, "d", "remove it"),
				k.MoveUp, k.MoveDown,
			}},
			{"The form", []key.Binding{k.ListNext, k.ListPrev, k.Review, k.GoTo, closeForm, quit, done}},
		}
	case f.step().kind == stepReview:
		page := []key.Binding{k.Save}
		if f.canSaveAsDraft() {
			page = append(page, k.SaveAsDraft)
		}
		page = append(page, withHelp(k.Scroll, "↑/↓ j/k", "scroll"), withHelp(k.PageDown, "space/pgdn", "page down"),
			withHelp(k.Top, "home/end", "top/bottom"))
		return []helpGroup{
			{"This page", page},
			{"The form", []key.Binding{k.ListPrev, k.GoTo, closeForm, quit, done}},
		}
	}
	return []helpGroup{
		{"This question", question},
		{"The form", []key.Binding{k.NextStep, k.PrevStep, k.Review, k.GoTo, closeForm, quit, done}},
	}
}

// canSaveAsDraft reports whether D (save as a draft) means anything: the
// record has errors and is not a draft already.
func (f *Form) canSaveAsDraft() bool {
	return f.review.errors > 0 && f.rec.Status != model.StatusDraft
}

// nextBind is what enter does on the focused question.
func (f *Form) nextBind() key.Binding {
	k := f.keys
	switch {
	case !f.onLastQuestion():
		return k.NextQuestion
	case f.item != nil:
		return k.ItemLast
	}
	return k.LastQuestion
}

// fullHelpView draws the groups side by side, or one under the other when
// the width does not allow it.
func (f *Form) fullHelpView() string {
	var cols []string
	for _, g := range f.fullHelp() {
		cols = append(cols, f.helpColumn(g))
	}
	const gap = "    "
	var parts []string
	for i, c := range cols {
		if i > 0 {
			parts = append(parts, gap)
		}
		parts = append(parts, c)
	}
	var lines []string
	if side := lipgloss.JoinHorizontal(lipgloss.Top, parts...); lipgloss.Width(side) <= f.width {
		lines = strings.Split(side, "\n")
	} else {
		lines = strings.Split(strings.Join(cols, "\n"), "\n")
		for i, l := range lines {
			lines[i] = truncateText(l, f.width)
		}
	}
	// On a short terminal the help leaves the header, the status line and
	// three lines of the step; what does not fit is cut, and said to be.
	if room := max(f.height-1-f.statusHeight()-3, 2); len(lines) > room {
		lines = append(lines[:room-1], truncateText(f.styles.Subtle.Render("… (a taller terminal shows every key)"), f.width))
	}
	return strings.Join(lines, "\n")
}

// helpColumn is a title and one line per enabled key, the keys aligned.
func (f *Form) helpColumn(g helpGroup) string {
	st := f.help.Styles
	var binds []key.Binding
	keyWidth := 0
	for _, b := range g.binds {
		if b.Enabled() {
			binds = append(binds, b)
			keyWidth = max(keyWidth, ansi.StringWidth(b.Help().Key))
		}
	}
	lines := []string{f.styles.Emphasis.Render(g.title)}
	for _, b := range binds {
		k := b.Help().Key
		pad := strings.Repeat(" ", keyWidth-ansi.StringWidth(k))
		lines = append(lines, st.FullKey.Render(k)+pad+" "+st.FullDesc.Render(b.Help().Desc))
	}
	return strings.Join(lines, "\n")
}
