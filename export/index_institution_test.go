package export

import (
	"bytes"
	"strings"
	"testing"
)

// TestIndexNamesTheInstitutionInItsLanguage: a row whose controller is the
// register's own institution names it in the index's language, as the
// notice does, and marks only the unit with the record's language.
func TestIndexNamesTheInstitutionInItsLanguage(t *testing.T) {
	reg, items := loadExample(t)
	e := newExporter(t)
	render := func(f Format, lang string) string {
		var buf bytes.Buffer
		if err := e.Index(&buf, reg, items, f, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	fr := render(FormatHTML, "fr")
	if !strings.Contains(fr, `<td>Commission européenne, <span lang="nl">Directoraat-generaal Interne Markt`) {
		t.Error("the French index does not name the Commission in French beside the Dutch unit of the IMI record")
	}
	for _, other := range []string{"Europese Commissie", "European Commission", "Europäische Kommission"} {
		if strings.Contains(fr, "<td>"+other) || strings.Contains(fr, `">`+other+",") {
			t.Errorf("the French index names the institution %q", other)
		}
	}
	if en := render(FormatMarkdown, "en"); !strings.Contains(en, "| European Commission, Directoraat-generaal Interne Markt") {
		t.Error("the English Markdown index does not name the Commission in English in the IMI row")
	}
}
