package contract

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// digestBase is a contract that uses every setting the digest covers.
const digestBase = `version: 1
contract:
  name: accounts
  version: 3
  owner: payments-team
  key: [region, id]
  strict: false
  fields:
    region:  {type: string}
    id:      {type: string}
    email:   {type: string, normalize: [trim, lower]}
    balance: {type: decimal, tolerance: 0.01}
    status:  {type: enum, values: [active, closed], required: true}
    seen:    {type: timestamp, precision: 1s}
    notes:   {type: string, ignore: true}
    tier:    {type: int, source: replica}
  invariants:
    - {name: non-negative, rule: self.balance >= 0, message: no debt}
  transitions:
    - {name: closed-is-final, rule: "oldSelf.status != 'closed' || self.status == 'closed'"}
  resolve:
    authority: primary
    clock: {field: seen, skew: 2s}
    missing: authority
    fields:
      email:   {strategy: lww}
      balance: {strategy: expr, expr: "values.primary"}
sources:
  primary: {type: file, path: a.csv}
  replica: {type: file, path: b.csv}
`

func digestOf(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "drift.yaml")
	writeTestFile(t, path, text)
	cfg, err := Load(path, testGetenv)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return cfg.Contract.Digest
}

func TestDigestFormat(t *testing.T) {
	d := digestOf(t, digestBase)
	if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(d) {
		t.Errorf("digest = %q, want sha256:<64 hex>", d)
	}
}

func TestDigestChangesWithEverySetting(t *testing.T) {
	base := digestOf(t, digestBase)
	cases := []struct{ name, old, new string }{
		{"name", "name: accounts", "name: account"},
		{"version", "version: 3", "version: 4"},
		{"owner", "owner: payments-team", "owner: ledger-team"},
		{"key order", "key: [region, id]", "key: [id, region]"},
		{"strict", "strict: false", "strict: true"},
		{"type", "region:  {type: string}", "region:  {type: enum, values: [eu]}"},
		{"normalize order", "[trim, lower]", "[lower, trim]"},
		{"tolerance", "tolerance: 0.01", "tolerance: 0.02"},
		{"values", "[active, closed]", "[active, closed, frozen]"},
		{"required", "required: true", "required: false"},
		{"precision", "precision: 1s", "precision: 1ms"},
		{"ignore", "ignore: true", "ignore: false"},
		{"field source", "source: replica", "source: primary"},
		{"new field", "    notes:", "    extra:   {type: json}\n    notes:"},
		{"invariant rule", "self.balance >= 0", "self.balance > 0"},
		{"invariant message", "message: no debt", "message: no debts"},
		{"invariant severity", "message: no debt}", "message: no debt, severity: warning}"},
		{"transition rule", "self.status == 'closed'\"", "self.status != 'active'\""},
		{"authority", "authority: primary\n", "authority: replica\n"},
		{"clock skew", "skew: 2s", "skew: 3s"},
		{"missing", "missing: authority", "missing: keep"},
		{"strategy", "{strategy: lww}", "{strategy: manual}"},
		{"expr", "values.primary", "values.replica"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(digestBase, tc.old) {
				t.Fatalf("base has no %q", tc.old)
			}
			if got := digestOf(t, strings.Replace(digestBase, tc.old, tc.new, 1)); got == base {
				t.Errorf("digest did not change")
			}
		})
	}
}

func TestDigestKeepsItsValue(t *testing.T) {
	base := digestOf(t, digestBase)
	cases := []struct{ name, old, new string }{
		{"comment", "  strict: false", "  strict: false   # see RFC-12\n# trailing note"},
		{"key order in a mapping", "{type: decimal, tolerance: 0.01}", "{tolerance: 0.01, type: decimal}"},
		{"fields reordered", "    region:  {type: string}\n    id:      {type: string}\n",
			"    id:      {type: string}\n    region:  {type: string}\n"},
		{"block style", "    seen:    {type: timestamp, precision: 1s}", "    seen:\n      type: timestamp\n      precision: 1s"},
		{"tolerance spelt differently", "tolerance: 0.01", `tolerance: "1e-2"`},
		{"tolerance with trailing zero", "tolerance: 0.01", "tolerance: 0.010"},
		{"precision spelt differently", "precision: 1s", "precision: 1000ms"},
		{"grace, which decides alerts, not repairs", "missing: authority", "missing: authority\n    grace: 10m"},
		{"enum values reordered", "[active, closed]", "[closed, active]"},
		{"default severity spelt out", "message: no debt}", "message: no debt, severity: error}"},
		{"resolve entries reordered", "      email:   {strategy: lww}\n      balance: {strategy: expr, expr: \"values.primary\"}\n",
			"      balance: {strategy: expr, expr: \"values.primary\"}\n      email:   {strategy: lww}\n"},
		{"source options", "path: b.csv", "path: c.csv, writable: true"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(digestBase, tc.old) {
				t.Fatalf("base has no %q", tc.old)
			}
			if got := digestOf(t, strings.Replace(digestBase, tc.old, tc.new, 1)); got != base {
				t.Errorf("digest changed: %s, want %s", got, base)
			}
		})
	}
}

func TestDigestDefaultPrecision(t *testing.T) {
	omitted := digestOf(t, strings.Replace(digestBase, "{type: timestamp, precision: 1s}", "{type: timestamp}", 1))
	explicit := digestOf(t, strings.Replace(digestBase, "{type: timestamp, precision: 1s}", "{type: timestamp, precision: 1us}", 1))
	if omitted != explicit {
		t.Errorf("precision omitted (%s) and 1us (%s) must give the same digest", omitted, explicit)
	}
}

// TestDigestInlineOrFile checks that the SPEC example and the same
// contract moved to its own file, keys reordered, have one digest.
func TestDigestInlineOrFile(t *testing.T) {
	inline, err := Load("testdata/load/spec-example/drift.yaml", testGetenv)
	if err != nil {
		t.Fatal(err)
	}
	file, err := Load("testdata/load/contract-file/drift.yaml", testGetenv)
	if err != nil {
		t.Fatal(err)
	}
	if inline.Contract.Digest != file.Contract.Digest {
		t.Errorf("inline %s != file %s", inline.Contract.Digest, file.Contract.Digest)
	}
	if got := inline.Contract.ComputeDigest(); got != inline.Contract.Digest {
		t.Errorf("ComputeDigest = %s, Load set %s", got, inline.Contract.Digest)
	}
}
