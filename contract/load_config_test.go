package contract

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadTopLevelErrors(t *testing.T) {
	body := strings.TrimPrefix(head, "version: 1\n") + okSources // contract: on line 1
	runLoadErrCases(t, []loadErrCase{
		{"missing version", body, "drift.yaml:1:1", "missing version; add `version: 1` at the top of the file"},
		{"version 2", "version: 2\n" + body, "drift.yaml:1:10", "config: version 2 is not supported; this drift reads version 1"},
		{"version text", "version: one\n" + body, "drift.yaml:1:10", `config: version must be a whole number, not "one"`},
		{"unknown key", head + okSources + "store: .drift\n", "drift.yaml:10:1",
			`unknown key "store" in the config; did you mean "state"?`},
		{"misspelt key", head + okSources + "contracts: x\n", "drift.yaml:10:1", `unknown key "contracts" in the config; did you mean "contract"?`},
		{"x- keys are free", head + okSources + "x-defaults: {a: 1}\nsorces: {}\n", "drift.yaml:11:1", `did you mean "sources"?`},
		{"missing contract", "version: 1\n" + okSources, "drift.yaml:1:1", "missing contract; add `contract:`"},
		{"contract a list", "version: 1\ncontract: [a]\n" + okSources, "drift.yaml:2:11",
			"contract must be the contract itself (a mapping) or the path of a contract file, not a list"},
		{"missing sources", head, "drift.yaml:1:1", "missing sources; add `sources:` with at least one source"},
		{"empty sources", head + "sources: {}\n", "drift.yaml:7:10", "sources is empty; declare at least one source"},
		{"not a mapping", "- a\n- b\n", "drift.yaml:1:1", "the config must be a mapping with version, contract and sources, not a list"},
		{"duplicate key", head + okSources + "version: 1\n", "drift.yaml:10:1", `duplicate key "version" in the config; it is already set at line 1`},
		{"yaml syntax", head + "sources: {primary: {type: file}\n", "drift.yaml:7", "invalid YAML: did not find expected ',' or '}' in what starts on this line"},
		{"empty file", "# nothing yet\n", "drift.yaml", "the file is empty"},
		{"two documents", head + okSources + "---\nversion: 1\n", "drift.yaml:10:1", "more than one YAML document"},
		{"bad merge", head + "sources:\n  a:\n    <<: [1]\n    type: file\n", "drift.yaml:9:5", "<< must merge a mapping or a list of mappings, not \"1\""},
	}, nil)
}

func TestLoadResolveErrors(t *testing.T) {
	resolve := func(lines string) string {
		return withContract("    t: {type: timestamp}\n    tags: {type: set}\n    n: {type: string, ignore: true}\n  resolve:\n" + lines)
	}
	// resolve: is on line 10; its first key on line 11.
	runLoadErrCases(t, []loadErrCase{
		{"unknown key", resolve("    autority: primary\n"), "drift.yaml:11:5", `unknown key "autority" in resolve; did you mean "authority"?`},
		{"authority undeclared", resolve("    authority: master\n"), "drift.yaml:11:16",
			`resolve: authority: source "master" is not declared under sources (declared: primary, replica)`},
		{"clock without field", resolve("    clock: {skew: 1s}\n"), "drift.yaml:11:12", "resolve: clock: missing field"},
		{"clock field undeclared", resolve("    clock: {field: tt}\n"), "drift.yaml:11:20", `resolve: clock: field "tt" is not declared under fields; did you mean "t"?`},
		{"clock field not a timestamp", resolve("    clock: {field: id}\n"), "drift.yaml:11:20", `resolve: clock: field "id" is string; the clock must be a timestamp field`},
		{"skew not a duration", resolve("    clock: {field: t, skew: 2}\n"), "drift.yaml:11:29", `resolve: clock: skew "2" is not a duration`},
		{"grace not a duration", resolve("    grace: 5\n"), "drift.yaml:11:12", `resolve: grace "5" is not a duration; write it like 1s, 1ms or 2m`},
		{"grace negative", resolve("    grace: -1m\n"), "drift.yaml:11:12", `resolve: grace must not be negative, got -1m`},
		{"missing unknown", resolve("    missing: skip\n"), "drift.yaml:11:14", `resolve: missing "skip" is not authority, keep or manual`},
		{"missing authority without authority", resolve("    missing: authority\n"), "drift.yaml:11:14",
			"resolve: missing: authority needs resolve.authority"},
		{"field undeclared", resolve("    fields: {emial: {strategy: lww}}\n"), "drift.yaml:11:14", `resolve: fields: "emial" is not declared under fields`},
		{"field ignored", resolve("    fields: {n: {strategy: manual}}\n"), "drift.yaml:11:14", `resolve: fields: "n" has ignore: true`},
		{"missing strategy", resolve("    fields: {t: {}}\n"), "drift.yaml:11:14", `resolve: fields: "t": missing strategy; add strategy: one of authority, lww,`},
		{"unknown strategy", resolve("    fields: {t: {strategy: newest}}\n"), "drift.yaml:11:28", `resolve: fields: "t": unknown strategy "newest"`},
		{"misspelt strategy", resolve("    fields: {t: {strategy: majorty}}\n"), "drift.yaml:11:28", `did you mean "majority"?`},
		{"strategy not a mapping", resolve("    fields: {t: lww}\n"), "drift.yaml:11:17", `resolve: fields: "t" must be a mapping (key: value), not "lww"`},
		{"lww without clock", resolve("    fields: {t: {strategy: lww}}\n"), "drift.yaml:11:28", `resolve: fields: "t": strategy lww needs resolve.clock.field`},
		{"union on a string", resolve("    fields: {id: {strategy: union}}\n"), "drift.yaml:11:29", `strategy union works only on set fields, and this one is string`},
		{"max on a set", resolve("    fields: {tags: {strategy: max}}\n"), "drift.yaml:11:31", `strategy max works only on int, decimal, float and timestamp fields, and this one is set`},
		{"expr without expr", resolve("    fields: {t: {strategy: expr}}\n"), "drift.yaml:11:28", `strategy expr needs expr: a CEL expression over`},
		{"expr on another strategy", resolve("    fields: {t: {strategy: max, expr: x}}\n"), "drift.yaml:11:33",
			`resolve: fields: "t": expr applies only to strategy expr, and this one is max; remove it`},
		{"source on another strategy", resolve("    fields: {t: {strategy: max, source: primary}}\n"), "drift.yaml:11:33",
			`source applies only to strategy authority`},
		{"authority without a source", resolve("    fields: {t: {strategy: authority}}\n"), "drift.yaml:11:28",
			"strategy authority needs a source: set resolve.authority, or source: on this entry"},
		{"authority source undeclared", resolve("    fields: {t: {strategy: authority, source: cache}}\n"), "drift.yaml:11:47",
			`resolve: fields: "t": source "cache" is not declared under sources`},
	}, nil)
}

