package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/model"
)

func (a *app) listCmd() *cobra.Command {
	var asJSON bool
	var status string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the records of the register",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if status != "" {
				if _, ok := model.FindOption(model.StatusOptions, status); !ok {
					return fmt.Errorf("list: unknown --status %q (use draft, submitted, approved, published or retired)", status)
				}
			}
			reg, err := a.load()
			if err != nil {
				return err
			}
			findings := model.LintRegister(reg.Info, reg.Named(), time.Now())
			type counts struct{ errors, warnings int }
			byFile := map[string]*counts{}
			for _, f := range findings {
				c := byFile[f.Record]
				if c == nil {
					c = &counts{}
					byFile[f.Record] = c
				}
				if f.Severity == model.SeverityError {
					c.errors++
				} else {
					c.warnings++
				}
			}
			type row struct {
				File      string `json:"file"`
				Reference string `json:"reference,omitempty"`
				Title     string `json:"title"`
				Unit      string `json:"unit,omitempty"`
				Status    string `json:"status,omitempty"`
				Language  string `json:"language,omitempty"`
				Errors    int    `json:"errors"`
				Warnings  int    `json:"warnings"`
			}
			rows := []row{}
			for _, f := range reg.Files {
				if status != "" && string(f.Record.Status) != status {
					continue
				}
				r := row{File: f.Path, Reference: f.Record.Reference, Title: f.Record.Title,
					Unit: f.Record.Controller.Unit, Status: string(f.Record.Status), Language: f.Record.Language}
				if c := byFile[f.Path]; c != nil {
					r.Errors, r.Warnings = c.errors, c.warnings
				}
				rows = append(rows, r)
			}
			if asJSON {
				enc := json.NewEncoder(a.out)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			tw := tabwriter.NewWriter(a.out, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "REFERENCE\tTITLE\tUNIT\tSTATUS\tCHECKS\tFILE")
			for _, r := range rows {
				ref := r.Reference
				if ref == "" {
					ref = "—"
				}
				checks := "ok"
				if r.Errors+r.Warnings > 0 {
					checks = fmt.Sprintf("%dE %dW", r.Errors, r.Warnings)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ref, truncate(r.Title, 48), truncate(r.Unit, 28), r.Status, checks, r.File)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "machine-readable output")
	cmd.Flags().StringVar(&status, "status", "", "only records with this status (draft, submitted, approved, published, retired)")
	return cmd
}

// truncate shortens s to n runes with an ellipsis, for table columns.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
