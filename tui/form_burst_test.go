package tui

import (
	"slices"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/eu-ropa/ropa/model"
)

// burstForm is a form driven by hand, one message after another, with the
// commands its updates return never run: the worst case of keys typed or
// pasted faster than any command's message can come back. Whatever the form
// must do for the next key has to be done by the time Update returns.
type burstForm struct {
	t *testing.T
	f *Form
}

func newBurstForm(t *testing.T, opts FormOptions) *burstForm {
	t.Helper()
	f := newTestForm(t, &opts)
	f.Init() // builds the first step; its commands are left unrun
	return &burstForm{t: t, f: f}
}

// keys sends named keys ("enter", "tab") and types anything else, rune by
// rune, and drops every command.
func (b *burstForm) keys(keys ...string) {
	for _, k := range keys {
		if msg, ok := formKeyNames[k]; ok {
			b.f, _ = b.f.Update(msg)
			continue
		}
		for _, r := range k {
			b.f, _ = b.f.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

func (b *burstForm) focused() string { return b.f.focusedKey() }

func (b *burstForm) stepID() string { return b.f.step().id }

// The tester's burst: title, enter, reference, enter, version, as one
// `tmux send-keys`. Each enter must move on before the next key is read.
func TestFormBurstTypingLandsInTheRightQuestions(t *testing.T) {
	b := newBurstForm(t, FormOptions{IsNew: true})
	b.keys("Title one", "enter", "DPR-EC-00042", "enter", "3")
	if got := b.f.rec.Title; got != "Title one" {
		t.Errorf("title = %q, want %q", got, "Title one")
	}
	if got := b.f.rec.Reference; got != "DPR-EC-00042" {
		t.Errorf("reference = %q, want %q", got, "DPR-EC-00042")
	}
	if got := b.f.rec.Version; got != 3 {
		t.Errorf("version = %d, want 3", got)
	}
	if got := b.focused(); got != "version" {
		t.Errorf("focus on %q, want version", got)
	}
	// shift+tab goes back at once too: the next keys land in the reference.
	b.keys("shift+tab", "ctrl+u", "DPR-EC-00043")
	if got := b.f.rec.Reference; got != "DPR-EC-00043" {
		t.Errorf("reference after shift+tab = %q, want DPR-EC-00043", got)
	}
}

// A refused answer keeps the focus: the keys after it land in the same
// question, as a person reading the message would expect.
func TestFormBurstStopsAtARefusedAnswer(t *testing.T) {
	b := newBurstForm(t, FormOptions{IsNew: true})
	b.keys("enter", "Title")
	if got, focus := b.f.rec.Title, b.focused(); got != "Title" || focus != "title" {
		t.Errorf("after enter on an empty title: title %q, focus %q; want the title kept in focus", got, focus)
	}
}

// Enter on the last question leaves the step at once: keys typed right
// after it belong to the next step, in a step and in the item editor.
func TestFormBurstAcrossStepsAndItems(t *testing.T) {
	b := newBurstForm(t, FormOptions{IsNew: true})
	b.keys("pgdown") // controller: organisation, unit, e-mail, address
	b.keys("European Commission", "enter", "DG HR", "enter", "hr@ec.europa.eu", "enter", "Rue de la Loi 200", "enter", "Office of the DPO")
	if got := b.stepID(); got != "dpo" {
		t.Fatalf("step %q after enter on the last question, want dpo", got)
	}
	if c := b.f.rec.Controller; c.Organisation != "European Commission" || c.Unit != "DG HR" ||
		c.Email != "hr@ec.europa.eu" || c.Address != "Rue de la Loi 200" {
		t.Errorf("controller = %+v", c)
	}
	if got := b.f.rec.DPO.Name; got != "Office of the DPO" {
		t.Errorf("DPO name = %q, want the text typed after the step changed", got)
	}

	// The item editor: enter on the last question keeps the item, and the
	// next key is the list's again (a adds a second one).
	for b.stepID() != "data_subjects" {
		b.keys("pgdown")
	}
	b.keys("a", "Visitors", "enter", "People at the gate", "enter", "a", "Staff", "enter", "enter")
	want := []model.DataSubject{{Name: "Visitors", Description: "People at the gate"}, {Name: "Staff"}}
	if got := b.f.rec.DataSubjects; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("data subjects = %+v, want %+v", got, want)
	}
	if b.f.item != nil {
		t.Error("the item editor is still open")
	}
}

// toStep moves with pgdown until the step with the id is on screen.
func (b *burstForm) toStep(id string) {
	b.t.Helper()
	for range len(b.f.steps) {
		if b.stepID() == id {
			return
		}
		b.keys("pgdown")
	}
	b.t.Fatalf("no step %q", id)
}

// y and n answer a yes/no question and nothing more, even on the last
// question of a step; enter moves on.
func TestFormYesNoAnswersWithoutMovingOn(t *testing.T) {
	b := newBurstForm(t, FormOptions{IsNew: true})
	b.toStep("purposes")
	b.keys("tab", "tab")
	if got := b.focused(); got != "automated_means" {
		t.Fatalf("focus on %q, want automated_means", got)
	}
	b.keys("y")
	if b.stepID() != "purposes" || b.focused() != "automated_means" || !b.f.rec.AutomatedMeans {
		t.Fatalf("after y: step %q, focus %q, answer %v; want purposes, automated_means, true",
			b.stepID(), b.focused(), b.f.rec.AutomatedMeans)
	}
	b.keys("n")
	if b.stepID() != "purposes" || b.f.rec.AutomatedMeans {
		t.Fatalf("after n: step %q, answer %v; want purposes, false", b.stepID(), b.f.rec.AutomatedMeans)
	}
	b.keys("Y", "enter")
	if b.stepID() != "legal_basis" || !b.f.rec.AutomatedMeans {
		t.Errorf("after Y and enter: step %q, answer %v; want legal_basis, true", b.stepID(), b.f.rec.AutomatedMeans)
	}

	// An answer that brings a question: it appears after the yes/no
	// question, which keeps the focus.
	b.keys("enter") // past the grounds
	b.keys("y")
	if b.focused() != "legal_basis.special_categories" || !b.f.rec.LegalBasis.SpecialCategories {
		t.Fatalf("after y on special categories: focus %q", b.focused())
	}
	b.keys("enter")
	if got := b.focused(); got != "legal_basis.special_grounds" {
		t.Errorf("enter after yes: focus %q, want the Art 10(2) question it brought", got)
	}

	// In the item editor too.
	b.toStep("data_categories")
	b.keys("a", "Contact", "enter", "enter", "y")
	if b.f.item == nil || b.focused() != "data_categories[0].mandatory" || !b.f.rec.DataCategories[0].Mandatory {
		t.Errorf("y in the item editor: focus %q", b.focused())
	}
}

// esc on a new item left empty drops it without asking; once something is
// typed, it asks first.
func TestFormEscOnAnEmptyNewItemAsksNothing(t *testing.T) {
	b := newBurstForm(t, FormOptions{IsNew: true})
	b.toStep("data_categories")
	b.keys("a", "esc")
	if b.f.confirm != nil || b.f.item != nil || len(b.f.rec.DataCategories) != 0 {
		t.Errorf("esc on an empty new item: question %v, editor open %v, items %d; want it dropped at once",
			b.f.confirm, b.f.item != nil, len(b.f.rec.DataCategories))
	}
	b.keys("a", "Health", "esc")
	if b.f.confirm == nil || b.f.confirm.question != "Drop this new data category?" {
		t.Errorf("esc on a new item with a name: question %v, want it to ask", b.f.confirm)
	}
}

// immediateMsgs runs cmd and the commands of its batches, each in its own
// goroutine as Bubble Tea does, and returns the messages that came within
// a short while; commands that wait (the cursor's blink, the draft's
// timer) are left to end on their own.
func immediateMsgs(cmd tea.Cmd) []tea.Msg {
	var (
		mu  sync.Mutex
		out []tea.Msg
		run func(c tea.Cmd)
	)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				go run(c)
			}
		default:
			mu.Lock()
			out = append(out, msg)
			mu.Unlock()
		}
	}
	go run(cmd)
	time.Sleep(300 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(out)
}

// After a move the form made at once, huh's own request to move, which
// its commands still carry, must not move the focus a second time.
func TestFormMovesOnceWhenHuhsRequestArrives(t *testing.T) {
	b := newBurstForm(t, FormOptions{IsNew: true})
	b.keys("Title")
	var cmd tea.Cmd
	b.f, cmd = b.f.Update(formKeyNames["enter"])
	// Every message the commands bring, and what those bring in turn.
	for range 3 {
		var next []tea.Cmd
		for _, msg := range immediateMsgs(cmd) {
			var c tea.Cmd
			b.f, c = b.f.Update(msg)
			next = append(next, c)
		}
		cmd = tea.Batch(next...)
	}
	if got := b.focused(); got != "reference" {
		t.Errorf("focus on %q after one enter and its commands, want reference", got)
	}
}
