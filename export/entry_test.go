package export

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
	"golang.org/x/net/html"
)

// everyCodeRecord is a record whose entry words every code of the closed
// lists that a notice words for the data subject: every source, recipient
// kind, transfer basis and Article 10(2) ground, automated decisions with
// profiling.
func everyCodeRecord() *model.Record {
	r := fullRecord()
	r.Kind = model.KindController
	r.DataCategories = nil
	for _, o := range model.SourceOptions {
		r.DataCategories = append(r.DataCategories, model.DataCategory{Name: "Category " + o.Code, Items: []string{"Item"}, Source: model.DataSource(o.Code), Retention: "One year."})
	}
	r.Recipients = nil
	for _, o := range model.RecipientKindOptions {
		r.Recipients = append(r.Recipients, model.Recipient{Name: "Recipient " + o.Code, Kind: model.RecipientKind(o.Code)})
	}
	var mechs []model.Mechanism
	for _, o := range model.MechanismOptions {
		mechs = append(mechs, model.Mechanism(o.Code))
	}
	r.Transfers = []model.Transfer{{Recipient: "Recipient third_country", Country: "NO", Mechanisms: mechs, Safeguards: "Details."}}
	r.LegalBasis.SpecialGrounds = nil
	for _, o := range model.SpecialGroundOptions {
		r.LegalBasis.SpecialGrounds = append(r.LegalBasis.SpecialGrounds, model.SpecialCatGround(o.Code))
	}
	r.JointControllers[0].Arrangement = "The arrangement."
	return r
}

// personal lists the words that address the reader or speak for the
// institution, per language. (German "Sie" is left out: at the start of a
// sentence it is also "they"; "Ihre", "Ihnen" come with it.)
var personal = map[string]*regexp.Regexp{
	"en": regexp.MustCompile(`(?i)\b(we|our|ours|us|you|your|yours)\b`),
	"fr": regexp.MustCompile(`(?i)(^|[^\p{L}])(nous|notre|nos|vous|votre|vos)([^\p{L}]|$)`),
	"de": regexp.MustCompile(`(^|[^\p{L}])(wir|unser|unsere|unserer|unseres|unserem|unseren|Ihr|Ihre|Ihrer|Ihres|Ihrem|Ihren|Ihnen)([^\p{L}]|$)`),
	"nl": regexp.MustCompile(`(?i)(^|[^\p{L}])(wij|we|ons|onze|u|uw)([^\p{L}]|$)`),
}

// The register entry is a public record (Article 31(5)): it speaks of the
// controller and the data subjects in the third person, whatever the codes
// of the record, for each requirement to provide the data, in every
// language and both formats.
func TestEntrySpeaksInTheThirdPerson(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	for _, kind := range []model.Kind{model.KindController, model.KindProcessor} {
		for _, req := range model.ProvisionOptions {
			r := everyCodeRecord()
			r.Kind = kind
			r.Provision.Requirement = model.ProvisionRequirement(req.Code)
			it := Item{Slug: "every", Record: r}
			for _, lang := range languages {
				for _, f := range []Format{FormatHTML, FormatMarkdown} {
					var buf bytes.Buffer
					if err := e.Entry(&buf, reg, it, f, Options{Lang: lang}); err != nil {
						t.Fatal(err)
					}
					text := buf.String()
					if f == FormatHTML {
						doc, err := html.Parse(&buf)
						if err != nil {
							t.Fatal(err)
						}
						text = visibleText(doc)
					}
					for _, line := range strings.Split(text, "\n") {
						if m := personal[lang].FindString(line); m != "" {
							t.Errorf("%s entry (%s, %s, provision %s) says %q: %s", lang, f, kind, req.Code, strings.TrimSpace(m), line)
						}
					}
				}
			}
		}
	}
}

