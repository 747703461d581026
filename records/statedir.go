package records

import (
	"fmt"
	"os"
	"path/filepath"
)

// IgnoreStateDir creates <root>/.ropa/ with a .gitignore that keeps it out
// of Git, for whatever ropa keeps there (drafts, exports from the terminal
// program).
func IgnoreStateDir(root string) error {
	dir := filepath.Join(root, stateDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	if err := ignoreStateDir(root); err != nil {
		return fmt.Errorf("keep %s out of Git: %w", dir, err)
	}
	return nil
}
