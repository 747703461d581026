package records

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// Every git process runs in English (so that messages can be recognised)
// and without optional locks (so that looking never locks the index).
func TestRunGitEnvironment(t *testing.T) {
	root := newGitRegister(t, "")
	t.Setenv("LC_ALL", "de_DE.UTF-8")
	t.Setenv("GIT_OPTIONAL_LOCKS", "1")
	// A shell alias prints the environment git gives its children, which
	// is the one it runs with itself.
	out, err := runGit(root, "-c", "alias.showenv=!env", "showenv")
	if err != nil {
		t.Fatal(err)
	}
	env := strings.Split(string(out), "\n")
	for _, want := range []string{"LC_ALL=C", "GIT_OPTIONAL_LOCKS=0"} {
		found := false
		for _, kv := range env {
			if kv == want {
				found = true
			}
			if k, _, _ := strings.Cut(want, "="); strings.HasPrefix(kv, k+"=") && kv != want {
				t.Errorf("git runs with %s, want %s", kv, want)
			}
		}
		if !found {
			t.Errorf("git runs without %s", want)
		}
	}
}

// A failure names the whole git command and the folder, and carries what
// git said.
func TestRunGitErrorNamesTheCommand(t *testing.T) {
	root := newGitRegister(t, "")
	_, err := runGit(root, "merge-base", "--end-of-options", "no-such-branch", "HEAD")
	if err == nil {
		t.Fatal("merge-base of a missing branch: no error")
	}
	msg := err.Error()
	prefix := "git merge-base --end-of-options no-such-branch HEAD in " + root + ": "
	if !strings.HasPrefix(msg, prefix) {
		t.Errorf("error %q does not start with %q", msg, prefix)
	} else if !strings.Contains(msg[len(prefix):], "Not a valid object name no-such-branch") {
		t.Errorf("error %q does not carry git's message", msg)
	}
	if errors.Is(err, ErrNotGit) {
		t.Errorf("error %q is ErrNotGit inside a repository", msg)
	}
}

// Outside a repository every command fails with ErrNotGit itself, which
// the terminal program shows as it is.
func TestRunGitOutsideARepository(t *testing.T) {
	gitEnv(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	for _, args := range [][]string{{"rev-parse", "--show-prefix"}, {"log", "-1"}, {"merge-base", "main", "HEAD"}} {
		if _, err := runGit(dir, args...); err != ErrNotGit { //nolint:errorlint // the sentinel itself, unwrapped
			t.Errorf("git %v outside a repository: %v, want ErrNotGit", args, err)
		}
	}
}
