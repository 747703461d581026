package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
	"golang.org/x/net/html"
)

// The findings of the second review of the exported site (N1, N3, N7, N9,
// N12, C1, C7) on the data protection notice.

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func renderNotice(t *testing.T, reg model.Register, r *model.Record, f Format, lang string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := newExporter(t).Notice(&buf, reg, Item{Slug: "case", Record: r}, f, Options{Lang: lang}); err != nil {
		t.Fatalf("notice (%s, %s): %v", f, lang, err)
	}
	return buf.String()
}

// When no category of data comes from the data subject, the notice does
// not say "Some of these personal data are not obtained from you" (N1).
func TestSourcesWhenNoneFromTheDataSubject(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	none := fullRecord()
	none.Kind = model.KindController
	for i := range none.DataCategories {
		none.DataCategories[i].Source = model.SourceThirdParty
	}
	some := fullRecord()
	some.Kind = model.KindController
	for _, lang := range languages {
		cat, _ := catalogFor(lang)
		allOthers, someOthers := collapse(cat.text["data.others_lead_none"]), collapse(cat.text["data.others_lead"])
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			text := noticeText(t, e, reg, Item{Slug: "none", Record: none}, f, lang)
			if !strings.Contains(text, allOthers) || strings.Contains(text, someOthers) {
				t.Errorf("no data from the subject (%s, %s): want %q, not %q", lang, f, allOthers, someOthers)
			}
			text = noticeText(t, e, reg, Item{Slug: "some", Record: some}, f, lang)
			if !strings.Contains(text, someOthers) || strings.Contains(text, allOthers) {
				t.Errorf("some data from the subject (%s, %s): want %q, not %q", lang, f, someOthers, allOthers)
			}
		}
	}
	// The IMI record has this case.
	reg2, it := exampleItem(t, "imi")
	if text := noticeText(t, e, reg2, it, FormatMarkdown, "en"); !strings.Contains(text, "We do not obtain these personal data from you.") {
		t.Error("the IMI notice does not say that no data come from the data subject")
	}
}

// A recipient in a third country or a Member State is followed by its
// country after a colon, without a second label (N12).
func TestRecipientCountryAfterItsKind(t *testing.T) {
	reg := fullRegister()
	r := fullRecord()
	r.Kind = model.KindController
	want := map[string][]string{
		"en": {"(a recipient in a third country: Norway)", "(a recipient in a Member State: Belgium)"},
		"fr": {"(un destinataire dans un pays tiers\u00a0: Norvège)", "(un destinataire dans un État membre\u00a0: Belgique)"},
		"de": {"(ein Empfänger in einem Drittland: Norwegen)", "(ein Empfänger in einem Mitgliedstaat: Belgien)"},
		"nl": {"(een ontvanger in een derde land: Noorwegen)", "(een ontvanger in een lidstaat: België)"},
	}
	for lang, phrases := range want {
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			text := noticeText(t, newExporter(t), reg, Item{Slug: "case", Record: r}, f, lang)
			for _, p := range phrases {
				if !strings.Contains(text, collapse(p)) {
					t.Errorf("%s (%s) lacks %q", lang, f, p)
				}
			}
			cat, _ := catalogFor(lang)
			label, _, _ := strings.Cut(cat.text["access.country"], "{country}")
			if strings.Contains(text, collapse(cat.text["doc.semicolon"]+label)) {
				t.Errorf("%s (%s) still labels the country after its kind: %q", lang, f, label)
			}
		}
	}
}

// A processor's location is a labelled line of its own, not a second
// bracket after a service that ends in one (N7).
func TestProcessorLocationIsLabelled(t *testing.T) {
	reg := fullRegister()
	r := fullRecord()
	r.Kind = model.KindController
	r.Processors[0].Service = "Survey platform (sub-processor of the contractor)"
	r.Processors[0].Location = "Frankfurt, Germany"
	for _, lang := range languages {
		cat, _ := catalogFor(lang)
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			text := noticeText(t, newExporter(t), reg, Item{Slug: "case", Record: r}, f, lang)
			if strings.Contains(text, ") (") {
				t.Errorf("%s (%s): brackets stacked: %q", lang, f, text[strings.Index(text, ") (")-40:][:80])
			}
			if want := collapse(cat.text["field.processors.location"] + cat.text["doc.colon"] + "Frankfurt, Germany"); !strings.Contains(text, want) {
				t.Errorf("%s (%s) lacks %q", lang, f, want)
			}
		}
	}
}

