package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// The diff writers take the revisions compared as the user named them;
// a new revision "" is the working tree.

// workingTree names the working tree as a revision.
const workingTree = "working tree"

// revName names a new revision; "" is the working tree.
func revName(rev string) string {
	if rev == "" {
		return workingTree
	}
	return rev
}

// DiffText writes the changes of each record, one per line in the
// record's own words ("DPR-EC-00932 · Purposes: added '…'"), multi-line
// texts as line diffs, then a summary line. Write errors are not reported.
func DiffText(w io.Writer, diffs []records.RecordDiff) {
	for i, d := range diffs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		name := d.Name()
		fmt.Fprintln(w, recordHeading(d))
		for _, problem := range []struct{ which, err string }{{"old", d.OldError}, {"new", d.NewError}} {
			if problem.err != "" {
				fmt.Fprintf(w, "%s · the %s version cannot be read: %s\n", name, problem.which, problem.err)
			}
		}
		if d.OldError != "" || d.NewError != "" || d.Kind == records.FileRemoved {
			continue
		}
		if len(d.Changes) == 0 && d.Kind == records.FileModified {
			fmt.Fprintf(w, "%s · layout only: no field changed (run 'ropa fmt')\n", name)
		}
		for _, c := range d.Changes {
			if c.IsStatus() {
				continue // in the heading
			}
			if isMultiline(c) {
				fmt.Fprintf(w, "%s · %s: %s\n", name, c.Label, c.Kind)
				for _, e := range model.LineDiff(c.Old, c.New) {
					fmt.Fprintf(w, "    %c %s\n", e.Op, e.Text)
				}
				continue
			}
			switch c.Kind {
			case model.ChangeAdded:
				fmt.Fprintf(w, "%s · %s: added %s\n", name, c.Label, quote(c.New))
			case model.ChangeRemoved:
				fmt.Fprintf(w, "%s · %s: removed %s\n", name, c.Label, quote(c.Old))
			default:
				fmt.Fprintf(w, "%s · %s: %s → %s\n", name, c.Label, quote(c.Old), quote(c.New))
			}
		}
	}
	if len(diffs) > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, diffSummary(diffs))
}

// DiffJSON writes the revisions compared and every record's diff as one
// indented JSON document; newRev "" is written as "working tree".
func DiffJSON(w io.Writer, diffs []records.RecordDiff, oldRev, newRev string) error {
	if diffs == nil {
		diffs = []records.RecordDiff{}
	}
	out := struct {
		Old     string               `json:"old"`
		New     string               `json:"new"`
		Records []records.RecordDiff `json:"records"`
	}{oldRev, revName(newRev), diffs}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// quote shows a one-line value in a sentence.
func quote(s string) string { return "'" + s + "'" }

func isMultiline(c model.Change) bool {
	return strings.Contains(c.Old, "\n") || strings.Contains(c.New, "\n")
}

// recordTitle names a record: its reference (else its file) and title.
func recordTitle(d records.RecordDiff) string {
	if d.Title == "" {
		return d.Name()
	}
	return d.Name() + " · " + d.Title
}

// recordHeading says which record, what happened to its file, and its
// status change: the line a reviewer scans first.
func recordHeading(d records.RecordDiff) string {
	var b strings.Builder
	b.WriteString(recordTitle(d))
	path := d.NewPath
	if path == "" {
		path = d.OldPath
	}
	// A record without a reference is already named by its file.
	where := ""
	if d.Reference != "" {
		where = ", " + path
	}
	switch d.Kind {
	case records.FileAdded:
		fmt.Fprintf(&b, " (new record%s)", where)
	case records.FileRemoved:
		fmt.Fprintf(&b, " (record removed%s)", where)
	case records.FileRenamed:
		fmt.Fprintf(&b, " (file renamed %s → %s)", d.OldPath, d.NewPath)
	default:
		if d.Reference != "" {
			fmt.Fprintf(&b, " (%s)", path)
		}
	}
	if st, ok := d.StatusChange(); ok {
		if st.Old == "" {
			fmt.Fprintf(&b, ": status %s", st.New)
		} else {
			fmt.Fprintf(&b, ": status %s → %s", st.Old, st.New)
		}
	}
	return b.String()
}

// diffSummary counts the records by what happened to them.
func diffSummary(diffs []records.RecordDiff) string {
	if len(diffs) == 0 {
		return "No record changed."
	}
	counts := map[string]int{}
	for _, d := range diffs {
		counts[d.Kind]++
	}
	var parts []string
	for _, k := range []struct{ kind, word string }{
		{records.FileAdded, "new"}, {records.FileRemoved, "removed"},
		{records.FileRenamed, "renamed"}, {records.FileModified, "modified"},
	} {
		if counts[k.kind] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k.kind], k.word))
		}
	}
	return fmt.Sprintf("%d %s changed: %s.", len(diffs), plural(len(diffs), "record", "records"), strings.Join(parts, ", "))
}
