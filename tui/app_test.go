package tui

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// update feeds one message to the model, as the program would.
func update(m *Model, msg tea.Msg) tea.Cmd {
	_, cmd := m.Update(msg)
	return cmd
}

// loadedModel is a model with the register at root loaded and checked,
// driven without a program.
func loadedModel(t *testing.T, root string, width, height int) *Model {
	t.Helper()
	m := New(Options{Root: root})
	m.today = func() time.Time { return testToday }
	update(m, tea.WindowSizeMsg{Width: width, Height: height})
	settle(m, m.Init())
	if m.screen != screenBrowser {
		t.Fatalf("not loaded: screen %v, status %q", m.screen, m.status.text)
	}
	return m
}

// checkFits fails when the view is not exactly the window's size.
func checkFits(t *testing.T, m *Model, width, height int) {
	t.Helper()
	lines := strings.Split(plain(m.View().Content), "\n")
	if len(lines) != height {
		t.Errorf("%dx%d: %d lines", width, height, len(lines))
	}
	for i, l := range lines {
		if w := plainWidth(l); w > width {
			t.Errorf("%dx%d: line %d is %d wide: %q", width, height, i+1, w, l)
		}
	}
}

func TestEveryScreenFitsAfterResize(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 15}, {200, 60}, {30, 10}, {80, 24}} {
		w, h := size[0], size[1]
		update(m, tea.WindowSizeMsg{Width: w, Height: h})
		checkFits(t, m, w, h)
		update(m, tea.KeyPressMsg{Code: '?', Text: "?"}) // full help
		checkFits(t, m, w, h)
		update(m, tea.KeyPressMsg{Code: '?', Text: "?"})
		update(m, tea.KeyPressMsg{Code: tea.KeyEnter})
		if m.screen != screenRecord {
			t.Fatalf("enter did not open a record")
		}
		checkFits(t, m, w, h)
		update(m, tea.KeyPressMsg{Code: tea.KeyEscape})
	}
	if !strings.Contains(plain(m.View().Content), "? help") {
		t.Error("the help line is missing")
	}
}

// Under NO_COLOR the program writes attributes (bold, reverse) but no
// colour at all; the same terminal without it gets colours. TTY_FORCE makes
// colorprofile take the test's buffer for a terminal.
func TestNoColorWritesNoColour(t *testing.T) {
	root := testRegister(t)
	term := []string{"TERM=xterm-256color", "TTY_FORCE=1"}
	if out := outputWith(t, root, term); !hasColour(out) {
		t.Fatalf("no colour even without NO_COLOR: the test cannot tell:\n%q", out)
	}
	out := outputWith(t, root, append(term, "NO_COLOR=1"))
	if hasColour(out) {
		t.Errorf("colour sequences under NO_COLOR:\n%q", out)
	}
	if !strings.Contains(out, "\x1b[7m") && !strings.Contains(out, ";7m") {
		t.Errorf("the selected row lost its reverse video under NO_COLOR")
	}
}

// outputWith runs the program in the environment env, opens a record, and
// returns everything it wrote.
func outputWith(t *testing.T, root string, env []string) string {
	t.Helper()
	log := &msgLog{seen: map[string]int{}}
	tm := teatest.NewTestModel(t, New(Options{Root: root}),
		teatest.WithInitialTermSize(testWidth, testHeight),
		teatest.WithProgramOptions(tea.WithEnvironment(env), tea.WithFilter(log.filter)))
	log.wait(t, "lintedMsg", 1)
	log.wait(t, "gitStatusMsg", 1)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(10*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "Identity") {
		t.Fatalf("the record view was not drawn:\n%q", out)
	}
	return string(out)
}

// hasColour reports whether out holds an SGR sequence that sets a
// foreground, background or underline colour.
func hasColour(out string) bool {
	sgr := regexp.MustCompile(`\x1b\[([0-9;:]*)m`)
	for _, match := range sgr.FindAllStringSubmatch(out, -1) {
		for _, p := range strings.FieldsFunc(match[1], func(r rune) bool { return r == ';' || r == ':' }) {
			switch {
			case p == "38" || p == "48" || p == "58",
				len(p) == 2 && (p[0] == '3' || p[0] == '4' || p[0] == '9') && p[1] <= '7',
				len(p) == 3 && strings.HasPrefix(p, "10") && p[2] <= '7':
				return true
			}
		}
	}
	return false
}

func TestLoadErrorIsShownNotFatal(t *testing.T) {
	m := New(Options{Root: t.TempDir()}) // no register.toml
	update(m, tea.WindowSizeMsg{Width: testWidth, Height: testHeight})
	settle(m, m.Init())
	text := plain(m.View().Content)
	if m.loadErr == nil || !strings.Contains(text, "cannot read the register") {
		t.Fatalf("no error on screen:\n%s", text)
	}
	checkFits(t, m, testWidth, testHeight)
	if cmd := update(m, tea.KeyPressMsg{Code: 'q', Text: "q"}); cmd == nil {
		t.Error("q does not quit from the error screen")
	}
}

func TestFirstFrameShowsLoading(t *testing.T) {
	root := testRegister(t)
	m := New(Options{Root: root, Demo: true})
	text := plain(m.View().Content)
	if !strings.Contains(text, "Loading") || !strings.Contains(text, "temporary copy") {
		t.Errorf("first frame:\n%s", text)
	}
	update(m, loadProgressMsg{done: 3200, total: 10000})
	if text := plain(m.View().Content); !strings.Contains(text, "Loading 3,200 / 10,000 records…") {
		t.Errorf("progress not shown:\n%s", text)
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 10000: "10,000", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := formatCount(n); got != want {
			t.Errorf("formatCount(%d) = %q, want %q", n, got, want)
		}
	}
}

