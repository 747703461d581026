package records

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DiffDriver is the name of ropa's Git diff driver.
const DiffDriver = "ropa"

// DefaultTextconv is the command Git runs to turn a record into labelled
// fields for git diff and git log -p.
const DefaultTextconv = "ropa textconv"

// gitattributesLine routes record files through the driver.
const gitattributesLine = RecordsDir + "/*.toml diff=" + DiffDriver

// SetupGitDiff makes git diff show records as labelled fields: it adds the
// attribute line to the register's .gitattributes (meant to be committed)
// and sets diff.ropa.textconv in the repository's own config (each clone
// runs git-setup once). It is idempotent, and returns what it changed.
func SetupGitDiff(root, textconv string) ([]string, error) {
	if textconv == "" {
		textconv = DefaultTextconv
	}
	if _, err := GitPrefix(root); err != nil {
		if errors.Is(err, ErrNotGit) {
			return nil, fmt.Errorf("git-setup: %s is not in a Git repository: run 'git init' (or 'ropa init') first", root)
		}
		return nil, err
	}
	var done []string
	attrPath := filepath.Join(root, ".gitattributes")
	data, err := os.ReadFile(attrPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("git-setup: read %s: %w", attrPath, err)
	}
	if !hasLine(data, gitattributesLine) {
		if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
			data = append(data, '\n')
		}
		data = append(data, gitattributesLine+"\n"...)
		if err := os.WriteFile(attrPath, data, 0o644); err != nil {
			return nil, fmt.Errorf("git-setup: write %s: %w", attrPath, err)
		}
		done = append(done, fmt.Sprintf("added %q to .gitattributes", gitattributesLine))
	}
	key := "diff." + DiffDriver + ".textconv"
	current, _ := runGit(root, "config", "--local", "--get", key)
	if strings.TrimSpace(string(current)) != textconv {
		if _, err := runGit(root, "config", "--local", key, textconv); err != nil {
			return nil, fmt.Errorf("git-setup: %w", err)
		}
		done = append(done, fmt.Sprintf("set git config %s %q", key, textconv))
	}
	return done, nil
}

func hasLine(data []byte, line string) bool {
	for _, l := range strings.Split(string(data), "\n") {
		if strings.Join(strings.Fields(l), " ") == line {
			return true
		}
	}
	return false
}

// CurrentBranch returns the name of the branch checked out in root's
// repository; a detached HEAD is an error.
func CurrentBranch(root string) (string, error) {
	out, err := runGit(root, "symbolic-ref", "--quiet", "--short", "HEAD")
	if err != nil {
		if _, perr := GitPrefix(root); perr != nil {
			return "", perr
		}
		return "", fmt.Errorf("no branch is checked out in %s (detached HEAD): check out the main branch", root)
	}
	return strings.TrimSpace(string(out)), nil
}
