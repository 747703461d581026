package export

import (
	"regexp"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
)

// Dates are escaped as text that follows a label or stands in a table
// cell (mdInline): "12. Mai 2025" would open an ordered list at the start
// of a line. So no Markdown document may put a date there: not as a line
// of its own, not as a list item, not in a quote.
func TestNoDateStartsAMarkdownLine(t *testing.T) {
	e := newExporter(t)
	all := allCatalogs(t)
	for _, kind := range []model.Kind{model.KindController, model.KindProcessor} {
		reg, r := fullRegister(), fullRecord()
		r.Kind = kind
		for _, out := range renderAll(t, e, reg, r, FormatMarkdown) {
			cat := all[out.lang]
			var months []string
			for m := 1; m <= 12; m++ {
				months = append(months, regexp.QuoteMeta(cat.text["month."+itoa(m)]))
			}
			// A date in any of the catalog's forms ("6 May 2024",
			// "6. Mai 2024", "1er mai 2024") after nothing but blanks and
			// the markers of lists and quotes.
			atLineStart := regexp.MustCompile(`^(?:\s*(?:[-*+>]|\d+[.)])\s)*\s*\S{1,3}\.? (?:` + strings.Join(months, "|") + `) \d{4}`)
			for i, line := range strings.Split(string(out.out), "\n") {
				if atLineStart.MatchString(line) {
					t.Errorf("%s (%s) line %d starts with a date: %q", out.doc, out.lang, i+1, line)
				}
			}
		}
	}
}
