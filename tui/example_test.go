package tui

import (
	"testing"

	"github.com/eu-ropa/ropa/example"
)

// writeExample writes the embedded example register into dir.
func writeExample(t *testing.T, dir string) {
	t.Helper()
	if err := example.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
}
