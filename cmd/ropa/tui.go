package main

import (
	"fmt"
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/example"
	"github.com/eu-ropa/ropa/records"
	"github.com/eu-ropa/ropa/tui"
)

// runTUI opens the terminal program, or explains what works without one.
func (a *app) runTUI(root string, accessible, demo bool) error {
	if !isTerminal(a.in) || !isTerminal(a.out) {
		return fmt.Errorf(`the terminal program needs a terminal (standard input and output are not one).
Without a terminal, use the subcommands: ropa list, show, lint, fmt, new --stdin,
export, diff, schema, init, generate. See 'ropa --help'`)
	}
	return tui.Run(tui.Options{Root: root, Accessible: accessible, Demo: demo, In: a.in, Out: a.out})
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

func (a *app) demoCmd() *cobra.Command {
	var accessible, keep bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Open the terminal program on a temporary copy of the example register",
		Long: `demo writes the embedded example register (eight records of the European
Commission, among them the EMN IES and IMI notices) into a temporary folder
with its own Git repository, and opens the terminal program on it. Change
anything: nothing of yours is touched, and the folder is removed on exit
unless --keep is given.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := os.MkdirTemp("", "ropa-demo-")
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			if !keep {
				defer os.RemoveAll(dir)
			}
			if err := example.WriteTo(dir); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			// A first commit, so the browser shows what the user changes.
			// Without Git the demo still works, only without git states.
			if err := records.InitOwnRepo(dir); err != nil {
				fmt.Fprintf(a.errOut, "note: no Git repository for the demo (%v)\n", err)
			} else if err := records.CommitRegister(dir, "Example register"); err != nil {
				fmt.Fprintf(a.errOut, "note: the demo register is not committed (%v)\n", err)
			}
			if keep {
				fmt.Fprintf(a.errOut, "The demo register is in %s\n", dir)
			}
			err = a.runTUI(dir, accessible, true)
			if err == nil && !keep {
				fmt.Fprintln(a.errOut, "The demo's temporary register is removed, with what you wrote in it. 'ropa demo --keep' keeps it; 'ropa init' makes a register of your own.")
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&accessible, "accessible", false, "plain prompts for screen readers")
	cmd.Flags().BoolVar(&keep, "keep", false, "keep the temporary register and print where it is")
	return cmd
}
