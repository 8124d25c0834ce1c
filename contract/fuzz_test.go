package contract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary config text to the loader: it may refuse it, but
// never panic, and a refusal is always a *LoadError naming the file.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/load/*/drift.yaml")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("version: 1\ncontract: {name: a, key: id, fields: {id: {type: int}}}\nsources: {a: {type: file, path: a.csv}}\n")
	f.Add("version: 1\ncontract: [\n")
	f.Fuzz(func(t *testing.T, text string) {
		dir := t.TempDir()
		path := filepath.Join(dir, "drift.yaml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path, func(string) (string, bool) { return "x", true })
		if err != nil && !strings.Contains(err.Error(), "drift.yaml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}

// FuzzParse parses arbitrary text and JSON as every type: never a panic,
// always valid canonical JSON, and Equal reflexive.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "42", " 42 ", "42.0", "1e3", "-0.001", "NaN", "true", "yes",
		"2024-05-01T10:00:00Z", "2024-05-01 10:00:00.5", "1714557600.25", "a;b;;c", `{"a":1}`, `[1,"x"]`, "\xff\xfe", "0x10"} {
		f.Add(s)
	}
	types := []Type{TypeString, TypeInt, TypeDecimal, TypeFloat, TypeBool, TypeTimestamp, TypeEnum, TypeSet, TypeList, TypeJSON}
	f.Fuzz(func(t *testing.T, s string) {
		var decoded any
		raws := []any{s, Cell(s), json.Number(s), []byte(s)}
		if json.Unmarshal([]byte(s), &decoded) == nil {
			raws = append(raws, decoded)
		}
		for _, typ := range types {
			fld := &Field{Name: "f", Type: typ, Values: []string{"a", "42"}, Normalize: []Normalizer{NormTrim, NormLower}}
			for _, raw := range raws {
				v := fld.Parse(raw)
				if !json.Valid([]byte(v.JSON)) {
					t.Fatalf("%s.Parse(%#v) gave invalid JSON %q", typ, raw, v.JSON)
				}
				if !fld.Equal([]Value{v, v}) {
					t.Fatalf("%s.Parse(%#v) = %s is not equal to itself", typ, raw, v.JSON)
				}
			}
		}
	})
}
