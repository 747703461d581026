// Package markdown escapes text for Markdown documents, so that no
// character of it can open a Markdown or HTML structure.
package markdown

import "strings"

// cellEscaper keeps user text from turning into Markdown or HTML in a table.
var cellEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "|", `\|`, "\r", "", "\n", "<br>",
)

// Cell escapes text for a table cell (or any inline place that must stay
// on one line): line breaks become <br>.
func Cell(s string) string { return cellEscaper.Replace(s) }
