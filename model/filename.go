package model

import (
	"fmt"
	"path"
	"strings"
)

// A record's file is records/<name>.toml, and <name> names the pages of
// the record in an exported site (<lang>/notices/<name>.html): a file
// whose name cannot name a page is reported by lint, and the export of a
// site refuses the record until the file is renamed. (records.CheckSlug,
// which new files pass, is stricter: it also wants hyphens between words.)

// CheckFileName rejects a name that cannot safely name a file of an
// exported site: empty, longer than 200 bytes, or holding anything but
// lower-case ASCII letters, digits, '-', '_' and '.' (not first, and no
// "..").
func CheckFileName(name string) error {
	if name == "" {
		return fmt.Errorf("%q: empty", name)
	}
	if len(name) > 200 {
		return fmt.Errorf("%.20q…: longer than 200 characters", name)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' && i > 0) {
			return fmt.Errorf("%q: only lower-case letters, digits, '-', '_' and '.' (not first) may name a file", name)
		}
	}
	if strings.Contains(name, "..") {
		return fmt.Errorf("%q: contains \"..\"", name)
	}
	return nil
}

// recordFileName returns the <name> of "records/<name>.toml", or false for
// a name given to LintRegister that is not a record file's path.
func recordFileName(rec string) (string, bool) {
	dir, file := path.Split(rec)
	name, ok := strings.CutSuffix(file, ".toml")
	return name, ok && dir == "records/" && name != ""
}

// FileNameFindings reports each record whose file name cannot name its
// pages (CheckFileName), with a name to rename the file to that no other
// record's file has. LintRegister reports them with the other findings.
func FileNameFindings(recs []NamedRecord) []Finding {
	var fs []Finding
	var taken map[string]bool
	for _, nr := range recs {
		name, ok := recordFileName(nr.Name)
		if !ok || nr.Record == nil || CheckFileName(name) == nil {
			continue
		}
		if taken == nil {
			taken = map[string]bool{}
			for _, other := range recs {
				if n, ok := recordFileName(other.Name); ok {
					taken[n] = true
				}
			}
		}
		to := "records/" + fileNameFor(name, taken) + ".toml"
		fs = append(fs, Finding{
			Record:    nr.Name,
			Reference: nr.Record.Reference,
			Severity:  SeverityError,
			Message: fmt.Sprintf("The file name %q cannot name the pages of the record in the exported site (en/notices/<name>.html): "+
				"only lower-case letters, digits, '-', '_' and '.' can. The export of the site refuses the record until the file is renamed.", name),
			Fix: fmt.Sprintf("Rename the file to %s: git mv %s %s (Git keeps its history; for a file Git does not track yet, mv instead of git mv).", to, shellQuote(nr.Name), to),
		})
	}
	return fs
}

// fileNameFor makes a file name from a name that cannot be one, as
// records.SlugFor names new files (SlugFor), and "-2", "-3"… while taken
// has it (taken gets the result).
func fileNameFor(name string, taken map[string]bool) string {
	out := SlugFor(name, func(s string) bool { return CheckFileName(s) == nil && !taken[s] })
	taken[out] = true
	return out
}

// shellQuote quotes a path for a POSIX shell when it needs it.
func shellQuote(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
