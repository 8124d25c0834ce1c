package file_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/drift-sh/drift/sources"
)

// TestDeleteThenInsertWholeRestoresTheFile deletes the last record, then
// inserts it again from GetWhole, as a rollback does: the file must be
// byte for byte what it was, columns and members the contract does not
// declare included.
func TestDeleteThenInsertWholeRestoresTheFile(t *testing.T) {
	cases := []struct{ name, file, text string }{
		{"csv", "data.csv", "id,name,notes,extra\n1,a,keep,E1\n2,b,\"important, note\",E2\n"},
		{"csv-crlf", "data.csv", "id,name,notes\r\n1,a,keep\r\n2,b,\"say \"\"hi\"\"\"\r\n"},
		{"tsv", "data.tsv", "id\tname\tnotes\textra\n1\ta\tkeep\tE1\n2\tb\timportant note\tE2\n"},
		{"json", "data.json", "[\n  {\"id\": 1, \"name\": \"a\"},\n  {\"id\": 2, \"name\": \"b\", \"notes\": \"important note\", \"extra\": {\"x\": [1, 2.50], \"on\": true}, \"score\": 1.50, \"gone\": null}\n]\n"},
		{"ndjson", "data.ndjson", "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\",\"notes\":\"important note\",\"extra\":{\"x\":[1,2.50]},\"score\":1.50}\n"},
		{"yaml", "data.yaml", "- id: 1\n  name: a\n- id: 2\n  name: b\n  notes: important note\n  extra:\n    x: 1.50\n    on: true\n    none: null\n  tags: [x, y]\n"},
	}
	for _, tc := range cases {
		for _, batched := range []bool{false, true} {
			name := tc.name
			if batched {
				name += "/batch"
			}
			t.Run(name, func(t *testing.T) {
				dir := tempCopy(t, tc.file, tc.text)
				path := filepath.Join(dir, tc.file)
				src := mustSource(t, dir, "path: "+tc.file, nil)
				whole := deleteWhole(t, src, batched)
				if got := readFile(t, path); got == tc.text {
					t.Fatalf("the delete left the file as it was:\n%s", got)
				}
				insertWhole(t, src, whole, batched)
				if got := readFile(t, path); got != tc.text {
					t.Errorf("after delete and insert of %s the file is\n%q\nwant\n%q", whole, got, tc.text)
				}
			})
		}
	}
}

// deleteWhole reads record 2 whole and deletes it.
func deleteWhole(t *testing.T, src sources.Source, batched bool) json.RawMessage {
	t.Helper()
	ctx := sources.BatchContext(context.Background())
	return inBatch(ctx, t, src, batched, func() json.RawMessage {
		whole, found, err := src.(sources.WholeRecorder).GetWhole(ctx, []any{json.Number("2")})
		if err != nil || !found {
			t.Fatalf("GetWhole: found %v, %v", found, err)
		}
		op := sources.WriteOp{Action: sources.ActionDelete, Key: []any{json.Number("2")}, Expect: map[string]any{"name": "b"}}
		if err := src.(sources.Writer).Write(ctx, op); err != nil {
			t.Fatalf("delete: %v", err)
		}
		return whole
	})
}

func insertWhole(t *testing.T, src sources.Source, whole json.RawMessage, batched bool) {
	t.Helper()
	ctx := sources.BatchContext(context.Background())
	inBatch(ctx, t, src, batched, func() json.RawMessage {
		op := sources.WriteOp{Action: sources.ActionInsert, Key: []any{json.Number("2")},
			Record: map[string]any{"id": json.Number("2"), "name": "b"}, Whole: whole}
		if err := src.(sources.Writer).Write(ctx, op); err != nil {
			t.Fatalf("insert whole: %v", err)
		}
		return nil
	})
}

// inBatch runs do, inside a batch begun with ctx when batched.
func inBatch(ctx context.Context, t *testing.T, src sources.Source, batched bool, do func() json.RawMessage) json.RawMessage {
	t.Helper()
	if !batched {
		return do()
	}
	b := src.(sources.Batcher)
	if err := b.BeginBatch(ctx); err != nil {
		t.Fatal(err)
	}
	out := do()
	if err := b.FlushBatch(ctx); err != nil {
		t.Fatalf("FlushBatch: %v", err)
	}
	return out
}

// TestInsertWholeRefusesALostColumn: a column of the record that the
// header no longer has is an error, not a silent loss.
func TestInsertWholeRefusesALostColumn(t *testing.T) {
	dir := tempCopy(t, "data.csv", "id,name\n1,a\n")
	src := mustSource(t, dir, "path: data.csv", nil)
	op := sources.WriteOp{Action: sources.ActionInsert, Key: []any{json.Number("2")},
		Whole: json.RawMessage(`{"id":"2","name":"b","notes":"x"}`)}
	err := src.(sources.Writer).Write(context.Background(), op)
	if err == nil {
		t.Fatal("insert of a record with a column the header lacks succeeded")
	}
	if got := readFile(t, filepath.Join(dir, "data.csv")); got != "id,name\n1,a\n" {
		t.Errorf("the failed insert changed the file: %q", got)
	}
}
