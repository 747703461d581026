package records

import (
	"fmt"
	"strings"
)

// Git states of a file in the register, as GitStatus reports them. A file
// that GitStatus does not mention is clean (committed and unchanged).
const (
	GitNew      = "new"      // not yet committed: untracked, or added to the index
	GitModified = "modified" // changed, renamed or copied since the last commit
	GitDeleted  = "deleted"  // removed since the last commit
	GitConflict = "conflict" // unmerged: a merge left conflict markers to resolve
)

// GitStatus returns the Git state of every file under root that is not
// clean, keyed by its path relative to root (slash-separated, as File.Path).
// It shells out to `git status --porcelain -z`, whose format is stable.
func GitStatus(root string) (map[string]string, error) {
	prefix, err := GitPrefix(root)
	if err != nil {
		return nil, err
	}
	// runGit's environment keeps status from refreshing the index (no
	// optional locks), so that a git command the user runs at the same
	// time does not find it locked.
	out, err := runGit(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
	if err != nil {
		return nil, err
	}
	return parsePorcelain(string(out), prefix)
}

// parsePorcelain reads `git status --porcelain=v1 -z` output: entries
// "XY path\x00", and for renames and copies "XY new\x00old\x00". Paths are
// relative to the repository top; prefix (the register's folder inside the
// repository, with a trailing slash) is removed.
func parsePorcelain(out, prefix string) (map[string]string, error) {
	states := make(map[string]string)
	fields := strings.Split(out, "\x00")
	for i := 0; i < len(fields); i++ {
		entry := fields[i]
		if entry == "" {
			continue
		}
		if len(entry) < 4 || entry[2] != ' ' {
			return nil, fmt.Errorf("git status: unexpected entry %q", entry)
		}
		x, y, path := entry[0], entry[1], entry[3:]
		if x == 'R' || x == 'C' {
			i++ // the original path follows; the file now lives at path
		}
		rel, ok := strings.CutPrefix(path, prefix)
		if !ok {
			continue
		}
		states[rel] = porcelainState(x, y)
	}
	return states, nil
}

func porcelainState(x, y byte) string {
	switch {
	case x == 'U' || y == 'U' || (x == 'A' && y == 'A') || (x == 'D' && y == 'D'):
		return GitConflict
	case x == '?' || x == 'A':
		return GitNew
	case x == 'D' || y == 'D':
		return GitDeleted
	default:
		return GitModified
	}
}
