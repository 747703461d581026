package tui

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/eu-ropa/ropa/export"
	"github.com/eu-ropa/ropa/internal/markdown"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// exporterCache parses the export templates once, on first use, from
// whichever command gets there first: parsing them is not free, most
// sessions never preview anything, and Update must never wait on the disk.
// The register's own templates/ folder, when it has one, overrides the
// embedded templates, as it does for `ropa export`.
type exporterCache struct {
	templates fs.FS // <root>/templates; only read by get, from a command
	once      sync.Once
	e         *export.Exporter
	err       error
}

// newExporterCache prepares the templates of the register at root without
// reading anything: os.DirFS opens nothing until it is used.
func newExporterCache(root string) *exporterCache {
	return &exporterCache{templates: os.DirFS(filepath.Join(root, records.TemplatesDir))}
}

// get parses the templates on its first call. It reads the disk: call it
// from a tea.Cmd, never from Update.
func (c *exporterCache) get() (*export.Exporter, error) {
	c.once.Do(func() {
		c.e, c.err = export.New(c.templates)
		if c.err != nil {
			c.err = fmt.Errorf("export templates: %w", c.err)
		}
	})
	return c.e, c.err
}

// previewMarkdown is the Markdown export of the tab's document.
func previewMarkdown(ex *exporterCache, info model.Register, f *records.File, t recordTab) (string, error) {
	e, err := ex.get()
	if err != nil {
		return "", err
	}
	it := export.Item{Slug: f.Slug, Record: &f.Record}
	var buf bytes.Buffer
	switch t {
	case tabNotice:
		var none *export.NoNoticeError
		if errors.As(export.CheckNotice(it), &none) {
			return noNoticeMarkdown(none.Controllers), nil
		}
		err = e.Notice(&buf, info, it, export.FormatMarkdown, export.Options{})
	case tabEntry:
		err = e.Entry(&buf, info, it, export.FormatMarkdown, export.Options{})
	default:
		return "", fmt.Errorf("no document for the %s tab", t)
	}
	if err != nil {
		return "", fmt.Errorf("%s of %s: %w", strings.ToLower(t.String()), f.Path, err)
	}
	return buf.String(), nil
}

// noNoticeMarkdown is what the notice tab shows for a record kept as
// processor, instead of a notice: the export writes none for it
// (export.HasNotice), and a preview of one would mislead. controllers are
// those it serves, whose own notices apply.
func noNoticeMarkdown(controllers []string) string {
	var b strings.Builder
	b.WriteString("# No data protection notice\n\n")
	b.WriteString("This record is kept as processor (Article 31(2) of Regulation (EU) 2018/1725): ")
	if len(controllers) == 1 {
		b.WriteString("the institution processes the personal data on behalf of another controller")
	} else {
		b.WriteString("the institution processes the personal data on behalf of other controllers")
	}
	b.WriteString(" and issues no data protection notice for this processing operation. ")
	switch len(controllers) {
	case 0:
		b.WriteString("Under Articles 15 and 16, each controller informs the persons concerned in its own notice. The record does not name them yet.\n")
	case 1:
		b.WriteString("Under Articles 15 and 16, that controller informs the persons concerned, and its own notice applies:\n\n")
	default:
		b.WriteString("Under Articles 15 and 16, each controller informs the persons concerned, and its own notice applies:\n\n")
	}
	for _, c := range controllers {
		b.WriteString("- " + markdown.Escape(c) + "\n")
	}
	b.WriteString("\nWhat is published for this record is its register entry: press 3 to preview it.\n")
	return b.String()
}

// renderPreviewCmd renders the tab's document with glamour in the
// background, wrapped at width.
func renderPreviewCmd(ex *exporterCache, info model.Register, f *records.File, t recordTab, gen, width int, look previewLook) tea.Cmd {
	return func() tea.Msg {
		msg := previewMsg{file: f, tab: t, gen: gen}
		md, err := previewMarkdown(ex, info, f, t)
		if err != nil {
			msg.err = err
			return msg
		}
		out, err := renderMarkdown(md, width, look)
		if err != nil {
			msg.err = fmt.Errorf("preview of the %s: %w", strings.ToLower(t.String()), err)
			return msg
		}
		msg.text = out
		return msg
	}
}
