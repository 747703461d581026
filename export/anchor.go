package export

import (
	"strings"
	"unicode"
)

// githubSlug is the id GitHub gives a Markdown heading whose text (as
// rendered, escapes resolved) is s: every character but letters, marks,
// decimal and letter numbers, connector punctuation ("_"), "-" and the
// space removed, lower case, spaces as hyphens. GitLab makes the same id
// unless the result holds "--" (GitLab squeezes hyphens) or is digits only
// (GitLab puts "anchor-" before it): gitlabSlug says which.
func githubSlug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || unicode.In(r, unicode.L, unicode.M, unicode.Nd, unicode.Nl, unicode.Pc):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// gitlabSlug is GitLab's id for the same heading: the text trimmed, the
// same characters removed, runs of hyphens squeezed to one, and "anchor-"
// before an id of digits only.
func gitlabSlug(s string) string {
	slug := githubSlug(strings.TrimSpace(s))
	for strings.Contains(slug, "--") {
		slug = strings.ReplaceAll(slug, "--", "-")
	}
	if slug != "" && strings.Trim(slug, "0123456789") == "" {
		slug = "anchor-" + slug
	}
	return slug
}
