package export

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
	"golang.org/x/net/html"
)

// noticeText renders a notice and returns its text as a reader sees it,
// whitespace collapsed: from the HTML, or from Markdown rendered by
// goldmark.
func noticeText(t *testing.T, e *Exporter, reg model.Register, it Item, f Format, lang string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := e.Notice(&buf, reg, it, f, Options{Lang: lang}); err != nil {
		t.Fatalf("notice of %s (%s, %s): %v", it.Slug, f, lang, err)
	}
	if f == FormatMarkdown {
		_, text := mdShape(buf.Bytes())
		return collapse(text)
	}
	return collapse(htmlText(buf.Bytes()))
}

// The EMN IES notice exported from its example record carries each fact of
// the published statement (shared/reference/statement-emn-ies-en.txt) that
// the record holds.
func TestEMNNoticeCarriesTheStatement(t *testing.T) {
	e := newExporter(t)
	reg, it := exampleItem(t, "emn-ies")
	facts := map[string][]string{
		"purposes": {
			"Provide the EMN IES service", "Verify the identity of users",
			"Manage the permissions of users", "Enable contacts between users",
		},
		"the three legal grounds": {
			"performance of a task carried out in the public interest or in the exercise of official authority vested in the Union institution or body",
			"compliance with a legal obligation to which the controller is subject",
			"the data subject has given consent to the processing of his or her personal data for one or more specific purposes",
		},
		"the Council Decision": {"Council Decision 2008/381/EC", "Article 74 of the Treaty on the Functioning of the European Union"},
		"each data category": {
			"First name, last name", "E-mail address", "Telephone number", "Work address",
			"Scanned copy of the passport identification page", "Organisation of employment and job title",
			"IP address and location", "Browser details", "Operating system",
		},
		"retention": {
			"until the user account is deleted",
			"deleted automatically once the request has been treated",
			"Commission Decision 2002/47/EC",
		},
		"the transfers under Article 50(1)(a) and (d)": {
			"Article 50(1)(a)", "Article 50(1)(d)",
			"explicitly consented to the proposed transfer",
			"important reasons of public interest",
			"third countries or international organisations",
		},
		"the right to object": {"right to object at any time, on grounds relating to your particular situation"},
		"consent withdrawal":  {"on the basis of your consent (see heading 3), you can withdraw it at any time by notifying the controller"},
		"contacts": {
			"Directorate-General for Migration and Home Affairs",
			"DATA-PROTECTION-OFFICER@ec.europa.eu",
			"edps@edps.europa.eu", "+32 2 283 19 00", "1047 Brussels",
		},
		"the reference and the date": {"DPR-EC-00932", "record reference: DPR-EC-00932", "10 July 2019"},
		"the register":               {"https://ec.europa.eu/info/about-european-commission/service-standards-and-principles/transparency/data-processing-register_en"},
	}
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		text := noticeText(t, e, reg, it, f, "en")
		for what, subs := range facts {
			for _, s := range subs {
				if !strings.Contains(text, s) {
					t.Errorf("%s notice: %s: %q is missing", f, what, s)
				}
			}
		}
	}
}

// The Dutch notice of the IMI example follows the heading structure of
// the published Dutch statement (shared/reference/statement-imi-nl.txt).
func TestIMINoticeFollowsTheDutchStatement(t *testing.T) {
	want := []string{
		"1. Inleiding",
		"2. Waarom en hoe verwerken we uw persoonsgegevens?",
		"3. Op welke rechtsgrond(en) verwerken we uw persoonsgegevens?",
		"4. Welke persoonsgegevens verzamelen en verwerken we?",
		"5. Hoe lang bewaren we uw persoonsgegevens?",
		"6. Hoe beschermen en beveiligen we uw persoonsgegevens?",
		"7. Wie heeft toegang tot uw persoonsgegevens en aan wie geven we ze door?",
		"8. Wat zijn uw rechten en hoe kunt u zich erop beroepen?",
		"9. Contactinformatie",
		"10. Waar vindt u meer informatie?",
	}
	// The headings above are the statement's, word for word, when the
	// reference is at hand (it is beside the repository, not in it).
	if data, err := os.ReadFile("../../shared/reference/statement-imi-nl.txt"); err == nil {
		for _, h := range want {
			if !bytes.Contains(data, []byte("\n"+h+"\n")) {
				t.Errorf("statement-imi-nl.txt has no heading line %q", h)
			}
		}
	}
	e := newExporter(t)
	reg, it := exampleItem(t, "imi")
	if it.Record.Language != "nl" {
		t.Fatalf("the IMI example is in %q, want nl", it.Record.Language)
	}
	var buf bytes.Buffer
	if err := e.Notice(&buf, reg, it, FormatHTML, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var h1, h2 []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "h1" || n.Data == "h2") {
			s := collapse(nodeText(n))
			if n.Data == "h1" {
				h1 = append(h1, s)
			} else if s != "Inhoud" {
				h2 = append(h2, s)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(h1) != 1 || h1[0] != "Privacyverklaring" {
		t.Errorf("h1 = %q, want [Privacyverklaring]", h1)
	}
	if !slicesEqual(h2, want) {
		t.Errorf("headings:\n got %q\nwant %q", h2, want)
	}
	text := collapse(htmlText(out))
	for _, s := range []string{"Verwerking", "Verwerkingsverantwoordelijke", "Referentie", "DPR-EC-00373", "Inhoud"} {
		if !strings.Contains(text, s) {
			t.Errorf("Dutch notice header lacks %q", s)
		}
	}
}

func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(nodeText(c))
	}
	return b.String()
}

