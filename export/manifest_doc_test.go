package export

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The manifest says, right under its header, what it holds and how to
// keep it off a web server, for whoever finds it in the published folder.
func TestManifestSaysHowToExcludeIt(t *testing.T) {
	reg, items := loadExample(t)
	dir := t.TempDir()
	if _, err := Site(context.Background(), reg, items, SiteOptions{Out: dir, Formats: []Format{FormatHTML}}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if lines[0] != manifestHeader {
		t.Fatalf("first line %q, want %q", lines[0], manifestHeader)
	}
	var comment strings.Builder
	for _, l := range lines[1:] {
		text, ok := strings.CutPrefix(l, "# ")
		if !ok {
			break
		}
		comment.WriteString(text + " ")
	}
	for _, want := range []string{"by name, and nothing else", "rsync --exclude=.ropa-manifest", "dotfiles"} {
		if !strings.Contains(comment.String(), want) {
			t.Errorf("the manifest's comment lacks %q:\n%s", want, comment.String())
		}
	}
	if files := readManifest(dir); len(files) == 0 || strings.HasPrefix(files[0], "#") {
		t.Errorf("readManifest after the comment: %v", files)
	}
}
