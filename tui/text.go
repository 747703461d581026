package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// formatCount writes a count with thousands separators: 10,000.
func formatCount(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + formatCount(-n)
	}
	var sb strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			sb.WriteByte(',')
		}
		sb.WriteRune(c)
	}
	return sb.String()
}

// plural writes "1 record" or "3,200 records".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return formatCount(n) + " " + many
}

// spread puts left and right on one line of the given width, truncating
// the left part first.
func spread(left, right string, width int) string {
	rw := ansi.StringWidth(right)
	if rw >= width {
		return ansi.Truncate(right, width, "…")
	}
	gap := 2
	left = ansi.Truncate(left, max(0, width-rw-gap), "…")
	fill := width - ansi.StringWidth(left) - rw
	return left + strings.Repeat(" ", max(gap, fill)) + right
}

// lipglossHeight counts the lines of a rendered block.
func lipglossHeight(s string) int {
	return strings.Count(s, "\n") + 1
}

// fitHeight cuts or pads a block to exactly height lines, and every line to
// at most width cells, so that the status and help lines keep their place.
func fitHeight(s string, height, width int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "")
		}
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// wrapLines wraps text at width into at most maxLines lines; when text
// does not fit, the last line ends with tail ("…"). Empty text is one empty
// line.
func wrapLines(text string, width, maxLines int, tail string) []string {
	width = max(width, 1)
	lines := strings.Split(ansi.Wrap(text, width, ""), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	if len(lines) > maxLines {
		if ansi.StringWidth(tail) >= width {
			tail = "…"
		}
		rest := strings.Join(lines[maxLines-1:], " ")
		lines = append(lines[:maxLines-1], ansi.Truncate(rest, width-ansi.StringWidth(tail), "")+tail)
	}
	return lines
}
