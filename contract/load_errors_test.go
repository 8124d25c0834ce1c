package contract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A valid config is built from these parts; each case changes one thing,
// so that it must report exactly one problem.
const (
	// head ends on line 6; what a case appends starts on line 7.
	head = `version: 1
contract:
  name: accounts
  key: [id]
  fields:
    id: {type: string}
`
	okSources = `sources:
  primary: {type: file, path: a.csv}
  replica: {type: file, path: b.csv}
`
)

// withField declares field x on line 7.
func withField(def string) string { return head + "    x: " + def + "\n" + okSources }

// withContract adds contract keys from line 7 on.
func withContract(lines string) string { return head + lines + okSources }

// withSources replaces the sources; `sources:` is on line 7.
func withSources(lines string) string { return head + "sources:\n" + lines }

type loadErrCase struct {
	name string
	yaml string
	pos  string // file:line or file:line:col of the only problem
	frag string // a part of its message
}

// runLoadErrCases writes each case to drift.yaml (and files to their paths
// beside it) and checks that Load reports exactly the one problem.
// testStrategies stand for the strategies repair registers, which the
// loader is given by its caller.
var testStrategies = []string{"authority", "lww", "majority", "max", "min", "union", "manual", "expr"}

func runLoadErrCases(t *testing.T, cases []loadErrCase, files map[string]string) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range files {
				writeTestFile(t, filepath.Join(dir, name), text)
			}
			path := filepath.Join(dir, "drift.yaml")
			writeTestFile(t, path, tc.yaml)
			cfg, err := Load(path, testGetenv, WithStrategies(testStrategies))
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load = %v, %v; want a *LoadError", cfg, err)
			}
			if len(le.Problems) != 1 {
				t.Fatalf("got %d problems, want 1:\n%v", len(le.Problems), err)
			}
			got := strings.ReplaceAll(le.Problems[0].String(), dir+string(filepath.Separator), "")
			if !strings.HasPrefix(got, tc.pos+": ") || !strings.Contains(got, tc.frag) {
				t.Errorf("got  %s\nwant %s: ...%s...", got, tc.pos, tc.frag)
			}
		})
	}
}

func writeTestFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadValidBase(t *testing.T) {
	for name, text := range map[string]string{
		"head":     head + okSources,
		"field":    withField("{type: int}"),
		"contract": withContract("  owner: me\n"),
	} {
		path := filepath.Join(t.TempDir(), "drift.yaml")
		writeTestFile(t, path, text)
		if _, err := Load(path, testGetenv); err != nil {
			t.Errorf("%s: the base config must load: %v", name, err)
		}
	}
}

func TestLoadFieldErrors(t *testing.T) {
	runLoadErrCases(t, []loadErrCase{
		{"unknown key with suggestion", withField("{type: decimal, tolerence: 0.01}"), "drift.yaml:7:24",
			`unknown key "tolerence" in field "x"; did you mean "tolerance"?`},
		{"unknown key lists known keys", withField("{type: string, colour: red}"), "drift.yaml:7:23",
			`unknown key "colour" in field "x"; known keys: type, normalize, tolerance`},
		{"not a mapping", withField("string"), "drift.yaml:7:8", `field "x" must be a mapping (key: value), not "string"`},
		{"missing type", withField("{required: true}"), "drift.yaml:7:5", `field "x": missing type; add type: one of string, int,`},
		{"unknown type", withField("{type: decmal}"), "drift.yaml:7:15",
			`field "x": unknown type "decmal" (known types: string, int, decimal, float, bool, timestamp, enum, set, list, json); did you mean "decimal"?`},
		{"duplicate field", head + "    id: {type: int}\n" + okSources, "drift.yaml:7:5", `duplicate key "id" in contract: fields; it is already set at line 6`},
		{"tolerance on string", withField("{type: string, tolerance: 1}"), "drift.yaml:7:23",
			`field "x": tolerance applies only to decimal or float fields, and this one is string; remove it`},
		{"tolerance negative", withField("{type: decimal, tolerance: -0.01}"), "drift.yaml:7:35", `field "x": tolerance must be 0 or more, not -0.01`},
		{"tolerance not a number", withField("{type: float, tolerance: small}"), "drift.yaml:7:33", `tolerance must be a number such as 0.01, not "small"`},
		{"tolerance infinite", withField("{type: float, tolerance: .inf}"), "drift.yaml:7:33", `tolerance must be a number such as 0.01, not ".inf"`},
		{"tolerance fraction", withField("{type: float, tolerance: 1/3}"), "drift.yaml:7:33", `tolerance must be a number`},
		{"precision without unit", withField("{type: timestamp, precision: 1}"), "drift.yaml:7:37",
			`field "x": precision "1" is not a duration; write it like 1s, 1ms or 2m`},
		{"precision negative", withField("{type: timestamp, precision: -1s}"), "drift.yaml:7:37", `precision must not be negative, got -1s`},
		{"precision on int", withField("{type: int, precision: 1s}"), "drift.yaml:7:20", `precision applies only to timestamp fields, and this one is int`},
		{"enum without values", withField("{type: enum}"), "drift.yaml:7:5", `field "x": an enum needs values; add values: [a, b, ...]`},
		{"enum with empty values", withField("{type: enum, values: []}"), "drift.yaml:7:29", `field "x": values is empty`},
		{"enum value twice", withField("{type: enum, values: [a, b, a]}"), "drift.yaml:7:36", `field "x": value "a" is listed twice`},
		{"values on string", withField("{type: string, values: [a]}"), "drift.yaml:7:23", `values applies only to enum fields, and this one is string`},
		{"unknown normalizer", withField("{type: string, normalize: [trim, lowercase]}"), "drift.yaml:7:41",
			`unknown normalizer "lowercase" (known: trim, lower, upper, collapse_spaces, empty_is_null); did you mean "lower"?`},
		{"normalize on int", withField("{type: int, normalize: [trim]}"), "drift.yaml:7:20",
			`normalize applies only to string, enum, set or list fields, and this one is int`},
		{"required not a bool", withField("{type: int, required: yes}"), "drift.yaml:7:30", `field "x": required must be true or false, not "yes"`},
		{"ignore not a bool", withField("{type: int, ignore: 1}"), "drift.yaml:7:28", `field "x": ignore must be true or false, not "1"`},
		{"source undeclared", withField("{type: int, source: primay}"), "drift.yaml:7:28",
			`field "x": source "primay" is not declared under sources (declared: primary, replica); did you mean "primary"?`},
	}, nil)
}

