package export

import (
	"cmp"
	"slices"
	"strings"

	"github.com/eu-ropa/ropa/model"
)

// indexView is the register index: one row per record.
type indexView struct {
	page
	Institution string
	All         bool
	Count       string
	Rows        []indexRow
}

type indexRow struct {
	// Lang is the record's language when it differs from the index's, for
	// the lang attribute of the cells that show the record's own text.
	Lang       string
	Reference  string
	Title      string
	Controller string
	Date       string
	Status     option
	EntryHref  string
	NoticeHref string // "" for a record kept as processor: it has no notice (HasNotice)
	// Processor is set for a record kept as processor (Article 31(2)):
	// Controller then names the institution's unit that processes, not a
	// controller, and the index marks it so. ServedNotice says on whose
	// behalf it processes and that their notices apply (the controllers'
	// names are proper names: not marked with the record's language).
	Processor    bool
	ServedNotice string
	// OrgLocal: the controller's organisation is the register's own
	// institution, named in the index's language (Org) while the unit
	// (Unit) stays in the record's, as the notice does; Controller then
	// holds both, for Markdown.
	OrgLocal  bool
	Org, Unit string
}

// selectItems returns the items an index lists, in index order: the
// published records, or all of them; sorted by reference (records without
// one last), then title, then slug, so that the order never depends on
// the order of loading.
func selectItems(items []Item, all bool) []Item {
	out := make([]Item, 0, len(items))
	for _, it := range items {
		if it.Record == nil {
			continue
		}
		if all || it.Record.IsPublished() {
			out = append(out, it)
		}
	}
	slices.SortFunc(out, compareItems)
	return out
}

func compareItems(a, b Item) int {
	ra, rb := strings.TrimSpace(a.Record.Reference), strings.TrimSpace(b.Record.Reference)
	if (ra == "") != (rb == "") {
		if ra == "" {
			return 1
		}
		return -1
	}
	if c := compareNatural(ra, rb); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Record.Title, b.Record.Title); c != 0 {
		return c
	}
	return cmp.Compare(a.Slug, b.Slug)
}

// compareNatural orders strings with digit runs compared by value, so that
// DPR-EC-932 comes before DPR-EC-1000 whatever the zero-padding.
func compareNatural(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := cmp.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

func (m *maker) index(reg *model.Register, items []Item, all bool, links func(doc Doc, slug string) string) *indexView {
	v := &indexView{Institution: m.str(institution(reg, nil)), All: all, Count: itoa(len(items))}
	for _, it := range items {
		r := it.Record
		row := indexRow{
			Reference:  m.str(r.Reference),
			Title:      m.str(r.Title),
			Controller: m.str(controllerName(r.Controller)),
			Date:       m.date(r.LastUpdated),
			EntryHref:  links(DocEntry, it.Slug),
		}
		if l := langTag(r.Language); l != m.cat.lang {
			row.Lang = l
		}
		if org, local := m.organisation(r.Controller.Organisation); local {
			row.OrgLocal, row.Org, row.Unit = true, m.str(org), m.str(inline(r.Controller.Unit))
			row.Controller = m.str(controllerName(model.Controller{Organisation: org, Unit: r.Controller.Unit}))
		}
		row.Processor = r.IsProcessor()
		if HasNotice(r) {
			row.NoticeHref = links(DocNotice, it.Slug)
		} else {
			row.ServedNotice = m.servedNotice(r)
		}
		if r.Status != "" {
			row.Status = option{Code: string(r.Status), Text: m.label("status", string(r.Status))}
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// servedNotice is the index's sentence for a record kept as processor: on
// whose behalf it is processed, and that their notices apply.
func (m *maker) servedNotice(r *model.Record) string {
	var names []string
	for _, s := range r.ProcessingOnBehalf {
		if name := m.str(s.Controller); name != "" {
			names = append(names, name)
		}
	}
	key := "index.processor_many"
	switch len(names) {
	case 0:
		return m.fixed("index.processor_none")
	case 1:
		key = "index.processor_one"
	}
	joined := strings.Join(names, m.fixed("doc.semicolon"))
	s, err := fill(m.fixed(key), []string{"controllers", joined})
	if err != nil {
		return m.fixed("index.processor_none")
	}
	// The sentence ends after the names: a name's own full stop ("Acme
	// Inc.") ends it.
	if strings.HasSuffix(joined, ".") {
		s = strings.Replace(s, joined+".", joined, 1)
	}
	return s
}

// homeText is a text of the root page in one language: Text for HTML, MD
// escaped for Markdown.
type homeText struct {
	Lang string
	Text string
	MD   string
}

// Prompts is the prompt of the root page in each language of the site, in
// the order of its languages: the page is for readers of every one of
// them, so each finds the prompt in their own.
func (v *homeView) Prompts() []homeText { return v.fixedInEach("home.prompt") }

// Titles is the register's title (doc.index) in each language of the site.
func (v *homeView) Titles() []homeText { return v.fixedInEach("doc.index") }

func (v *homeView) fixedInEach(key string) []homeText {
	out := make([]homeText, 0, len(v.Languages))
	for _, l := range v.Languages {
		cat, err := catalogFor(l.Lang)
		if err != nil {
			continue
		}
		out = append(out, homeText{Lang: l.Lang, Text: cat.text[key], MD: cat.md[key]})
	}
	return out
}

// homeInstitutions is the institution's name in each of langs, as the
// register gives it (Register.In), in plain text, each name once: a
// language without a name of its own shows the main name, which is marked
// with the register's main language (its first) and not repeated.
func homeInstitutions(reg *model.Register, langs []string) []homeText {
	main := ""
	if len(reg.Languages) > 0 {
		main = reg.Languages[0]
	} else if len(langs) > 0 {
		main = langs[0]
	}
	mainName := inline(institution(reg, nil))
	var out []homeText
	for _, lang := range langs {
		name := inline(institution(registerIn(reg, lang), nil))
		nameLang := lang
		if name == mainName {
			nameLang = main
		}
		if name == "" || slices.ContainsFunc(out, func(h homeText) bool { return h.Text == name }) {
			continue
		}
		out = append(out, homeText{Lang: nameLang, Text: name})
	}
	return out
}
