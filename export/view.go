package export

import (
	"strconv"
	"strings"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// A view is what a template sees: the record's values prepared for one
// format and one language. In Markdown views every string is already
// escaped (user text and catalog text alike), so a template cannot forget
// to; in HTML views strings are raw and html/template escapes them.

// page is what every document has: its language, title and navigation.
type page struct {
	Lang      string // language of the fixed text
	HeadTitle string // the <title> of an HTML page
	Home      string // link to the register index ("" when none)
	Others    []altLink
}

// altLink is the same document in another language.
type altLink struct {
	Lang string
	Name string // the language's own name: "Deutsch"
	Href string
}

// option is a closed-list value with its wording in the document's language.
type option struct {
	Code string
	Text string
}

// contactView is a contact block. Hrefs are "" when the value cannot be a link.
type contactView struct {
	Lang      string // the record's language, when the name and lines are its text in another language than the page's
	Name      string
	Lines     []string // postal address, one line each
	Email     string
	EmailHref string
	Phone     string
	URL       string
	URLHref   string
}

// Empty reports whether the contact has nothing to show.
func (c contactView) Empty() bool {
	return c.Name == "" && len(c.Lines) == 0 && c.Email == "" && c.Phone == "" && c.URL == ""
}

// maker builds views for one language and format.
type maker struct {
	cat      *catalog
	md       bool
	textLang string    // the record's language when it differs from the document's
	memo     *userText // nil, or the record's text prepared already in this format
	// institution: the register's names in every language it has, and
	// its name in the document's (knowInstitution).
	institutionNames []string
	institutionName  string
}

// userText is a record's text prepared for one format: the same in the
// views of the record in every language (only the fixed text differs), so
// Site prepares it once per record and format. What it holds is never
// changed after: views share it.
type userText struct {
	strs  map[string]string
	texts map[string]Text // without Lang, which depends on the document's language
}

func newUserText() *userText {
	return &userText{strs: map[string]string{}, texts: map[string]Text{}}
}

// reset empties the memo for the next record, keeping its room.
func (u *userText) reset() {
	clear(u.strs)
	clear(u.texts)
}

func newMaker(cat *catalog, md bool, recordLang string) *maker {
	m := &maker{cat: cat, md: md}
	if l := langTag(recordLang); l != "" && l != cat.lang {
		m.textLang = l
	}
	return m
}

// langTag returns the language code when it looks like one (letters and
// hyphens: "en", "pt-BR"), else "": it goes into a lang attribute.
func langTag(s string) string {
	if len(s) < 2 || len(s) > 35 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c >= '0' && c <= '9' && i > 0) {
			return ""
		}
	}
	return s
}

// str prepares a one-line value.
func (m *maker) str(s string) string {
	if s == "" {
		return s
	}
	if m.memo != nil {
		if v, ok := m.memo.strs[s]; ok {
			return v
		}
	}
	v := inline(s)
	if m.md {
		v = mdEscape(v)
	}
	if m.memo != nil {
		m.memo.strs[s] = v
	}
	return v
}

