package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

func (a *app) lintCmd() *cobra.Command {
	var asJSON bool
	var format string
	cmd := &cobra.Command{
		Use:   "lint [PATH…]",
		Short: "Check records against Regulation (EU) 2018/1725; exit 1 on errors",
		Long: `lint checks every record of the register (or only the files named) for
what Article 31 and the provisions behind the notice require. Each finding
names the file, the field, the provision and a fix. Files that do not parse
are reported as errors. The exit status is 1 when there are errors, so that
CI can block a merge; warnings alone exit 0. --format github writes GitHub
Actions annotations, shown on the lines of a pull request.`,
		Example: `  ropa lint
  ropa lint records/emn-ies.toml
  ropa lint --format json > findings.json
  ropa lint --format github     # in a GitHub Actions step`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON {
				format = "json"
			}
			reg, err := a.loadQuiet()
			if err != nil {
				return err
			}
			only, err := selectPaths(reg.Root, args)
			if err != nil {
				return err
			}
			findings := lintFindings(reg, time.Now())
			findings = filterFindings(findings, only)
			checked := len(reg.Files) + len(reg.Errors)
			if only != nil {
				checked = len(only)
			}
			switch format {
			case "json":
				err = writeLintJSON(a, reg, findings, checked)
			case "text", "":
				writeLintText(a, findings, checked)
			case "github":
				writeLintGitHub(a, reg, findings, checked)
			default:
				return fmt.Errorf("lint: unknown --format %q (use text, json or github)", format)
			}
			if err != nil {
				return err
			}
			if countSeverity(findings, model.SeverityError) > 0 {
				return exitError{code: 1}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "machine-readable output (same as --format json)")
	cmd.Flags().StringVar(&format, "format", "text", "output: text, json or github (GitHub Actions annotations)")
	return cmd
}

// loadQuiet loads the register without printing parse errors: lint reports
// them as findings.
func (a *app) loadQuiet() (*records.Register, error) {
	root, err := a.root()
	if err != nil {
		return nil, err
	}
	return records.Load(root)
}

// lintFindings runs every check, and turns files that do not parse into
// error findings so that one report holds everything.
func lintFindings(reg *records.Register, today time.Time) []model.Finding {
	findings := model.LintRegister(reg.Info, reg.Named(), today)
	for _, pe := range reg.Errors {
		// The message keeps path:line:col, which editors and terminals link.
		plain := *pe
		plain.Fix = ""
		fix := pe.Fix
		if fix == "" {
			fix = "Correct the file by hand, then run 'ropa lint' again."
		}
		findings = append(findings, model.Finding{
			Record:   pe.Path,
			Field:    pe.Field,
			Severity: model.SeverityError,
			Message:  plain.Error(),
			Fix:      fix,
		})
	}
	return findings
}

// selectPaths turns PATH arguments into register-relative file paths; nil
// means every file.
func selectPaths(root string, args []string) (map[string]bool, error) {
	if len(args) == 0 {
		return nil, nil
	}
	only := make(map[string]bool, len(args))
	for _, arg := range args {
		rel, ok := insideRoot(root, arg)
		if !ok && !filepath.IsAbs(arg) {
			// With --dir, a path may be meant relative to the register.
			rel, ok = insideRoot(root, filepath.Join(root, arg))
		}
		if !ok {
			return nil, fmt.Errorf("%s: the file is not inside the register at %s (give a path inside it, e.g. records/<slug>.toml)", arg, root)
		}
		only[filepath.ToSlash(rel)] = true
	}
	return only, nil
}

// insideRoot returns path relative to root when it names an existing file
// inside root.
func insideRoot(root, path string) (string, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	if _, err := os.Stat(abs); err != nil {
		return "", false
	}
	return rel, true
}

func filterFindings(findings []model.Finding, only map[string]bool) []model.Finding {
	if only == nil {
		return findings
	}
	var kept []model.Finding
	for _, f := range findings {
		if only[f.Record] {
			kept = append(kept, f)
		}
	}
	return kept
}

func countSeverity(findings []model.Finding, s model.Severity) int {
	n := 0
	for _, f := range findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

func writeLintText(a *app, findings []model.Finding, checked int) {
	for _, f := range findings {
		where := f.Record
		if f.Field != "" {
			where += " › " + f.Field
		}
		provision := ""
		if f.Provision != "" {
			provision = " (" + f.Provision + ")"
		}
		fmt.Fprintf(a.out, "%s: %s: %s%s\n", where, f.Severity, f.Message, provision)
		if f.Fix != "" {
			fmt.Fprintf(a.out, "    fix: %s\n", f.Fix)
		}
	}
	errs := countSeverity(findings, model.SeverityError)
	warns := countSeverity(findings, model.SeverityWarning)
	fmt.Fprintf(a.out, "%d %s checked: %d %s, %d %s\n", checked, plural(checked, "record", "records"),
		errs, plural(errs, "error", "errors"), warns, plural(warns, "warning", "warnings"))
}

func writeLintJSON(a *app, reg *records.Register, findings []model.Finding, checked int) error {
	type jsonFinding struct {
		File      string `json:"file"`
		Line      int    `json:"line,omitempty"`
		Column    int    `json:"column,omitempty"`
		Reference string `json:"reference,omitempty"`
		Field     string `json:"field,omitempty"`
		Provision string `json:"provision,omitempty"`
		Severity  string `json:"severity"`
		Message   string `json:"message"`
		Fix       string `json:"fix,omitempty"`
	}
	out := struct {
		Checked  int           `json:"checked"`
		Errors   int           `json:"errors"`
		Warnings int           `json:"warnings"`
		Findings []jsonFinding `json:"findings"`
	}{
		Checked:  checked,
		Errors:   countSeverity(findings, model.SeverityError),
		Warnings: countSeverity(findings, model.SeverityWarning),
		Findings: []jsonFinding{},
	}
	position := findingPositions(reg)
	for _, f := range findings {
		line, col := position(f)
		out.Findings = append(out.Findings, jsonFinding{f.Record, line, col, f.Reference, f.Field, f.Provision, string(f.Severity), f.Message, f.Fix})
	}
	enc := json.NewEncoder(a.out)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
