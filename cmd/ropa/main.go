// Command ropa writes, checks and publishes records of processing
// activities under Article 31 of Regulation (EU) 2018/1725.
//
// This package holds flags and subcommands only; the work is done by the
// packages model, records, export and tui.
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	cmd := newRootCmd(os.Stdin, os.Stdout, os.Stderr)
	err := cmd.Execute()
	if err == nil {
		return
	}
	var exit exitError
	if errors.As(err, &exit) {
		if exit.msg != "" {
			fmt.Fprintln(os.Stderr, exit.msg)
		}
		os.Exit(exit.code)
	}
	fmt.Fprintln(os.Stderr, "ropa:", err)
	os.Exit(2)
}

// exitError ends the program with a status code, for results that are not
// failures of ropa itself (lint found errors, fmt --check found files).
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	return fmt.Sprintf("exit status %d", e.code)
}
