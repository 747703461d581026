package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/eu-ropa/ropa/model"
)

// LintGitHub writes each finding as a GitHub Actions workflow command
// (::error or ::warning with file, line and title), which GitHub shows on
// the line of the pull request's diff, then the summary line. GitHub wants
// paths relative to the repository's top: repoPrefix is the register's
// folder inside its repository (records.GitPrefix; "" at the top, or
// outside a repository). Write errors are not reported.
func LintGitHub(w io.Writer, findings []model.Finding, checked int, position Position, repoPrefix string) {
	for _, f := range findings {
		props := []string{"file=" + ghProperty(repoPrefix+f.Record)}
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
		fmt.Fprintf(w, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(msg))
	}
	writeLintSummary(w, findings, checked)
}

// ghData escapes a workflow command's message, as GitHub's toolkit does.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
