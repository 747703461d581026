package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/records"
)

func (a *app) assignCmd() *cobra.Command {
	var branch string
	cmd := &cobra.Command{
		Use:   "assign SLUG|PATH",
		Short: "Give a record the next free reference (on the main branch only)",
		Long: `assign gives a record that has no reference yet the next free one: the
register's reference_prefix and one more than the highest number in use,
zero-padded to reference_digits (both in register.toml).

It runs only on the main branch (main or master, or the branch named with
--branch), so that two branches never both take "the next number". Pull
first, then commit and push at once. A record that already has a
reference keeps it. If two records end up with the same reference anyway
(given by hand on two branches), 'ropa lint' reports it after the merge.`,
		Example: `  git switch main && git pull
  ropa assign staff-survey
  git commit -am "Assign a reference to the staff survey" && git push`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := a.load()
			if err != nil {
				return err
			}
			f, err := findFile(reg, args[0])
			if err != nil {
				return err
			}
			ref, err := records.Assign(reg, f, branch)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.out, "%s: reference %s\nCommit and push it now, so that nobody else takes this number.\n", f.Path, ref)
			return nil
		},
	}
	cmd.Flags().StringVar(&branch, "branch", "", "the name of the main branch, when it is not main or master")
	return cmd
}
