package e2e_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// waitTimeout bounds every wait for the screen. The program answers a key
// within milliseconds; the margin is for a busy 2-core machine.
const waitTimeout = 15 * time.Second

// pollInterval is how often the pane is read while waiting.
const pollInterval = 40 * time.Millisecond

// tmuxConfig: the pane keeps its last screen when the program exits (so a
// test can read an error and the exit status), no status bar takes a line
// of the fixed size, and programs see TERM=xterm-256color (tmux would set
// its own TERM, overriding the session environment).
const tmuxConfig = `set -g remain-on-exit on
set -g status off
set -g default-terminal xterm-256color
set -g history-limit 0
`

var sessionSeq atomic.Int64

// terminal is a tmux session on a socket of its own, running one program
// in one pane of a fixed size.
type terminal struct {
	t      *testing.T
	base   []string // tmux -L <socket> -f <config>
	env    []string // environment of the tmux client and server
	target string   // the session's one pane
}

// startTerminal opens a tmux server of its own and runs argv in a pane of
// width×height. paneEnv is the program's environment on top of the
// server's. The server is killed when the test ends; before that, a failed
// test logs the screen.
func startTerminal(t *testing.T, width, height int, paneEnv map[string]string, argv ...string) *terminal {
	t.Helper()
	if len(argv) == 0 {
		t.Fatal("startTerminal: no program to run")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte(tmuxConfig), 0o644); err != nil {
		t.Fatalf("write tmux config: %v", err)
	}
	socket := fmt.Sprintf("ropa-e2e-%d-%d", os.Getpid(), sessionSeq.Add(1))
	term := &terminal{
		t:      t,
		base:   []string{"-L", socket, "-f", conf},
		env:    tmuxEnv(dir),
		target: "e2e",
	}
	args := []string{"new-session", "-d", "-s", term.target, "-x", strconv.Itoa(width), "-y", strconv.Itoa(height)}
	for _, kv := range sortedEnv(paneEnv) {
		args = append(args, "-e", kv)
	}
	args = append(args, wrap(argv)...)
	if _, err := term.tmux(args...); err != nil {
		t.Fatalf("start tmux: %v", err)
	}
	t.Cleanup(term.kill)
	// Registered after the kill, so it runs before it: the screen of a
	// failed test is read while the server still holds it.
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("screen when the test failed (%d×%d):\n%s", width, height, frame(term.screenNoFail()))
		}
	})
	return term
}

// kill ends the tmux server and waits until the program has gone too, so
// that nothing writes in the temporary folders while they are removed (on
// the hangup, ropa may still write a draft).
func (term *terminal) kill() {
	var pids []int
	if out, err := term.tmux("display-message", "-p", "-t", term.target, "#{pane_pid}"); err == nil {
		if shell, err := strconv.Atoi(strings.TrimSpace(out)); err == nil {
			pids = append(pids, shell)
			if child, ok := childOf(shell); ok {
				pids = append(pids, child)
			}
		}
	}
	_, _ = term.tmux("kill-server")
	deadline := time.Now().Add(5 * time.Second)
	for _, pid := range pids {
		for running(pid) && time.Now().Before(deadline) {
			time.Sleep(pollInterval)
		}
	}
}

// running reports whether pid is a live process (a zombie has ended).
func running(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(b, ')')
	fields := strings.Fields(string(b[i+1:]))
	return len(fields) > 0 && fields[0] != "Z" && fields[0] != "X"
}

// tmuxEnv is the test's environment for the tmux client and server: its
// sockets in the test's temp dir, never a parent tmux, UTF-8, colour.
func tmuxEnv(dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "TMUX", "TMUX_PANE", "TMUX_TMPDIR", "LC_ALL",
			"NO_COLOR", "CLICOLOR_FORCE": // the tests read the screen as a person with a colour terminal sees it
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TMUX_TMPDIR="+dir, "LC_ALL=C.UTF-8")
}

func sortedEnv(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	slices.Sort(out) // order does not matter to tmux; sorted, the command is reproducible
	return out
}

func (term *terminal) tmux(args ...string) (string, error) {
	cmd := exec.Command("tmux", append(append([]string{}, term.base...), args...)...)
	cmd.Env = term.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("tmux %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return out.String(), nil
}

// screen is what the pane shows now, one line per row.
func (term *terminal) screen() string {
	term.t.Helper()
	s, err := term.tmux("capture-pane", "-p", "-t", term.target)
	if err != nil {
		term.t.Fatalf("read the screen: %v", err)
	}
	return s
}

func (term *terminal) screenNoFail() string {
	s, err := term.tmux("capture-pane", "-p", "-t", term.target)
	if err != nil {
		return fmt.Sprintf("(could not read the screen: %v)", err)
	}
	return s
}

// frame draws the screen with a left margin, so that blank lines and the
// pane's edges are visible in a test log.
func frame(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("  │" + l + "\n")
	}
	return b.String()
}

