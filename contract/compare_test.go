package contract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
)

const baseContract = `name: accounts
version: 3
owner: payments
key: [id]
fields:
  id:      {type: string}
  email:   {type: string, normalize: [trim]}
  balance: {type: decimal, tolerance: 0.01}
  status:  {type: enum, values: [active, closed]}
  seen:    {type: timestamp, precision: 1s}
invariants:
  - {name: positive, rule: self.balance >= 0}
resolve:
  authority: primary
  fields:
    email: {strategy: lww}
  clock: {field: seen, skew: 2s}
`

func TestChanges(t *testing.T) {
	tests := []struct {
		name, from, to string
		want           []string
		behaviour      bool
	}{
		{"nothing", "", "", nil, false},
		{"reformatted", "key: [id]", "key:\n  - id", nil, false},
		{"owner and version only", "owner: payments\n", "owner: risk\n", []string{"owner: payments → risk"}, false},
		{"tolerance widened", "tolerance: 0.01", "tolerance: 0.05", []string{"field balance: tolerance: 0.01 → 0.05"}, true},
		{"normalizer added", "normalize: [trim]", "normalize: [trim, lower]", []string{"field email: normalize: [trim] → [trim, lower]"}, true},
		{"field ignored", "status:  {type: enum, values: [active, closed]}", "status:  {type: enum, values: [active, closed], ignore: true}", []string{"field status: ignore: false → true"}, true},
		{"enum value added", "values: [active, closed]", "values: [active, closed, frozen]", []string{"field status: values: [active, closed] → [active, closed, frozen]"}, true},
		{"precision", "precision: 1s", "precision: 1ms", []string{"field seen: precision: 1s → 1ms"}, true},
		{"field added", "  seen:", "  notes:   {type: string}\n  seen:", []string{"field notes: added {type: string}"}, true},
		{"invariant changed", "self.balance >= 0", "self.balance > 0", []string{"invariant positive: rule: self.balance >= 0 → self.balance > 0"}, true},
		{"strategy changed", "{strategy: lww}", "{strategy: majority}", []string{"resolve.fields.email: strategy: lww → majority"}, true},
		{"authority changed", "authority: primary", "authority: replica", []string{"resolve.authority: primary → replica"}, true},
		{"skew changed", "skew: 2s", "skew: 5s", []string{"resolve.clock: skew: 2s → 5s"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edited := strings.Replace(baseContract, tt.from, tt.to, 1)
			if tt.from != "" && edited == baseContract {
				t.Fatalf("the edit %q did not apply", tt.from)
			}
			old, cur := loadContract(t, baseContract), loadContract(t, edited)
			var got []string
			for _, c := range contract.Changes(old, cur) {
				got = append(got, c.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if b := contract.BehaviourChanged(contract.Changes(old, cur)); b != tt.behaviour {
				t.Errorf("behaviour changed = %v, want %v", b, tt.behaviour)
			}
		})
	}
}

// TestLoadContractFromConfig: a whole config gives its contract, inline
// or in the file it names, without its sources being read or expanded.
func TestLoadContractFromConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	file := write("c.yaml", baseContract)
	indented := "  " + strings.ReplaceAll(strings.TrimSuffix(baseContract, "\n"), "\n", "\n  ") + "\n"
	inline := write("inline.yaml", "version: 1\ncontract:\n"+indented+"sources:\n  p: {type: postgres, dsn: \"${UNSET_DSN}\", table: t}\n")
	byPath := write("bypath.yaml", "version: 1\ncontract: c.yaml\nsources:\n  p: {type: postgres, dsn: \"${UNSET_DSN}\", table: t}\n")
	unset := func(string) (string, bool) { return "", false }
	want := loadContract(t, baseContract).Digest
	for _, p := range []string{file, inline, byPath} {
		c, err := contract.LoadContract(p, unset)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(p), err)
		}
		if c.Digest != want {
			t.Errorf("%s: digest %s, want %s", filepath.Base(p), c.Digest, want)
		}
	}
	if _, err := contract.LoadContract(write("bad.yaml", "name: x\nversion: 1\nkey: [id]\nfields: {id: {type: strnig}}\n"), unset); err == nil ||
		!strings.Contains(err.Error(), "strnig") {
		t.Errorf("a bad contract: %v", err)
	}
}

func loadContract(t *testing.T, text string) *contract.Contract {
	t.Helper()
	p := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := contract.LoadContract(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
