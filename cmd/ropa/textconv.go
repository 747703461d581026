package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

func (a *app) textconvCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "textconv FILE",
		Short: "Print a record file as labelled fields, one per line (a Git textconv driver)",
		Long: `textconv prints a record file as one labelled line per value, such as

  Personal data › Log data › retention: 6 months

so that git diff and git log -p, through the driver that 'ropa git-setup'
installs, show each changed field with its name and its item. Every line of
a multi-line text carries the label. A file that does not read as a record
(a conflict left in it, a syntax error) is printed unchanged, so that git
diff still shows it.`,
		Example: `  ropa textconv records/emn-ies.toml
  git diff                      # after 'ropa git-setup'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("textconv: %w", err)
			}
			rec, _, err := records.Decode(args[0], data)
			if err != nil {
				_, werr := a.out.Write(data)
				return werr
			}
			for _, f := range model.Fields(&rec) {
				for _, line := range strings.Split(f.Value, "\n") {
					if line == "" {
						fmt.Fprintf(a.out, "%s:\n", f.Label)
					} else {
						fmt.Fprintf(a.out, "%s: %s\n", f.Label, line)
					}
				}
			}
			return nil
		},
	}
}
