package report

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/diff"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// t0 is when every test scan starts; it finishes 1.25s later.
var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func js(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func num(s string) json.RawMessage { return json.RawMessage(s) }

// key builds a key from field/value pairs; values are Go values marshalled
// to JSON, or json.RawMessage as is.
func key(pairs ...any) diff.Key {
	var k diff.Key
	for i := 0; i+1 < len(pairs); i += 2 {
		v, ok := pairs[i+1].(json.RawMessage)
		if !ok {
			v = js(pairs[i+1])
		}
		k = append(k, diff.KeyPart{Field: pairs[i].(string), Value: v})
	}
	return k
}

func euKey(id string) diff.Key { return key("region", "eu", "account_id", id) }

func changed(k diff.Key, field string, vals ...any) diff.Drift {
	d := diff.Drift{ID: "c-" + field, Kind: diff.Changed, Key: k, Field: field}
	for i := 0; i+1 < len(vals); i += 2 {
		v, ok := vals[i+1].(json.RawMessage)
		if !ok {
			v = js(vals[i+1])
		}
		d.Values = append(d.Values, diff.SourceValue{Source: vals[i].(string), Value: v})
	}
	return d
}

func missing(k diff.Key, source string) diff.Drift {
	return diff.Drift{ID: "m-" + source, Kind: diff.Missing, Key: k, Source: source}
}

func violation(k diff.Key, source, rule, field, msg string) diff.Drift {
	return diff.Drift{ID: "v-" + rule, Kind: diff.Violation, Key: k, Source: source, Rule: rule, Field: field, Message: msg}
}

func seen(d diff.Drift, ago time.Duration) diff.Drift {
	t := t0.Add(1250*time.Millisecond - ago)
	d.FirstSeen = &t
	return d
}

func errText(s string) *string { return &s }

// newReport builds a report over primary (authority), replica and cache,
// with a summary counted from the drifts.
func newReport(keys int, drifts ...diff.Drift) *diff.Report {
	r := &diff.Report{
		Schema: diff.ReportSchema, RunID: "r-20240501-0001",
		StartedAt: t0, FinishedAt: t0.Add(1250 * time.Millisecond),
		Contract: diff.ContractRef{Name: "accounts", Version: 3, Digest: "sha256:0f3a"},
		Sources: []diff.SourceStatus{
			{Name: "primary", Type: "postgres", Records: keys, Version: "0/16B3748", Authoritative: true},
			{Name: "replica", Type: "file", Records: keys - 1, Version: "sha256:9c1d"},
			{Name: "cache", Type: "redis", Records: keys},
		},
		Drifts: drifts,
	}
	r.Summary = summarize(keys, drifts)
	return r
}

func summarize(keys int, drifts []diff.Drift) diff.Summary {
	s := diff.Summary{Keys: keys, ByField: map[string]int{}}
	drifted := map[string]bool{}
	for _, d := range drifts {
		switch d.Kind {
		case diff.Changed:
			s.Changed++
			s.ByField[d.Field]++
			drifted[keyString(d.Key)] = true
		case diff.Missing:
			s.Missing++
			drifted[keyString(d.Key)] = true
		case diff.Violation:
			s.Violations++
		}
	}
	s.DriftedKeys = len(drifted)
	return s
}

// reportCase is one named report the format tests share.
type reportCase struct {
	name   string
	report *diff.Report
}

func reportCases() []reportCase {
	failed := newReport(1000,
		changed(euKey("a-17"), "email", "primary", "a@x.io", "replica", "b@x.io"))
	failed.Sources[2].Error = errText("redis 127.0.0.1:6379: dial tcp: connection refused")
	failed.Sources[2].Records = 0

	single := newReport(3, violation(euKey("a-3"), "primary", "non-negative-balance", "", "self.balance >= 0 is false"))
	single.Sources = single.Sources[:1]

	return []reportCase{
		{"no-drift", newReport(1003)},
		{"one-of-each", newReport(1003,
			changed(euKey("a-17"), "email", "primary", "a@x.io", "replica", "b@x.io", "cache", "a@x.io"),
			missing(euKey("a-9"), "replica"),
			violation(key("region", "us", "account_id", "a-3"), "cache", "non-negative-balance", "balance", "balance is -5.00, must be >= 0"),
		)},
		{"failed-source", failed},
		{"composite-keys", newReport(40,
			changed(key("region", "eu", "account_id", "a-1", "shard", num("7")), "balance", "primary", "12.5", "replica", "12.75", "cache", nil),
			changed(key("region", "eu", "account_id", "a-1", "shard", num("7")), "tags", "primary", []string{"gold", "vip"}, "replica", []string{"gold"}),
			missing(key("region", "eu", "account_id", "a-2", "shard", num("7")), "replica"),
			missing(key("region", "eu", "account_id", "a-2", "shard", num("7")), "cache"),
			violation(key("region", "eu", "account_id", "a-2", "shard", num("7")), "primary", "required", "status", "status is required"),
		)},
		{"unicode-long", newReport(5,
			changed(euKey("ünï-çødé-日本"), "notes", "primary", strings.Repeat("long value ", 20), "replica", "短い値 🚀", "cache", ""),
			violation(euKey("ünï-çødé-日本"), "replica", "type", "balance", "\"12,5\" is not a decimal;\nuse a dot | not a comma "+strings.Repeat("x", 120)),
		)},
		{"ages", newReport(10,
			seen(changed(euKey("a-1"), "email", "primary", "a@x.io", "replica", "A@x.io"), 30*time.Second),
			seen(missing(euKey("a-2"), "cache"), 3*time.Hour+20*time.Minute),
			seen(violation(euKey("a-3"), "replica", "closed-is-final", "status", "closed account reopened"), 50*time.Hour),
			changed(euKey("a-4"), "status", "primary", "active", "replica", "closed"),
		)},
		{"single-source", single},
		// Keys that differ only in Unicode normalization or by an invisible
		// character, and values that do: each must look different.
		{"lookalike", newReport(4,
			missing(key("name", "caf\u00e9"), "replica"),
			missing(key("name", "cafe\u0301"), "primary"),
			changed(key("name", "tab"), "owner", "primary", "Ann", "replica", "Ann\u200b", "cache", "A\u00a0nn"),
			changed(key("name", "x"), "tags", "primary", []string{"caf\u00e9", "vip"}, "replica", []string{"cafe\u0301", "vip"}),
		)},
	}
}

// golden compares got with testdata/name.golden, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test ./report -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file (run with -update to accept)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}