// waitUntil polls the screen until ok holds and returns that screen; the
// test fails after waitTimeout, saying what it waited for.
func (term *terminal) waitUntil(what string, ok func(screen string) bool) string {
	term.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		s := term.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("waited %s for %s", waitTimeout, what)
		}
		time.Sleep(pollInterval)
	}
}

// waitFor waits until the screen shows text.
func (term *terminal) waitFor(text string) string {
	term.t.Helper()
	return term.waitUntil(fmt.Sprintf("%q on the screen", text), func(s string) bool {
		return strings.Contains(s, text)
	})
}

// waitGone waits until the screen no longer shows text.
func (term *terminal) waitGone(text string) string {
	term.t.Helper()
	return term.waitUntil(fmt.Sprintf("%q to leave the screen", text), func(s string) bool {
		return !strings.Contains(s, text)
	})
}

// typeText types text literally, as keys.
func (term *terminal) typeText(text string) {
	term.t.Helper()
	if _, err := term.tmux("send-keys", "-t", term.target, "-l", text); err != nil {
		term.t.Fatalf("type %q: %v", text, err)
	}
}

// press sends keys by tmux name: Enter, Tab, BTab, Escape, Up, Down,
// PageDown, Space, C-j, C-s …
func (term *terminal) press(keys ...string) {
	term.t.Helper()
	if _, err := term.tmux(append([]string{"send-keys", "-t", term.target}, keys...)...); err != nil {
		term.t.Fatalf("press %q: %v", keys, err)
	}
}

// exitLine is what the wrapper shell prints when the program has ended:
// tmux itself does not always learn the exit status of a pane's process
// (when it sees the terminal close first, it never reports it).
var exitLine = regexp.MustCompile(`\[ropa exited with status (\d+)\]`)

// wrap runs argv under sh, which prints the exit status on the screen once
// the program has ended; "$@" keeps the arguments as they are. A killed
// program leaves the terminal in the alternate screen and raw mode: the
// shell leaves the alternate screen and starts its line with \r\n itself.
func wrap(argv []string) []string {
	script := `"$@"; status=$?; printf '\033[?1049l\r\n[ropa exited with status %d]\r\n' "$status"`
	return append([]string{"/bin/sh", "-c", script, "sh"}, argv...)
}

// paneInfo asks tmux about the pane: "#{pane_pid}", "#{pane_dead}" …
func (term *terminal) paneInfo(format string) string {
	term.t.Helper()
	out, err := term.tmux("display-message", "-p", "-t", term.target, format)
	if err != nil {
		term.t.Fatalf("pane %s: %v", format, err)
	}
	return strings.TrimSpace(out)
}

// programPID is the pid of the program: the child of the pane's shell.
func (term *terminal) programPID() int {
	term.t.Helper()
	shell, err := strconv.Atoi(term.paneInfo("#{pane_pid}"))
	if err != nil {
		term.t.Fatalf("pane pid: %v", err)
	}
	deadline := time.Now().Add(waitTimeout)
	for {
		if pid, ok := childOf(shell); ok {
			return pid
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the pane's shell %d has no child process", shell)
		}
		time.Sleep(pollInterval)
	}
}

// childOf finds a child process of parent in /proc (Linux).
func childOf(parent int) (int, bool) {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // the process ended meanwhile
		}
		// "pid (comm) state ppid …": comm may hold spaces and parentheses.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(string(b[i+1:]))
		if len(fields) < 2 || fields[1] != strconv.Itoa(parent) {
			continue
		}
		pid, err := strconv.Atoi(strings.Fields(string(b))[0])
		if err == nil {
			return pid, true
		}
	}
	return 0, false
}

// waitExit waits until the program has ended and returns its exit status
// as a shell reports it: 128+n when signal n ended it.
func (term *terminal) waitExit() int {
	term.t.Helper()
	s := term.waitUntil("the program to exit", func(s string) bool { return exitLine.MatchString(s) })
	n, err := strconv.Atoi(exitLine.FindStringSubmatch(s)[1])
	if err != nil {
		term.t.Fatalf("exit status: %v", err)
	}
	return n
}

// restart runs argv again in the same pane (same size, same environment).
func (term *terminal) restart(paneEnv map[string]string, argv ...string) {
	term.t.Helper()
	args := []string{"respawn-pane", "-k", "-t", term.target}
	for _, kv := range sortedEnv(paneEnv) {
		args = append(args, "-e", kv)
	}
	if _, err := term.tmux(append(args, wrap(argv)...)...); err != nil {
		term.t.Fatalf("restart: %v", err)
	}
}

// scrollPercent is the position the record view shows at the right of
// its tab line: " 1 Record   2 Notice   3 Register entry      42%".
var scrollPercent = regexp.MustCompile(`(?m)Register entry\s+(\d+)%\s*$`)

