package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
)

const keyConfig = `version: 1
contract:
  name: ledger
  version: 1
  key: [region, id, day]
  fields:
    region: {type: string, normalize: [trim, lower]}
    id:     {type: int}
    day:    {type: timestamp, precision: 1s}
    note:   {type: string}
sources:
  a: {type: file, path: a.csv}
`

func TestParseKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "drift.yaml")
	if err := os.WriteFile(path, []byte(keyConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := contract.Load(path, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	const canonical = `{"region":"eu","id":42,"day":"2024-05-01T10:00:00Z"}`
	tests := []struct {
		name, key string
		want      string // the key JSON, or the error's text
		usage     bool
	}{
		{"contract order", "region=eu,id=42,day=2024-05-01T10:00:00Z", canonical, false},
		{"any order, values canonicalized", "day=2024-05-01 10:00:00.9, id=42,region= EU ", canonical, false},
		{"JSON object", `{"id": 42, "day": 1714557600, "region": "eu"}`, canonical, false},
		{"missing field", "region=eu,id=42", `key field "day" is missing; give every key field: region=…,id=…,day=…`, true},
		{"unknown field", "region=eu,id=42,day=2024-05-01T10:00:00Z,note=x", `"note" is not a key field of contract ledger; its key is region, id, day`, true},
		{"undeclared field", "region=eu,id=42,day=2024-05-01T10:00:00Z,zone=x", `"zone" is not a key field`, true},
		{"invalid value", "region=eu,id=4.2,day=2024-05-01T10:00:00Z", `key field "id": `, true},
		{"empty int", "region=eu,id=,day=2024-05-01T10:00:00Z", `key field "id": `, true},
		{"twice", "region=eu,region=us,id=1,day=2024-05-01T10:00:00Z", `field "region" is given twice`, true},
		{"not field=value", "eu", `"eu" is not field=value`, true},
		{"bad JSON", `{"region":`, "not a JSON object", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := parseKey(cfg.Contract, tt.key)
			if tt.usage {
				if err == nil || ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("parseKey(%q) = %v, want a usage error containing %q", tt.key, err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := key.MarshalJSON(); string(got) != tt.want {
				t.Errorf("parseKey(%q) = %s, want %s", tt.key, got, tt.want)
			}
		})
	}
}
