package export

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
	"golang.org/x/net/html"
)

func TestGithubSlug(t *testing.T) {
	for _, c := range []struct{ in, github, gitlab string }{
		{"1. Introduction", "1-introduction", "1-introduction"},
		{"3. On what legal ground(s) do we process your personal data?", "3-on-what-legal-grounds-do-we-process-your-personal-data", "3-on-what-legal-grounds-do-we-process-your-personal-data"},
		{"2. Pourquoi et comment traitons-nous vos données\u00a0?", "2-pourquoi-et-comment-traitons-nous-vos-données", "2-pourquoi-et-comment-traitons-nous-vos-données"},
		{"8. Welche Rechte haben Sie – und wie?", "8-welche-rechte-haben-sie--und-wie", "8-welche-rechte-haben-sie-und-wie"},
		{"Über snake_case", "über-snake_case", "über-snake_case"},
		{"2025", "2025", "anchor-2025"},
		{" Trimmed ", "-trimmed-", "trimmed"},
	} {
		if got := githubSlug(c.in); got != c.github {
			t.Errorf("githubSlug(%q) = %q, want %q", c.in, got, c.github)
		}
		if got := gitlabSlug(c.in); got != c.gitlab {
			t.Errorf("gitlabSlug(%q) = %q, want %q", c.in, got, c.gitlab)
		}
	}
}

// noticeHeadings are the catalog keys of the notice's numbered headings,
// "## N. …" in the Markdown notice.
var noticeHeadings = []string{"notice.h_intro", "notice.h_why", "notice.h_grounds", "notice.h_data", "notice.h_retention",
	"notice.h_security", "notice.h_access", "notice.h_rights", "notice.h_contact", "notice.h_more"}

// renderedHeadings renders Markdown as GitHub does and returns the text
// of its headings, and the #fragments its links point to.
func renderedHeadings(t *testing.T, md []byte) (headings, fragments []string) {
	t.Helper()
	var out bytes.Buffer
	if err := goldmarkGFM.Convert(md, &out); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&out)
	if err != nil {
		t.Fatal(err)
	}
	var text func(n *html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(text(c))
		}
		return b.String()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "h1", "h2", "h3", "h4", "h5", "h6":
				headings = append(headings, text(n))
			case "a":
				for _, a := range n.Attr {
					if a.Key == "href" && strings.HasPrefix(a.Val, "#") {
						frag, err := url.PathUnescape(a.Val[1:])
						if err != nil {
							t.Errorf("link %q: %v", a.Val, err)
						}
						fragments = append(fragments, frag)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return headings, fragments
}

// The anchor function gives, in every language, the id GitHub and GitLab
// give the notice's numbered Markdown headings; every "#" link of a
// Markdown notice leads to a heading on both.
func TestNoticeAnchors(t *testing.T) {
	e := newExporter(t)
	all := allCatalogs(t)
	reg, r := fullRegister(), fullRecord()
	r.Kind = model.KindController
	for _, lang := range languages {
		var buf bytes.Buffer
		if err := e.Write(&buf, reg, []Item{{Slug: "t", Record: r}}, DocNotice, FormatMarkdown, Options{Lang: lang, All: true}); err != nil {
			t.Fatal(err)
		}
		headings, fragments := renderedHeadings(t, buf.Bytes())
		ids := map[string]bool{}
		for _, h := range headings {
			id := githubSlug(h)
			if gitlabSlug(h) != id {
				t.Errorf("%s: heading %q has the id %q on GitHub, %q on GitLab: reword it (no \" – \", no \" & \")", lang, h, id, gitlabSlug(h))
			}
			if ids[id] {
				t.Errorf("%s: two headings have the id %q: GitHub and GitLab number the second", lang, id)
			}
			ids[id] = true
		}
		f := docFuncs{cat: all[lang], md: true}
		for i, key := range noticeHeadings {
			got, err := f.anchor(i+1, key)
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			for _, h := range headings {
				if strings.HasPrefix(h, fmt.Sprintf("%d. ", i+1)) {
					want = githubSlug(h)
				}
			}
			if want == "" || got != want {
				t.Errorf("%s: anchor %d %s = %q, the heading's id is %q", lang, i+1, key, got, want)
			}
		}
		for _, frag := range fragments {
			if !ids[frag] {
				t.Errorf("%s: the link #%s leads to no heading (ids %v)", lang, frag, ids)
			}
		}
	}
}
