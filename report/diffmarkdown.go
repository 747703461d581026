package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/eu-ropa/ropa/internal/markdown"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// DiffMarkdown writes the diff as Markdown to paste into a merge request:
// a heading per record with its file and status change, and a table of
// the fields that changed, before and after; newRev "" is the working
// tree. Write errors are not reported.
func DiffMarkdown(w io.Writer, diffs []records.RecordDiff, oldRev, newRev string) {
	fmt.Fprintf(w, "## Changes to the records\n\n%s (`%s` → %s)\n", diffSummary(diffs), shortRev(oldRev), mdRevName(newRev))
	for _, d := range diffs {
		fmt.Fprintf(w, "\n### %s\n\n", mdCell(recordTitle(d)))
		path := d.NewPath
		if path == "" {
			path = d.OldPath
		}
		var facts []string
		switch d.Kind {
		case records.FileAdded:
			facts = append(facts, "new record `"+path+"`")
		case records.FileRemoved:
			facts = append(facts, "**record removed** `"+path+"`")
		case records.FileRenamed:
			facts = append(facts, "file renamed `"+d.OldPath+"` → `"+d.NewPath+"`")
		default:
			facts = append(facts, "`"+path+"`")
		}
		if st, ok := d.StatusChange(); ok {
			if st.Old == "" {
				facts = append(facts, "**status: "+mdCell(st.New)+"**")
			} else {
				facts = append(facts, "**status: "+mdCell(st.Old)+" → "+mdCell(st.New)+"**")
			}
		}
		fmt.Fprintln(w, strings.Join(facts, " · "))
		for _, problem := range []struct{ which, err string }{{"old", d.OldError}, {"new", d.NewError}} {
			if problem.err != "" {
				fmt.Fprintf(w, "\n> The %s version cannot be read: %s\n", problem.which, mdCell(problem.err))
			}
		}
		if d.OldError != "" || d.NewError != "" || d.Kind == records.FileRemoved {
			continue
		}
		var rows []model.Change
		for _, c := range d.Changes {
			if !c.IsStatus() {
				rows = append(rows, c)
			}
		}
		if len(rows) == 0 {
			if len(d.Changes) == 0 && d.Kind == records.FileModified {
				fmt.Fprintln(w, "\nLayout only: no field changed.")
			}
			continue
		}
		fmt.Fprint(w, "\n| Field | Before | After |\n| --- | --- | --- |\n")
		for _, c := range rows {
			fmt.Fprintf(w, "| %s | %s | %s |\n", mdCell(c.Label), mdCell(c.Old), mdCell(c.New))
		}
	}
}

// mdCell escapes user text for the places it stands in the report: a
// table cell, a heading, a quoted error; all must stay on one line.
func mdCell(s string) string { return markdown.Cell(s) }

// mdRevName shows the new revision: the working tree in words, a
// revision as code.
func mdRevName(rev string) string {
	if rev == "" {
		return workingTree
	}
	return "`" + shortRev(rev) + "`"
}

// shortRev shortens a full commit id (a merge base) for reading.
func shortRev(rev string) string {
	if len(rev) == 40 && strings.Trim(rev, "0123456789abcdef") == "" {
		return rev[:10]
	}
	return rev
}
