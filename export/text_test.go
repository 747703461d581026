package export

import (
	"testing"
	"unicode/utf8"
)

// clean's shortcut (isClean) returns a text as it is only when the long
// way would give the same text.
func FuzzClean(f *testing.F) {
	for _, s := range append(hostile, "", "plain", "é ü – 中文", "a\r\nb\rc", "\x80\xff", "\u0085\u2028\u2029\ufdd0\uffff\U0010fffe", "\ufffd", "\x7f\x1b") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := clean(s), rebuildClean(s)
		if got != want {
			t.Fatalf("clean(%q) = %q, the long way %q", s, got, want)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("clean(%q) = %q: invalid UTF-8", s, got)
		}
	})
}
