// Package export turns records into the documents an institution
// publishes: the data protection notice (Articles 15 and 16 of Regulation
// (EU) 2018/1725), the register entry (Article 31(5)), the register index,
// and the full record (Article 31(4)); as Markdown or HTML in English,
// French, German or Dutch, and the register as JSON or CSV.
//
// The fixed text of the documents comes from the catalogs in i18n/; their
// layout from the templates in templates/, which a register can override
// from its own templates/ folder. The record's own text is never
// translated: it stays in the record's language. A record kept as
// processor (Article 31(2)) has no notice of its own: the controllers it
// serves inform the persons concerned (HasNotice).
//
// Templates: html/*.tmpl (html/template) and md/*.tmpl (text/template);
// base.tmpl of each folder defines "page" (the frame) and shared pieces,
// each document's file defines "main". DumpTemplates writes the defaults,
// which show every field a template can use. In Markdown templates every
// value is already escaped; in HTML templates html/template escapes.
// Templates call t "key" for the catalog's text in the document's language.
//
// Entry points: New (parse the templates once) and the Exporter's Notice,
// Entry, Record, Index, Write and WriteDoc for one document; Site for a
// whole register in parallel; WriteJSON and WriteCSV for data.
package export

import (
	"fmt"
	"strings"

	"github.com/eu-ropa/ropa/model"
)

// Doc is a kind of document.
type Doc string

const (
	DocNotice Doc = "notice" // data protection notice, Articles 15-16
	DocEntry  Doc = "entry"  // register entry, Article 31(5): public part only
	DocIndex  Doc = "index"  // register index: published records (all with Options.All)
	DocRecord Doc = "record" // full record, Article 31(4): every field
	docHome   Doc = "home"   // the site's root page: a choice of languages
)

// Docs lists the documents the command offers, in order.
var Docs = []Doc{DocNotice, DocEntry, DocIndex, DocRecord}

// Format is an output format.
type Format string

const (
	FormatMarkdown Format = "md"
	FormatHTML     Format = "html"
	FormatJSON     Format = "json"
	FormatCSV      Format = "csv"
)

// Formats lists the formats the command offers, in order.
var Formats = []Format{FormatMarkdown, FormatHTML, FormatJSON, FormatCSV}

// Ext is the file extension of the format, with its dot.
func (f Format) Ext() string { return "." + string(f) }

