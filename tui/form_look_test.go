package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/eu-ropa/ropa/model"
)

// view is the form's view as plain text, one string per line.
func (b *burstForm) view() []string {
	return strings.Split(ansi.Strip(b.f.View()), "\n")
}

func (b *burstForm) screen() string { return strings.Join(b.view(), "\n") }

// helpLines are the last two lines of the view: the short help.
func (b *burstForm) helpLines() []string {
	v := b.view()
	return v[len(v)-2:]
}

// The short help fits in 80 and 100 columns without cutting a key, always
// says how to leave (esc) and how to see every key (? or f1).
func TestFormShortHelpFitsAndOffersMore(t *testing.T) {
	type place struct {
		name  string
		go_   func(b *burstForm)
		leave string
		more  string
	}
	places := []place{
		{"text question", func(b *burstForm) {}, "esc close", "f1 more keys"},
		{"yes/no question", func(b *burstForm) { b.toStep("purposes"); b.keys("tab", "tab") }, "esc close", "? more keys"},
		{"multi-select", func(b *burstForm) { b.toStep("legal_basis") }, "esc close", "? more keys"},
		{"list step", func(b *burstForm) { b.toStep("recipients") }, "esc close", "? more keys"},
		{"item editor", func(b *burstForm) { b.toStep("data_categories"); b.keys("a") }, "esc cancel this item", "f1 more keys"},
		{"item editor, yes/no", func(b *burstForm) { b.toStep("data_categories"); b.keys("a", "X", "enter", "enter") }, "esc cancel this item", "? more keys"},
		{"review", func(b *burstForm) { b.keys("ctrl+s") }, "esc close", "? more keys"},
	}
	for _, width := range []int{80, 100} {
		for _, p := range places {
			b := newBurstForm(t, FormOptions{IsNew: true})
			b.f.SetSize(width, 24)
			p.go_(b)
			lines := b.helpLines()
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > width || strings.HasSuffix(l, "…") {
					t.Errorf("%d columns, %s: help line cut (%d wide): %q", width, p.name, w, l)
				}
			}
			both := strings.Join(lines, "\n")
			if !strings.Contains(both, p.leave) || !strings.HasSuffix(lines[1], p.more) {
				t.Errorf("%d columns, %s: the help lacks %q or ends without %q:\n%s", width, p.name, p.leave, p.more, both)
			}
		}
	}
}

// ? (f1 on a text question, where ? is an answer's character) shows every
// key of the step, including the ones the short help leaves out; esc or ?
// again closes it, and esc does not close the form while it is open.
func TestFormFullHelpShowsEveryKey(t *testing.T) {
	b := newBurstForm(t, FormOptions{IsNew: true})
	b.keys("Why?")
	if got := b.f.rec.Title; got != "Why?" {
		t.Fatalf("? on a text question: title %q, want it typed", got)
	}
	b.keys("f1")
	s := b.screen()
	for _, want := range []string{"shift+tab previous question", "ctrl+g", "go to step", "ctrl+c", "quit, keeping the draft", "f1/esc", "fewer keys"} {
		if !strings.Contains(s, want) {
			t.Errorf("full help on a question lacks %q:\n%s", want, s)
		}
	}
	checkFitsForm(t, b)
	b.keys("esc")
	if b.f.showAll || b.f.confirm != nil {
		t.Fatalf("esc with the help open: help %v, question %v; want the help closed and nothing asked", b.f.showAll, b.f.confirm)
	}

	b.toStep("recipients")
	b.keys("?")
	s = b.screen()
	for _, want := range []string{"↑/↓ j/k", "choose an item", "K/shift+↑", "move the item up", "J/shift+↓", "tab/pgdn", "quit, keeping the draft"} {
		if !strings.Contains(s, want) {
			t.Errorf("full help on a list lacks %q:\n%s", want, s)
		}
	}
	checkFitsForm(t, b)
	b.keys("?")
	if b.f.showAll {
		t.Error("? again does not close the help")
	}

	b.keys("ctrl+s", "?")
	s = b.screen()
	for _, want := range []string{"home/end", "top/bottom", "space/pgdn", "page down", "↑/↓ j/k", "scroll"} {
		if !strings.Contains(s, want) {
			t.Errorf("full help on the review lacks %q:\n%s", want, s)
		}
	}
	checkFitsForm(t, b)
}

// checkFitsForm fails when the view is not exactly the form's size.
func checkFitsForm(t *testing.T, b *burstForm) {
	t.Helper()
	v := b.view()
	if len(v) != formH {
		t.Errorf("view has %d lines, want %d", len(v), formH)
	}
	for i, l := range v {
		if w := ansi.StringWidth(l); w > formW {
			t.Errorf("line %d is %d wide: %q", i+1, w, l)
		}
	}
}

var sidebarNumber = regexp.MustCompile(`^(▸?\s*)(\d+) `)

