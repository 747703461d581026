package records

import "strings"

// FieldLines maps the TOML path of every key, table header and list item
// of a record file ("title", "controller", "data_categories[1]",
// "data_categories[1].retention", "purposes[0]") to its 1-based line, for
// pointing annotations at the right line.
func FieldLines(data []byte) map[string]int {
	keys := map[string]position{}
	scanTOML(data, keys)
	lines := make(map[string]int, len(keys))
	for p, pos := range keys {
		lines[p] = pos.line
	}
	return lines
}

// LineOf returns the line of a field, or of the nearest enclosing table or
// item when the field itself is absent (a missing value has no line), or
// 1 when nothing of it is in the file.
func LineOf(lines map[string]int, field string) int {
	for p := field; p != ""; {
		if line, ok := lines[p]; ok {
			return line
		}
		cut := max(strings.LastIndexByte(p, '.'), strings.LastIndexByte(p, '['))
		if cut < 0 {
			break
		}
		p = p[:cut]
	}
	return 1
}