func TestLoadContractErrors(t *testing.T) {
	runLoadErrCases(t, []loadErrCase{
		{"unknown key", withContract("  stict: true\n"), "drift.yaml:7:3", `unknown key "stict" in contract; did you mean "strict"?`},
		{"missing name", "version: 1\ncontract:\n  key: [id]\n  fields: {id: {type: string}}\n" + okSources, "drift.yaml:3:3",
			`contract: missing name`},
		{"version zero", withContract("  version: 0\n"), "drift.yaml:7:12", `contract: version must be 1 or more, not 0`},
		{"version not a number", withContract("  version: v3\n"), "drift.yaml:7:12", `contract: version must be a whole number, not "v3"`},
		{"strict not a bool", withContract("  strict: on\n"), "drift.yaml:7:11", `contract: strict must be true or false, not "on"`},
		{"owner empty", withContract("  owner:\n"), "drift.yaml:7:9", `contract: owner must be a non-empty string, not empty`},
		{"missing fields", "version: 1\ncontract:\n  name: a\n  key: [id]\n" + okSources, "drift.yaml:3:3", `contract: missing fields`},
		{"empty fields", "version: 1\ncontract:\n  name: a\n  key: [id]\n  fields: {}\n" + okSources, "drift.yaml:5:11", `contract: fields is empty`},
		{"missing key", "version: 1\ncontract:\n  name: a\n  fields: {id: {type: int}}\n" + okSources, "drift.yaml:3:3",
			`contract: missing key; name the field(s) that identify a record, e.g. key: [id]`},
		{"empty key", "version: 1\ncontract:\n  name: a\n  key: []\n  fields: {id: {type: int}}\n" + okSources, "drift.yaml:4:8", `contract: key is empty`},
		{"key undeclared", "version: 1\ncontract:\n  name: a\n  key: [id, regoin]\n  fields: {id: {type: int}, region: {type: string}}\n" + okSources,
			"drift.yaml:4:13", `contract: key field "regoin" is not declared under fields; did you mean "region"?`},
		{"key twice", "version: 1\ncontract:\n  name: a\n  key: [id, id]\n  fields: {id: {type: int}}\n" + okSources,
			"drift.yaml:4:13", `contract: key names field "id" twice`},
		{"key ignored", "version: 1\ncontract:\n  name: a\n  key: id\n  fields: {id: {type: int, ignore: true}}\n" + okSources,
			"drift.yaml:4:8", `contract: key field "id" has ignore: true`},
		{"invariants not a list", withContract("  invariants: {name: a}\n"), "drift.yaml:7:15", `contract: invariants must be a list of {name, rule}, not a mapping`},
		{"rule missing", withContract("  invariants:\n    - name: a\n"), "drift.yaml:8:7", `invariant "a": missing rule; add rule: <a CEL expression>`},
		{"rule name missing", withContract("  transitions:\n    - rule: self.x\n"), "drift.yaml:8:7", `transitions[0]: missing name`},
		{"rule name empty", withContract("  invariants:\n    - {name: '', rule: x}\n"), "drift.yaml:8:14", `invariants[0]: name must be a non-empty string`},
		{"rule name twice", withContract("  invariants:\n    - {name: a, rule: x}\n  transitions:\n    - {name: a, rule: y}\n"),
			"drift.yaml:10:14", `transition "a": the name is already used at line 8; rule names must be unique`},
		{"rule name built in", withContract("  invariants:\n    - {name: required, rule: x}\n"), "drift.yaml:8:14",
			`invariant "required": the name is taken by a built-in check`},
		{"severity unknown", withContract("  invariants:\n    - {name: a, rule: x, severity: fatal}\n"), "drift.yaml:8:36",
			`invariant "a": severity "fatal" is not error or warning`},
		{"rule unknown key", withContract("  invariants:\n    - {name: a, rule: x, mesage: m}\n"), "drift.yaml:8:26",
			`unknown key "mesage" in invariant "a"; did you mean "message"?`},
	}, nil)
}
