package tui

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// The form tells from a field's bindings and error whether huh asked to
// move (form_focus.go). This checks it against huh itself, for each kind
// of field and the keys that matter: the move predicted is the move huh's
// commands ask for.
func TestFormAskedMoveAgreesWithHuh(t *testing.T) {
	refuseEmpty := func(s string) error {
		if s == "" {
			return errors.New("required")
		}
		return nil
	}
	fields := map[string]struct {
		kind  fieldKind
		build func() huh.Field
	}{
		"input": {fieldInput, func() huh.Field { s := "x"; return huh.NewInput().Key("f").Value(&s) }},
		"input refusing": {fieldInput, func() huh.Field {
			s := ""
			return huh.NewInput().Key("f").Value(&s).Validate(refuseEmpty)
		}},
		"text": {fieldText, func() huh.Field { s := "x"; return huh.NewText().Key("f").Value(&s) }},
		"text refusing": {fieldText, func() huh.Field {
			s := ""
			return huh.NewText().Key("f").Value(&s).Validate(refuseEmpty)
		}},
		"select": {fieldSelect, func() huh.Field {
			s := "a"
			return huh.NewSelect[string]().Key("f").Options(huh.NewOptions("a", "b")...).Value(&s)
		}},
		"multi-select": {fieldMultiSelect, func() huh.Field {
			var s []string
			return huh.NewMultiSelect[string]().Key("f").Options(huh.NewOptions("a", "b")...).Value(&s)
		}},
		"confirm": {fieldConfirm, func() huh.Field {
			b := false
			return huh.NewConfirm().Key("f").Affirmative("Yes").Negative("No").Value(&b)
		}},
	}
	keys := []string{"enter", "tab", "shift+tab", "y", "n", "x", "space", "down", "ctrl+j", "a"}
	f := NewForm(FormOptions{IsNew: true})
	// The cases wait for huh's commands: all at once, not one after another.
	var wg sync.WaitGroup
	for name, fl := range fields {
		for _, k := range keys {
			wg.Go(func() {
				if err := checkAskedMove(f, fl.kind, fl.build(), k); err != nil {
					t.Errorf("%s, %s: %v", name, k, err)
				}
			})
		}
	}
	wg.Wait()
}

// checkAskedMove sends key k to field, focused in a huh form between two
// others, and compares the move the form sees with the one huh asks for.
func checkAskedMove(f *Form, kind fieldKind, field huh.Field, k string) error {
	msg, ok := formKeyNames[k]
	if !ok {
		msg = tea.KeyPressMsg{Code: rune(k[0]), Text: k}
	}
	hf := huh.NewForm(huh.NewGroup(huh.NewInput().Key("before"), field, huh.NewInput().Key("after"))).WithKeyMap(f.huhKeys)
	hf.Init()
	hf.NextField()
	if hf.GetFocusedField().GetKey() != "f" {
		return errors.New("the field does not have focus")
	}
	_, cmd := hf.Update(msg)
	got := f.askedMove(&question{kind: kind, key: "f"}, hf.GetFocusedField(), msg)
	want := noMove
	for _, m := range immediateMsgs(cmd) {
		switch reflect.TypeOf(m) {
		case reflect.TypeOf(huh.NextField()):
			want = moveNext
		case reflect.TypeOf(huh.PrevField()):
			want = movePrev
		}
	}
	if got != want {
		return fmt.Errorf("the form sees move %d, huh asks for %d", got, want)
	}
	return nil
}
