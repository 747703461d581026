// Package export turns records into the documents an institution
// publishes: the data protection notice (Articles 15 and 16 of Regulation
// (EU) 2018/1725), the register entry (Article 31(5)), the register index,
// and the full record (Article 31(4)); as Markdown or HTML in English,
// French, German or Dutch, and the register as JSON or CSV.
//
// The fixed text of the documents comes from the catalogs in i18n/; their
// layout from the templates in templates/, which a register can override
// from its own templates/ folder. The record's own text is never
// translated: it stays in the record's language.
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

// CheckSlug rejects a slug that cannot safely name a file of a site:
// records/ checks slugs when it loads files; this guards the exporter
// against an Item built some other way.
func CheckSlug(slug string) error {
	if slug == "" {
		return fmt.Errorf("empty slug")
	}
	if len(slug) > 200 {
		return fmt.Errorf("slug %.20q…: longer than 200 characters", slug)
	}
	for i := 0; i < len(slug); i++ {
		c := slug[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' && i > 0) {
			return fmt.Errorf("slug %q: only lower-case letters, digits, '-', '_' and '.' (not first) may name a file", slug)
		}
	}
	if strings.Contains(slug, "..") {
		return fmt.Errorf("slug %q: contains \"..\"", slug)
	}
	return nil
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
