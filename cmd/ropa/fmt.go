package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/records"
)

func (a *app) fmtCmd() *cobra.Command {
	var check bool
	cmd := &cobra.Command{
		Use:   "fmt [PATH…]",
		Short: "Rewrite records in canonical TOML (--check: list the files that are not)",
		Long: `fmt rewrites record files in ropa's canonical TOML: keys in a fixed order,
long text as multi-line strings, one list item per line. Canonical files
make Git diffs show exactly the field that changed. With --check nothing is
written: the files that are not canonical are listed and the exit status is
1, for CI. A file with hand-written comments is not rewritten (comments
would be lost): move them into the record's notes field.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := a.loadQuiet()
			if err != nil {
				return err
			}
			only, err := selectPaths(reg.Root, args)
			if err != nil {
				return err
			}
			failed := 0
			for _, pe := range reg.Errors {
				if only == nil || only[pe.Path] {
					fmt.Fprintln(a.errOut, pe.Error())
					failed++
				}
			}
			changed := 0
			for _, f := range reg.Files {
				if only != nil && !only[f.Path] {
					continue
				}
				data, err := os.ReadFile(filepath.Join(reg.Root, filepath.FromSlash(f.Path)))
				if err != nil {
					return fmt.Errorf("fmt %s: %w", f.Path, err)
				}
				if bytes.Equal(data, records.EncodeWithSchema(&f.Record, f.Schema)) {
					continue
				}
				changed++
				if check {
					fmt.Fprintln(a.out, f.Path)
					continue
				}
				if err := records.Save(reg.Root, f); err != nil {
					fmt.Fprintln(a.errOut, err)
					failed++
					continue
				}
				fmt.Fprintf(a.out, "formatted %s\n", f.Path)
			}
			switch {
			case failed > 0:
				return exitError{code: 1}
			case check && changed > 0:
				return exitError{code: 1, msg: fmt.Sprintf("%d %s not in canonical form: run 'ropa fmt'", changed, plural(changed, "file is", "files are"))}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "write nothing; list non-canonical files and exit 1 if any")
	return cmd
}
