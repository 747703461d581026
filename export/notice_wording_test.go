package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
	"golang.org/x/net/html"
)

// A notice of a record with consent as one ground among others never
// says that the data subject has consented to the whole processing, and
// never names a contract the record does not have (review A1).
func TestConsentAmongOtherGroundsIsNotClaimedForAll(t *testing.T) {
	e := newExporter(t)
	reg, it := exampleItem(t, "eu4health-evaluation-survey") // public task and consent
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		text := noticeText(t, e, reg, it, f, "en")
		for _, bad := range []string{
			"You have consented to the processing of your personal data for this processing operation",
			"or on a contract",
			"Because the processing is based on your consent",
		} {
			if strings.Contains(text, bad) {
				t.Errorf("%s: says %q", f, bad)
			}
		}
		for _, good := range []string{
			"Where we process your personal data on the basis of your consent (see heading 3), you can withdraw it",
			"For the personal data you have provided to us on the basis of your consent and that are processed by automated means",
		} {
			if !strings.Contains(text, good) {
				t.Errorf("%s: lacks %q", f, good)
			}
		}
	}
}

// Article 48 safeguards come with the means to obtain a copy; a transfer
// on explicit consent alone states the risks of Article 50(1)(a); a text
// beside derogations or an adequacy decision is not called "Safeguards"
// (review A3).
func TestTransferWording(t *testing.T) {
	oneTransfer := func(mechs ...model.Mechanism) func(r *model.Record) {
		return func(r *model.Record) {
			r.Transfers = r.Transfers[:1]
			r.Transfers[0].Mechanisms = mechs
		}
	}
	checkParagraphs(t, []paragraphCase{
		{
			name:    "standard clauses: safeguards and a copy",
			edit:    oneTransfer(model.MechCommissionClauses),
			present: []string{"access.safeguards", "access.copy", "mechanism.commission_clauses"},
			absent:  []string{"access.details", "access.risks"},
		},
		{
			name:    "explicit consent alone: the risks, and details rather than safeguards",
			edit:    oneTransfer(model.MechExplicitConsent),
			present: []string{"access.risks", "access.details"},
			absent:  []string{"access.safeguards", "access.copy"},
		},
		{
			name:    "explicit consent and public interest: the risks",
			edit:    oneTransfer(model.MechExplicitConsent, model.MechPublicInterest),
			present: []string{"access.risks", "access.details"},
			absent:  []string{"access.safeguards", "access.copy"},
		},
		{
			name:    "adequacy: details, no copy, no risks",
			edit:    oneTransfer(model.MechAdequacy),
			present: []string{"access.details"},
			absent:  []string{"access.safeguards", "access.copy", "access.risks"},
		},
		{
			name:    "explicit consent beside clauses: no risks to state",
			edit:    oneTransfer(model.MechCommissionClauses, model.MechExplicitConsent),
			present: []string{"access.safeguards", "access.copy"},
			absent:  []string{"access.risks", "access.details"},
		},
	})
}

// Whether the data must be provided matches the categories marked as
// required (review C4).
func TestProvisionWording(t *testing.T) {
	provision := func(obliged, mandatory bool) func(r *model.Record) {
		return func(r *model.Record) {
			r.Provision.Obliged = obliged
			for i := range r.DataCategories {
				r.DataCategories[i].Mandatory = false
			}
			r.DataCategories[0].Mandatory = mandatory
		}
	}
	checkParagraphs(t, []paragraphCase{
		{
			name:    "obliged, some required",
			edit:    provision(true, true),
			present: []string{"data.obliged", "data.mandatory"},
			absent:  []string{"data.obliged_all", "data.not_obliged"},
		},
		{
			name:    "obliged, none marked",
			edit:    provision(true, false),
			present: []string{"data.obliged_all"},
			absent:  []string{"data.obliged", "data.not_obliged"},
		},
		{
			name:    "not obliged, some required: what the required data are needed for",
			edit:    provision(false, true),
			present: []string{"data.not_obliged_required"},
			absent:  []string{"data.obliged"},
		},
		{
			name:    "not obliged, none required",
			edit:    provision(false, false),
			present: []string{"data.not_obliged"},
			absent:  []string{"data.not_obliged_required", "data.obliged"},
		},
	})
}

// One joint controller, one legal ground: singular wording; several:
// plural (review C5, C6).
func TestSingularAndPlural(t *testing.T) {
	checkParagraphs(t, []paragraphCase{
		{
			name:    "one joint controller, one ground",
			edit:    func(r *model.Record) { r.LegalBasis.Grounds = r.LegalBasis.Grounds[:1] },
			present: []string{"why.joint_one", "contact.joint_h_one", "grounds.lead_one"},
			absent:  []string{"why.joint", "contact.joint_h"},
		},
		{
			name: "two joint controllers, several grounds",
			edit: func(r *model.Record) {
				r.JointControllers = append(r.JointControllers, model.JointController{Name: "Third Agency"})
			},
			present: []string{"why.joint", "contact.joint_h", "grounds.lead"},
			absent:  []string{"why.joint_one"},
		},
	})
}

