package tui

import (
	"reflect"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// A huh field asks for the next or previous question by returning huh's
// NextField or PrevField command, and huh moves the focus only when that
// command's message comes back. Keys already queued behind the enter (a
// paste, fast typing, tmux send-keys) would land in the question being
// left. So the form tells from the field's key bindings and its error
// whether the field asked to move, moves the focus itself before the next
// key is read, and drops the field's own request when it comes back.

// focusMove is a move of focus a huh field asked for.
type focusMove int

const (
	noMove focusMove = iota
	moveNext
	movePrev
)

// fieldKind is the kind of huh field a question is, which says which of
// huh's key bindings move from it.
type fieldKind int

const (
	fieldInput fieldKind = iota
	fieldText
	fieldSelect
	fieldMultiSelect
	fieldConfirm
)

// The types of the messages of huh's NextField and PrevField.
var (
	nextFieldType = reflect.TypeOf(huh.NextField())
	prevFieldType = reflect.TypeOf(huh.PrevField())
)

// isFocusMoveMsg reports whether msg is huh's request to move the focus.
func isFocusMoveMsg(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	return t == nextFieldType || t == prevFieldType
}

// askedMove says which move the focused question asked for on msg, which
// it has just handled. Each huh field, in its Update, sends PrevField on
// its Prev binding and NextField on its Next or Submit binding, unless its
// answer is refused (it then holds the error); y and n on a yes/no
// question are the form's, and do not move (huhKeyMap).
func (f *Form) askedMove(q *question, field huh.Field, msg tea.KeyPressMsg) focusMove {
	if q == nil || field == nil || field.GetKey() != q.key {
		return noMove
	}
	k := f.huhKeys
	var prev, next []key.Binding
	switch q.kind {
	case fieldInput:
		prev, next = []key.Binding{k.Input.Prev}, []key.Binding{k.Input.Next, k.Input.Submit}
	case fieldText:
		prev, next = []key.Binding{k.Text.Prev}, []key.Binding{k.Text.Next, k.Text.Submit}
	case fieldSelect:
		prev, next = []key.Binding{k.Select.Prev}, []key.Binding{k.Select.Next, k.Select.Submit}
	case fieldMultiSelect:
		prev, next = []key.Binding{k.MultiSelect.Prev}, []key.Binding{k.MultiSelect.Next, k.MultiSelect.Submit}
	case fieldConfirm:
		prev, next = []key.Binding{k.Confirm.Prev}, []key.Binding{k.Confirm.Next, k.Confirm.Submit}
	}
	if field.Error() != nil {
		return noMove
	}
	switch {
	case key.Matches(msg, prev...):
		return movePrev
	case key.Matches(msg, next...):
		return moveNext
	}
	return noMove
}

// moveFocus does at once what huh's NextField or PrevField would have done
// later. Enter on the last question leaves the step (or finishes the
// item), as huh's submit would, unless a question holds a refused answer.
func (f *Form) moveFocus(move focusMove) tea.Cmd {
	if f.hf == nil {
		return nil
	}
	switch move {
	case moveNext:
		if f.onLastQuestion() {
			if len(f.hf.Errors()) > 0 {
				return nil
			}
			if f.item != nil {
				return f.finishItem()
			}
			return f.goStep(+1)
		}
		return ownCmd(f.hf.NextField(), f.gen)
	case movePrev:
		if f.onFirstQuestion() {
			return nil
		}
		return ownCmd(f.hf.PrevField(), f.gen)
	}
	return nil
}
