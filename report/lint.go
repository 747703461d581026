// Package report writes what ropa's review commands tell: the findings of
// lint (as text, JSON or GitHub Actions annotations) and the semantic diff
// of the records (as text, Markdown or JSON). The writers take an
// io.Writer and plain values; gathering them (loading the register, asking
// Git) is the caller's job.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// LintFindings runs every check on the register, and turns files that do
// not parse into error findings so that one report holds everything.
func LintFindings(reg *records.Register, today time.Time) []model.Finding {
	var findings []model.Finding
	if !registerFailed(reg) {
		// Without register.toml the records' checks would report what it
		// holds (the DPO, the languages) as missing, on every record.
		findings = model.LintRegister(reg.Info, reg.Named(), today)
	}
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

// registerFailed reports whether register.toml itself did not load.
func registerFailed(reg *records.Register) bool {
	for _, pe := range reg.Errors {
		if pe.Path == records.RegisterFile {
			return true
		}
	}
	return false
}

// FilterFindings keeps the findings of the files in only (register-relative
// paths); a nil only keeps every finding.
func FilterFindings(findings []model.Finding, only map[string]bool) []model.Finding {
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

// CountSeverity counts the findings of severity s.
func CountSeverity(findings []model.Finding, s model.Severity) int {
	n := 0
	for _, f := range findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// LintText writes each finding on a line ("file › field: severity:
// message (provision)") with its fix below, then the summary line;
// checked is the number of files checked. Write errors are not reported.
func LintText(w io.Writer, findings []model.Finding, checked int) {
	for _, f := range findings {
		where := f.Record
		if f.Field != "" {
			where += " › " + f.Field
		}
		provision := ""
		if f.Provision != "" {
			provision = " (" + f.Provision + ")"
		}
		fmt.Fprintf(w, "%s: %s: %s%s\n", where, f.Severity, f.Message, provision)
		if f.Fix != "" {
			fmt.Fprintf(w, "    fix: %s\n", f.Fix)
		}
	}
	writeLintSummary(w, findings, checked)
}

// writeLintSummary writes "N records checked: E errors, W warnings".
func writeLintSummary(w io.Writer, findings []model.Finding, checked int) {
	errs := CountSeverity(findings, model.SeverityError)
	warns := CountSeverity(findings, model.SeverityWarning)
	fmt.Fprintf(w, "%d %s checked: %d %s, %d %s\n", checked, plural(checked, "record", "records"),
		errs, plural(errs, "error", "errors"), warns, plural(warns, "warning", "warnings"))
}

// LintJSON writes the counts and every finding, with the line (and column)
// that position gives, as one indented JSON document.
func LintJSON(w io.Writer, findings []model.Finding, checked int, position Position) error {
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
		Errors:   CountSeverity(findings, model.SeverityError),
		Warnings: CountSeverity(findings, model.SeverityWarning),
		Findings: []jsonFinding{},
	}
	for _, f := range findings {
		line, col := position(f)
		out.Findings = append(out.Findings, jsonFinding{f.Record, line, col, f.Reference, f.Field, f.Provision, string(f.Severity), f.Message, f.Fix})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
