package contract

import (
	"path/filepath"
	"strings"
	"testing"
)

// Strategy names are checked against the names the caller passes (the
// strategies repair registers); a registered name the loader has never
// heard of is accepted, an unregistered one refused with a suggestion.
func TestLoadChecksStrategiesAgainstTheGivenNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "drift.yaml")
	writeTestFile(t, path, "version: 1\ncontract:\n  name: a\n  key: id\n  fields:\n    id: {type: int}\n    n: {type: int}\n"+
		"  resolve: {authority: a, fields: {n: {strategy: newest}}}\nsources:\n  a: {type: file, path: a.csv}\n")
	if _, err := Load(path, testGetenv, WithStrategies([]string{"authority", "newest"})); err != nil {
		t.Errorf("a registered strategy is refused: %v", err)
	}
	_, err := Load(path, testGetenv, WithStrategies([]string{"authority", "newer"}))
	if err == nil || !strings.Contains(err.Error(), `unknown strategy "newest" (known: authority, newer); did you mean "newer"?`) {
		t.Errorf("an unregistered strategy: err = %v", err)
	}
	if _, err := Load(path, testGetenv); err != nil {
		t.Errorf("without WithStrategies the name is the caller's to check: %v", err)
	}
}
