package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"
)

// formKeys are the keys of the guided form. Keys inside a question (typing,
// enter and tab to the next question, shift+tab back, space to tick) belong
// to huh; these are the ones the form adds around it. None of them is a
// printable character while a text field can have focus, so typing is never
// taken over: "?" shows the help only where nothing is typed, f1 anywhere.
type formKeys struct {
	NextStep, PrevStep, Review, Editor, Discard, GoTo, Help key.Binding

	// List steps: the items of a repeatable group.
	Up, Down, Add, Edit, Remove, MoveUp, MoveDown key.Binding
	ListNext, ListPrev                            key.Binding

	// Item editor.
	ItemDone, ItemCancel key.Binding

	// Review step.
	ScrollUp, ScrollDown, PageDown, Top, Bottom, Save, SaveAsDraft key.Binding

	// Shown on the help lines only: huh or the program handle these keys,
	// or they sum up two bindings in little room.
	NextQuestion, LastQuestion, PrevQuestion, ItemLast, Select key.Binding
	Steps, ListMove, Reorder, Scroll, Quit                     key.Binding

	// The "go to step" prompt.
	JumpGo, JumpCancel key.Binding
}

func newFormKeys() formKeys {
	return formKeys{
		NextStep: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "next step")),
		PrevStep: key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "previous step")),
		Review:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "review and save")),
		Editor:   key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "open $EDITOR")),
		Discard:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
		GoTo:     key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", "go to step")),
		Help:     key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", "more keys")),

		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Add:      key.NewBinding(key.WithKeys("a", "n", "+"), key.WithHelp("a", "add")),
		Edit:     key.NewBinding(key.WithKeys("enter", "e"), key.WithHelp("enter/e", "edit")),
		Remove:   key.NewBinding(key.WithKeys("d", "x", "delete"), key.WithHelp("d", "remove")),
		MoveUp:   key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K/shift+↑", "move the item up")),
		MoveDown: key.NewBinding(key.WithKeys("J", "shift+down"), key.WithHelp("J/shift+↓", "move the item down")),
		ListNext: key.NewBinding(key.WithKeys("tab", "pgdown"), key.WithHelp("tab/pgdn", "next step")),
		ListPrev: key.NewBinding(key.WithKeys("shift+tab", "pgup"), key.WithHelp("shift+tab/pgup", "previous step")),

		ItemDone:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter on the last question", "done")),
		ItemCancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel this item")),

		ScrollUp:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		ScrollDown:  key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("space", "page down")),
		Top:         key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top")),
		Bottom:      key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "bottom")),
		Save:        key.NewBinding(key.WithKeys("s", "ctrl+s"), key.WithHelp("s", "save")),
		SaveAsDraft: key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "save as draft")),

		NextQuestion: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next question")),
		LastQuestion: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next step")),
		PrevQuestion: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "back")),
		ItemLast:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
		Select:       key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "choose")),
		Steps:        key.NewBinding(key.WithKeys("pgdown", "pgup"), key.WithHelp("pgdn/pgup", "next/previous step")),
		ListMove:     key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "choose an item")),
		Reorder:      key.NewBinding(key.WithKeys("K", "J"), key.WithHelp("K/J", "move it up/down")),
		Scroll:       key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "scroll")),
		Quit:         key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit, keeping the draft")),

		JumpGo:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("digits, enter", "go")),
		JumpCancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// huhKeyMap is huh's default keymap with the keys the form handles itself
// switched off or changed: ctrl+c belongs to the program (it quits; the draft is
// already on disk), ctrl+e opens the editor through the form (with the
// $EDITOR, $VISUAL, vi fallback and an error on screen when none works),
// and filtering is off so that esc always means "close".
func huhKeyMap() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	k.Quit.SetEnabled(false)
	k.Text.Editor.SetEnabled(false)
	k.Input.AcceptSuggestion = key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "complete"))
	k.Select.Filter.SetEnabled(false)
	k.MultiSelect.Filter.SetEnabled(false)
	k.Text.NewLine.SetHelp("ctrl+j", "new line")
	k.MultiSelect.Toggle.SetHelp("x/space", "tick")
	k.Confirm.Toggle.SetHelp("←/→ y/n", "answer")
	// y and n answer without moving on (the form sets the answer itself):
	// huh's own y/n would also leave the question, out of the step on the
	// last one, which the help line does not say.
	k.Confirm.Accept.SetEnabled(false)
	k.Confirm.Reject.SetEnabled(false)
	return k
}
