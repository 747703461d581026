package tui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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
	title := oneLine(d.Record.Title)
	if title == "" {
		title = "untitled"
	}
	// The draft's key (new-20261122-211331-…) means nothing to a person:
	// its title and when it was saved say which draft it is.
	head := "Resume the unsaved draft “"
	if n := len(msg.drafts); n > 1 {
		head = fmt.Sprintf("%d unsaved drafts. Resume “", n)
	}
	tail := "”, saved " + savedWhen(d.Saved, m.today()) + "? y/n"
	yes := key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "resume"))
	notNow := key.NewBinding(key.WithKeys("n", "N", "q", "esc"), key.WithHelp("n/q/esc", "not now"))
	m.confirm = &confirm{
		question: head + title + tail,
		fit: func(width int) string {
			room := width - ansi.StringWidth(head) - ansi.StringWidth(tail)
			return head + ansi.Truncate(title, max(room, 1), "…") + tail
		},
		keys: &confirmKeys{Yes: yes, No: notNow},
		onYes: func(m *Model) tea.Cmd {
			draft := d
			var file *records.File
			for _, f := range m.files {
				if f.Slug == d.Key {
					file = f
					break
				}
			}
			return m.openFormWith(file, &draft)
		},
		onNo: func(m *Model) tea.Cmd {
			m.setStatus(statusInfo, "Kept the draft “%s”; ropa offers it again at the next start.", title)
			return m.offerDrafts(draftsMsg{drafts: rest})
		},
	}
	return nil
}

// savedWhen says when a draft was saved, as briefly as is clear: "today at
// 21:13", "yesterday at 9:05", "22 Nov at 21:13", "22 Nov 2025".
func savedWhen(saved, now time.Time) string {
	saved, now = saved.Local(), now.Local()
	y, mo, d := saved.Date()
	ny, nmo, nd := now.Date()
	switch {
	case y == ny && mo == nmo && d == nd:
		return "today at " + saved.Format("15:04")
	case saved.AddDate(0, 0, 1).Format(time.DateOnly) == now.Format(time.DateOnly):
		return "yesterday at " + saved.Format("15:04")
	case y == ny:
		return saved.Format("2 Jan at 15:04")
	}
	return saved.Format("2 Jan 2006")
}