// paragraphCase is a record and the catalog texts its notice must and
// must not show.
type paragraphCase struct {
	name    string
	edit    func(r *model.Record)
	present []string
	absent  []string
}

// Paragraphs appear only where the record makes them true, in every
// language and both formats.
func TestConditionalParagraphs(t *testing.T) {
	only := func(gs ...model.Ground) func(r *model.Record) {
		return func(r *model.Record) {
			r.LegalBasis.Grounds = gs
			r.LegalBasis.SpecialGrounds = []model.SpecialCatGround{model.SpecialHealthCare}
		}
	}
	fromSubject := func(r *model.Record) {
		for i := range r.DataCategories {
			r.DataCategories[i].Source = model.SourceDataSubject
		}
	}
	withAll := func(keys []string, more ...string) []string { return append(slices.Clone(keys), more...) }
	cases := []paragraphCase{
		{
			name:    "public task: objection, no portability, no withdrawal",
			edit:    only(model.GroundPublicTask),
			present: []string{"rights.objection", "right.objection", "right.complaint_edps", "grounds.lead_one"},
			absent:  withAll(portabilityKeys, "right.portability", "rights.withdraw", "rights.withdraw_partial", "right.withdraw_consent", "grounds.lead"),
		},
		{
			name:    "consent and automated means: portability and withdrawal, no objection",
			edit:    only(model.GroundConsent),
			present: []string{"rights.portability_consent", "right.portability", "rights.withdraw", "right.withdraw_consent", "grounds.consent"},
			absent:  withAll(otherKeys(portabilityKeys, "rights.portability_consent"), "rights.objection", "right.objection", "rights.withdraw_partial"),
		},
		{
			name: "consent on paper: no portability",
			edit: func(r *model.Record) {
				only(model.GroundConsent)(r)
				r.AutomatedMeans = false
			},
			present: []string{"rights.withdraw"},
			absent:  withAll(portabilityKeys, "right.portability"),
		},
		{
			name:    "contract and automated means: portability, no withdrawal",
			edit:    only(model.GroundContract),
			present: []string{"rights.portability_contract"},
			absent:  withAll(otherKeys(portabilityKeys, "rights.portability_contract"), "rights.withdraw", "rights.withdraw_partial", "rights.objection", "grounds.consent"),
		},
		{
			name:    "consent and contract: portability on both, for the whole processing; withdrawal where consent applies",
			edit:    only(model.GroundConsent, model.GroundContract),
			present: []string{"rights.portability", "rights.withdraw_partial", "grounds.lead"},
			absent:  withAll(otherKeys(portabilityKeys, "rights.portability"), "rights.withdraw", "grounds.lead_one"),
		},
		{
			name:    "consent beside a public task: withdrawal and portability where consent applies",
			edit:    only(model.GroundPublicTask, model.GroundConsent),
			present: []string{"rights.withdraw_partial", "rights.portability_partial_consent", "rights.objection"},
			absent:  withAll(otherKeys(portabilityKeys, "rights.portability_partial_consent"), "rights.withdraw"),
		},
		{
			name:    "contract beside a legal obligation: portability for the contract's data only",
			edit:    only(model.GroundLegalObligation, model.GroundContract),
			present: []string{"rights.portability_partial_contract"},
			absent:  withAll(otherKeys(portabilityKeys, "rights.portability_partial_contract"), "rights.withdraw", "rights.withdraw_partial", "rights.objection"),
		},
		{
			name: "explicit consent to special data beside a public task: portability of those data only",
			edit: func(r *model.Record) {
				r.LegalBasis.Grounds = []model.Ground{model.GroundPublicTask}
				r.LegalBasis.SpecialGrounds = []model.SpecialCatGround{model.SpecialExplicitConsent}
			},
			present: []string{"rights.withdraw_partial", "rights.portability_partial_consent"},
			absent:  withAll(otherKeys(portabilityKeys, "rights.portability_partial_consent"), "rights.withdraw"),
		},
		{
			name:    "legal obligation: neither objection nor portability",
			edit:    only(model.GroundLegalObligation),
			absent:  withAll(portabilityKeys, "rights.objection", "rights.withdraw", "rights.withdraw_partial"),
			present: []string{"ground.legal_obligation"},
		},
		{
			name:    "data from others: the Article 16 paragraph",
			edit:    func(r *model.Record) {},
			present: []string{"data.others_lead", "source.third_party", "source.public"},
			absent:  []string{"data.from_you", "data.from_you_and_use"},
		},
		{
			name:    "data from the data subject only: no Article 16 paragraph",
			edit:    fromSubject,
			present: []string{"data.from_you"},
			absent:  []string{"data.others_lead", "source.third_party"},
		},
		{
			name: "a category of unknown source: no claim about where the data come from",
			edit: func(r *model.Record) {
				fromSubject(r)
				r.DataCategories[0].Source = ""
			},
			absent: []string{"data.from_you", "data.from_you_and_use", "data.others_lead"},
		},
		{
			name: "an Art 10(2) ground without special data: no special-categories paragraph",
			edit: func(r *model.Record) {
				r.LegalBasis.SpecialCategories = false
				for i := range r.DataCategories {
					r.DataCategories[i].Special = false
				}
			},
			absent: []string{"grounds.special"},
		},
		{
			name:    "automated decisions described",
			edit:    func(r *model.Record) {},
			present: []string{"why.automated_used", "why.automated_profiling", "why.logic", "rights.automated", "right.no_automated_decision"},
			absent:  []string{"why.automated_none"},
		},
		{
			name:    "no automated decisions: said to be absent",
			edit:    func(r *model.Record) { r.AutomatedDecisions = model.AutomatedDecisions{} },
			present: []string{"why.automated_none"},
			absent:  []string{"why.automated_used", "rights.automated", "right.no_automated_decision"},
		},
		{
			name:    "restrictions, neutrally introduced",
			edit:    func(r *model.Record) {},
			present: []string{"rights.restrictions"},
			absent:  []string{"rights.restricted"},
		},
		{
			name:    "restrictions without a text: no lead-in ending in a colon",
			edit:    func(r *model.Record) { r.Restrictions.Rules = "" },
			present: []string{"rights.restricted"},
			absent:  []string{"rights.restrictions"},
		},
		{
			name:   "no restrictions",
			edit:   func(r *model.Record) { r.Restrictions = model.Restrictions{} },
			absent: []string{"rights.restrictions"},
		},
		{
			name:    "transfers",
			edit:    func(r *model.Record) {},
			present: []string{"access.transfers", "mechanism.adequacy", "mechanism.public_interest"},
			absent:  []string{"access.no_transfers"},
		},
		{
			name: "no transfers and no recipient abroad",
			edit: func(r *model.Record) {
				r.Transfers = nil
				r.Recipients = r.Recipients[:3]
			},
			present: []string{"access.no_transfers"},
			absent:  []string{"access.transfers"},
		},
		{
			name:    "internal recipients only: no notification of recipients",
			edit:    func(r *model.Record) { r.Recipients = r.Recipients[:1]; r.Transfers = nil },
			present: []string{"access.recipients"},
			absent:  []string{"right.notification"},
		},
		{
			name:    "no recipients",
			edit:    func(r *model.Record) { r.Recipients = nil; r.Transfers = nil },
			present: []string{"access.no_recipients"},
		},
	}
	checkParagraphs(t, cases)
}