// The step list's marker has a column of its own: the numbers stay
// aligned, one digit or two, with the marker on either.
func TestFormStepListMarkerAligned(t *testing.T) {
	for _, step := range []string{"data_categories", "recipients"} {
		b := newBurstForm(t, FormOptions{IsNew: true})
		b.toStep(step)
		end := -1
		for _, l := range b.view()[1:19] {
			m := sidebarNumber.FindStringSubmatch(l)
			if m == nil {
				t.Fatalf("no step number in %q", l)
			}
			e := ansi.StringWidth(m[1]) + len(m[2])
			if end >= 0 && e != end {
				t.Errorf("at step %s, the number of %q ends in column %d, others in %d", step, l, e, end)
			}
			end = e
			if strings.HasPrefix(l, "▸") && !strings.HasPrefix(l, "▸ ") {
				t.Errorf("the marker runs into the number: %q", l)
			}
		}
	}
}

// Without colour, the chosen answer of a yes/no question shows by a mark.
func TestFormYesNoAnswerMarked(t *testing.T) {
	b := newBurstForm(t, FormOptions{IsNew: true})
	b.toStep("purposes")
	b.keys("tab", "tab")
	if s := b.screen(); !strings.Contains(s, "○ Yes") || !strings.Contains(s, "● No") {
		t.Errorf("a no is not marked:\n%s", s)
	}
	b.keys("y")
	if s := b.screen(); !strings.Contains(s, "● Yes") || !strings.Contains(s, "○ No") {
		t.Errorf("a yes is not marked:\n%s", s)
	}
}

// The transfer's third country comes from the recipient chosen, when the
// recipients step gave one and the country is still empty.
func TestFormTransferCountryFromRecipient(t *testing.T) {
	rec := model.Record{Recipients: []model.Recipient{
		{Name: "Swiss border police", Kind: model.RecipientThirdCountry, Country: "CH"},
		{Name: "Security service", Kind: model.RecipientInternal},
	}}
	b := newBurstForm(t, FormOptions{IsNew: true, Record: rec})
	b.toStep("transfers")
	b.keys("a", "swiss border police", "enter")
	if got := b.f.rec.Transfers[0].Country; got != "CH" || b.focused() != "transfers[0].country" {
		t.Fatalf("country %q, focus %q; want CH filled in and the country in focus", got, b.focused())
	}
	if s := b.screen(); !strings.Contains(s, "> CH") {
		t.Errorf("the filled-in country is not on screen:\n%s", s)
	}
	b.keys("enter")
	if got := b.f.rec.Transfers[0].Country; got != "CH" {
		t.Errorf("after enter the country is %q", got)
	}

	// A country typed already stays; an unknown recipient fills nothing.
	b.keys("shift+tab", "shift+tab", "ctrl+u", "Security service", "enter")
	if got := b.f.rec.Transfers[0].Country; got != "CH" {
		t.Errorf("a country given is replaced: %q", got)
	}
	b.keys("ctrl+u", "shift+tab", "enter")
	if got := b.f.rec.Transfers[0].Country; got != "" {
		t.Errorf("a recipient without a country filled in %q", got)
	}
}

// The item editor's line says in full what to do, at 80 and 100 columns.
func TestFormItemLineIsWhole(t *testing.T) {
	for _, width := range []int{80, 100} {
		for _, step := range []string{"joint_controllers", "data_subjects", "transfers"} {
			b := newBurstForm(t, FormOptions{IsNew: true})
			b.f.SetSize(width, 24)
			b.toStep(step)
			b.keys("a")
			text := b.mainText()
			want := "a " + b.f.item.list.one() + ": enter on the last question when done, esc to cancel."
			if !strings.Contains(text, want) {
				t.Errorf("%d columns, %s: the item line is not whole:\n%s", width, step, strings.Join(b.view(), "\n"))
			}
		}
	}
}

// With the full help open, the form still fits small terminals exactly.
func TestFormFullHelpFitsSmallTerminals(t *testing.T) {
	for _, size := range [][2]int{{40, 12}, {60, 16}, {72, 24}, {80, 24}, {100, 30}} {
		b := newBurstForm(t, FormOptions{IsNew: true})
		b.f.SetSize(size[0], size[1])
		for _, step := range []string{"identity", "recipients", "review"} {
			b.toStep(step)
			if !b.f.showAll {
				b.keys("f1")
			}
			v := b.view()
			if len(v) != size[1] {
				t.Errorf("%dx%d, %s: %d lines", size[0], size[1], step, len(v))
			}
			for i, l := range v {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%dx%d, %s: line %d is %d wide: %q", size[0], size[1], step, i+1, w, l)
				}
			}
		}
	}
}

// mainText is the step's side of the view (right of the step list), its
// lines joined by spaces.
func (b *burstForm) mainText() string {
	var main []string
	for _, l := range b.view()[1:] {
		if _, rest, ok := strings.Cut(l, "│ "); ok {
			main = append(main, strings.TrimSpace(rest))
		}
	}
	return strings.Join(main, " ")
}

// An empty list says in full how to add an item or go on.
func TestFormEmptyListHintIsWhole(t *testing.T) {
	for _, width := range []int{80, 100} {
		b := newBurstForm(t, FormOptions{IsNew: true})
		b.f.SetSize(width, 24)
		b.toStep("joint_controllers")
		if want := "Press a (or enter) to add one, or tab to go on if there are none."; !strings.Contains(b.mainText(), want) {
			t.Errorf("%d columns: the hint is not whole:\n%s", width, b.screen())
		}
	}
}
