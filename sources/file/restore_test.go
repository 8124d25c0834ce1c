package file_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// storedContract reads an email normalized, an instant to the second and
// a decimal: the canonical values differ from the stored text of each.
func storedContract() *contract.Contract {
	fields := []*contract.Field{
		{Name: "id", Type: contract.TypeInt},
		{Name: "email", Type: contract.TypeString, Normalize: []contract.Normalizer{contract.NormTrim, contract.NormLower}},
		{Name: "at", Type: contract.TypeTimestamp, Precision: time.Second},
		{Name: "amount", Type: contract.TypeDecimal},
	}
	for i, f := range fields {
		f.Index = i
	}
	return &contract.Contract{Name: "accounts", Version: 1, Key: []int{0}, Fields: fields}
}

// storedFiles hold, in each format, a record whose stored text is not
// canonical: spaces and case, a sub-second instant with an offset, "1.10".
var storedFiles = map[string]string{
	".csv":    "id,email,at,amount\n1,\"  Bob@Example.COM \",2024-01-01T10:20:31.987654+02:00,1.10\n2,ann@example.com,2024-01-02T00:00:00Z,2\n",
	".tsv":    "id\temail\tat\tamount\n1\t  Bob@Example.COM \t2024-01-01T10:20:31.987654+02:00\t1.10\n2\tann@example.com\t2024-01-02T00:00:00Z\t2\n",
	".ndjson": "{\"id\": 1, \"email\": \"  Bob@Example.COM \", \"at\": \"2024-01-01T10:20:31.987654+02:00\", \"amount\": 1.10}\n{\"id\": 2, \"email\": \"ann@example.com\"}\n",
	".json":   "[\n  {\"id\": 1, \"email\": \"  Bob@Example.COM \", \"at\": \"2024-01-01T10:20:31.987654+02:00\", \"amount\": 1.10},\n  {\"id\": 2, \"email\": \"ann@example.com\"}\n]\n",
	".yaml":   "- id: 1\n  email: \"  Bob@Example.COM \"\n  at: 2024-01-01T10:20:31.987654+02:00\n  amount: 1.10\n- id: 2\n  email: ann@example.com\n",
}

// TestRestoreStoredText: an update that wrote canonical values, undone by
// an update given the record as GetWhole read it before, leaves the file
// byte for byte as it was, inside a batch and outside one.
func TestRestoreStoredText(t *testing.T) {
	canon := map[string]any{"email": "carol@example.com", "at": "2025-02-02T08:20:31Z", "amount": json.Number("3.5")}
	before := map[string]any{"email": "bob@example.com", "at": "2024-01-01T08:20:31.987654Z", "amount": json.Number("1.10")}
	for ext, input := range storedFiles {
		for _, batched := range []bool{false, true} {
			name := strings.TrimPrefix(ext, ".")
			if batched {
				name += "/batched"
			}
			t.Run(name, func(t *testing.T) {
				dir := tempCopy(t, "data"+ext, input)
				path := filepath.Join(dir, "data"+ext)
				src, _ := sources.New("file")
				cfg := sources.Config{Name: "replica", Type: "file", Writable: true, Dir: dir,
					Contract: storedContract(), Options: options(t, "path: data"+ext)}
				if err := src.Init(cfg); err != nil {
					t.Fatal(err)
				}
				ctx, key := sources.BatchContext(context.Background()), []any{json.Number("1")}
				stored, found, err := src.(sources.WholeRecorder).GetWhole(ctx, key)
				if err != nil || !found {
					t.Fatalf("GetWhole = %v, %v", found, err)
				}
				write := func(op sources.WriteOp) {
					t.Helper()
					b, isBatcher := src.(sources.Batcher)
					if batched && isBatcher {
						if err := b.BeginBatch(ctx); err != nil {
							t.Fatal(err)
						}
						defer func() {
							if err := b.FlushBatch(ctx); err != nil {
								t.Fatal(err)
							}
						}()
					}
					if err := src.(sources.Writer).Write(ctx, op); err != nil {
						t.Fatalf("Write: %v", err)
					}
				}
				write(sources.WriteOp{Action: sources.ActionUpdate, Key: key, Set: canon})
				if readFile(t, path) == input {
					t.Fatal("the update changed nothing; the test needs it to write canonical text")
				}
				write(sources.WriteOp{Action: sources.ActionUpdate, Key: key, Set: before, Expect: canon, Whole: stored})
				if got := readFile(t, path); got != input {
					t.Errorf("after the restore:\n%s\nwant, as stored before:\n%s", got, input)
				}
			})
		}
	}
}

// TestRestoreStillChecksExpect: a restore whose expectation no longer
// holds is a conflict and writes nothing.
func TestRestoreStillChecksExpect(t *testing.T) {
	src, path := batchSource(t, ".csv", "id,name,score\n1,Ann,1.10\n")
	w, ctx := src.(sources.Writer), context.Background()
	whole := json.RawMessage(`{"id":"1","name":"Ann","score":"1.10"}`)
	err := w.Write(ctx, sources.WriteOp{Action: sources.ActionUpdate, Key: []any{num("1")},
		Set: map[string]any{"name": "Ann"}, Expect: map[string]any{"name": "Bob"}, Whole: whole})
	if err == nil || !strings.Contains(err.Error(), "conflict") {
		t.Fatalf("Write = %v, want a conflict", err)
	}
	if got := readFile(t, path); got != "id,name,score\n1,Ann,1.10\n" {
		t.Errorf("file = %q", got)
	}
}

// TestRestoreRemovesWhatWasAbsent: a field the stored record lacked is
// removed from a JSON record and emptied in a CSV row.
func TestRestoreRemovesWhatWasAbsent(t *testing.T) {
	tests := []struct{ ext, input, whole, want string }{
		{".ndjson", "{\"id\": 1, \"name\": \"Ann\", \"score\": 2}\n", `{"id":1,"name":"Ann"}`, "{\"id\": 1, \"name\": \"Ann\"}\n"},
		{".csv", "id,name,score\n1,Ann,2\n", `{"id":"1","name":"Ann"}`, "id,name,score\n1,Ann,\n"},
		{".yaml", "- id: 1\n  name: Ann\n  score: 2\n", `{"id":1,"name":"Ann"}`, "- id: 1\n  name: Ann\n"},
	}
	for _, tc := range tests {
		t.Run(tc.ext, func(t *testing.T) {
			src, path := batchSource(t, tc.ext, tc.input)
			err := src.(sources.Writer).Write(context.Background(), sources.WriteOp{Action: sources.ActionUpdate,
				Key: []any{num("1")}, Set: map[string]any{"score": nil}, Whole: json.RawMessage(tc.whole)})
			if err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, path); got != tc.want {
				t.Errorf("file = %q, want %q", got, tc.want)
			}
		})
	}
}
