package records

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// ErrNotGit says the register is not inside a Git working tree, so files
// have no Git state and there is no history.
var ErrNotGit = errors.New("the register is not in a Git repository")

// gitCommand prepares git with args in dir. Every git process of ropa runs
// with, on top of the user's environment:
//   - LC_ALL=C: git's messages in English, so that runGit can recognise
//     "not a git repository" whatever the user's language;
//   - GIT_OPTIONAL_LOCKS=0 (what --no-optional-locks sets): ropa must never
//     take the index lock only to refresh the index while it looks, so that
//     a git command the user runs at the same time does not find it locked.
//
// No pager setting is needed: git starts a pager only when its standard
// output is a terminal, and here it is always a pipe.
func gitCommand(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
	return cmd
}

// runGit runs git in dir and returns its standard output. When dir is not
// in a Git working tree, the error is ErrNotGit itself (it is shown to
// users as it is); any other error names the git command and carries
// git's own message.
func runGit(dir string, args ...string) ([]byte, error) {
	cmd := gitCommand(dir, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		command := "git " + strings.Join(args, " ")
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("%s in %s: git is not installed: %w", command, dir, err)
		}
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "not a git repository") {
			return nil, ErrNotGit
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("%s in %s: %s", command, dir, msg)
	}
	return stdout.Bytes(), nil
}