// visibleText is the text of an HTML document's body, a line per block.
func visibleText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.Data == "style" || n.Data == "head"):
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && (n.Data == "p" || n.Data == "li" || n.Data == "div" || n.Data == "dd" || n.Data == "h1" || n.Data == "h2" || n.Data == "h3") {
			b.WriteByte('\n')
		}
	}
	walk(n)
	return b.String()
}

// Each key of the entry's own wording of a code ("entry.source_public")
// words a code that exists: a misspelt key would silently leave the
// notice's wording in the entry.
func TestEntryWordingNamesRealCodes(t *testing.T) {
	groups := map[string][]model.Option{
		"source":    model.SourceOptions,
		"recipient": model.RecipientKindOptions,
		"mechanism": model.MechanismOptions,
		"special":   model.SpecialGroundOptions,
		"provision": model.ProvisionOptions,
	}
	en := allCatalogs(t)["en"]
	found := 0
	for _, key := range en.keys() {
		rest, ok := strings.CutPrefix(key, "entry.")
		if !ok {
			continue
		}
		for group, options := range groups {
			code, ok := strings.CutPrefix(rest, group+"_")
			if !ok {
				continue
			}
			found++
			if !slices.ContainsFunc(options, func(o model.Option) bool { return o.Code == code }) {
				t.Errorf("en.toml: [entry] %s words no %s code (%q)", rest, group, code)
			}
			if entryKey(group, code) != key {
				t.Errorf("entryKey(%q, %q) = %q, want %q", group, code, entryKey(group, code), key)
			}
		}
	}
	// Every source needs its own wording: "Source: from you" is not a
	// noun, whatever the person.
	for _, o := range model.SourceOptions {
		if entryKey("source", o.Code) == "" {
			t.Errorf("no entry wording for the source %s", o.Code)
		}
	}
	if found < len(model.SourceOptions)+len(model.ProvisionOptions) {
		t.Errorf("only %d keys of the entry's own wording of codes", found)
	}
	if entryKey("source", "") != "" || entryKey("source", "no_such_code") != "" {
		t.Error("entryKey gives a key for a code that has none")
	}
}

