package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/example"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

func (a *app) initCmd() *cobra.Command {
	var info model.Register
	var languages string
	var withExample, noGit bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Create a register (register.toml, records/, a Git repository)",
		Long: `init creates a register in DIR (default: the current folder): register.toml
describing the institution, an empty records/ folder, and a Git repository
when DIR is not already inside one. Missing values are asked for on a
terminal. With --example, DIR receives the embedded example register instead.`,
		Example: `  ropa init --name "European Commission" --short-name EC --prefix DPR-EC- \
    --dpo-email DATA-PROTECTION-OFFICER@ec.europa.eu register
  ropa init --example demo-register`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			abs, err := filepath.Abs(dir)
			if err != nil {
				return fmt.Errorf("init %s: %w", dir, err)
			}
			if _, err := os.Stat(filepath.Join(abs, "register.toml")); err == nil {
				return fmt.Errorf("init: %s already holds a register.toml; nothing was changed", abs)
			}
			if withExample {
				if err := example.WriteTo(abs); err != nil {
					return fmt.Errorf("init --example: %w", err)
				}
			} else {
				if err := a.askMissing(cmd, &info, &languages); err != nil {
					return err
				}
				info.Languages = splitList(languages)
				for _, l := range info.Languages {
					if _, ok := model.FindOption(model.LanguageOptions, l); !ok {
						return fmt.Errorf("init: --languages %q: ropa writes documents in en, fr, de and nl only; nothing was written", l)
					}
				}
				info = model.WithStandardNames(info)
				if info.Name == "" {
					return fmt.Errorf("init: --name is required (the institution, e.g. \"European Commission\")")
				}
				if err := os.MkdirAll(filepath.Join(abs, "records"), 0o755); err != nil {
					return fmt.Errorf("init: %w", err)
				}
				if err := records.WriteRegister(abs, &info); err != nil {
					return fmt.Errorf("init: %w", err)
				}
			}
			if !noGit {
				created, err := records.InitRepo(abs)
				if err != nil {
					return fmt.Errorf("init: the register is written, but git init failed: %w", err)
				}
				if created {
					// A first commit, so that 'ropa diff' and the browser's git
					// states have something to compare with.
					if err := records.CommitRegister(abs, "Create the register"); err != nil {
						return fmt.Errorf("init: the register is written, but the first commit failed: %w", err)
					}
					fmt.Fprintf(a.out, "Initialised a Git repository in %s (branch main) and committed the register\n", abs)
				}
			}
			fmt.Fprintf(a.out, "Created the register in %s\nNext: cd %s && ropa   (or: ropa new --title \"…\")\n", abs, dir)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&info.Name, "name", "", "the institution, e.g. \"European Commission\"")
	f.StringVar(&info.ShortName, "short-name", "", "its short name, e.g. EC")
	f.StringVar(&info.Address, "address", "", "its postal address")
	f.StringVar(&info.ReferencePrefix, "prefix", "", "prefix of record references, e.g. DPR-EC-")
	f.IntVar(&info.ReferenceDigits, "digits", 5, "digits of the reference number (DPR-EC-00932: 5)")
	f.StringVar(&info.RegisterURL, "register-url", "", "address of the published register")
	f.StringVar(&languages, "languages", "en", "languages of the published documents, comma-separated; the first is the default (the EDPS's and DPO's default names are written in each)")
	f.StringVar(&info.DPO.Name, "dpo-name", model.DefaultDPOName, "the DPO, by name or function")
	f.StringVar(&info.DPO.Email, "dpo-email", "", "the DPO's e-mail address")
	f.StringVar(&info.EDPS.Name, "edps-name", model.DefaultEDPSName, "the supervisory authority")
	f.StringVar(&info.EDPS.Email, "edps-email", "edps@edps.europa.eu", "its e-mail address")
	f.StringVar(&info.EDPS.Address, "edps-address", model.DefaultEDPSAddress, "its postal address")
	f.StringVar(&info.EDPS.Phone, "edps-phone", "+32 2 283 19 00", "its telephone")
	f.StringVar(&info.EDPS.URL, "edps-url", "https://edps.europa.eu", "its website")
	f.BoolVar(&withExample, "example", false, "write the embedded example register instead")
	f.BoolVar(&noGit, "no-git", false, "do not create a Git repository")
	return cmd
}

// askMissing prompts on a terminal for the values that flags left empty.
func (a *app) askMissing(cmd *cobra.Command, info *model.Register, languages *string) error {
	file, ok := a.in.(*os.File)
	if !ok || !term.IsTerminal(file.Fd()) {
		return nil
	}
	r := bufio.NewReader(a.in)
	ask := func(flag, question string, target *string) error {
		if cmd.Flags().Changed(flag) || (*target != "" && flag != "languages") {
			return nil
		}
		if *target != "" {
			fmt.Fprintf(a.out, "%s [%s]: ", question, *target)
		} else {
			fmt.Fprintf(a.out, "%s: ", question)
		}
		line, err := r.ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("init: reading %s: %w", flag, err)
		}
		if line = strings.TrimSpace(line); line != "" {
			*target = line
		}
		return nil
	}
	for _, q := range []struct {
		flag, question string
		target         *string
	}{
		{"name", "Institution (e.g. European Commission)", &info.Name},
		{"short-name", "Short name (e.g. EC)", &info.ShortName},
		{"prefix", "Reference prefix (e.g. DPR-EC-)", &info.ReferencePrefix},
		{"dpo-email", "DPO e-mail address", &info.DPO.Email},
		{"register-url", "Address of the published register (may be empty)", &info.RegisterURL},
		{"languages", "Languages of the documents (en, fr, de, nl; comma-separated)", languages},
	} {
		if err := ask(q.flag, q.question, q.target); err != nil {
			return err
		}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
