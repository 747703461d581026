package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/records"
	"github.com/eu-ropa/ropa/report"
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
			switch format {
			case "text", "":
				report.DiffText(a.out, diffs)
			case "md", "markdown":
				report.DiffMarkdown(a.out, diffs, oldRev, newRev)
			case "json":
				err = report.DiffJSON(a.out, diffs, oldRev, newRev)
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