// A joint controller's contact point (Article 28(3)) is a link where it
// holds an address, in both formats (N3).
func TestJointControllerContactIsLinked(t *testing.T) {
	reg := fullRegister()
	r := fullRecord()
	r.Kind = model.KindController
	r.JointControllers[0].Contact = "EESC, Rue Belliard 99; DPO: data.protection@eesc.europa.eu"
	out := renderNotice(t, reg, r, FormatHTML, "fr")
	if !strings.Contains(out, `<a href="mailto:data.protection@eesc.europa.eu">data.protection@eesc.europa.eu</a>`) {
		t.Error("HTML: the joint controller's address is not a mailto link")
	}
	if !strings.Contains(out, `<span lang="en">EESC, Rue Belliard 99; DPO: <a href=`) {
		t.Error("HTML: the joint controller's contact is not marked as the record's language")
	}
	out = renderNotice(t, reg, r, FormatMarkdown, "en")
	if !strings.Contains(out, "DPO: <data.protection@eesc.europa.eu>") {
		t.Error("Markdown: the joint controller's address is not an autolink")
	}
}

// The <title> of a notice has no lang of its own: it ends in the page's
// language (N9).
func TestNoticeTitleKeepsThePageLanguage(t *testing.T) {
	r := fullRecord()
	r.Language = "de"
	doc, err := html.Parse(strings.NewReader(renderNotice(t, fullRegister(), r, FormatHTML, "en")))
	if err != nil {
		t.Fatal(err)
	}
	title := findElement(doc, "title")
	if title == nil || hasAttr(title, "lang") {
		t.Error("<title> missing or with a lang of its own")
	}
}

// The record's further information on exercising the rights is in §8,
// after its lead, only when the record has it (C1).
func TestRightsInfoInTheNotice(t *testing.T) {
	reg := fullRegister()
	r := fullRecord()
	r.Kind = model.KindController
	r.RightsInfo = "Contact the national authority that exchanged your data."
	for _, lang := range languages {
		cat, _ := catalogFor(lang)
		lead := collapse(cat.text["rights.info"])
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			text := noticeText(t, newExporter(t), reg, Item{Slug: "case", Record: r}, f, lang)
			rights := strings.Index(text, collapse(cat.text["rights.lead"]))
			contact := strings.Index(text, collapse(cat.text["contact.controller"]))
			i := strings.Index(text, lead+" "+r.RightsInfo)
			if i < rights || i > contact || rights < 0 {
				t.Errorf("%s (%s): the rights information is not in §8 after its lead", lang, f)
			}
		}
	}
	r.RightsInfo = ""
	if text := noticeText(t, newExporter(t), reg, Item{Slug: "case", Record: r}, FormatMarkdown, "en"); strings.Contains(text, "Further information on exercising") {
		t.Error("the lead of the rights information without the information")
	}
}

// The institution's name in the controller block is in the page's
// language when the record names the institution by the register's name;
// another organisation stays as written (C7).
func TestControllerOrganisationInThePageLanguage(t *testing.T) {
	reg := fullRegister()
	reg.Translations = []model.RegisterTranslation{{Language: "fr", Name: "Agence européenne de test"}}
	r := fullRecord()
	r.Kind = model.KindController
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		out := renderNotice(t, reg, r, f, "fr")
		if strings.Contains(out, "European Test Agency") {
			t.Errorf("%s: the French notice names the institution in English", f)
		}
		if n := strings.Count(out, "Agence européenne de test"); n < 2 {
			t.Errorf("%s: the French name is in %d places, want the header and the contact", f, n)
		}
	}
	if out := renderNotice(t, reg, r, FormatHTML, "fr"); !strings.Contains(out, `<dd>Agence européenne de test, <span lang="en">Unit A.1</span></dd>`) {
		t.Error("HTML: the header does not mark the unit, in the record's language, apart from the French name")
	}
	r.Controller.Organisation = "Other Body"
	if out := renderNotice(t, reg, r, FormatMarkdown, "fr"); !strings.Contains(out, "Other Body") {
		t.Error("an organisation that is not the institution was replaced")
	}
}
