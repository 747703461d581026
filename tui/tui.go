// Package tui is ropa's terminal program: a browser of the register's
// records, a view of each record with its findings and previews of its
// documents, and the guided form that writes a record. It talks to the
// register only through the records and export packages.
package tui

import (
	"fmt"
	"io"

	tea "charm.land/bubbletea/v2"
)

// Options configure the program.
type Options struct {
	Root       string    // the register's folder (holding register.toml)
	Accessible bool      // huh's accessible mode, for screen readers
	Demo       bool      // the register is a temporary copy: say so
	In         io.Reader // the terminal's input; nil for standard input
	Out        io.Writer // the terminal's output; nil for standard output
}

// Run opens the program and returns when the user quits. The caller has
// checked that input and output are a terminal.
func Run(opts Options) error {
	var progOpts []tea.ProgramOption
	if opts.In != nil {
		progOpts = append(progOpts, tea.WithInput(opts.In))
	}
	if opts.Out != nil {
		progOpts = append(progOpts, tea.WithOutput(opts.Out))
	}
	if _, err := tea.NewProgram(New(opts), progOpts...).Run(); err != nil {
		return fmt.Errorf("terminal program: %w", err)
	}
	return nil
}
