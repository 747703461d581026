package tui

import (
	"strings"
	"testing"
)

// The addresses in a record's text, autolinks in the export, show once in
// the preview, with colours and without.
func TestPreviewShowsAutolinks(t *testing.T) {
	md := "Write to <HOME-FORUM@ec.europa.eu> or see <https://ec.europa.eu/info/register_en*x> (the register).\n\n" +
		"Not a link: \\<https://evil.example>"
	if got := autolinksAsLinks(md); !strings.Contains(got, "[https://ec.europa.eu/info/register_en\\*x](<https://ec.europa.eu/info/register_en*x>)") ||
		!strings.Contains(got, "<HOME-FORUM@ec.europa.eu>") || !strings.Contains(got, "\\<https://evil.example>") {
		t.Errorf("autolinksAsLinks:\n%s", got)
	}
	for _, look := range []previewLook{lookPlain, lookDark, lookLight} {
		out, err := renderMarkdown(md, 100, look)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(plain(out)), " ")
		for addr, want := range map[string]int{"https://ec.europa.eu/info/register_en*x": 1, "HOME-FORUM@ec.europa.eu": 1, "mailto:": 0} {
			if got := strings.Count(text, addr); got != want {
				t.Errorf("look %d: %q shows %d times, want %d:\n%s", look, addr, got, want, text)
			}
		}
		if !strings.Contains(text, "see https://ec.europa.eu/info/register_en*x (the register)") {
			t.Errorf("look %d: the address is not in its sentence:\n%s", look, text)
		}
	}
}
