package report

import (
	"os"
	"path/filepath"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// Position tells where a finding points in its file: the line, and the
// column when it is known (0 otherwise).
type Position func(model.Finding) (line, col int)

// FindingPositions returns the Position of findings in reg: the line and
// column of a parse error, or the line of the field (of the enclosing
// table when the field is absent). Files are read once each, when a
// finding first points into them.
func FindingPositions(reg *records.Register) Position {
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
