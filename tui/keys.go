package tui

import "charm.land/bubbles/v2/key"

// browserKeys are the keys of the record browser.
type browserKeys struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Open, New, Edit, Delete, History      key.Binding
	Filter, ClearFilter, AcceptFilter     key.Binding
	Sort, Help, Quit                      key.Binding
}

func newBrowserKeys() browserKeys {
	return browserKeys{
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:       key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Home:         key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "first")),
		End:          key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "last")),
		Open:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		New:          key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		Edit:         key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Delete:       key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
		History:      key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "history")),
		Filter:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		AcceptFilter: key.NewBinding(key.WithKeys("enter", "down", "up"), key.WithHelp("enter", "keep filter")),
		Sort:         key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Help:         key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:         key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp is the one-line help under the browser.
func (k browserKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Filter, k.New, k.Edit, k.Delete, k.Sort, k.Quit, k.Help}
}

// FullHelp is shown after "?".
func (k browserKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Open, k.New, k.Edit, k.Delete, k.History},
		{k.Filter, k.ClearFilter, k.Sort},
		{k.Help, k.Quit},
	}
}

// filterKeys is the help shown while typing a filter.
type filterKeys struct{ b browserKeys }

func (k filterKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.b.AcceptFilter, k.b.ClearFilter}
}

func (k filterKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// confirmKeys is the help shown while a yes/no question is open.
type confirmKeys struct{ Yes, No key.Binding }

func newConfirmKeys() confirmKeys {
	return confirmKeys{
		Yes: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "no")),
	}
}

func (k confirmKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Yes, k.No} }
func (k confirmKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// recordKeys are the keys of the record view and its previews.
type recordKeys struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	NextFind, PrevFind                    key.Binding
	Record, Notice, Entry, NextTab        key.Binding
	Edit, Export, History                 key.Binding
	Back, Help, Quit                      key.Binding
}

func newRecordKeys() recordKeys {
	return recordKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", "page down")),
		NextFind: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "findings")),
		PrevFind: key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "previous finding")),
		Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "top")),
		End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "bottom")),
		Record:   key.NewBinding(key.WithKeys("1", "r"), key.WithHelp("1/r", "record")),
		Notice:   key.NewBinding(key.WithKeys("2", "p"), key.WithHelp("2/p", "notice preview")),
		Entry:    key.NewBinding(key.WithKeys("3", "c"), key.WithHelp("3/c", "register entry preview")),
		NextTab:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "previews")),
		Edit:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Export:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "export")),
		History:  key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "history")),
		Back:     key.NewBinding(key.WithKeys("esc", "q", "backspace"), key.WithHelp("esc", "back")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// ShortHelp is the one-line help under the record view.
func (k recordKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.NextFind, k.NextTab, k.Edit, k.Export, k.Back, k.Help}
}

// FullHelp is shown after "?".
func (k recordKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.NextFind, k.PrevFind, k.Record, k.Notice, k.Entry, k.NextTab},
		{k.Edit, k.Export, k.History},
		{k.Back, k.Help, k.Quit},
	}
}
