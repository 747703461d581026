package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/records"
)

func (a *app) showCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show REF|SLUG|PATH",
		Short: "Print one record, found by reference, slug or file path",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := a.load()
			if err != nil {
				return err
			}
			f, err := findFile(reg, args[0])
			if err != nil {
				return err
			}
			data, err := os.ReadFile(filepath.Join(reg.Root, filepath.FromSlash(f.Path)))
			if err != nil {
				return fmt.Errorf("show %s: %w", f.Path, err)
			}
			// The file exactly as it is, so that it can be piped into
			// 'ropa new --stdin' or an editor; its path goes to stderr.
			fmt.Fprintf(a.errOut, "%s\n", f.Path)
			_, err = a.out.Write(data)
			return err
		},
	}
	return cmd
}

// findFile resolves a reference, a slug or a path to a loaded record.
func findFile(reg *records.Register, key string) (*records.File, error) {
	if f := reg.ByReference(key); f != nil {
		return f, nil
	}
	for _, f := range reg.Files { // references are often typed in lower case
		if f.Record.Reference != "" && strings.EqualFold(f.Record.Reference, key) {
			return f, nil
		}
	}
	slash := filepath.ToSlash(key)
	for _, f := range reg.Files {
		if f.Slug == key || f.Path == slash || strings.HasSuffix(slash, "/"+f.Path) {
			return f, nil
		}
	}
	return nil, fmt.Errorf("no record with reference, slug or path %q in %s (see 'ropa list')", key, reg.Root)
}
