package tui

import (
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

const (
	// progressInterval is how often the loading screen updates its count.
	progressInterval = 50 * time.Millisecond
	// staleTempAge is how old a temporary file left by a save must be for
	// the start to remove it.
	staleTempAge = time.Hour
)

// loader reads the register in the background. The records package reports
// progress from its decoding goroutines; the counts go through atomics and
// the screen polls them, so a fast loader never floods the program with
// messages.
type loader struct {
	done, total atomic.Int64
	result      chan loadedMsg
}

type (
	// loadProgressMsg is a count shown while the register loads; from is
	// the loader to wait on next.
	loadProgressMsg struct {
		from        *loader
		done, total int
	}
	// loadedMsg carries the whole register, or why it could not be read.
	loadedMsg struct {
		reg *records.Register
		err error
	}
	// lintedMsg carries the findings of one lint run; gen tells a stale run
	// (the register changed since it started) from the current one.
	lintedMsg struct {
		gen      int
		findings []model.Finding
	}
	// gitStatusMsg carries the git state of the register's files.
	gitStatusMsg struct {
		states map[string]string
		err    error
	}
)

// loadCmd starts reading the register at root in the background and
// returns its first news: the register, or the progress so far.
func loadCmd(root string) tea.Cmd {
	return func() tea.Msg {
		l := &loader{result: make(chan loadedMsg, 1)}
		go func() {
			// Tidy up after crashes: temporary files of interrupted saves
			// older than an hour (a save in progress has a young one). Best
			// effort: Load skips them anyway, so a failure loses nothing.
			_, _ = records.RemoveStaleTemp(root, staleTempAge)
			reg, err := records.LoadWithProgress(root, func(done, total int) {
				l.done.Store(int64(done))
				l.total.Store(int64(total))
			})
			l.result <- loadedMsg{reg: reg, err: err}
		}()
		return l.wait()
	}
}

// wait returns the loaded register, or the progress so far when it takes
// longer than progressInterval.
func (l *loader) wait() tea.Msg {
	select {
	case msg := <-l.result:
		return msg
	case <-time.After(progressInterval):
		return loadProgressMsg{from: l, done: int(l.done.Load()), total: int(l.total.Load())}
	}
}

// lintCmd checks the whole register in the background: cross-record rules
// (duplicate references) need every record.
func lintCmd(gen int, info model.Register, named []model.NamedRecord, today time.Time) tea.Cmd {
	return func() tea.Msg {
		return lintedMsg{gen: gen, findings: model.LintRegister(info, named, today)}
	}
}

func gitStatusCmd(root string) tea.Cmd {
	return func() tea.Msg {
		states, err := records.GitStatus(root)
		return gitStatusMsg{states: states, err: err}
	}
}
