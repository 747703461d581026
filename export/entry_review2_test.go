package export

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
)

// The tests of the second review's findings on the register entry, the
// index and the root page (N2, N4, N5, N15-N18).

// renderEntry renders the entry of r in lang and format f.
func renderEntry(t *testing.T, e *Exporter, reg model.Register, r *model.Record, f Format, lang string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := e.Entry(&buf, reg, Item{Slug: "op", Record: r}, f, Options{Lang: lang}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// The record says only that restrictions apply and under which rules; it
// does not say that these are internal rules under Article 25 (national
// law or the Staff Regulations may be the basis), so the entry's heading
// names no article (review N2).
func TestEntryRestrictionsHeadingNamesNoArticle(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	r := fullRecord() // restrictions apply
	want := map[string]string{"en": "Restrictions of rights", "fr": "Limitations des droits", "de": "Beschränkungen von Rechten", "nl": "Beperkingen van rechten"}
	for _, lang := range languages {
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			out := renderEntry(t, e, reg, r, f, lang)
			heading := "\n## " + want[lang] + "\n"
			if f == FormatHTML {
				heading = "<h2>" + want[lang] + "</h2>"
			}
			if !strings.Contains(out, heading) {
				t.Errorf("%s %s entry lacks the heading %q", lang, f, heading)
			}
			for _, article := range []string{"(Article 25)", "(article 25)", "(Artikel 25)"} {
				if strings.Contains(out, article) {
					t.Errorf("%s %s entry still says %q", lang, f, article)
				}
			}
		}
	}
}

// One joint controller is headed in the singular, several in the plural,
// as the notice counts them (review N4).
func TestEntryJointControllersHeadingCounts(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	one := map[string]string{"en": "Joint controller", "fr": "Responsable conjoint du traitement", "de": "Gemeinsam Verantwortlicher", "nl": "Gezamenlijke verwerkingsverantwoordelijke"}
	many := map[string]string{"en": "Joint controllers", "fr": "Responsables conjoints du traitement", "de": "Gemeinsam Verantwortliche", "nl": "Gezamenlijke verwerkingsverantwoordelijken"}
	for _, n := range []int{1, 2} {
		r := fullRecord()
		for len(r.JointControllers) < n {
			r.JointControllers = append(r.JointControllers, model.JointController{Name: "Second Agency"})
		}
		want, notWant := one, many
		if n > 1 {
			want, notWant = many, one
		}
		for _, lang := range languages {
			md := renderEntry(t, e, reg, r, FormatMarkdown, lang)
			h := renderEntry(t, e, reg, r, FormatHTML, lang)
			if !strings.Contains(md, "\n## "+want[lang]+"\n") || strings.Contains(md, "\n## "+notWant[lang]+"\n") {
				t.Errorf("%d joint controllers, %s Markdown: want the heading %q", n, lang, want[lang])
			}
			if !strings.Contains(h, "<h2>"+want[lang]+"</h2>") || strings.Contains(h, "<h2>"+notWant[lang]+"</h2>") {
				t.Errorf("%d joint controllers, %s HTML: want the heading %q", n, lang, want[lang])
			}
		}
	}
}

// The root page is for readers of every language of the site: the
// register's title and the institution's name are in each, the HTML marks
// each with its language, and a name the register does not translate is
// given once, in the register's main language (review N5).
func TestHomeTitleAndInstitutionInEveryLanguage(t *testing.T) {
	e := newExporter(t)
	cat := allCatalogs(t)
	reg := fullRegister()
	names := map[string]string{"en": "European Test Agency", "fr": "Agence européenne de test", "de": "Europäische Testagentur", "nl": "Europees Testagentschap"}
	for _, lang := range languages[1:] {
		reg.Translations = append(reg.Translations, model.RegisterTranslation{Language: lang, Name: names[lang]})
	}
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		var buf bytes.Buffer
		if err := e.renderHome(&buf, &reg, f, Options{Languages: languages}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		var titles, insts []string
		for _, lang := range languages {
			if f == FormatHTML {
				titles = append(titles, fmt.Sprintf(`<span lang="%s">%s</span>`, lang, cat[lang].text["doc.index"]))
				insts = append(insts, fmt.Sprintf(`<span lang="%s">%s</span>`, lang, names[lang]))
			} else {
				titles = append(titles, cat[lang].md["doc.index"])
				insts = append(insts, names[lang])
			}
		}
		wantTitle := "# " + strings.Join(titles, " · ") + "\n"
		wantInst := "\n" + strings.Join(insts, " · ") + "\n"
		if f == FormatHTML {
			wantTitle = "<h1>" + strings.Join(titles, " · ") + "</h1>"
			wantInst = `<p class="kicker">` + strings.Join(insts, " · ") + "</p>"
		}
		if f == FormatMarkdown && !strings.HasPrefix(out, wantTitle) {
			t.Errorf("home (md) does not start with %q:\n%s", wantTitle, out)
		}
		for _, want := range []string{wantTitle, wantInst} {
			if !strings.Contains(out, want) {
				t.Errorf("home (%s) lacks %q:\n%s", f, want, out)
			}
		}
	}

	// Without translations the one name is given once, marked as the
	// register's main language.
	plain := fullRegister()
	var buf bytes.Buffer
	if err := e.renderHome(&buf, &plain, FormatHTML, Options{Languages: []string{"fr", "en", "de"}}); err != nil {
		t.Fatal(err)
	}
	if want := `<p class="kicker"><span lang="en">European Test Agency</span></p>`; !strings.Contains(buf.String(), want) {
		t.Errorf("home without translations lacks %q:\n%s", want, buf.String())
	}
}

// The Markdown index names the institution under its heading, as the HTML
// index and the root page do, and each notice link names its record
// (review N15); the HTML index hides the record's name in the notice link
// with a class, not an inline style a Content-Security-Policy would block
// (review N17); the Dutch lead agrees with "verwerking" (review N16).
func TestIndexInstitutionAndNoticeLinkNames(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	r := fullRecord()
	r.Kind = model.KindController
	r.Language = ""
	items := []Item{{Slug: "op", Record: r}}
	cat := allCatalogs(t)
	for _, lang := range languages {
		var md, h bytes.Buffer
		if err := e.Index(&md, reg, items, FormatMarkdown, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		if err := e.Index(&h, reg, items, FormatHTML, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		if want := "# " + cat[lang].md["doc.index"] + "\n\nEuropean Test Agency\n\n"; !strings.HasPrefix(md.String(), want) {
			t.Errorf("%s Markdown index does not start with %q:\n%s", lang, want, md.String())
		}
		link := "([" + cat[lang].md["doc.to_notice"] + cat[lang].md["doc.colon"] + "Full test operation](notices/op.md))"
		if !strings.Contains(md.String(), link) {
			t.Errorf("%s Markdown index lacks the named notice link %q:\n%s", lang, link, md.String())
		}
		if !strings.Contains(h.String(), `<span class="visually-hidden">`) || strings.Contains(h.String(), ` style="`) {
			t.Errorf("%s HTML index: the notice link's hidden name has no class or an inline style", lang)
		}
	}
	var nl bytes.Buffer
	if err := e.Index(&nl, reg, items, FormatMarkdown, Options{Lang: "nl"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(nl.String(), "elk met de bijbehorende registervermelding en privacyverklaring.") || strings.Contains(nl.String(), "elk met zijn") {
		t.Errorf("the Dutch index lead:\n%s", nl.String())
	}
}

// The index row of a record kept as processor names the controllers served
// without brackets of its own around them, so that their names' brackets
// ("… (REA)") are the only ones; the Markdown row adds none either
// (review N18).
func TestIndexProcessorRowBrackets(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	r := fullRecord() // kind = "processor"
	r.ProcessingOnBehalf = []model.ServedController{
		{Controller: "European Research Executive Agency (REA)"},
		{Controller: "European Research Council Executive Agency (ERCEA)"},
	}
	want := map[string]string{
		"en": "Processed on behalf of: European Research Executive Agency (REA); European Research Council Executive Agency (ERCEA). See their data protection notices.",
		"fr": "Traitement effectué pour le compte de\u00a0: European Research Executive Agency (REA)\u00a0; European Research Council Executive Agency (ERCEA). Voir leurs déclarations relatives à la protection des données.",
		"de": "Verarbeitung im Auftrag von: European Research Executive Agency (REA); European Research Council Executive Agency (ERCEA). Es gelten die Datenschutzerklärungen dieser Verantwortlichen.",
		"nl": "Verwerking namens: European Research Executive Agency (REA); European Research Council Executive Agency (ERCEA). Zie de privacyverklaringen van die verwerkingsverantwoordelijken.",
	}
	for _, lang := range languages {
		for _, f := range []Format{FormatHTML, FormatMarkdown} {
			var buf bytes.Buffer
			if err := e.Index(&buf, reg, []Item{{Slug: "proc", Record: r}}, f, Options{Lang: lang}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if !strings.Contains(out, want[lang]) {
				t.Errorf("%s %s index lacks %q:\n%s", lang, f, want[lang], out)
			}
			if strings.Contains(out, "("+want[lang]) || strings.Contains(out, "(ERCEA))") {
				t.Errorf("%s %s index puts the sentence in brackets:\n%s", lang, f, out)
			}
		}
	}
}

// The German fixed text calls the EU body „Organ“ throughout, as the
// Regulation and the rest of the German documents do, also in the entry
// of a record kept as processor (review N18).
func TestGermanProcessorEntrySaysOrgan(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	r := fullRecord() // kind = "processor"
	r.LegalBasis = model.LegalBasis{}
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		out := renderEntry(t, e, reg, r, f, "de")
		for _, want := range []string{"Als Auftragsverarbeiter verarbeitet das Organ die Daten", "in dessen Auftrag es handelt", "Das Organ führt diesen Verarbeitungsvorgang"} {
			if !strings.Contains(out, want) {
				t.Errorf("German %s processor entry lacks %q", f, want)
			}
		}
		if strings.Contains(out, "Institution") {
			t.Errorf("German %s processor entry says „Institution“", f)
		}
	}
	de := allCatalogs(t)["de"]
	for key, text := range de.text {
		if strings.Contains(text, "Institution") {
			t.Errorf("de.toml %s says „Institution“: %q", key, text)
		}
	}
}
