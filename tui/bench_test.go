package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/eu-ropa/ropa/records"
)

// The targets of issue 3, on a generated register of 10,000 records: the
// first frame within 300 ms of start, a filter keystroke within 16 ms.

const benchRecords = 10_000

func generated(b *testing.B) string {
	b.Helper()
	root := b.TempDir()
	if err := records.Generate(root, benchRecords, 1); err != nil {
		b.Fatal(err)
	}
	return root
}

// settle runs commands the way the program would, synchronously, until
// none is left: loading, lint, git states, drafts.
func settle(m *Model, cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// BenchmarkFirstFrame measures what stands between start and the first
// frame: New, Init (which only returns the command that loads the register;
// Bubble Tea runs it in the background) and the first View, on a 10,000
// record register.
func BenchmarkFirstFrame(b *testing.B) {
	root := generated(b)
	b.ResetTimer()
	for range b.N {
		m := New(Options{Root: root})
		if m.Init() == nil {
			b.Fatal("Init started nothing")
		}
		m.Update(tea.WindowSizeMsg{Width: testWidth, Height: testHeight})
		if v := m.View(); !strings.Contains(v.Content, "Loading") {
			b.Fatalf("first frame: %q", v.Content)
		}
	}
}

// BenchmarkLoadToBrowser measures from start to the browser listing every
// record (before lint and git states arrive), for the report.
func BenchmarkLoadToBrowser(b *testing.B) {
	root := generated(b)
	b.ResetTimer()
	for range b.N {
		m := New(Options{Root: root})
		msg := loadCmd(root)()
		for m.screen == screenLoading {
			_, next := m.Update(msg)
			if m.screen != screenLoading {
				break
			}
			msg = next()
		}
		if len(m.browser.rows) != benchRecords {
			b.Fatalf("%d rows", len(m.browser.rows))
		}
		_ = m.View()
	}
}

// BenchmarkFilterKeystroke measures one key typed into the filter of a
// loaded 10,000-record browser, and the frame after it. Rounds alternate a
// letter and backspace, so every round filters all 10,000 rows.
func BenchmarkFilterKeystroke(b *testing.B) {
	root := generated(b)
	m := New(Options{Root: root})
	m.today = func() time.Time { return testToday }
	m.Update(tea.WindowSizeMsg{Width: testWidth, Height: testHeight})
	settle(m, m.Init())
	if len(m.browser.rows) != benchRecords || !m.linted {
		b.Fatalf("not loaded: %d rows, linted %v", len(m.browser.rows), m.linted)
	}
	m.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
	letter := tea.KeyPressMsg{Code: 'e', Text: "e"}
	backspace := tea.KeyPressMsg{Code: tea.KeyBackspace}
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			m.Update(letter)
		} else {
			m.Update(backspace)
		}
		_ = m.View()
	}
	b.StopTimer()
	if !m.browser.filtering {
		b.Fatal("the keys did not go to the filter")
	}
}
