// Package e2e holds the end-to-end tests of ropa: they build the binary
// and drive it in tmux as a person would (type, read the screen, check the
// files written). The tests are in package e2e_test; this file only gives
// the folder a package so that `go build ./...` and `go vet ./...` see it.
package e2e
