//go:build unix

package export

import (
	"context"
	"syscall"
	"testing"
)

// Pages are readable by everyone (0644) whatever the umask.
func TestSiteModeWithRestrictiveUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	reg, items := loadExample(t)
	out := t.TempDir()
	if _, err := Site(context.Background(), reg, items, SiteOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	siteFiles(t, out) // fails on a mode other than 0644
}
