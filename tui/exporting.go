package tui

import (
	"context"
	"fmt"
	"path/filepath"

	tea "charm.land/bubbletea/v2"
	"github.com/eu-ropa/ropa/export"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// exportDir is where the record view exports a record, relative to the
// register root: inside ropa's own folder, which a .gitignore keeps out of
// the repository, so that an export (drafts included) is never committed
// by mistake.
const exportDir = ".ropa/export"

// exportedMsg reports the files written for one record, or why not.
type exportedMsg struct {
	path     string   // the record's file
	files    []string // written, absolute; the notice first when there is one
	noNotice bool     // the record is kept as processor: no notice written (export.HasNotice)
	err      error
}

// exportCmd writes the notice and the register entry of one record, as
// HTML and Markdown, in the record's language, into <root>/.ropa/export/
// with the layout of a published site (en/notices/<slug>.html …). A record
// kept as processor gets its entry only, as on the site.
func exportCmd(ex *exporterCache, root string, info model.Register, f *records.File) tea.Cmd {
	return func() tea.Msg {
		out := filepath.Join(root, filepath.FromSlash(exportDir))
		msg := exportedMsg{path: f.Path, noNotice: !export.HasNotice(&f.Record)}
		e, err := ex.get()
		if err != nil {
			msg.err = err
			return msg
		}
		if err := records.IgnoreStateDir(root); err != nil {
			msg.err = fmt.Errorf("export %s: %w", f.Path, err)
			return msg
		}
		var langs []string
		if export.Supported(f.Record.Language) {
			langs = []string{f.Record.Language}
		}
		formats := []export.Format{export.FormatHTML, export.FormatMarkdown}
		docs := []export.Doc{export.DocNotice, export.DocEntry}
		res, err := e.Site(context.Background(), info, []export.Item{{Slug: f.Slug, Record: &f.Record}}, export.SiteOptions{
			Out:       out,
			Formats:   formats,
			Languages: langs,
			Docs:      docs,
			All:       true, // a draft can be exported to be read, not only a published record
		})
		if err != nil {
			msg.err = fmt.Errorf("export %s: %w", f.Path, err)
			return msg
		}
		for _, lang := range res.Languages {
			for _, d := range docs {
				if d == export.DocNotice && msg.noNotice {
					continue // Site writes none
				}
				for _, format := range res.Formats {
					msg.files = append(msg.files, filepath.Join(out, filepath.FromSlash(export.Path(d, format, lang, f.Slug))))
				}
			}
		}
		return msg
	}
}

func (m *Model) exported(msg exportedMsg) {
	if msg.err != nil {
		m.setError(msg.err)
		return
	}
	if len(msg.files) == 0 {
		m.setStatus(statusError, "Nothing was exported for %s.", msg.path)
		return
	}
	if msg.noNotice {
		// A processor issues no notice: the controllers it serves do.
		m.setStatus(statusOK, "Exported the register entry (no notice: kept as processor) to %s, the Markdown beside it (Git ignores .ropa/).", msg.files[0])
		return
	}
	// The full path of the notice, which people open first; the rest is
	// beside it.
	m.setStatus(statusOK, "Exported the notice to %s, the register entry and the Markdown beside it (Git ignores .ropa/).", msg.files[0])
}
