package tui

import (
	"reflect"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// huh moves focus and refreshes fields through commands whose messages
// come back later. When the step has been rebuilt or left in between, such
// a message must not reach the huh form now on screen: a "next field" of
// the old form would move the focus of the new one. So the form's huh
// messages travel wrapped with the generation of the huh form that sent
// them, and the ones of an older generation are dropped.

// ownedMsg is a message of huh's own, from the huh form of generation gen.
type ownedMsg struct {
	gen int
	msg tea.Msg
}

// huhPkg is the import path of huh, whose message types are wrapped.
var huhPkg = reflect.TypeFor[huh.Form]().PkgPath()

// ownCmd wraps the messages of huh's own types that cmd produces, looking
// into batches; anything else (Bubble Tea's own requests, the cursor's
// blink) passes untouched.
func ownCmd(cmd tea.Cmd, gen int) tea.Cmd { return wrapOwned(cmd, gen, false) }

// ownCmdMoved is ownCmd for the commands of a key after which the form
// has moved the focus itself (form_focus.go): huh's own request to move,
// among them, is dropped.
func ownCmdMoved(cmd tea.Cmd, gen int) tea.Cmd { return wrapOwned(cmd, gen, true) }

func wrapOwned(cmd tea.Cmd, gen int, moved bool) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		switch m := msg.(type) {
		case nil:
			return nil
		case tea.BatchMsg:
			out := make(tea.BatchMsg, 0, len(m))
			for _, c := range m {
				if c != nil {
					out = append(out, wrapOwned(c, gen, moved))
				}
			}
			return out
		}
		if moved && isFocusMoveMsg(msg) {
			return nil
		}
		if t := reflect.TypeOf(msg); t != nil && t.PkgPath() == huhPkg {
			return ownedMsg{gen: gen, msg: msg}
		}
		return msg
	}
}
