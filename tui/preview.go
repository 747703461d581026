package tui

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/eu-ropa/ropa/export"
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
	return &exporterCache{templates: os.DirFS(filepath.Join(root, "templates"))}
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
