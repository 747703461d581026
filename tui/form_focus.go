package tui

import (
	"reflect"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// A huh field asks for the next or previous question by returning huh's
// NextField or PrevField command, and huh moves the focus only when that
// command's message comes back. Keys already queued behind the enter (a
// paste, fast typing, tmux send-keys) would land in the question being
// left. So the form takes these two commands out of what huh returns and
// moves the focus itself before the next key is read. Everything else huh
// returns (the cursor's blink, refreshes of titles) runs as before.

// focusMove is a move of focus a huh field asked for.
type focusMove int

const (
	noMove focusMove = iota
	moveNext
	movePrev
)

// cmdPointer identifies a command's code. Two commands made by the same
// function literal share it, which is what identifies a batch below.
func cmdPointer(c tea.Cmd) uintptr { return reflect.ValueOf(c).Pointer() }

func noopCmd() tea.Msg { return nil }

var (
	nextFieldCode = cmdPointer(huh.NextField)
	prevFieldCode = cmdPointer(huh.PrevField)
	// The code of the commands tea.Batch returns for two or more commands:
	// calling one only returns its list of commands, so it can be opened.
	batchCode = cmdPointer(tea.Batch(noopCmd, noopCmd))
)

// takeFocusMove removes huh's NextField and PrevField from cmd, looking
// into batches, and reports the move they asked for. A command it cannot
// open is left as it is.
func takeFocusMove(cmd tea.Cmd) (tea.Cmd, focusMove) {
	if cmd == nil {
		return nil, noMove
	}
	switch cmdPointer(cmd) {
	case nextFieldCode:
		return nil, moveNext
	case prevFieldCode:
		return nil, movePrev
	case batchCode:
		batch, ok := cmd().(tea.BatchMsg)
		if !ok {
			return cmd, noMove // a sequence: its order matters, leave it whole
		}
		move := noMove
		rest := make([]tea.Cmd, 0, len(batch))
		for _, c := range batch {
			c, m := takeFocusMove(c)
			if m != noMove {
				move = m
			}
			rest = append(rest, c)
		}
		return tea.Batch(rest...), move
	}
	return cmd, noMove
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
