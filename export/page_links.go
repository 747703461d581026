package export

import "strings"

// alternate is a <link rel="alternate"> of an HTML page: the same page in
// a language (hreflang), or "x-default", the root page that lets the
// reader choose one.
type alternate struct {
	HrefLang string
	Href     string
}

// Alternates lists the page in every language of the site, its own
// language first (search engines expect a page to name itself among
// its alternates), then x-default: the root language chooser. A page
// with no other language has none.
//
// The page's own address and the root's are those of the other
// languages with the language folder swapped: Path puts every page of a
// language under "<lang>/" and the root page at the site's root, and
// pageFor links the other languages from this page (relative, or under
// the base URL), so that prefix is the way to the site's root.
func (p page) Alternates() []alternate {
	if len(p.Others) == 0 {
		return nil
	}
	prefix, rest, ok := cutLangFolder(p.Others[0].Href, p.Others[0].Lang)
	if !ok {
		return nil
	}
	out := make([]alternate, 0, len(p.Others)+2)
	out = append(out, alternate{HrefLang: p.Lang, Href: prefix + p.Lang + "/" + rest})
	for _, o := range p.Others {
		out = append(out, alternate{HrefLang: o.Lang, Href: o.Href})
	}
	return append(out, alternate{HrefLang: "x-default", Href: prefix + Path(docHome, FormatHTML, "", "")})
}

// cutLangFolder splits the address of a page of language lang into the
// way to the site's root before "<lang>/" and the page's path after it:
// "../../fr/notices/imi.html" gives "../../" and "notices/imi.html".
func cutLangFolder(href, lang string) (prefix, rest string, ok bool) {
	k := strings.LastIndex("/"+href, "/"+lang+"/")
	if lang == "" || k < 0 {
		return "", "", false
	}
	return href[:k], href[k+len(lang)+1:], true
}