// portabilityKeys are the portability sentences, one of which at most a
// notice holds.
var portabilityKeys = []string{
	"rights.portability", "rights.portability_consent", "rights.portability_contract",
	"rights.portability_partial", "rights.portability_partial_consent", "rights.portability_partial_contract",
}

// otherKeys is keys without the one.
func otherKeys(keys []string, one string) []string {
	return slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == one })
}

// checkParagraphs renders each case's edited fullRecord in every language
// and format and checks the catalog texts it must and must not show.
func checkParagraphs(t *testing.T, cases []paragraphCase) {
	t.Helper()
	e := newExporter(t)
	reg := fullRegister()
	for _, c := range cases {
		r := fullRecord()
		c.edit(r)
		it := Item{Slug: "case", Record: r}
		for _, lang := range languages {
			cat, _ := catalogFor(lang)
			for _, f := range []Format{FormatHTML, FormatMarkdown} {
				text := noticeText(t, e, reg, it, f, lang)
				for _, k := range c.present {
					if !strings.Contains(text, collapse(cat.text[k])) {
						t.Errorf("%s (%s, %s): %s is missing: %q", c.name, lang, f, k, cat.text[k])
					}
				}
				for _, k := range c.absent {
					if slices.ContainsFunc(c.present, func(p string) bool { return cat.text[p] == cat.text[k] }) {
						continue // one wording for both in this language (German's "weil:")
					}
					if strings.Contains(text, collapse(cat.text[k])) {
						t.Errorf("%s (%s, %s): %s must not appear", c.name, lang, f, k)
					}
				}
			}
		}
	}
}

