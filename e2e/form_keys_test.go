package e2e_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFormKeepsUpWithABurstOfKeys types several answers in one tmux
// send-keys, as a fast typist or a paste does: each enter must move on
// before the keys behind it are read. Then ctrl+c, and the next start
// offers the draft by its title and time, in full at 80 columns, and q
// means "not now". At 80×24, the smallest terminal ropa supports.
func TestFormKeepsUpWithABurstOfKeys(t *testing.T) {
	needTmux(t)
	t.Parallel()
	env, reg, argv, term := startOnExample(t, 80, 24)
	term.press("n")
	term.waitStep("Identity")
	term.focus("Title of the processing operation")

	// One send-keys: nothing waits for the screen in between.
	term.press("Title one", "Enter", "DPR-EC-00042", "Enter", "C-u", "3") // ctrl+u: a new record has version 1
	term.focus("Version")
	term.waitFor("> 3")
	term.press("PageDown") // a change of step writes the draft at once
	term.waitStep("Controller")
	draftDir := filepath.Join(reg, ".ropa", "drafts")
	waitForDraft(t, draftDir, "version = 3") // the write of the step change: earlier ones hold the title too
	drafts := draftFiles(draftDir)
	if len(drafts) != 1 {
		t.Fatalf("drafts: %v, want one", drafts)
	}
	got := decodeWithBurntSushi(t, drafts[0])
	if got.Title != "Title one" || got.Reference != "DPR-EC-00042" || got.Version != 3 {
		t.Errorf("typed in one burst, the draft holds title %q, reference %q, version %d; want %q, %q, 3",
			got.Title, got.Reference, got.Version, "Title one", "DPR-EC-00042")
	}

	term.press("C-c")
	if status := term.waitExit(); status != 0 {
		t.Fatalf("ropa exited with status %d after ctrl+c, want 0", status)
	}

	// The offer names the draft by its title and time, never by its file's
	// key, and fits the line with its "y/n".
	term.restart(env, argv...)
	s := term.waitFor("unsaved draft")
	offer := lineWith(s, "unsaved draft")
	if !strings.Contains(offer, "“Title one”") || !strings.HasSuffix(strings.TrimSpace(offer), "? y/n") {
		t.Errorf("the draft offer reads %q; want the title and a whole \"? y/n\"", offer)
	}
	if regexp.MustCompile(`new-\d{8}-`).MatchString(offer) {
		t.Errorf("the draft offer shows the draft's internal key: %q", offer)
	}
	term.press("q")
	term.waitFor("offers it again")
	if s := term.screen(); strings.Contains(s, "y/n") {
		t.Errorf("the offer is still open after q")
	}
	term.press("q")
	if status := term.waitExit(); status != 0 {
		t.Fatalf("ropa exited with status %d after q, want 0", status)
	}
}

// lineWith is the first line of the screen that holds text.
func lineWith(screen, text string) string {
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, text) {
			return line
		}
	}
	return ""
}
