package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/records"
)

// app carries what every subcommand shares: the streams and the --dir flag.
type app struct {
	in     io.Reader
	out    io.Writer
	errOut io.Writer
	dir    string
}

func newRootCmd(in io.Reader, out, errOut io.Writer) *cobra.Command {
	a := &app{in: in, out: out, errOut: errOut}
	var accessible bool
	root := &cobra.Command{
		Use:   "ropa",
		Short: "Records of processing activities under Regulation (EU) 2018/1725",
		Long: `ropa writes records of processing activities (Article 31 of Regulation
(EU) 2018/1725) as TOML files in a Git repository, checks them, and
publishes the data protection notice and the register entries.

Run inside a register (a folder with register.toml) to open the terminal
program, or use a subcommand. Try it with: ropa demo`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root, err := a.root()
			if err != nil {
				return err
			}
			return a.runTUI(root, accessible, false)
		},
	}
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	root.PersistentFlags().StringVar(&a.dir, "dir", "", "the register's folder (default: the nearest folder upwards holding register.toml)")
	root.Flags().BoolVar(&accessible, "accessible", false, "plain prompts for screen readers instead of the full-screen program")
	root.AddCommand(
		a.demoCmd(),
		a.initCmd(),
		a.newCmd(),
		a.listCmd(),
		a.showCmd(),
		a.lintCmd(),
		a.fmtCmd(),
		a.schemaCmd(),
		a.generateCmd(),
		a.benchCmd(),
		a.versionCmd(),
		a.diffCmd(),
		a.textconvCmd(),
		a.gitSetupCmd(),
		a.assignCmd(),
		a.exportCmd(),
	)
	return root
}

// root finds the register: --dir, else the nearest register.toml upwards.
func (a *app) root() (string, error) {
	if a.dir != "" {
		return records.FindRoot(a.dir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the register: %w", err)
	}
	root, err := records.FindRoot(wd)
	if err != nil {
		return "", fmt.Errorf("%w\n(run ropa inside a register, pass --dir, create one with 'ropa init', or try 'ropa demo')", err)
	}
	return root, nil
}

// load reads the whole register, printing the files that do not parse.
func (a *app) load() (*records.Register, error) {
	root, err := a.root()
	if err != nil {
		return nil, err
	}
	reg, err := records.Load(root)
	if err != nil {
		return nil, err
	}
	for _, pe := range reg.Errors {
		fmt.Fprintln(a.errOut, pe.Error())
	}
	return reg, nil
}
