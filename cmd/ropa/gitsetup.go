package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/records"
)

func (a *app) gitSetupCmd() *cobra.Command {
	var textconv string
	cmd := &cobra.Command{
		Use:   "git-setup",
		Short: "Make git diff and git log -p show records as labelled fields",
		Long: `git-setup makes Git show a change of a record as the labelled fields that
changed ("Personal data › Log data › retention: 1 year") instead of TOML
lines. It adds

  records/*.toml diff=ropa

to the register's .gitattributes (commit it, so that everyone gets it) and
sets, in this repository's own configuration,

  git config diff.ropa.textconv "ropa textconv"

which each clone needs once, with ropa on the PATH. Running it again
changes nothing.

Without it, plain git diff stays useful: ropa writes records in a canonical
form where every field sits on its own lines, so a change of one field
changes only that field's lines, and merge requests on any forge show it
readably. 'ropa diff' gives the field-level account without any setup.`,
		Example: `  ropa git-setup
  ropa git-setup --command "$HOME/go/bin/ropa textconv"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root, err := a.root()
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("command") {
				if textconv, err = textconvCommand(); err != nil {
					return err
				}
			}
			done, err := records.SetupGitDiff(root, textconv)
			if err != nil {
				return err
			}
			if len(done) == 0 {
				fmt.Fprintln(a.out, "Already set up: git diff shows records as labelled fields.")
				return nil
			}
			for _, d := range done {
				fmt.Fprintln(a.out, d)
			}
			fmt.Fprintln(a.out, "git diff and git log -p now show records as labelled fields; commit .gitattributes so that others get it too.")
			return nil
		},
	}
	cmd.Flags().StringVar(&textconv, "command", records.DefaultTextconv, "the command git runs to convert a record (use a full path if ropa is not on the PATH)")
	return cmd
}

// textconvCommand is the command git will run: "ropa textconv" when ropa is
// on the PATH, else this executable by its full path. A binary that 'go run'
// built in a temporary folder is refused: git would fail on every diff once
// it is gone.
func textconvCommand() (string, error) {
	if _, err := exec.LookPath("ropa"); err == nil {
		return records.DefaultTextconv, nil
	}
	self, err := os.Executable()
	if err == nil {
		self, err = filepath.EvalSymlinks(self)
	}
	if err != nil || strings.HasPrefix(self, filepath.Clean(os.TempDir())+string(filepath.Separator)) || strings.Contains(self, "go-build") {
		return "", fmt.Errorf(`git-setup: ropa is not on your PATH, and this ropa is a temporary build (go run?), so git could not run it later.
Install it with 'go install ./cmd/ropa' (and put $(go env GOPATH)/bin on your PATH), or give the command: --command "/full/path/to/ropa textconv"`)
	}
	return "'" + strings.ReplaceAll(self, "'", `'\''`) + "' textconv", nil
}
