package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

func (a *app) diffCmd() *cobra.Command {
	var format string
	var exitCode bool
	cmd := &cobra.Command{
		Use:   "diff [REV [REV]]",
		Short: "Show what changed in the records, field by field, in words",
		Long: `diff tells what changed in each record, in the words of the record rather
than lines of TOML: "DPR-EC-00932 · Personal data › Log data › retention:
'6 months' → '1 year'", records added, removed or renamed, and status
changes.

  ropa diff               the working tree (saved, not yet committed) against HEAD
  ropa diff REV           the working tree against REV (a branch, tag or commit)
  ropa diff REV1 REV2     REV1 against REV2; also written REV1..REV2
  ropa diff main...HEAD   what this branch changed since it left main, as a merge request shows it

Old versions are read straight from Git; nothing is checked out. A record
whose file was renamed is followed across the rename. --format md writes
Markdown to paste into a merge request; --format json is for tools.`,
		Example: `  ropa diff
  ropa diff main...HEAD --format md
  ropa diff v1.0 v1.1 --format json`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			root, err := a.root()
			if err != nil {
				return err
			}
			oldRev, newRev, err := diffRevisions(root, args)
			if err != nil {
				return fmt.Errorf("diff: %w", err)
			}
			diffs, err := records.DiffRevisions(root, oldRev, newRev)
			if err != nil {
				return fmt.Errorf("diff: %w", err)
			}
			newName := newRev
			if newName == "" {
				newName = "working tree"
			}
			switch format {
			case "text", "":
				writeDiffText(a.out, diffs)
			case "md", "markdown":
				writeDiffMarkdown(a.out, diffs, oldRev, newName)
			case "json":
				err = writeDiffJSON(a.out, diffs, oldRev, newName)
			default:
				return fmt.Errorf("diff: unknown --format %q (use text, md or json)", format)
			}
			if err != nil {
				return err
			}
			if exitCode && len(diffs) > 0 {
				return exitError{code: 1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output: text, md (Markdown for a merge request) or json")
	cmd.Flags().BoolVar(&exitCode, "exit-code", false, "exit with status 1 when a record changed, as git diff --exit-code")
	return cmd
}

// diffRevisions turns the arguments into the old and new revision; a new
// revision "" is the working tree.
func diffRevisions(root string, args []string) (oldRev, newRev string, err error) {
	switch len(args) {
	case 0:
		return "HEAD", "", nil
	case 2:
		return args[0], args[1], nil
	}
	arg := args[0]
	orHEAD := func(s string) string {
		if s == "" {
			return "HEAD"
		}
		return s
	}
	if left, right, ok := strings.Cut(arg, "..."); ok {
		base, err := records.MergeBase(root, orHEAD(left), orHEAD(right))
		return base, orHEAD(right), err
	}
	if left, right, ok := strings.Cut(arg, ".."); ok {
		return orHEAD(left), orHEAD(right), nil
	}
	return arg, "", nil
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

func writeDiffText(w io.Writer, diffs []records.RecordDiff) {
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

// mdEscaper keeps user text from turning into Markdown or HTML in a table.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "|", `\|`, "\r", "", "\n", "<br>",
)

func mdCell(s string) string { return mdEscaper.Replace(s) }

func writeDiffMarkdown(w io.Writer, diffs []records.RecordDiff, oldRev, newName string) {
	fmt.Fprintf(w, "## Changes to the records\n\n%s (`%s` → %s)\n", diffSummary(diffs), shortRev(oldRev), mdRevName(newName))
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

func mdRevName(name string) string {
	if name == "working tree" {
		return name
	}
	return "`" + shortRev(name) + "`"
}

// shortRev shortens a full commit id (a merge base) for reading.
func shortRev(rev string) string {
	if len(rev) == 40 && strings.Trim(rev, "0123456789abcdef") == "" {
		return rev[:10]
	}
	return rev
}

func writeDiffJSON(w io.Writer, diffs []records.RecordDiff, oldRev, newName string) error {
	if diffs == nil {
		diffs = []records.RecordDiff{}
	}
	out := struct {
		Old     string               `json:"old"`
		New     string               `json:"new"`
		Records []records.RecordDiff `json:"records"`
	}{oldRev, newName, diffs}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
