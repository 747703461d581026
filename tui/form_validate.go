package tui

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/eu-ropa/ropa/records"
)

// Inline checks of the answers: huh shows the message under the form and
// keeps focus on the question until it is fixed. The full checks (lint)
// run on the review step.

// required refuses an empty answer.
func required(what string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("%s is required", what)
		}
		return nil
	}
}

// checkEmail accepts an empty answer or one bare address, as lint does:
// no display name, no brackets, a domain with a dot.
func checkEmail(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	bad := fmt.Errorf("%q is not an e-mail address: write one address, like unit-mailbox@ec.europa.eu", s)
	if strings.ContainsAny(s, " \t<>") {
		return bad
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return bad
	}
	domain := s[strings.LastIndexByte(s, '@')+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return bad
	}
	return nil
}

// checkReference accepts an empty reference (the DPO assigns it), or one
// in the register's format that no other record uses.
func (f *Form) checkReference(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if err := records.CheckReference(s); err != nil {
		return err
	}
	reg := f.opts.Register
	if p := reg.ReferencePrefix; p != "" {
		digits, ok := strings.CutPrefix(s, p)
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" ||
			(reg.ReferenceDigits > 0 && len(digits) != reg.ReferenceDigits) {
			return fmt.Errorf("%q does not follow the register's format: write it like %s", s, f.referenceExample())
		}
	}
	if f.opts.References != nil {
		if slug, ok := f.opts.References(s); ok && slug != f.opts.Slug {
			return fmt.Errorf("%s is already the reference of records/%s.toml: each record needs its own", s, slug)
		}
	}
	return nil
}
