package records

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// NextReference returns the next free reference of the register: its
// reference_prefix and one more than the highest number in use with that
// prefix, zero-padded to reference_digits. It refuses while a record file
// does not parse, since its reference could be the highest.
func NextReference(reg *Register) (string, error) {
	prefix := reg.Info.ReferencePrefix
	if prefix == "" {
		return "", fmt.Errorf("register.toml sets no reference_prefix: add a line such as reference_prefix = \"DPR-EC-\" to %s/register.toml", reg.Root)
	}
	if len(reg.Errors) > 0 {
		return "", fmt.Errorf("%s does not parse, and its reference may be the highest: correct it first (%v)", reg.Errors[0].Path, reg.Errors[0])
	}
	highest := 0
	for _, f := range reg.Files {
		digits, ok := strings.CutPrefix(f.Record.Reference, prefix)
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
			continue
		}
		n, err := strconv.Atoi(digits)
		if err != nil {
			return "", fmt.Errorf("%s: reference %q: the number is too large", f.Path, f.Record.Reference)
		}
		highest = max(highest, n)
	}
	return fmt.Sprintf("%s%0*d", prefix, max(reg.Info.ReferenceDigits, 0), highest+1), nil
}

// mainBranches are the branches on which references may be assigned when
// no other is named.
var mainBranches = []string{"main", "master"}

// Assign gives f the next free reference and saves it. References are
// taken on the main branch only (mainBranch, or main or master when it is
// ""), so that two branches never take the same number; a record that
// already has one keeps it.
func Assign(reg *Register, f *File, mainBranch string) (string, error) {
	if f.Record.Reference != "" {
		return "", fmt.Errorf("%s already has the reference %s; references never change once given", f.Path, f.Record.Reference)
	}
	branch, err := CurrentBranch(reg.Root)
	if err != nil {
		return "", fmt.Errorf("assign: %w", err)
	}
	allowed := mainBranches
	if mainBranch != "" {
		allowed = []string{mainBranch}
	}
	if !slices.Contains(allowed, branch) {
		return "", fmt.Errorf("assign: the current branch is %q; references are assigned on %s only, so that two branches never take the same number: switch to it (git switch %s, git pull), or name your main branch with --branch",
			branch, strings.Join(allowed, " or "), allowed[0])
	}
	ref, err := NextReference(reg)
	if err != nil {
		return "", fmt.Errorf("assign: %w", err)
	}
	f.Record.Reference = ref
	if err := Save(reg.Root, f); err != nil {
		f.Record.Reference = ""
		return "", fmt.Errorf("assign %s to %s: %w", ref, f.Path, err)
	}
	return ref, nil
}