func TestLoadSourceErrors(t *testing.T) {
	runLoadErrCases(t, []loadErrCase{
		{"missing type", withSources("  a: {path: a.csv}\n"), "drift.yaml:8:3",
			`source "a": missing type; add type: file, sqlite, postgres, mysql, redis or http`},
		{"type empty", withSources("  a: {type: ''}\n"), "drift.yaml:8:13", `source "a": type must be a non-empty string`},
		{"not a mapping", withSources("  a: file\n"), "drift.yaml:8:6", `source "a" must be a mapping (key: value), not "file"`},
		{"writable not a bool", withSources("  a: {type: file, writable: \"true\"}\n"), "drift.yaml:8:29",
			`source "a": writable must be true or false, not "true"`},
		{"fields not a mapping", withSources("  a: {type: file, fields: [id]}\n"), "drift.yaml:8:27", `source "a": fields must be a mapping`},
		{"fields undeclared", withSources("  a: {type: file, fields: {ID: id_col}}\n"), "drift.yaml:8:28",
			`source "a": fields: "ID" is not a contract field; did you mean "id"?`},
		{"fields empty column", withSources("  a: {type: file, fields: {id: ''}}\n"), "drift.yaml:8:32", `source "a": fields: id must be a non-empty string`},
		{"duplicate source", withSources("  a: {type: file}\n  a: {type: redis}\n"), "drift.yaml:9:3", `duplicate key "a" in sources; it is already set at line 8`},
	}, nil)
}

func TestLoadEnvErrors(t *testing.T) {
	runLoadErrCases(t, []loadErrCase{
		{"unset variable", withSources("  a: {type: postgres, dsn: \"${NO_SUCH_DSN}\"}\n"), "drift.yaml:8",
			"environment variable NO_SUCH_DSN is not set; export it or remove ${NO_SUCH_DSN}"},
		{"unset in the contract", withContract("  owner: ${TEAM}\n"), "drift.yaml:7", "environment variable TEAM is not set"},
		{"secret stays hidden", withSources("  a: {type: file, writable: \"${API_TOKEN}\"}\n"), "drift.yaml:8:29",
			`source "a": writable must be true or false, not "${API_TOKEN}"`},
	}, nil)
}

func TestLoadContractFileErrors(t *testing.T) {
	cfg := "version: 1\ncontract: contracts/accounts.yaml\n" + okSources
	runLoadErrCases(t, []loadErrCase{
		{"missing file", "version: 1\ncontract: contracts/nope.yaml\n" + okSources, "drift.yaml:2:11",
			`contract file "contracts/nope.yaml": no such file or directory; fix the path (it is relative to the config file's folder)`},
		{"problem in the contract file", cfg, "contracts/accounts.yaml:3:44",
			`unknown key "tolerence" in field "b"; did you mean "tolerance"?`},
		{"contract file that is not YAML", "version: 1\ncontract: .env\n" + okSources, ".env:1:1",
			"the contract file must be a mapping with name, key and fields, not text; fix the contract path"},
	}, map[string]string{
		"contracts/accounts.yaml": "name: a\nkey: id\nfields: {id: {type: int}, b: {type: float, tolerence: 1}}\n",
		".env":                    "DB_PASSWORD=hunter2\n",
	})
}

func TestLoadCollectsAllProblemsInFileOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "drift.yaml")
	writeTestFile(t, path, "version: 1\ncontract:\n  name: a\n  key: id\n  fields:\n    id: {type: strng}\n    b: {type: int, tolerance: 1}\n"+
		"  resolve: {authority: nope}\nsources:\n  a: {type: file, writable: maybe}\n")
	_, err := Load(path, testGetenv)
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("Load error = %v, want *LoadError", err)
	}
	var lines []int
	for _, p := range le.Problems {
		lines = append(lines, p.Line)
	}
	want := []int{6, 7, 8, 10}
	if len(lines) != len(want) {
		t.Fatalf("problem lines = %v, want %v\n%v", lines, want, err)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Fatalf("problem lines = %v, want %v\n%v", lines, want, err)
		}
	}
}