// scrollTo pages down the record view until text is on the screen, waiting
// after each key until the position has moved (other parts of the screen,
// such as the status line, change on their own).
func (term *terminal) scrollTo(text string) {
	term.t.Helper()
	position := func(s string) string {
		if m := scrollPercent.FindStringSubmatch(s); m != nil {
			return m[1]
		}
		return ""
	}
	s := term.screen()
	for range 30 {
		if strings.Contains(s, text) {
			return
		}
		if position(s) == "100" {
			break
		}
		before := position(s)
		term.press("PageDown")
		s = term.waitUntil("the record view to scroll", func(s string) bool { return position(s) != before })
	}
	term.t.Fatalf("paged to the end of the record without seeing %q", text)
}

// --- The guided form, read as a person reads it. ---

// focusedLabel is the title of the question that has focus: huh draws a
// thick bar "┃" beside the focused question, and its first line is the title.
func focusedLabel(screen string) string {
	for _, line := range strings.Split(screen, "\n") {
		if _, rest, ok := strings.Cut(line, "┃ "); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// focus waits until the question titled label has focus, so that what is
// typed next is known to go there.
func (term *terminal) focus(label string) {
	term.t.Helper()
	term.waitUntil(fmt.Sprintf("focus on the question %q", label), func(s string) bool {
		return focusedLabel(s) == label
	})
}

// answer types text into the question titled label and presses enter
// (next question, or next step on the last one).
func (term *terminal) answer(label, text string) {
	term.t.Helper()
	term.focus(label)
	if text != "" {
		term.typeText(text)
	}
	term.press("Enter")
}

// replace clears the question titled label (ctrl+u: what the form filled
// in), types text and presses enter.
func (term *terminal) replace(label, text string) {
	term.t.Helper()
	term.focus(label)
	term.press("C-u")
	term.typeText(text)
	term.press("Enter")
}

// keep waits until the question titled label shows value, filled in by the
// form, and presses enter.
func (term *terminal) keep(label, value string) {
	term.t.Helper()
	term.focus(label)
	term.waitFor("┃ > " + value)
	term.press("Enter")
}

// answerLines types lines into a multi-line question, ctrl+j between them.
func (term *terminal) answerLines(label string, lines ...string) {
	term.t.Helper()
	term.focus(label)
	for i, l := range lines {
		if i > 0 {
			term.press("C-j")
		}
		term.typeText(l)
	}
	term.press("Enter")
}

// yesNo answers a yes/no question with y or n, then enter: y and n
// answer only, enter moves on.
func (term *terminal) yesNo(label string, yes bool) {
	term.t.Helper()
	term.focus(label)
	if yes {
		term.press("y", "Enter")
	} else {
		term.press("n", "Enter")
	}
}

// cursorOn reports whether the cursor of the focused list question is on
// option: its line reads "┃ > option", "┃ > • option" or "┃ > ✓ option".
func cursorOn(screen, option string) bool {
	for _, line := range strings.Split(screen, "\n") {
		_, rest, ok := strings.Cut(line, "┃ > ")
		if !ok {
			continue
		}
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "• "), "✓ ")
		if strings.HasPrefix(rest, option) {
			return true
		}
	}
	return false
}

// cursorLine is the line of the focused list question that has the cursor.
func cursorLine(screen string) string {
	for _, line := range strings.Split(screen, "\n") {
		if _, rest, ok := strings.Cut(line, "┃ > "); ok {
			return rest
		}
	}
	return ""
}

// moveTo moves the cursor of the focused list question down to option,
// one key at a time, waiting for the cursor to move after each key.
func (term *terminal) moveTo(option string) {
	term.t.Helper()
	s := term.screen()
	for range 30 {
		if cursorOn(s, option) {
			return
		}
		before := cursorLine(s)
		term.press("Down")
		s = term.waitUntil(fmt.Sprintf("the cursor to move on towards %q", option), func(s string) bool {
			return cursorLine(s) != before
		})
	}
	term.t.Fatalf("the cursor never reached the option %q", option)
}

// choose picks option in the select titled label and presses enter.
func (term *terminal) choose(label, option string) {
	term.t.Helper()
	term.focus(label)
	term.moveTo(option)
	term.press("Enter")
}

// tick ticks options in the multi-select titled label, then presses enter.
func (term *terminal) tick(label string, options ...string) {
	term.t.Helper()
	term.focus(label)
	for _, o := range options {
		term.moveTo(o)
		term.press("Space")
		term.waitUntil(fmt.Sprintf("%q ticked", o), func(s string) bool {
			return strings.Contains(s, "┃ > ✓ "+o)
		})
	}
	term.press("Enter")
}

var stepLine = regexp.MustCompile(`(?m)^Step \d+ of \d+ · (.+?)(\s{2,}|$)`)

// waitStep waits until the form shows the step titled title (not an item
// being edited in it: "Step 9 of 18 · Personal data › data category 1 of 2").
func (term *terminal) waitStep(title string) {
	term.t.Helper()
	term.waitUntil(fmt.Sprintf("the step %q", title), func(s string) bool {
		m := stepLine.FindStringSubmatch(s)
		return m != nil && m[1] == title
	})
}
