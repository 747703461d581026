package tui

import (
	"bytes"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/eu-ropa/ropa/records"
)

// listKey handles a key in a list step: move, add, edit, remove, reorder,
// and leave the step.
func (f *Form) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := f.keys
	l := f.step().list
	n := l.count(f.rec)
	cur := f.listCursor[f.step().id]
	switch {
	case msg.String() == "esc":
		return f.askDiscard()
	case keyIs(msg, k.ListNext):
		return f.goStep(+1)
	case keyIs(msg, k.ListPrev):
		return f.goStep(-1)
	case keyIs(msg, k.Review):
		return f.goReview()
	case keyIs(msg, k.Up):
		f.setListCursor(cur - 1)
	case keyIs(msg, k.Down):
		f.setListCursor(cur + 1)
	case keyIs(msg, k.Add), n == 0 && msg.String() == "enter":
		i := l.add(f.rec)
		f.setListCursor(i)
		return f.editItem(i, true)
	case keyIs(msg, k.Edit) && n > 0:
		return f.editItem(cur, false)
	case keyIs(msg, k.Remove) && n > 0:
		name := l.summary(f.rec, cur)
		f.confirm = &formConfirm{
			question: fmt.Sprintf("Remove the %s %q?", l.one(), truncateText(name, 40)),
			onYes: func() tea.Cmd {
				l.remove(f.rec, cur)
				f.clampListCursor()
				f.setNote(noteInfo, "Removed the %s.", l.one())
				return f.keepDraft()
			},
		}
	case keyIs(msg, k.MoveUp) && cur > 0:
		l.swap(f.rec, cur, cur-1)
		f.setListCursor(cur - 1)
		return f.keepDraft()
	case keyIs(msg, k.MoveDown) && cur < n-1:
		l.swap(f.rec, cur, cur+1)
		f.setListCursor(cur + 1)
		return f.keepDraft()
	}
	return nil
}

func (f *Form) setListCursor(i int) {
	f.listCursor[f.step().id] = i
	f.clampListCursor()
}

func (f *Form) clampListCursor() {
	s := f.step()
	if s.kind != stepList {
		return
	}
	n := s.list.count(f.rec)
	c := min(f.listCursor[s.id], n-1)
	f.listCursor[s.id] = max(c, 0)
}

// editItem opens the item editor on item i of the current list step.
func (f *Form) editItem(i int, isNew bool) tea.Cmd {
	l := f.step().list
	f.item = &itemEdit{list: l, index: i, isNew: isNew, before: l.snapshot(f.rec, i)}
	return f.buildHuh(l.questions(f, i), "")
}

// itemKey handles a key in the item editor. Enter on the last question
// finishes the item (huh's submit); esc cancels it.
func (f *Form) itemKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case msg.String() == "esc":
		return f.cancelItem()
	case keyIs(msg, f.keys.Editor):
		return f.openEditor()
	case keyIs(msg, f.keys.Review):
		f.setNote(noteInfo, "Finish this %s first: enter on its last question, or esc to cancel it.", f.item.list.one())
		return nil
	}
	return f.huhKey(msg)
}

// finishItem closes the item editor, keeping the item.
func (f *Form) finishItem() tea.Cmd {
	it := f.item
	f.item, f.hf, f.qs, f.shown, f.focusKey = nil, nil, nil, "", ""
	f.setListCursor(it.index)
	return f.keepDraft()
}

// cancelItem leaves the item editor without keeping what was changed in
// it, asking first when something was.
func (f *Form) cancelItem() tea.Cmd {
	it := f.item
	if !f.itemChanged() {
		if it.isNew {
			it.list.remove(f.rec, it.index)
		}
		return f.finishItem()
	}
	q := fmt.Sprintf("Undo your changes to this %s?", it.list.one())
	if it.isNew {
		q = fmt.Sprintf("Drop this new %s?", it.list.one())
	}
	f.confirm = &formConfirm{question: q, onYes: func() tea.Cmd {
		if it.isNew {
			it.list.remove(f.rec, it.index)
		} else {
			it.list.restore(f.rec, it.index, it.before)
		}
		return f.finishItem()
	}}
	return nil
}

// itemChanged compares the record with the item as it was (for a new
// item, as it was added: empty), in canonical form, so that an empty list
// and no list count as the same.
func (f *Form) itemChanged() bool {
	it := f.item
	before := cloneRecord(f.rec)
	it.list.restore(&before, it.index, it.before)
	return !bytes.Equal(records.Encode(&before), records.Encode(f.rec))
}

// listView draws the items of the current list step.
func (f *Form) listView(width, height int) string {
	s := f.step()
	l := s.list
	st := f.styles
	n := l.count(f.rec)
	var lines []string
	if n == 0 {
		lines = append(lines, st.Empty.Render(fmt.Sprintf("No %s yet.", l.many())), "",
			wrapText("Press a (or enter) to add one, or tab to go on if there are none.", width))
		return strings.Join(lines, "\n")
	}
	cur := f.listCursor[s.id]
	lines = append(lines, st.Subtle.Render(fmt.Sprintf("%d %s:", n, ifPlural(n, l.one(), l.many()))))
	// The selected item in full below the list, which shows each item on
	// one line; the list scrolls to keep the cursor in sight.
	detail := wrapText(l.summary(f.rec, cur), width-2)
	room := max(height-1-2-strings.Count(detail, "\n")-1, 1)
	first := max(0, min(cur-room/2, n-room))
	for i := first; i < n && i < first+room; i++ {
		line := truncateText(fmt.Sprintf("%d. %s", i+1, l.summary(f.rec, i)), width-2)
		if i == cur {
			lines = append(lines, st.SelectedRow.Render("> "+line))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	lines = append(lines, "", indentLines(detail, 2))
	return strings.Join(lines, "\n")
}

func ifPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
