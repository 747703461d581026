package main

import (
	"path/filepath"
	"testing"

	"github.com/eu-ropa/ropa/records"
)

// TestInitTranslatesTheStandardNames: a register in several languages gets
// the EDPS's and the DPO's default names in each, so that only the
// institution's own name is left to translate.
func TestInitTranslatesTheStandardNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reg")
	if _, stderr, err := run(t, "", "init", "--name", "European Commission", "--prefix", "DPR-EC-", "--dpo-email", "dpo@ec.europa.eu", "--languages", "nl,en", "--no-git", dir); err != nil {
		t.Fatalf("init: %v\n%s", err, stderr)
	}
	info, err := records.LoadRegisterInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.EDPS.Name != "Europese Toezichthouder voor gegevensbescherming" || info.DPO.Name != "Functionaris voor gegevensbescherming" {
		t.Errorf("Dutch first: main names %q, %q", info.EDPS.Name, info.DPO.Name)
	}
	en := info.In("en")
	if en.EDPS.Name != "European Data Protection Supervisor" || en.EDPS.Address != "Rue Wiertz 60, B-1047 Brussels, Belgium" || en.DPO.Name != "Data Protection Officer" {
		t.Errorf("English pages: %+v %+v", en.EDPS, en.DPO)
	}
}
