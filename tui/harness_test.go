package tui

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// Tests run at the smallest supported size, on a fixed day (lint's
// next_review check depends on it), with the ASCII colour profile: the
// golden files hold the view's text and attributes, not colours.
const (
	testWidth  = 80
	testHeight = 24
)

var testToday = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// testRegister writes the example register into a temporary Git
// repository and commits it, so that the browser shows git states.
func testRegister(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	writeExample(t, root)
	if _, err := records.Create(root, "staff-newsletter", needsWork()); err != nil {
		t.Fatal(err)
	}
	gitRun(t, root, "init", "-q")
	gitRun(t, root, "add", "-A")
	gitRun(t, root, "commit", "-q", "-m", "example register")
	return root
}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=ropa test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// msgLog counts the messages that reach the model, by type, so that a test
// can wait for background work (loading, lint, git) to be in before it
// types: messages are handled in order, so keys sent after a wait see its
// result.
type msgLog struct {
	mu   sync.Mutex
	seen map[string]int
}

func (l *msgLog) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	l.mu.Lock()
	l.seen[strings.TrimPrefix(fmt.Sprintf("%T", msg), "tui.")]++
	l.mu.Unlock()
	return msg
}

func (l *msgLog) count(typ string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seen[typ]
}

// wait blocks until n messages of the type have arrived.
func (l *msgLog) wait(t *testing.T, typ string, n int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for l.count(typ) < n {
		if time.Now().After(deadline) {
			t.Fatalf("no %s after 15s (seen %v)", typ, l.seen)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// session is the program running on a register under teatest.
type session struct {
	t    *testing.T
	tm   *teatest.TestModel
	log  *msgLog
	root string
}

// start runs the program on root and waits until the register is loaded,
// checked and its git states known.
func start(t *testing.T, root string) *session {
	t.Helper()
	m := New(Options{Root: root})
	m.today = func() time.Time { return testToday }
	log := &msgLog{seen: map[string]int{}}
	tm := teatest.NewTestModel(t, m,
		teatest.WithInitialTermSize(testWidth, testHeight),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.ASCII),
			tea.WithFilter(log.filter),
		))
	s := &session{t: t, tm: tm, log: log, root: root}
	log.wait(t, "loadedMsg", 1)
	log.wait(t, "lintedMsg", 1)
	log.wait(t, "gitStatusMsg", 1)
	log.wait(t, "draftsMsg", 1)
	return s
}

// keys types text; names such as "enter" or "esc" are sent as those keys.
func (s *session) keys(keys ...string) {
	for _, k := range keys {
		switch k {
		case "enter":
			s.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		case "esc":
			s.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
		case "down":
			s.tm.Send(tea.KeyPressMsg{Code: tea.KeyDown})
		case "up":
			s.tm.Send(tea.KeyPressMsg{Code: tea.KeyUp})
		case "backspace":
			s.tm.Send(tea.KeyPressMsg{Code: tea.KeyBackspace})
		default:
			s.tm.Type(k)
		}
	}
}

// finish quits and returns the final model.
func (s *session) finish() *Model {
	s.t.Helper()
	if err := s.tm.Quit(); err != nil {
		s.t.Fatal(err)
	}
	return s.tm.FinalModel(s.t, teatest.WithFinalTimeout(15*time.Second)).(*Model)
}

// screenText is the view as the ASCII profile writes it: text and
// attributes (bold, reverse), no colours.
func screenText(t *testing.T, m *Model) string {
	t.Helper()
	var buf bytes.Buffer
	w := &colorprofile.Writer{Forward: &buf, Profile: colorprofile.ASCII}
	if _, err := w.WriteString(m.View().Content); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// requireGolden compares the view with testdata/<test>.golden (go test
// ./tui/ -update rewrites them) and checks it fits the terminal.
func requireGolden(t *testing.T, m *Model) string {
	t.Helper()
	text := screenText(t, m)
	lines := strings.Split(text, "\n")
	if len(lines) != testHeight {
		t.Errorf("view has %d lines, want %d", len(lines), testHeight)
	}
	for i, l := range lines {
		if w := plainWidth(l); w > testWidth {
			t.Errorf("line %d is %d wide: %q", i+1, w, l)
		}
	}
	golden.RequireEqual(t, text)
	return plain(text)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func recordPath(root, slug string) string {
	return filepath.Join(root, "records", slug+".toml")
}

func countRecords(t *testing.T, root string) int {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(root, "records"))
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

func readFileString(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

func writeFileString(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// needsWork is a record with problems in several sections, whatever the
// state of the example register: Art 5(1)(a) without the Union law, a data
// category without retention, a recipient in a third country without a
// transfer.
func needsWork() *model.Record {
	return &model.Record{
		Title:    "Staff newsletter",
		Language: "en",
		Kind:     model.KindController,
		Status:   model.StatusDraft,
		Controller: model.Controller{
			Organisation: "European Commission", Unit: "DG COMM, Unit A.1", Email: "comm-a1@ec.europa.eu",
		},
		Description:  "We send a monthly newsletter to staff who subscribe.",
		Purposes:     []string{"Inform staff"},
		LegalBasis:   model.LegalBasis{Grounds: []model.Ground{model.GroundPublicTask}},
		DataSubjects: []model.DataSubject{{Name: "Subscribers"}},
		DataCategories: []model.DataCategory{
			{Name: "Contact data", Items: []string{"e-mail"}, Source: model.SourceDataSubject},
		},
		Recipients: []model.Recipient{{Name: "Mailing service", Kind: model.RecipientThirdCountry, Country: "US"}},
	}
}
