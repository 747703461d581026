package tui

import (
	"strings"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// row is one line of the browser: a record file, or a file that does not
// parse. Everything the table shows, sorts on or filters on is computed once
// here, so that a keystroke on 10,000 rows only compares strings.
type row struct {
	path     string
	file     *records.File       // nil when the file does not parse
	parseErr *records.ParseError // set when the file does not parse

	ref, title, unit, status string
	statusRank               int

	linted           bool
	errors, warnings int
	git              string // records.GitNew …, "clean", or "" while unknown

	// hay is the lower-cased text the filter searches: reference, title,
	// unit and status, separated so that a query cannot match across them.
	hay string
}

func newFileRow(f *records.File) row {
	r := row{
		path:   f.Path,
		file:   f,
		ref:    f.Record.Reference,
		title:  oneLine(f.Record.Title),
		unit:   oneLine(f.Record.Controller.Unit),
		status: string(f.Record.Status),
	}
	if r.title == "" {
		r.title = "(untitled " + f.Slug + ")"
	}
	r.statusRank = statusRank(f.Record.Status)
	r.hay = haystack(r.ref, r.title, r.unit, r.status)
	return r
}

func newParseErrorRow(e *records.ParseError) row {
	r := row{
		path:       e.Path,
		parseErr:   e,
		title:      "does not parse: " + oneLine(e.Msg),
		status:     "unreadable",
		statusRank: len(model.Statuses) + 1,
		linted:     true,
		errors:     1,
	}
	r.hay = haystack(r.path, r.title, r.status)
	return r
}

func haystack(parts ...string) string {
	return strings.ToLower(strings.Join(parts, "\x00"))
}

// statusRank orders statuses by the workflow; unknown ones come last.
func statusRank(s model.Status) int {
	for i, st := range model.Statuses {
		if st == s {
			return i
		}
	}
	return len(model.Statuses)
}

// oneLine folds a multi-line value for a table cell.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