// register.toml is no row of the browser: its findings go to the status
// line.
func TestRegisterFindingsShownInStatus(t *testing.T) {
	root := testRegister(t)
	info, err := records.LoadRegisterInfo(root)
	if err != nil {
		t.Fatal(err)
	}
	info.DPO.Email = "not an address"
	if err := records.WriteRegister(root, &info); err != nil {
		t.Fatal(err)
	}
	m := loadedModel(t, root, testWidth, testHeight)
	if !strings.Contains(plain(strings.Join(m.statusLines(), " ")), "register.toml: dpo.email") {
		t.Errorf("status line: %q", plain(strings.Join(m.statusLines(), " ")))
	}
}

// A status longer than the width wraps onto a second line (the list gives
// up a line, the screen stays the window's height, the cursor stays on
// screen), and "?" shows all of it.
func TestLongStatusWrapsAndShowsWholeOnHelp(t *testing.T) {
	root := testRegister(t)
	// A record with a hand-written comment and no reference: the last row,
	// and e on it gives the longest error there is.
	data, err := readFileString(recordPath(root, "staff-newsletter"))
	if err != nil {
		t.Fatal(err)
	}
	data = strings.Replace(data, "reference = ", "# reference = ", 1)
	writeFileString(t, recordPath(root, "zz-commented"), "# Kept by hand.\n"+data)
	m := loadedModel(t, root, testWidth, testHeight)
	update(m, tea.KeyPressMsg{Code: 'G', Text: "G"})
	update(m, tea.KeyPressMsg{Code: 'e', Text: "e"})
	want := (&records.CommentsError{Path: "records/zz-commented.toml"}).Error()
	if m.status.text != want {
		t.Fatalf("status after e: %q, want %q", m.status.text, want)
	}
	checkFits(t, m, testWidth, testHeight)
	lines := strings.Split(plain(m.View().Content), "\n")
	status := lines[len(lines)-3 : len(lines)-1]
	if !strings.HasPrefix(status[0], "records/zz-commented.toml holds hand-written comments (# …), which canonical") ||
		!strings.HasSuffix(status[1], statusMoreTail) {
		t.Errorf("the status does not take two lines ending with %q:\n%s", statusMoreTail, strings.Join(status, "\n"))
	}
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "▸ ") }) {
		t.Errorf("the selected row went off screen:\n%s", strings.Join(lines, "\n"))
	}

	update(m, tea.KeyPressMsg{Code: '?', Text: "?"})
	checkFits(t, m, testWidth, testHeight)
	screen := strings.Join(strings.Fields(plain(m.View().Content)), " ")
	if !strings.Contains(screen, strings.Join(strings.Fields(want), " ")) {
		t.Errorf("? does not show the whole message:\n%s", m.View().Content)
	}
	if !slices.ContainsFunc(strings.Split(plain(m.View().Content), "\n"), func(l string) bool { return strings.HasPrefix(l, "▸ ") }) {
		t.Errorf("with the full help, the selected row went off screen")
	}
}

// The start removes the temporary files that crashed saves left behind,
// but not one young enough to belong to a save in progress.
func TestStartRemovesStaleTemporaryFiles(t *testing.T) {
	root := testRegister(t)
	drafts := filepath.Join(root, ".ropa", "drafts")
	if err := os.MkdirAll(drafts, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := []string{
		filepath.Join(drafts, ".new-20260101-101010.toml.tmp-123456"),
		filepath.Join(root, "records", ".emn-ies.toml.tmp-987654"),
	}
	young := filepath.Join(drafts, ".new-20260601-090000.toml.tmp-42")
	old := time.Now().Add(-2 * time.Hour)
	for _, p := range append(stale, young) {
		writeFileString(t, p, "title = \"half written\"\n")
	}
	for _, p := range stale {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	loadedModel(t, root, testWidth, testHeight)
	for _, p := range stale {
		if exists(p) {
			t.Errorf("%s is still there after the start", p)
		}
	}
	if !exists(young) {
		t.Errorf("the start removed %s, a save in progress", young)
	}
}

// A new record starts with what the register knows and what every record
// starts as; these are not changes, so esc closes the form without asking.
func TestNewRecordStartsFromTheRegister(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	settle(m, update(m, tea.KeyPressMsg{Code: 'n', Text: "n"}))
	if m.screen != screenForm || m.form == nil {
		t.Fatalf("n did not open the form: screen %v", m.screen)
	}
	got := *m.form.rec
	if got.Controller.Organisation != m.info.Name || m.info.Name == "" {
		t.Errorf("organisation %q, want the register's name %q", got.Controller.Organisation, m.info.Name)
	}
	if len(m.info.Languages) == 0 || got.Language != m.info.Languages[0] {
		t.Errorf("language %q, want the register's first language of %v", got.Language, m.info.Languages)
	}
	if got.Kind != model.KindController || got.Status != model.StatusDraft || got.Version != 1 {
		t.Errorf("kind %q, status %q, version %d; want controller, draft, 1", got.Kind, got.Status, got.Version)
	}
	if want := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC); !got.LastUpdated.Equal(want) {
		t.Errorf("last_updated %v, want today %v", got.LastUpdated, want)
	}
	settle(m, update(m, tea.KeyPressMsg{Code: tea.KeyEscape}))
	if m.screen != screenBrowser || m.form != nil {
		t.Errorf("esc on an untouched new record asks instead of closing: screen %v", m.screen)
	}
}
