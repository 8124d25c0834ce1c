package sqltest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/drift-sh/drift/sources"
)

// wholeContract declares only id and name, and ignores notes: every other
// column of a whole-record table is one the contract does not declare.
const wholeContract = `version: 1
contract:
  name: notes
  version: 1
  key: [id]
  fields:
    id:    {type: int}
    name:  {type: string}
    notes: {type: string, ignore: true}
`

// WholeCase is a table for the whole-record tests: its columns (id, name
// and notes among them), a statement (with %s for the quoted table name)
// that inserts the row with id 1 and name Ann, and the JSON object GetWhole
// must return for it.
type WholeCase struct {
	// Schema, when set, qualifies the table name in the source's config,
	// such as "public.".
	Schema  string
	Columns string
	Insert  string
	Want    string
}

// Whole checks sources.WholeRecorder: GetWhole reads every column of the
// row, the contract's or not; after a delete, an insert with that record
// as WriteOp.Whole restores every column exactly; the insert is still a
// compare-and-set, and a record is not inserted under another key.
func Whole(t *testing.T, b Backend, wc WholeCase) {
	name := Name("Whole")
	q := b.Quote(name)
	b.Exec(t, fmt.Sprintf("CREATE TABLE %s (%s)", q, wc.Columns))
	t.Cleanup(func() { b.Exec(t, "DROP TABLE IF EXISTS "+q) })
	b.Exec(t, fmt.Sprintf(wc.Insert, q))
	body := wholeContract + "sources:\n  db:\n    type: " + b.Type + "\n    " + b.Conn + "\n    table: " + wc.Schema + name + "\n    writable: true\n"
	src := New(t, Config(t, t.TempDir(), body))
	w, ok := src.(sources.WholeRecorder)
	if !ok {
		t.Fatalf("%s does not implement sources.WholeRecorder", b.Type)
	}
	wr := src.(sources.Writer)
	ctx := context.Background()
	one := []any{json.Number("1")}
	whole := mustWhole(t, w, one, wc.Want)
	del := sources.WriteOp{Action: sources.ActionDelete, Key: one, Expect: map[string]any{"name": "Ann"}}
	if err := wr.Write(ctx, del); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, found, err := w.GetWhole(ctx, one); found || err != nil {
		t.Fatalf("GetWhole after the delete: found=%v err=%v, want absent", found, err)
	}
	ins := sources.WriteOp{Action: sources.ActionInsert, Key: one,
		Record: map[string]any{"id": json.Number("1"), "name": "Ann"}, Whole: whole}
	if err := wr.Write(ctx, ins); err != nil {
		t.Fatalf("insert whole: %v", err)
	}
	mustWhole(t, w, one, wc.Want)
	IsConflict(t, wr.Write(ctx, ins))
	two := []any{json.Number("2")}
	ins.Key = two
	if err := wr.Write(ctx, ins); err == nil || !strings.Contains(err.Error(), "another record") {
		t.Errorf("inserting key 1's record under key 2: %v, want a refusal naming another record", err)
	}
	if _, found, _ := w.GetWhole(ctx, two); found {
		t.Errorf("key 2 was inserted from key 1's record")
	}
}

// mustWhole reads the record whole and compares it with want, both
// compacted; member order counts.
func mustWhole(t *testing.T, w sources.WholeRecorder, key []any, want string) json.RawMessage {
	t.Helper()
	whole, found, err := w.GetWhole(context.Background(), key)
	if err != nil || !found {
		t.Fatalf("GetWhole %v: found=%v err=%v", key, found, err)
	}
	var got, exp bytes.Buffer
	if err := json.Compact(&got, whole); err != nil {
		t.Fatalf("GetWhole returned invalid JSON %s: %v", whole, err)
	}
	if err := json.Compact(&exp, []byte(want)); err != nil {
		t.Fatalf("want is invalid JSON: %v", err)
	}
	if got.String() != exp.String() {
		t.Errorf("GetWhole %v:\n got %s\nwant %s", key, got.String(), exp.String())
	}
	return whole
}
