package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

func (a *app) schemaCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print a JSON Schema of a record file, for editors",
		Long: `schema prints a JSON Schema (draft 2020-12) of a record file. Save it in
the register and put '#:schema ../record.schema.json' on the first line of a
record: editors with a TOML language server (Taplo, Even Better TOML) then
check hand edits and complete the keys.`,
		Example: `  ropa schema --out record.schema.json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			data := model.JSONSchema()
			if out == "" {
				_, err := a.out.Write(data)
				return err
			}
			if err := records.WriteFileAtomic(out, data); err != nil {
				return fmt.Errorf("schema: %w", err)
			}
			fmt.Fprintf(a.errOut, "wrote %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to this file instead of standard output")
	return cmd
}