// The lists that continue a lead sentence end their items with ";" and
// the last with "."; the lead names the Regulation even when the one
// ground is not point (a) (review A5).
func TestLegalBasisList(t *testing.T) {
	e := newExporter(t)
	r := fullRecord()
	r.LegalBasis.Grounds = []model.Ground{model.GroundLegalObligation}
	text := noticeText(t, e, fullRegister(), Item{Slug: "x", Record: r}, FormatMarkdown, "en")
	for _, want := range []string{
		"on the following ground of Article 5(1) of Regulation (EU) 2018/1725: processing is necessary for compliance with a legal obligation to which the controller is subject (Article 5(1)(b)).",
		"(Article 10(2)(a)); the processing is necessary for preventive",
		"(Article 10(2)(h)). Health data",
		"(Article 63).",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q", want)
		}
	}
	if strings.Contains(text, "(Article 10(2)(h));") || strings.Contains(text, "(Article 5(1)(b));") {
		t.Error("a list's last item ends with \";\"")
	}
	// French: the narrow space before the semicolon, a full stop at the end.
	r.LegalBasis.Grounds = []model.Ground{model.GroundPublicTask, model.GroundConsent}
	fr := noticeText(t, e, fullRegister(), Item{Slug: "x", Record: r}, FormatHTML, "fr")
	if !strings.Contains(fr, "point a)) ; la personne concernée") || !strings.Contains(fr, "point d)).") {
		t.Errorf("French grounds list punctuation is wrong:\n%s", fr)
	}
}

// Sources: what the system records is listed with the other sources when
// there are any; a source's detail is not a bracket inside a sentence
// (review D6). A recipient's kind that repeats its name is left out (C6).
func TestSourcesAndRecipients(t *testing.T) {
	e := newExporter(t)
	r := fullRecord()
	r.Recipients = append(r.Recipients, model.Recipient{Name: "Öffentlichkeit", Kind: model.RecipientPublic})
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		en := strings.ReplaceAll(noticeText(t, e, fullRegister(), Item{Slug: "x", Record: r}, f, "en"), " :", ":")
		if !strings.Contains(en, "Logs: recorded by the system when you use it") {
			t.Errorf("%s: the generated source is not listed with the others", f)
		}
		if strings.Contains(en, "(The medical service)") || !strings.Contains(en, "from another person or body The medical service") {
			t.Errorf("%s: the source detail is not on a line of its own", f)
		}
		de := noticeText(t, e, fullRegister(), Item{Slug: "x", Record: r}, f, "de")
		if strings.Contains(de, "Öffentlichkeit (die Öffentlichkeit)") || !strings.Contains(de, "Everyone (die Öffentlichkeit)") {
			t.Errorf("%s: a kind that repeats the name is shown, or one that does not is left out", f)
		}
	}
}

// Countries given as codes are named in the reader's language (review B2).
func TestNoticeNamesCountries(t *testing.T) {
	e := newExporter(t)
	reg, it := exampleItem(t, "eu4health-evaluation-survey")
	for lang, want := range map[string][]string{
		"en": {"(a recipient in a third country: United States)", "(India)"},
		"fr": {"(un destinataire dans un pays tiers : États-Unis)", "(Inde)"}, // the no-break spaces collapsed
		"de": {"(ein Empfänger in einem Drittland: Vereinigte Staaten)", "(Indien)"},
		"nl": {"(een ontvanger in een derde land: Verenigde Staten)", "(India)"},
	} {
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			text := noticeText(t, e, reg, it, f, lang)
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s %s: lacks %q", lang, f, w)
				}
			}
			if strings.Contains(text, ": US)") || strings.Contains(text, "(IN)") {
				t.Errorf("%s %s: a country code is shown", lang, f)
			}
		}
	}
}

// Every piece of the record's own text in an HTML notice sits in an
// element whose language is the record's, when the page is in another
// language (review D1; WCAG 2.1 SC 3.1.2). The <title> is the exception:
// it ends in the page's language and cannot hold a <span>, so it keeps the
// page's (review N9).
func TestNoticeMarksTheRecordsLanguage(t *testing.T) {
	e := newExporter(t)
	r := fullRecord()
	n := 0
	fillStrings(r, func(path string) string {
		switch {
		case strings.HasSuffix(path, "Email"), strings.HasSuffix(path, "URL"), strings.HasSuffix(path, "Phone"),
			path == ".Reference", path == ".Language":
			return ""
		}
		n++
		return "Wortmarke" + itoa(n) + " text"
	})
	r.Language, r.Reference = "de", "DPR-ETA-00001"
	var buf bytes.Buffer
	if err := e.Notice(&buf, fullRegister(), Item{Slug: "x", Record: r}, FormatHTML, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	var walk func(node *html.Node, lang string)
	walk = func(node *html.Node, lang string) {
		if node.Type == html.ElementNode {
			for _, a := range node.Attr {
				if a.Key == "lang" {
					lang = a.Val
				}
			}
		}
		if node.Type == html.ElementNode && node.Data == "title" {
			return
		}
		if node.Type == html.TextNode && strings.Contains(node.Data, "Wortmarke") {
			seen++
			if lang != "de" {
				t.Errorf("%q is in an element of language %q, want de (parent <%s>)", strings.TrimSpace(node.Data), lang, node.Parent.Data)
			}
		}
		for c := node.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang)
		}
	}
	walk(doc, "")
	if seen < 30 {
		t.Errorf("only %d pieces of the record's text found: the test no longer sees the record", seen)
	}
}