// An item of a list worded for the entry ends as the notice's item does.
func TestEntryOptionsKeepTheListPunctuation(t *testing.T) {
	got := entryOptions("special", []option{
		{Code: "explicit_consent", Text: "you have consented (Article 10(2)(a));"},
		{Code: "health_care", Text: "health care (Article 10(2)(h))."},
		{Code: "made_public", Text: "made public by you (article 10, paragraphe 2, point e))\u00a0;"},
	})
	want := []entryOption{
		{Key: "entry.special_explicit_consent", End: ";", Text: "you have consented (Article 10(2)(a));"},
		{Text: "health care (Article 10(2)(h))."},
		{Key: "entry.special_made_public", End: "\u00a0;", Text: "made public by you (article 10, paragraphe 2, point e))\u00a0;"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("entryOptions = %q,\nwant %q", got, want)
	}
}

// A record in Dutch on an English page: every element that shows the
// record's own text says so with lang="nl" (WCAG 3.1.2), in the entry and
// in the index; the fixed text around it stays in the page's language.
func TestEntryAndIndexMarkTheRecordsLanguage(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	r := fullRecord()
	public, _ := markAll(r)
	r.Language = "nl"
	// Not text in a language: addresses, numbers and codes.
	for _, path := range []string{".language", ".reference", ".controller.email", ".dpo.email", ".dpo.phone", ".dpo.url"} {
		delete(public, path)
	}
	// In the index's sentence on whose behalf a processor acts, the
	// controllers are proper names within a sentence of the page.
	indexExempt := public[".processing_on_behalf[0].controller"]
	markers := map[string]string{}
	for path, m := range public {
		markers[m] = path
	}
	it := Item{Slug: "marked", Record: r}
	var entry, index bytes.Buffer
	if err := e.Entry(&entry, reg, it, FormatHTML, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if err := e.Index(&index, reg, []Item{it}, FormatHTML, Options{Lang: "en", All: true}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string][]byte{"entry": entry.Bytes(), "index": index.Bytes()} {
		doc, err := html.Parse(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		main := findElement(doc, "main")
		if main == nil {
			t.Fatalf("%s has no <main>", name)
		}
		// The <title> keeps the page's language, though the entry's starts
		// with the record's title: its suffix is in the page's language, and
		// a <title> cannot hold a <span> (review N9).
		title := findElement(doc, "title")
		if title == nil || hasAttr(title, "lang") {
			t.Errorf("%s: <title> missing or with a lang of its own", name)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.TextNode {
				for _, m := range regexp.MustCompile(`MARK\d+X`).FindAllString(n.Data, -1) {
					if _, ok := markers[m]; !ok {
						continue
					}
					seen[m] = true
					if name == "index" && m == indexExempt {
						continue
					}
					if lang := langOf(n); lang != "nl" {
						t.Errorf("%s: %s (%s) is in an element of language %q: %q", name, markers[m], m, lang, strings.TrimSpace(nodeText(n.Parent)))
					}
				}
				if lang := langOf(n); lang == "nl" && !regexp.MustCompile(`MARK\d+X|^[\s\p{P}]*$`).MatchString(n.Data) {
					t.Errorf("%s: fixed text %q is marked as Dutch", name, n.Data)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(main)
		if min := map[string]int{"entry": 40, "index": 4}[name]; len(seen) < min {
			t.Errorf("%s shows only %d fields of the record", name, len(seen))
		}
	}
}

// findElement returns the first element named name, depth first.
func findElement(n *html.Node, name string) *html.Node {
	if n.Type == html.ElementNode && n.Data == name {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, name); f != nil {
			return f
		}
	}
	return nil
}

// langOf is the language of a node: the lang attribute of the nearest
// element that has one.
func langOf(n *html.Node) string {
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			if a.Key == "lang" {
				return a.Val
			}
		}
	}
	return ""
}

// The contacts of processors, joint controllers and controllers served
// are labelled, and every e-mail address in them is a mailto: link in
// both formats (review N3: "EESC, …; DPO: data.protection@…" was plain
// text), also when Markdown escapes it; any other contact stays text. A
// processor's location is a labelled line of its own, not a second
// bracket after a service that ends in one (review N7).
func TestEntryContactLines(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	r := fullRecord()
	r.Processors = []model.Processor{
		{Name: "Mail Ltd", Contact: "dpo_team@mail.example", Service: "Hosting"},
		{Name: "Post Ltd", Contact: "Rue Neuve 1, Brussels", Service: "Printing"},
		{Name: "Survey Ltd", Contact: "Via DG HOME, HOME-FORUM@ec.europa.eu", Service: "Survey platform (sub-processor)", Location: "Frankfurt, Germany"},
	}
	r.JointControllers[0].Contact = "EESC, Rue Belliard 99; DPO: data.protection@eesc.europa.eu"
	r.ProcessingOnBehalf[0].Contact = "served@example.eu"
	r.Language = "" // no lang attributes in the way
	it := Item{Slug: "contacts", Record: r}
	label := map[string]string{"en": "Contact: ", "fr": "Contact\u00a0: ", "de": "Kontakt: ", "nl": "Contact: "}
	location := map[string]string{"en": "Location: ", "fr": "Lieu\u00a0: ", "de": "Ort: ", "nl": "Locatie: "}
	for _, lang := range languages {
		var h, md bytes.Buffer
		if err := e.Entry(&h, reg, it, FormatHTML, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		if err := e.Entry(&md, reg, it, FormatMarkdown, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			label[lang] + `<a href="mailto:dpo_team@mail.example">dpo_team@mail.example</a>`,
			label[lang] + `EESC, Rue Belliard 99; DPO: <a href="mailto:data.protection@eesc.europa.eu">data.protection@eesc.europa.eu</a>`,
			label[lang] + `Via DG HOME, <a href="mailto:HOME-FORUM@ec.europa.eu">HOME-FORUM@ec.europa.eu</a>`,
			label[lang] + `<a href="mailto:served@example.eu">served@example.eu</a>`,
			label[lang] + `Rue Neuve 1, Brussels`,
			"Survey platform (sub-processor)<br>\n" + location[lang] + "Frankfurt, Germany<br>\n",
		} {
			if !strings.Contains(h.String(), want) {
				t.Errorf("%s HTML entry lacks %q", lang, want)
			}
		}
		mdLabel := mdEscape(label[lang])
		for _, want := range []string{
			mdLabel + `<dpo_team@mail.example>`,
			mdLabel + `EESC, Rue Belliard 99; DPO: <data.protection@eesc.europa.eu>`,
			mdLabel + `Via DG HOME, <HOME-FORUM@ec.europa.eu>`,
			mdLabel + `<served@example.eu>`,
			mdLabel + `Rue Neuve 1, Brussels` + "\n",
			"Survey platform (sub-processor)\\\n  " + mdEscape(location[lang]) + "Frankfurt, Germany\\\n",
		} {
			if !strings.Contains(md.String(), want) {
				t.Errorf("%s Markdown entry lacks %q", lang, want)
			}
		}
		for _, out := range []string{h.String(), md.String()} {
			if strings.Contains(out, "mailto:Rue") || strings.Contains(out, "<Rue") {
				t.Errorf("%s: a postal address is linked as an e-mail address", lang)
			}
			if strings.Contains(out, ") (") {
				t.Errorf("%s: brackets stacked after a processor's service:\n%s", lang, out)
			}
		}
	}
}

// The lists of the entry say what they list: the purposes, the measures,
// the bases of a transfer, the special grounds and the categories of
// processing done for each controller served.
func TestEntryListsHaveLeadIns(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	r := fullRecord()
	it := Item{Slug: "full", Record: r}
	cat := allCatalogs(t)
	for _, lang := range languages {
		var md bytes.Buffer
		if err := e.Entry(&md, reg, it, FormatMarkdown, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		out := md.String()
		for key, first := range map[string]string{
			"entry.purposes":          "- First purpose",
			"entry.measures":          "- " + cat[lang].md["measure.encryption"],
			"entry.lead_special":      "- " + cat[lang].md["entry.special_explicit_consent"],
			"entry.transfer_basis":    "  - " + cat[lang].md["mechanism.adequacy"],
			"entry.served_categories": "  - Hosting",
		} {
			lead := cat[lang].md[key]
			i := strings.Index(out, lead+"\n")
			if i < 0 {
				t.Errorf("%s entry lacks the lead-in %s %q", lang, key, lead)
				continue
			}
			if rest := strings.TrimLeft(out[i+len(lead):], "\n"); !strings.HasPrefix(rest, first) {
				t.Errorf("%s entry: %s is not followed by its list (%q):\n%.200s", lang, key, first, rest)
			}
		}
	}
}

// Every notice link of the index reads the same on screen; for assistive
// technology each names its record, so that no two links of the index
// have the same text.
func TestIndexNoticeLinksNameTheirRecord(t *testing.T) {
	e := newExporter(t)
	reg, items := loadExample(t)
	titles := map[string]string{}
	for _, it := range items {
		titles[it.Slug] = it.Record.Title
	}
	for _, lang := range languages {
		var buf bytes.Buffer
		if err := e.Index(&buf, reg, items, FormatHTML, Options{Lang: lang, All: true}); err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(&buf)
		if err != nil {
			t.Fatal(err)
		}
		texts := map[string]string{}
		notices := 0
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "a" {
				href := attr(n, "href")
				text := strings.Join(strings.Fields(nodeText(n)), " ")
				if other, ok := texts[text]; ok {
					t.Errorf("%s index: links to %s and %s both read %q", lang, other, href, text)
				}
				texts[text] = href
				if slug, ok := strings.CutPrefix(href, "notices/"); ok {
					notices++
					slug = strings.TrimSuffix(slug, ".html")
					if !strings.Contains(text, titles[slug]) {
						t.Errorf("%s index: the link to %s reads %q, without the record's title", lang, href, text)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if notices < 2 {
			t.Fatalf("%s index: %d notice links", lang, notices)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// The index marks the unit of a record kept as processor as processor, in
// the column of the controller, in both formats and every language.
func TestIndexMarksTheProcessor(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	proc := fullRecord()
	ctrl := fullRecord()
	ctrl.Kind, ctrl.Reference, ctrl.Title = model.KindController, "DPR-ETA-00002", "Controller operation"
	items := []Item{{Slug: "proc", Record: proc}, {Slug: "ctrl", Record: ctrl}}
	cat := allCatalogs(t)
	for _, lang := range languages {
		mark := cat[lang].text["index.processor"] + cat[lang].text["doc.colon"]
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			var buf bytes.Buffer
			if err := e.Index(&buf, reg, items, f, Options{Lang: lang}); err != nil {
				t.Fatal(err)
			}
			if f == FormatMarkdown {
				mark = cat[lang].md["index.processor"] + cat[lang].md["doc.colon"]
			}
			out := buf.String()
			marked := regexp.MustCompile(regexp.QuoteMeta(mark) + `(<span lang="en">)?European Test Agency, Unit A\.1`)
			if n := len(marked.FindAllString(out, -1)); n != 1 {
				t.Errorf("%s %s index marks the processor's unit %d times, want once (%q):\n%s", lang, f, n, mark, out)
			}
		}
	}
}

// The root page of a site asks for a language in each language of the
// site, each prompt and each choice marked with its language.
func TestHomeAsksInEveryLanguage(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	cat := allCatalogs(t)
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		var buf bytes.Buffer
		if err := e.renderHome(&buf, &reg, f, Options{Languages: languages}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, lang := range languages {
			prompt := cat[lang].text["home.prompt"]
			want := prompt
			if f == FormatHTML {
				want = fmt.Sprintf(`<span lang="%s">%s</span>`, lang, prompt)
				if !strings.Contains(out, fmt.Sprintf(`<li lang="%s"><a href="%s/index.html" hreflang="%s">`, lang, lang, lang)) {
					t.Errorf("home: the choice of %s is not marked with its language:\n%s", lang, out)
				}
			}
			if !strings.Contains(out, want) {
				t.Errorf("home (%s) lacks the prompt %q", f, want)
			}
		}
	}
	// A site in one language asks in that one.
	var buf bytes.Buffer
	if err := e.renderHome(&buf, &reg, FormatMarkdown, Options{Languages: []string{"de"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), cat["de"].md["home.prompt"]) || strings.Contains(buf.String(), cat["en"].md["home.prompt"]) {
		t.Errorf("a German site asks:\n%s", buf.String())
	}
}

// The example site's entries and indexes pass the checks of every page,
// with the record's language marked: the same on a site as alone.
func TestSiteEntriesMarkLanguages(t *testing.T) {
	reg, items := loadExample(t)
	dir := t.TempDir()
	if _, err := Site(context.Background(), reg, items, SiteOptions{Out: dir, Formats: []Format{FormatHTML}, Languages: languages}); err != nil {
		t.Fatal(err)
	}
	data := readSiteFile(t, dir, Path(DocEntry, FormatHTML, "en", "imi"))
	for _, want := range []string{`<h1 lang="nl">Informatiesysteem interne markt (IMI)</h1>`, `lang="nl">Informatiesysteem interne markt (IMI)</a>`} {
		if !strings.Contains(data, want) {
			t.Errorf("en/entries/imi.html lacks %s", want)
		}
	}
	index := readSiteFile(t, dir, Path(DocIndex, FormatHTML, "en", ""))
	if !strings.Contains(index, `<a href="entries/imi.html" lang="nl">Informatiesysteem interne markt (IMI)</a>`) {
		t.Errorf("en/index.html does not mark the IMI title as Dutch")
	}
}
