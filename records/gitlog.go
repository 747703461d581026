package records

import (
	"fmt"
	"strings"
	"time"
)

// Commit is one commit that touched a record file, as FileLog lists it.
type Commit struct {
	Hash    string    `json:"commit"`
	Parent  string    `json:"parent,omitempty"` // the first parent; "" for the first commit
	Date    time.Time `json:"date"`             // author date
	Author  string    `json:"author"`
	Email   string    `json:"email,omitempty"`
	Subject string    `json:"subject"`
	Path    string    `json:"path"`               // the file in this commit, relative to the register root
	OldPath string    `json:"old_path,omitempty"` // its path in the parent, when this commit renamed it
	Change  string    `json:"change"`             // FileAdded, FileModified, FileRenamed or FileRemoved
}

// Separators of the log format: record and unit separators cannot occur
// in commit ids, dates or (in practice) names and subjects.
const (
	logRecordSep = "\x1e"
	logFieldSep  = "\x1f"
	logFormat    = "--format=" + logRecordSep + "%H" + logFieldSep + "%P" + logFieldSep + "%aI" +
		logFieldSep + "%an" + logFieldSep + "%ae" + logFieldSep + "%s"
)

// FileLog lists the commits that touched one record file (relative to the
// register root), newest first, following it across renames.
func FileLog(root, rel string) ([]Commit, error) {
	if _, err := runGit(root, "rev-parse", "--verify", "--quiet", "HEAD"); err != nil {
		if _, err := GitPrefix(root); err != nil {
			return nil, err
		}
		return nil, nil // a repository without commits has no history yet
	}
	prefix, err := GitPrefix(root)
	if err != nil {
		return nil, err
	}
	out, err := runGit(root, "log", "--follow", "-M", "--no-color", "--no-ext-diff", "--name-status", "-z",
		logFormat, "HEAD", "--", rel)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", rel, err)
	}
	return parseLog(string(out), prefix, rel)
}

// parseLog reads the output of FileLog's git log: per commit, the
// formatted header, a NUL, then the name-status entries of the file.
func parseLog(out, prefix, rel string) ([]Commit, error) {
	var commits []Commit
	current := rel // the file's path as of the commit being read
	for _, chunk := range strings.Split(out, logRecordSep) {
		if chunk == "" {
			continue
		}
		header, status, _ := strings.Cut(chunk, "\x00")
		f := strings.Split(header, logFieldSep)
		if len(f) != 6 {
			return nil, fmt.Errorf("history of %s: unexpected git log entry %q", rel, header)
		}
		date, err := time.Parse(time.RFC3339, f[2])
		if err != nil {
			return nil, fmt.Errorf("history of %s: commit %s: date %q: %w", rel, f[0], f[2], err)
		}
		c := Commit{Hash: f[0], Date: date, Author: f[3], Email: f[4], Subject: f[5], Path: current, Change: FileModified}
		if parents := strings.Fields(f[1]); len(parents) > 0 {
			c.Parent = parents[0]
		}
		tokens := strings.Split(strings.TrimLeft(status, "\n"), "\x00")
		if len(tokens) >= 2 && tokens[0] != "" {
			strip := func(p string) string { return strings.TrimPrefix(p, prefix) }
			switch tokens[0][0] {
			case 'A', 'C':
				c.Change, c.Path = FileAdded, strip(tokens[1])
			case 'D':
				c.Change, c.Path = FileRemoved, strip(tokens[1])
			case 'R':
				if len(tokens) >= 3 {
					c.Change, c.OldPath, c.Path = FileRenamed, strip(tokens[1]), strip(tokens[2])
				}
			default:
				c.Path = strip(tokens[1])
			}
		}
		if c.OldPath != "" {
			current = c.OldPath
		} else {
			current = c.Path
		}
		commits = append(commits, c)
	}
	return commits, nil
}

// CommitDiff returns the semantic diff of the record file that c touched,
// against c's first parent.
func CommitDiff(root string, c Commit) (RecordDiff, error) {
	prefix, err := GitPrefix(root)
	if err != nil {
		return RecordDiff{}, err
	}
	d := RecordDiff{FileChange: FileChange{Kind: c.Change}}
	var specs []string
	oldPath := c.Path
	if c.OldPath != "" {
		oldPath = c.OldPath
	}
	hasOld := c.Parent != "" && c.Change != FileAdded
	hasNew := c.Change != FileRemoved
	if !hasOld && d.Kind != FileRemoved {
		d.Kind = FileAdded
	}
	if hasOld {
		d.OldPath = oldPath
		specs = append(specs, c.Parent+":"+prefix+oldPath)
	}
	if hasNew {
		d.NewPath = c.Path
		specs = append(specs, c.Hash+":"+prefix+c.Path)
	}
	blobs, err := readBlobs(root, specs)
	if err != nil {
		return RecordDiff{}, err
	}
	if hasOld {
		d.Old, d.OldError = decodeVersion(oldPath, blobs[0], nil)
		blobs = blobs[1:]
	}
	if hasNew {
		d.New, d.NewError = decodeVersion(c.Path, blobs[0], nil)
	}
	d.finish()
	return d, nil
}
