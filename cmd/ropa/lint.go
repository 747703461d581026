package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
	"github.com/eu-ropa/ropa/report"
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
			findings := report.LintFindings(reg, time.Now())
			findings = report.FilterFindings(findings, only)
			checked := len(reg.Files) + len(reg.Errors)
			if only != nil {
				checked = len(only)
			}
			switch format {
			case "json":
				err = report.LintJSON(a.out, findings, checked, report.FindingPositions(reg))
			case "text", "":
				report.LintText(a.out, findings, checked)
			case "github":
				// Outside a repository the register's own paths are the
				// best there is.
				prefix, perr := records.GitPrefix(reg.Root)
				if perr != nil {
					prefix = ""
				}
				report.LintGitHub(a.out, findings, checked, report.FindingPositions(reg), prefix)
			default:
				return fmt.Errorf("lint: unknown --format %q (use text, json or github)", format)
			}
			if err != nil {
				return err
			}
			if report.CountSeverity(findings, model.SeverityError) > 0 {
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

// plural picks the word for n things (fmt's messages use it too).
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
