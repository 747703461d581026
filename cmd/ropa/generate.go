package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/records"
)

func (a *app) generateCmd() *cobra.Command {
	var n int
	var seed int64
	cmd := &cobra.Command{
		Use:   "generate --records N DIR",
		Short: "Write a synthetic register of N realistic records, for trying ropa at scale",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if n < 1 {
				return fmt.Errorf("generate: --records must be at least 1")
			}
			dir, err := filepath.Abs(args[0])
			if err != nil {
				return fmt.Errorf("generate %s: %w", args[0], err)
			}
			if _, err := os.Stat(filepath.Join(dir, "register.toml")); err == nil {
				return fmt.Errorf("generate: %s already holds a register; choose an empty folder", dir)
			}
			if err := records.Generate(dir, n, seed); err != nil {
				return fmt.Errorf("generate: %w", err)
			}
			fmt.Fprintf(a.out, "Wrote %d records to %s\n", n, dir)
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "records", 1000, "how many records")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed: the same seed gives the same register")
	return cmd
}