// strs prepares a list of one-line values, dropping empty ones.
func (m *maker) strs(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s = m.str(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// text prepares a multi-line value.
func (m *maker) text(s string) Text {
	if s == "" {
		return Text{Lang: m.textLang}
	}
	if m.memo != nil {
		if t, ok := m.memo.texts[s]; ok {
			t.Lang = m.textLang
			return t
		}
	}
	t := prepareText(s, m.md)
	if m.memo != nil {
		m.memo.texts[s] = t
	}
	t.Lang = m.textLang
	return t
}

// label is the catalog's wording of a code, or the code itself when the
// catalog has none.
func (m *maker) label(group, code string) string {
	return m.cat.label(group+"."+code, code, m.md)
}

// fixed is a catalog text in the document's format.
func (m *maker) fixed(key string) string {
	s, _ := m.cat.lookup(key, m.md)
	return s
}

func (m *maker) date(t time.Time) string { return m.cat.date(t, m.md) }

// opts labels a list of codes.
func opts[T ~string](m *maker, group string, codes []T) []option {
	out := make([]option, 0, len(codes))
	for _, c := range codes {
		if c == "" {
			continue
		}
		out = append(out, option{Code: string(c), Text: m.label(group, string(c))})
	}
	return out
}

func (m *maker) contact(c model.Contact) contactView {
	v := contactView{
		Name:  m.str(c.Name),
		Lines: m.lines(c.Address),
		Email: m.str(c.Email),
		Phone: m.str(c.Phone),
		URL:   m.str(c.URL),
	}
	v.EmailHref = m.href(mailHref(c.Email))
	v.URLHref = m.href(safeURL(c.URL))
	return v
}

// lines splits a postal address into lines: on newlines, else kept whole.
func (m *maker) lines(s string) []string {
	var out []string
	for _, p := range paragraphs(s) {
		for _, l := range p {
			out = append(out, m.str(l))
		}
	}
	return out
}

// href prepares a link destination that safeURL or mailHref accepted.
func (m *maker) href(u string) string {
	if u == "" || !m.md {
		return u
	}
	return mdHref(u)
}

// knowInstitution tells the maker the register's names, in its main
// language and its translations, and its name in lang: a record whose
// controller's organisation is one of them shows the institution by its
// name in the document's language (organisation). reg is the register as
// loaded, before registerIn.
func (m *maker) knowInstitution(reg *model.Register, lang string) {
	m.institutionNames = m.institutionNames[:0]
	for _, n := range []string{reg.Name, reg.ShortName} {
		if n = inline(n); n != "" {
			m.institutionNames = append(m.institutionNames, n)
		}
	}
	for _, t := range reg.Translations {
		for _, n := range []string{t.Name, t.ShortName} {
			if n = inline(n); n != "" {
				m.institutionNames = append(m.institutionNames, n)
			}
		}
	}
	// Only a name written in lang: the main name where lang is the
	// register's first language, else lang's translation. Without one the
	// organisation stays as the record writes it, marked with its language.
	m.institutionName = ""
	if t, ok := reg.Translation(lang); ok && strings.TrimSpace(t.Name) != "" {
		m.institutionName = inline(t.Name)
	} else if len(reg.Languages) > 0 && reg.Languages[0] == lang {
		m.institutionName = inline(reg.Name)
	}
}

// organisation is a controller's organisation as a document shows it: the
// register's name in the document's language when the organisation is the
// institution itself by one of its names (local), else as the record
// gives it. "European Commission" on a French page is the record's text,
// but the institution has a French name (review C7).
func (m *maker) organisation(org string) (name string, local bool) {
	if m.institutionName == "" {
		return org, false
	}
	clean := inline(org)
	for _, n := range m.institutionNames {
		if strings.EqualFold(clean, n) {
			return m.institutionName, true
		}
	}
	return org, false
}

// controllerContact is the controller as a contact block.
func (m *maker) controllerContact(c model.Controller) contactView {
	v := contactView{Email: m.str(c.Email), EmailHref: m.href(mailHref(c.Email))}
	if org := m.str(c.Organisation); org != "" {
		v.Lines = append(v.Lines, org)
	}
	if unit := m.str(c.Unit); unit != "" {
		v.Lines = append(v.Lines, unit)
	}
	v.Lines = append(v.Lines, m.lines(c.Address)...)
	return v
}

// controllerName is "Organisation, Unit" for headers and tables. A part
// with nothing to show (blanks, or characters clean removes) is left out,
// not shown as a lone ",".
func controllerName(c model.Controller) string {
	org, unit := inline(c.Organisation), inline(c.Unit)
	switch {
	case org != "" && unit != "":
		return org + ", " + unit
	case unit != "":
		return unit
	}
	return org
}

// institution names the institution in sentences: the controller's
// organisation, else the register's name.
func institution(reg *model.Register, r *model.Record) string {
	if r != nil && strings.TrimSpace(r.Controller.Organisation) != "" {
		return r.Controller.Organisation
	}
	if strings.TrimSpace(reg.Name) != "" {
		return reg.Name
	}
	return reg.ShortName
}

func itoa(n int) string { return strconv.Itoa(n) }
