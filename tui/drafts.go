package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/eu-ropa/ropa/records"
)

// draftsMsg lists the unsaved drafts that a form left behind (a closed
// terminal, a kill, ctrl+c).
type draftsMsg struct {
	drafts []records.Draft
	err    error
}

func draftsCmd(root string) tea.Cmd {
	return func() tea.Msg {
		drafts, err := records.LoadDrafts(root)
		return draftsMsg{drafts: drafts, err: err}
	}
}

// offerDrafts asks, one draft at a time, whether to resume it. A draft not
// resumed stays on disk and is offered again at the next start.
func (m *Model) offerDrafts(msg draftsMsg) tea.Cmd {
	if msg.err != nil {
		m.setError(fmt.Errorf("some drafts could not be read: %w", msg.err))
	}
	if len(msg.drafts) == 0 || m.screen != screenBrowser {
		return nil
	}
	d := msg.drafts[0]
	rest := msg.drafts[1:]
	title := d.Record.Title
	if title == "" {
		title = "untitled"
	}
	count := plural(len(msg.drafts), "unsaved draft", "unsaved drafts")
	m.confirm = &confirm{
		question: fmt.Sprintf("%s: resume “%s” (%s, %s)? y/n", count, oneLine(title), d.Key, d.Saved.Format("2 Jan 15:04")),
		onYes: func(m *Model) tea.Cmd {
			draft := d.Record
			var file *records.File
			for _, f := range m.files {
				if f.Slug == d.Key {
					file = f
					break
				}
			}
			return m.openFormWith(file, d.Key, &draft)
		},
		onNo: func(m *Model) tea.Cmd {
			m.setStatus(statusInfo, "Kept the draft %s; ropa offers it again next time.", d.Key)
			return m.offerDrafts(draftsMsg{drafts: rest})
		},
	}
	return nil
}
