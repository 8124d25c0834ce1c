// Package sourcetest is the conformance suite that every source plugin runs
// against a real backend: reading, renames, lookup by key, and writes with
// compare-and-set. A plugin is done when it passes Run.
package sourcetest

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Harness connects the suite to one plugin and its backend.
type Harness struct {
	// Setup creates a fresh, empty store, puts seed.Records in it, and
	// returns the config of a writable source over it with seed.Contract
	// and seed.Fields. Each call must be independent of the others.
	Setup func(t *testing.T, seed Seed) sources.Config
}

// Seed is what Setup stores. Record keys are the store's own column names
// or dotted paths (renames already applied), and every record has the same
// keys. Values use the raw types of contract.Record: string, json.Number,
// bool, []any, map[string]any and nil; a store without such types writes
// their text (sets and lists joined with ";", json values as JSON text).
type Seed struct {
	Contract *contract.Contract
	Fields   map[string]string // contract field -> column, for the config
	Records  []map[string]any
}

// Contract returns the suite's contract: key id:int, and one field of each
// kind of value a store must carry.
func Contract() *contract.Contract {
	fields := []*contract.Field{
		{Name: "id", Type: contract.TypeInt, Required: true},
		{Name: "name", Type: contract.TypeString},
		{Name: "balance", Type: contract.TypeDecimal},
		{Name: "updated_at", Type: contract.TypeTimestamp},
		{Name: "tags", Type: contract.TypeSet},
		{Name: "active", Type: contract.TypeBool},
		{Name: "attrs", Type: contract.TypeJSON},
	}
	for i, f := range fields {
		f.Index = i
	}
	return &contract.Contract{Name: "conformance", Version: 1, Key: []int{0}, Fields: fields,
		Resolve: contract.Resolve{Missing: "authority"}}
}

// Records returns the suite's seed records, with an undeclared column
// `extra` in each.
func Records() []map[string]any {
	return []map[string]any{
		{"id": json.Number("1"), "name": "Ann", "balance": json.Number("12.50"),
			"updated_at": "2024-05-01T10:00:00Z", "tags": []any{"b", "a"}, "active": true,
			"attrs": map[string]any{"k": json.Number("1")}, "extra": "x1"},
		{"id": json.Number("2"), "name": "Bob", "balance": json.Number("0"),
			"updated_at": "2024-05-02 08:30:00", "tags": []any{"solo"}, "active": false,
			"attrs": map[string]any{"k": []any{json.Number("1"), json.Number("2")}}, "extra": "x2"},
		{"id": json.Number("3"), "name": "Cy", "balance": nil, "updated_at": nil,
			"tags": nil, "active": nil, "attrs": nil, "extra": "x3"},
	}
}

// want holds the canonical JSON of the seed records, by id.
var want = map[string]map[string]string{
	"1": {"id": `1`, "name": `"Ann"`, "balance": `"12.5"`, "updated_at": `"2024-05-01T10:00:00Z"`,
		"tags": `["a","b"]`, "active": `true`, "attrs": `{"k":1}`},
	"2": {"id": `2`, "name": `"Bob"`, "balance": `"0"`, "updated_at": `"2024-05-02T08:30:00Z"`,
		"tags": `["solo"]`, "active": `false`, "attrs": `{"k":[1,2]}`},
	"3": {"id": `3`, "name": `"Cy"`, "balance": `null`, "updated_at": `null`,
		"tags": `null`, "active": `null`, "attrs": `null`},
}

// Run runs the whole suite; each case sets up its own store.
func Run(t *testing.T, h Harness) {
	t.Helper()
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, h Harness)
	}{
		{"fetch", testFetch},
		{"renames", testRenames},
		{"get", testGet},
		{"update", testUpdate},
		{"update-every-type", testUpdateEveryType},
		{"update-to-null", testUpdateToNull},
		{"stale-expect-conflicts", testStaleExpect},
		{"idempotent-rewrite", testIdempotent},
		{"update-missing-key-conflicts", testUpdateMissing},
		{"insert", testInsert},
		{"insert-existing-conflicts", testInsertExisting},
		{"delete", testDelete},
		{"delete-stale-expect-conflicts", testDeleteStale},
		{"not-writable", testNotWritable},
		{"restore-stored-values", testRestoreStored},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, h) })
	}
}

// fixture is one seeded source under test.
type fixture struct {
	t   *testing.T
	c   *contract.Contract
	cfg sources.Config
	src sources.Source
}

func setup(t *testing.T, h Harness, fields map[string]string, records []map[string]any) *fixture {
	t.Helper()
	c := Contract()
	cfg := h.Setup(t, Seed{Contract: c, Fields: fields, Records: records})
	return &fixture{t: t, c: c, cfg: cfg, src: open(t, cfg)}
}

func open(t *testing.T, cfg sources.Config) sources.Source {
	t.Helper()
	src, ok := sources.New(cfg.Type)
	if !ok {
		t.Fatalf("no source plugin registered as %q", cfg.Type)
	}
	if err := src.Init(cfg); err != nil {
		t.Fatalf("Init: %v", err)
	}
	if c, ok := src.(sources.Closer); ok {
		t.Cleanup(func() { _ = c.Close() })
	}
	return src
}

// fetch reads every record, keyed by the canonical JSON of id.
func (f *fixture) fetch() (map[string]contract.Record, sources.Snapshot) {
	f.t.Helper()
	out := map[string]contract.Record{}
	snap, err := f.src.Fetch(context.Background(), func(r contract.Record) error {
		if len(r.Values) != len(f.c.Fields) {
			f.t.Fatalf("record %s has %d values, want one per contract field (%d)", r.Where(), len(r.Values), len(f.c.Fields))
		}
		out[f.c.Fields[0].Parse(r.Values[0]).JSON] = r
		return nil
	})
	if err != nil {
		f.t.Fatalf("Fetch: %v", err)
	}
	return out, snap
}

// check asserts that rec's fields parse to the canonical JSON in want,
// whether rec holds its raw values in Values or in Cells (a file's Get
// inside a batch gives Cells).
func (f *fixture) check(rec contract.Record, want map[string]string) {
	f.t.Helper()
	for name, w := range want {
		fld := f.c.FieldByName(name)
		if got := fld.Parse(rec.Raw(fld.Index)).JSON; got != w {
			f.t.Errorf("record %s: field %q = %s, want %s (raw %#v)", rec.Where(), name, got, w, rec.Raw(fld.Index))
		}
	}
}

// write applies op and fails the test on an error.
func (f *fixture) write(op sources.WriteOp) {
	f.t.Helper()
	if err := f.writer().Write(context.Background(), op); err != nil {
		f.t.Fatalf("Write(%+v): %v", op, err)
	}
}

// conflict applies op and wants an error wrapping ErrConflict.
func (f *fixture) conflict(op sources.WriteOp) {
	f.t.Helper()
	err := f.writer().Write(context.Background(), op)
	if err == nil || !isConflict(err) {
		f.t.Fatalf("Write(%+v) = %v, want an error wrapping sources.ErrConflict", op, err)
	}
}

func (f *fixture) writer() sources.Writer {
	f.t.Helper()
	w, ok := f.src.(sources.Writer)
	if !ok {
		f.t.Fatalf("%T does not implement sources.Writer", f.src)
	}
	return w
}

func key(id string) []any { return []any{json.Number(id)} }

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