// The portability paragraph and the right in the list both use the word,
// so its absence under a public task can be checked in plain English too.
func TestNoPortabilityUnderPublicTask(t *testing.T) {
	e := newExporter(t)
	r := fullRecord()
	r.LegalBasis.Grounds = []model.Ground{model.GroundPublicTask}
	r.LegalBasis.SpecialGrounds = nil
	text := noticeText(t, e, fullRegister(), Item{Slug: "x", Record: r}, FormatHTML, "en")
	if strings.Contains(strings.ToLower(text), "portability") {
		t.Error("a public-task notice mentions portability")
	}
	if !strings.Contains(text, "right to object") {
		t.Error("a public-task notice lacks the right to object")
	}
}

// The record's text stays in its language; the fixed text follows the
// language asked, else the record's.
func TestNoticeLanguages(t *testing.T) {
	e := newExporter(t)
	reg, it := exampleItem(t, "emn-ies")
	want := map[string]string{
		"en": "Why and how do we process your personal data?",
		"fr": "Pourquoi et comment traitons-nous vos données à caractère personnel\u00a0?",
		"de": "Warum und wie verarbeiten wir Ihre personenbezogenen Daten?",
		"nl": "Waarom en hoe verwerken we uw persoonsgegevens?",
	}
	for lang, heading := range want {
		var buf bytes.Buffer
		if err := e.Notice(&buf, reg, it, FormatHTML, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.Contains(out, `<html lang="`+lang+`">`) {
			t.Errorf("%s: no <html lang=%q>", lang, lang)
		}
		if !strings.Contains(out, heading) {
			t.Errorf("%s: heading %q missing", lang, heading)
		}
		if !strings.Contains(out, "Verify the identity of users") {
			t.Errorf("%s: the record's own text is missing", lang)
		}
		if lang != "en" && !strings.Contains(out, `<p lang="en">`) {
			t.Errorf("%s: the record's English paragraphs are not marked lang=\"en\"", lang)
		}
	}
	var buf bytes.Buffer
	if err := e.Notice(&buf, reg, it, FormatHTML, Options{Lang: "it"}); err == nil || !strings.Contains(err.Error(), "en, fr, de, nl") {
		t.Errorf("unsupported language: err = %v, want the list of languages", err)
	}
}

// Only a published record's notice calls its reference a register
// reference; an approved or retired one says it is not published.
func TestReferenceSaysWhetherPublished(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	for _, c := range []struct {
		status      model.Status
		key, absent string
	}{
		{model.StatusPublished, "more.reference", "more.reference_pending"},
		{model.StatusApproved, "more.reference_pending", "more.reference"},
		{model.StatusRetired, "more.reference_pending", "more.reference"},
	} {
		r := fullRecord()
		r.Status = c.status
		for _, lang := range languages {
			cat, _ := catalogFor(lang)
			want := collapse(strings.ReplaceAll(cat.text[c.key], "{ref}", r.Reference))
			not := collapse(strings.ReplaceAll(cat.text[c.absent], "{ref}", r.Reference))
			for _, f := range []Format{FormatHTML, FormatMarkdown} {
				text := noticeText(t, e, reg, Item{Slug: "case", Record: r}, f, lang)
				if !strings.Contains(text, want) || strings.Contains(text, not) {
					t.Errorf("%s record (%s, %s): want %q, not %q", c.status, lang, f, want, not)
				}
			}
		}
	}
}

// The register entry says "No transfers." only when nothing needs one: a
// recipient in a third country without a transfer is a gap, not an absence.
func TestEntryNoTransfersOnlyWhenTrue(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	r := fullRecord()
	r.Transfers = nil // its recipients include some abroad
	for _, lang := range languages {
		cat, _ := catalogFor(lang)
		none := collapse(cat.text["entry.no_transfers"])
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			var buf bytes.Buffer
			if err := e.Entry(&buf, reg, Item{Slug: "case", Record: r}, f, Options{Lang: lang}); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(collapse(string(buf.Bytes())), none) {
				t.Errorf("entry (%s, %s) says %q although a recipient is abroad", lang, f, none)
			}
		}
	}
}
