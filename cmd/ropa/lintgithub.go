package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// writeLintGitHub writes each finding as a GitHub Actions workflow command
// (::error or ::warning with file, line and title), which GitHub shows on
// the line of the pull request's diff, then the summary line.
func writeLintGitHub(a *app, reg *records.Register, findings []model.Finding, checked int) {
	// Paths in annotations are relative to the repository's top; outside a
	// repository the register's own paths are the best there is.
	prefix, err := records.GitPrefix(reg.Root)
	if err != nil {
		prefix = ""
	}
	position := findingPositions(reg)
	for _, f := range findings {
		props := []string{"file=" + ghProperty(prefix+f.Record)}
		line, col := position(f)
		props = append(props, fmt.Sprintf("line=%d", line))
		if col > 0 {
			props = append(props, fmt.Sprintf("col=%d", col))
		}
		title := "ropa lint"
		if f.Field != "" {
			title += ": " + f.Field
		}
		if f.Provision != "" {
			title += " (" + f.Provision + ")"
		}
		props = append(props, "title="+ghProperty(title))
		level := "error"
		if f.Severity == model.SeverityWarning {
			level = "warning"
		}
		msg := f.Message
		if f.Fix != "" {
			msg += "\nFix: " + f.Fix
		}
		fmt.Fprintf(a.out, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(msg))
	}
	errs := countSeverity(findings, model.SeverityError)
	warns := countSeverity(findings, model.SeverityWarning)
	fmt.Fprintf(a.out, "%d %s checked: %d %s, %d %s\n", checked, plural(checked, "record", "records"),
		errs, plural(errs, "error", "errors"), warns, plural(warns, "warning", "warnings"))
}

// ghData escapes a workflow command's message, as GitHub's toolkit does.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// findingPositions returns where a finding points in its file: the line
// and column of a parse error, or the line of the field (of the enclosing
// table when the field is absent); column 0 when unknown. Files are read
// once each.
func findingPositions(reg *records.Register) func(model.Finding) (line, col int) {
	parseErrors := map[string]*records.ParseError{}
	for _, pe := range reg.Errors {
		parseErrors[pe.Path] = pe
	}
	fieldLines := map[string]map[string]int{}
	linesOf := func(path string) map[string]int {
		if lines, ok := fieldLines[path]; ok {
			return lines
		}
		data, err := os.ReadFile(filepath.Join(reg.Root, filepath.FromSlash(path)))
		var lines map[string]int
		if err == nil {
			lines = records.FieldLines(data)
		}
		fieldLines[path] = lines
		return lines
	}
	return func(f model.Finding) (int, int) {
		if pe, ok := parseErrors[f.Record]; ok {
			return pe.Line, pe.Col
		}
		return records.LineOf(linesOf(f.Record), f.Field), 0
	}
}