// ParseDoc checks a document name given on a command line.
func ParseDoc(s string) (Doc, error) {
	for _, d := range Docs {
		if string(d) == s {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown document %q: choose %s", s, joinNames(Docs))
}

// ParseFormat checks a format name given on a command line.
func ParseFormat(s string) (Format, error) {
	switch s {
	case "markdown":
		return FormatMarkdown, nil
	case "htm":
		return FormatHTML, nil
	}
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: choose %s", s, joinNames(Formats))
}

func joinNames[T ~string](list []T) string {
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// Item is a record with the slug of its file (records/<slug>.toml). The
// slug, never the reference, names the files of a site.
type Item struct {
	Slug   string
	Record *model.Record
}

// Options tune one export.
type Options struct {
	// Lang is the language of the fixed text. Empty: the record's language
	// when supported (for the index, the register's first language), else
	// the register's first supported language, else English.
	Lang string
	// All makes the index, JSON and CSV list every record, not only the
	// published ones.
	All bool
	// BaseURL, when set, makes links between documents absolute
	// (BaseURL + "/" + Path(...)); otherwise they are relative to the
	// layout of Site, which works from a file system and any web server.
	BaseURL string
	// Languages, when set, are the languages of a site: each document links
	// to itself in the others and to the index. Site sets it.
	Languages []string
}

// Path is where Site writes a document, relative to the output folder and
// slash-separated: "en/notices/emn-ies.html", "en/entries/emn-ies.html",
// "en/index.html", "en/records/emn-ies.html". The slug must have passed
// CheckSlug.
//
// JSON and CSV hold a register, not a page: "index.json", "entries.csv",
// "records.json" at the top.
func Path(doc Doc, f Format, lang, slug string) string {
	if f == FormatJSON || f == FormatCSV {
		switch doc {
		case DocEntry:
			return "entries" + f.Ext()
		case DocRecord:
			return "records" + f.Ext()
		}
		return "index" + f.Ext()
	}
	switch doc {
	case DocIndex:
		return lang + "/index" + f.Ext()
	case docHome:
		return "index" + f.Ext()
	case DocNotice:
		return lang + "/notices/" + slug + f.Ext()
	case DocEntry:
		return lang + "/entries/" + slug + f.Ext()
	}
	return lang + "/records/" + slug + f.Ext()
}

// siteFile is a page of a site, as Path places it.
type siteFile struct {
	doc    Doc // docHome, DocIndex, DocEntry or DocNotice
	format Format
	lang   string // "" for the home page
	slug   string // the record's, for an entry or a notice
}

// parseSitePath is the inverse of Path for the pages Site writes: it
// accepts "index.html", "<lang>/index.md", "<lang>/entries/<slug>.html" and
// "<lang>/notices/<slug>.md" (a supported language, a slug that passes
// CheckSlug, html or md), and nothing else: no other folder, no "..", no
// absolute path, no backslash.
func parseSitePath(rel string) (siteFile, bool) {
	var f siteFile
	name := rel
	for _, format := range []Format{FormatHTML, FormatMarkdown} {
		if stem, ok := strings.CutSuffix(rel, format.Ext()); ok {
			f.format, name = format, stem
			break
		}
	}
	if f.format == "" {
		return f, false
	}
	parts := strings.Split(name, "/")
	switch {
	case len(parts) == 1 && parts[0] == "index":
		f.doc = docHome
		return f, true
	case len(parts) == 2 && parts[1] == "index":
		f.doc = DocIndex
	case len(parts) == 3 && parts[1] == "entries":
		f.doc, f.slug = DocEntry, parts[2]
	case len(parts) == 3 && parts[1] == "notices":
		f.doc, f.slug = DocNotice, parts[2]
	default:
		return f, false
	}
	f.lang = parts[0]
	if !Supported(f.lang) || f.doc != DocIndex && CheckSlug(f.slug) != nil {
		return f, false
	}
	return f, Path(f.doc, f.format, f.lang, f.slug) == rel
}

// CheckSlug rejects a slug that cannot safely name a file of a site
// (model.CheckFileName): lint reports a record file so named, and the
// command refuses to export it; this guards the exporter against an Item
// built some other way.
func CheckSlug(slug string) error {
	if err := model.CheckFileName(slug); err != nil {
		return fmt.Errorf("slug %w", err)
	}
	return nil
}

// HasNotice reports whether the institution issues a data protection
// notice for the record. Articles 15 and 16 bind the controller: for a
// record kept as processor (Article 31(2)) the controllers it serves
// inform the persons concerned, each in its own notice. Site writes no
// notice for such a record, and its entry and its row in the index name
// those controllers instead of linking to a notice.
func HasNotice(r *model.Record) bool { return r != nil && !r.IsProcessor() }

// NoNoticeError says that a notice was asked of a record for which the
// institution issues none (HasNotice).
type NoNoticeError struct {
	Slug        string   // the record's file is records/<Slug>.toml
	Controllers []string // the controllers served, whose notices apply
}

func (e *NoNoticeError) Error() string {
	whose := "the controller on whose behalf it processes the data, whose own notice applies"
	switch n := len(e.Controllers); {
	case n == 1:
		whose = "the controller it serves, " + e.Controllers[0] + ", whose own notice applies"
	case n > 1:
		whose = "the controllers it serves (" + strings.Join(e.Controllers, "; ") + "), whose own notices apply"
	}
	return fmt.Sprintf("records/%s.toml is kept as processor (kind = \"processor\", Article 31(2)), so the institution issues no data protection notice for it: "+
		"Articles 15 and 16 bind %s. Export its register entry instead, which names them", e.Slug, whose)
}

// CheckNotice returns a *NoNoticeError when the institution issues no
// notice for the item's record (HasNotice), else nil.
func CheckNotice(it Item) error {
	if it.Record == nil || HasNotice(it.Record) {
		return nil
	}
	e := &NoNoticeError{Slug: it.Slug}
	for _, s := range it.Record.ProcessingOnBehalf {
		if name := strings.TrimSpace(inline(s.Controller)); name != "" {
			e.Controllers = append(e.Controllers, name)
		}
	}
	return e
}

// docLang picks the language of the fixed text of a document.
func docLang(requested string, reg *model.Register, r *model.Record) (string, error) {
	if requested != "" {
		if !Supported(requested) {
			return "", fmt.Errorf("language %q: no document text in it; choose %s", requested, strings.Join(languages, ", "))
		}
		return requested, nil
	}
	if r != nil && Supported(r.Language) {
		return r.Language, nil
	}
	for _, l := range reg.Languages {
		if Supported(l) {
			return l, nil
		}
	}
	return languages[0], nil
}
