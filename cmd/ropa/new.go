package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

func (a *app) newCmd() *cobra.Command {
	var rec model.Record
	var slug, kind string
	var fromStdin bool
	cmd := &cobra.Command{
		Use:   "new",
		Short: "Create a record from flags, or from a TOML record on standard input",
		Long: `new creates records/<slug>.toml. Give at least --title; the slug is made
from the title unless --slug is given. With --stdin, a whole record in TOML
is read from standard input (the format of 'ropa show'), checked and written
in canonical form. The record starts as a draft; fill it in with the
terminal program ('ropa') or an editor, then run 'ropa lint'.`,
		Example: `  ropa new --title "Staff newsletter" --unit "DG COMM, Unit A.1" --email COMM-A1@ec.europa.eu
  ropa show DPR-EC-00932 | sed -e '/^reference = /d' -e 's/^status = .*/status = "draft"/' | ropa new --stdin --slug emn-copy`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root, err := a.root()
			if err != nil {
				return err
			}
			if fromStdin {
				data, err := io.ReadAll(a.in)
				if err != nil {
					return fmt.Errorf("new: read standard input: %w", err)
				}
				parsed, comments, err := records.Decode("<stdin>", data)
				if err != nil {
					return fmt.Errorf("new: %w", err)
				}
				if comments {
					fmt.Fprintln(a.errOut, "note: the comments in the input are not kept (ropa writes records in canonical form); put such notes in the notes field")
				}
				rec = parsed
			} else {
				rec.Kind = model.Kind(kind)
				if rec.Status == "" {
					rec.Status = model.StatusDraft
				}
				rec.Version = 1
				rec.LastUpdated = today()
			}
			if rec.Title == "" {
				return fmt.Errorf("new: the record needs a title (--title, or title = \"…\" on standard input)")
			}
			info, err := records.LoadRegisterInfo(root)
			if err != nil {
				return err
			}
			if rec.Language == "" && len(info.Languages) > 0 {
				rec.Language = info.Languages[0]
			}
			if rec.Controller.Organisation == "" && !fromStdin {
				rec.Controller.Organisation = info.Name
			}
			if slug == "" {
				reg, err := records.Load(root)
				if err != nil {
					return err
				}
				taken := map[string]bool{}
				for _, f := range reg.Files {
					taken[f.Slug] = true
				}
				slug = records.SlugFor(rec.Title, func(s string) bool { return taken[s] })
			}
			f, err := records.Create(root, slug, &rec)
			if err != nil {
				return fmt.Errorf("new: %w", err)
			}
			fmt.Fprintf(a.out, "Created %s\n", f.Path)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&rec.Title, "title", "", "name of the processing operation")
	fl.StringVar(&slug, "slug", "", "file name without .toml (default: made from the title)")
	fl.StringVar(&rec.Reference, "reference", "", "register reference, if already assigned")
	fl.StringVar(&rec.Language, "language", "", "language of the record's text (default: the register's first)")
	fl.StringVar(&kind, "kind", string(model.KindController), "controller, or processor (Article 31(2))")
	fl.StringVar((*string)(&rec.Status), "status", string(model.StatusDraft), "draft, submitted, approved, published or retired")
	fl.StringVar(&rec.Controller.Organisation, "organisation", "", "the controller's institution")
	fl.StringVar(&rec.Controller.Unit, "unit", "", "the unit responsible")
	fl.StringVar(&rec.Controller.Email, "email", "", "the unit's functional mailbox")
	fl.StringVar(&rec.Description, "description", "", "what the operation does, in plain words")
	fl.StringArrayVar(&rec.Purposes, "purpose", nil, "a purpose (repeat the flag for several)")
	fl.BoolVar(&fromStdin, "stdin", false, "read the whole record as TOML from standard input")
	return cmd
}

// today is the current date at midnight UTC, as records store dates.
func today() time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
