package file_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/sources"
)

// batchSource is a file source over a fresh copy of text as data<ext>.
func batchSource(t *testing.T, ext, text string) (sources.Source, string) {
	t.Helper()
	dir := tempCopy(t, "data"+ext, text)
	return mustSource(t, dir, "path: data"+ext, nil), filepath.Join(dir, "data"+ext)
}

func num(n string) json.Number { return json.Number(n) }

// TestBatchGolden runs every golden write case inside a batch: the staged
// write fails as the direct one does, and the flushed file is the same.
func TestBatchGolden(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/write/*")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tc, input, ext := loadWriteCase(t, dir)
			tmp := tempCopy(t, "data"+ext, input)
			opts := tc.Opts
			if opts == "" {
				opts = "path: data" + ext
			}
			src := mustSource(t, tmp, opts, tc.Fields)
			ctx := sources.BatchContext(context.Background())
			b := src.(sources.Batcher)
			if err := b.BeginBatch(ctx); err != nil {
				t.Fatal(err)
			}
			err := src.(sources.Writer).Write(ctx, sources.WriteOp{Action: tc.Op.Action, Key: tc.Op.Key,
				Set: tc.Op.Set, Expect: tc.Op.Expect, Record: tc.Op.Record})
			if ferr := b.FlushBatch(ctx); ferr != nil {
				t.Fatalf("FlushBatch: %v", ferr)
			}
			got := readFile(t, filepath.Join(tmp, "data"+ext))
			checkNoTempFiles(t, tmp)
			switch {
			case tc.Error != "":
				if err == nil || err.Error() != tc.Error {
					t.Fatalf("staged Write error:\n got %v\nwant %s", err, tc.Error)
				}
				if got != input {
					t.Errorf("a refused staged write changed the file:\n%s", got)
				}
			case err != nil:
				t.Fatalf("staged Write: %v", err)
			case tc.Unchanged:
				if got != input {
					t.Errorf("a batch that changes no value changed the file:\n%s", got)
				}
			default:
				if want := readFile(t, filepath.Join(dir, "want"+ext)); got != want {
					t.Errorf("file after the batch:\n%s\nwant:\n%s", got, want)
				}
			}
		})
	}
}

// sequence is a run of writes that touch the same keys more than once.
func sequence() []sources.WriteOp {
	return []sources.WriteOp{
		{Action: sources.ActionUpdate, Key: []any{num("1")}, Set: map[string]any{"name": "Anna"}, Expect: map[string]any{"name": "Ann"}},
		{Action: sources.ActionInsert, Key: []any{num("3")}, Record: map[string]any{"id": num("3"), "name": "Cy"}},
		{Action: sources.ActionUpdate, Key: []any{num("3")}, Set: map[string]any{"name": "Cyd"}, Expect: map[string]any{"name": "Cy"}},
		{Action: sources.ActionDelete, Key: []any{num("2")}, Expect: map[string]any{"name": "Bob"}},
		{Action: sources.ActionUpdate, Key: []any{num("1")}, Set: map[string]any{"name": "Annie"}, Expect: map[string]any{"name": "Anna"}},
		{Action: sources.ActionDelete, Key: []any{num("1")}, Expect: map[string]any{"name": "Annie"}},
		{Action: sources.ActionInsert, Key: []any{num("2")}, Record: map[string]any{"id": num("2"), "name": "Bo"}},
		{Action: sources.ActionUpdate, Key: []any{num("2")}, Set: map[string]any{"name": "Al"}, Expect: map[string]any{"name": "Ann"}},
	}
}

// TestBatchMatchesDirectWrites: a batch of writes leaves the file exactly
// as the same writes made one by one do, conflicts included, and leaves it
// alone until the flush.
func TestBatchMatchesDirectWrites(t *testing.T) {
	inputs := map[string]string{
		".csv":    "id,name\n1,Ann\n2,Bob\n",
		".ndjson": "{\"id\": 1, \"name\": \"Ann\"}\n{\"id\": 2, \"name\": \"Bob\"}\n",
		".json":   "[\n  {\"id\": 1, \"name\": \"Ann\"},\n  {\"id\": 2, \"name\": \"Bob\"}\n]\n",
		".yaml":   "- id: 1\n  name: Ann\n- id: 2\n  name: Bob\n",
	}
	ctx := sources.BatchContext(context.Background())
	for ext, input := range inputs {
		t.Run(ext, func(t *testing.T) {
			direct, directPath := batchSource(t, ext, input)
			var directErrs []string
			for _, op := range sequence() {
				directErrs = append(directErrs, errText(direct.(sources.Writer).Write(ctx, op)))
			}
			staged, path := batchSource(t, ext, input)
			if err := staged.(sources.Batcher).BeginBatch(ctx); err != nil {
				t.Fatal(err)
			}
			for i, op := range sequence() {
				if got := errText(staged.(sources.Writer).Write(ctx, op)); got != directErrs[i] {
					t.Errorf("op %d: staged error %q, direct %q", i, got, directErrs[i])
				}
			}
			if got := readFile(t, path); got != input {
				t.Fatalf("the file changed before the flush:\n%s", got)
			}
			if err := staged.(sources.Batcher).FlushBatch(ctx); err != nil {
				t.Fatal(err)
			}
			if got, want := readFile(t, path), readFile(t, directPath); got != want {
				t.Errorf("after the batch:\n%s\nafter direct writes:\n%s", got, want)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, sources.ErrConflict) {
		return "conflict"
	}
	return err.Error()
}

// TestBatchGetSeesStagedWrites: Get in a batch answers from the staged
// document, and after the flush from the file.
func TestBatchGetSeesStagedWrites(t *testing.T) {
	for ext, input := range map[string]string{
		".ndjson": "{\"id\": 1, \"name\": \"Ann\"}\n",
		".csv":    "id,name\n1,Ann\n",
	} {
		t.Run(ext, func(t *testing.T) {
			src, _ := batchSource(t, ext, input)
			w, b, ctx := src.(sources.Writer), src.(sources.Batcher), sources.BatchContext(context.Background())
			if err := b.BeginBatch(ctx); err != nil {
				t.Fatal(err)
			}
			// Read before the writes (as apply reads each record it
			// writes, then reads it whole): no read may outlive a write.
			if rec, found, err := w.Get(ctx, []any{num("1")}); err != nil || !found || fmt.Sprint(rec.Raw(1)) != "Ann" {
				t.Fatalf("staged Get(1) before the writes = %v, %v, %v", rec.Raw(1), found, err)
			}
			if whole, _, err := src.(sources.WholeRecorder).GetWhole(ctx, []any{num("1")}); err != nil || !strings.Contains(string(whole), `"Ann"`) {
				t.Fatalf("staged GetWhole(1) before the writes = %s, %v", whole, err)
			}
			ops := sequence()
			for _, op := range ops[:3] {
				if err := w.Write(ctx, op); err != nil {
					t.Fatal(err)
				}
			}
			for _, tc := range []struct{ key, name string }{{"1", "Anna"}, {"3", "Cyd"}} {
				rec, found, err := w.Get(ctx, []any{num(tc.key)})
				if err != nil || !found || fmt.Sprint(rec.Raw(1)) != tc.name {
					t.Errorf("staged Get(%s) = %v, %v, %v; want name %s", tc.key, rec.Raw(1), found, err, tc.name)
				}
				whole, _, err := src.(sources.WholeRecorder).GetWhole(ctx, []any{num(tc.key)})
				if err != nil || !strings.Contains(string(whole), `"`+tc.name+`"`) {
					t.Errorf("staged GetWhole(%s) = %s, %v; want name %s", tc.key, whole, err, tc.name)
				}
			}
			if err := b.FlushBatch(ctx); err != nil {
				t.Fatal(err)
			}
			if rec, found, err := w.Get(ctx, []any{num("3")}); err != nil || !found || fmt.Sprint(rec.Raw(1)) != "Cyd" {
				t.Errorf("Get after the flush = %v, %v, %v", rec.Raw(1), found, err)
			}
		})
	}
}

// TestBatchFlushRefusesChangedFile: when another writer changes the file
// during a batch, the flush writes nothing and reports a conflict.
func TestBatchFlushRefusesChangedFile(t *testing.T) {
	src, path := batchSource(t, ".csv", "id,name\n1,Ann\n2,Bob\n")
	w, b, ctx := src.(sources.Writer), src.(sources.Batcher), sources.BatchContext(context.Background())
	if err := b.BeginBatch(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(ctx, sequence()[0]); err != nil {
		t.Fatal(err)
	}
	other := "id,name\n1,Ann\n2,Bobby\n"
	writeFile(t, path, other)
	err := b.FlushBatch(ctx)
	if !errors.Is(err, sources.ErrConflict) {
		t.Fatalf("FlushBatch = %v, want a conflict", err)
	}
	if got := readFile(t, path); got != other {
		t.Errorf("the other writer's change was overwritten:\n%s", got)
	}
	checkNoTempFiles(t, filepath.Dir(path))
}

// TestBatchFailedWriteKeepsEarlierWrites: a write that fails half way
// (its second field cannot be written) leaves no trace, and the writes
// staged before it are still flushed.
func TestBatchFailedWriteKeepsEarlierWrites(t *testing.T) {
	src, path := batchSource(t, ".csv", "id,name,tags\n1,Ann,a\n2,Bob,b\n")
	w, b, ctx := src.(sources.Writer), src.(sources.Batcher), sources.BatchContext(context.Background())
	if err := b.BeginBatch(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(ctx, sequence()[0]); err != nil {
		t.Fatal(err)
	}
	bad := sources.WriteOp{Action: sources.ActionUpdate, Key: []any{num("2")},
		Set: map[string]any{"name": "Bo", "tags": []any{"x;y"}}}
	if err := w.Write(ctx, bad); err == nil || !strings.Contains(err.Error(), "separates members") {
		t.Fatalf("Write = %v, want the member refused", err)
	}
	if rec, _, err := w.Get(ctx, []any{num("2")}); err != nil || fmt.Sprint(rec.Raw(1)) != "Bob" {
		t.Errorf("after the failed write Get(2) = %v, %v; want Bob kept", rec.Raw(1), err)
	}
	if err := b.FlushBatch(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := readFile(t, path), "id,name,tags\n1,Anna,a\n2,Bob,b\n"; got != want {
		t.Errorf("file = %q, want %q", got, want)
	}
}

func TestBatchLifecycle(t *testing.T) {
	ctx := sources.BatchContext(context.Background())
	tests := []struct {
		name string
		run  func(b sources.Batcher, w sources.Writer) error
		want string
	}{
		{"flush without begin", func(b sources.Batcher, _ sources.Writer) error { return b.FlushBatch(ctx) }, "no batch is open"},
		{"begin twice", func(b sources.Batcher, _ sources.Writer) error {
			_ = b.BeginBatch(ctx)
			defer b.AbortBatch(ctx)
			return b.BeginBatch(ctx)
		}, "a batch is already open"},
		{"abort drops the staged writes", func(b sources.Batcher, w sources.Writer) error {
			_ = b.BeginBatch(ctx)
			_ = w.Write(ctx, sequence()[0])
			b.AbortBatch(ctx)
			return b.FlushBatch(ctx)
		}, "no batch is open"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			input := "id,name\n1,Ann\n"
			src, path := batchSource(t, ".csv", input)
			err := tc.run(src.(sources.Batcher), src.(sources.Writer))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
			if got := readFile(t, path); got != input {
				t.Errorf("the file changed:\n%s", got)
			}
		})
	}
}

func TestBatchNotWritable(t *testing.T) {
	dir := tempCopy(t, "data.csv", "id,name\n")
	src, _ := sources.New("file")
	cfg := sources.Config{Name: "replica", Type: "file", Dir: dir, Contract: testContract(), Options: options(t, "path: data.csv")}
	if err := src.Init(cfg); err != nil {
		t.Fatal(err)
	}
	if err := src.(sources.Batcher).BeginBatch(context.Background()); err == nil || !strings.Contains(err.Error(), "writable: true") {
		t.Errorf("BeginBatch = %v, want the source refused as not writable", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data.csv")); err != nil {
		t.Fatal(err)
	}
}

// TestBatchReadKeepsStagedWrites: a key the batch was not told of makes
// it read the file's other records, and a key it staged a write to keeps
// that write: the flush writes it.
func TestBatchReadKeepsStagedWrites(t *testing.T) {
	for ext, input := range map[string]string{
		".ndjson": "{\"id\": 1, \"name\": \"Ann\"}\n{\"id\": 2, \"name\": \"Bob\"}\n",
		".csv":    "id,name\n1,Ann\n2,Bob\n",
	} {
		t.Run(ext, func(t *testing.T) {
			src, path := batchSource(t, ext, input)
			w, ctx := src.(sources.Writer), sources.BatchContext(context.Background())
			b := src.(sources.Batcher)
			if err := b.BeginBatch(ctx); err != nil {
				t.Fatal(err)
			}
			if err := src.(sources.Prefetcher).Prefetch(ctx, [][]any{{num("1")}}); err != nil {
				t.Fatal(err)
			}
			if err := w.Write(ctx, sequence()[0]); err != nil {
				t.Fatal(err)
			}
			if rec, found, err := w.Get(ctx, []any{num("2")}); err != nil || !found || fmt.Sprint(rec.Raw(1)) != "Bob" {
				t.Fatalf("staged Get(2) = %v, %v, %v", rec.Raw(1), found, err)
			}
			if rec, _, err := w.Get(ctx, []any{num("1")}); err != nil || fmt.Sprint(rec.Raw(1)) != "Anna" {
				t.Errorf("staged Get(1) after reading key 2 = %v, %v; want the staged Anna", rec.Raw(1), err)
			}
			if err := b.FlushBatch(ctx); err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, path); !strings.Contains(got, "Anna") {
				t.Errorf("the staged write was not flushed:\n%s", got)
			}
		})
	}
}

// TestBatchBelongsToItsContext: while one caller's batch is open, another
// caller of the source (a worker's re-read of another job's key) reads
// and writes the file as it is stored, never the staged data, and cannot
// flush, abort or prefetch the batch; its write makes the batch's flush a
// conflict. A batch is begun only with a context of its own.
func TestBatchBelongsToItsContext(t *testing.T) {
	src, path := batchSource(t, ".csv", "id,name\n1,Ann\n2,Bob\n")
	w, b := src.(sources.Writer), src.(sources.Batcher)
	mine, other := sources.BatchContext(context.Background()), context.Background()
	if err := b.BeginBatch(other); err == nil || !strings.Contains(err.Error(), "sources.BatchContext") {
		t.Fatalf("BeginBatch without a batch context = %v, want it refused", err)
	}
	if err := b.BeginBatch(mine); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(mine, sequence()[0]); err != nil {
		t.Fatal(err)
	}
	if rec, _, err := w.Get(other, []any{num("1")}); err != nil || fmt.Sprint(rec.Raw(1)) != "Ann" {
		t.Errorf("Get(1) outside the batch = %v, %v; want the stored Ann", rec.Raw(1), err)
	}
	if whole, _, err := src.(sources.WholeRecorder).GetWhole(other, []any{num("1")}); err != nil || !strings.Contains(string(whole), `"Ann"`) {
		t.Errorf("GetWhole(1) outside the batch = %s, %v; want the stored Ann", whole, err)
	}
	if err := src.(sources.Prefetcher).Prefetch(other, [][]any{{num("2")}}); err == nil {
		t.Error("Prefetch outside the batch succeeded")
	}
	if err := b.FlushBatch(other); err == nil {
		t.Error("FlushBatch outside the batch succeeded")
	}
	b.AbortBatch(other) // does nothing: the owner's flush below still finds its batch
	if got := readFile(t, path); got != "id,name\n1,Ann\n2,Bob\n" {
		t.Fatalf("the file changed before the owner's flush:\n%s", got)
	}
	bo := sources.WriteOp{Action: sources.ActionUpdate, Key: []any{num("2")}, Set: map[string]any{"name": "Bo"}, Expect: map[string]any{"name": "Bob"}}
	if err := w.Write(other, bo); err != nil {
		t.Fatalf("Write outside the batch = %v", err)
	}
	if err := b.FlushBatch(mine); !errors.Is(err, sources.ErrConflict) {
		t.Fatalf("the owner's FlushBatch after another write = %v, want a conflict", err)
	}
	if got, want := readFile(t, path), "id,name\n1,Ann\n2,Bo\n"; got != want {
		t.Errorf("file = %q, want %q: the other write kept, the batch's refused", got, want)
	}
}

// TestBatchCutReadKnowsNoKeyAbsent: a read of the whole file that is cut
// short (its context cancelled) leaves the batch knowing no key absent:
// a later Get still finds a key the cut read never reached.
func TestBatchCutReadKnowsNoKeyAbsent(t *testing.T) {
	path, _ := bigCSV(t, 10000)
	src := mustSource(t, filepath.Dir(path), "path: data.csv", nil)
	w, b := src.(sources.Writer), src.(sources.Batcher)
	ctx := sources.BatchContext(context.Background())
	if err := b.BeginBatch(ctx); err != nil {
		t.Fatal(err)
	}
	defer b.AbortBatch(ctx)
	cut, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := w.Get(cut, []any{num("1")}); err == nil {
		t.Fatal("Get with a cancelled context succeeded")
	}
	if _, found, err := w.Get(ctx, []any{num("9000")}); err != nil || !found {
		t.Errorf("Get(9000) after a cut read = found %v, %v; the key is in the file", found, err)
	}
}

// TestInsertAfterAnOpenQuoteRefused: a TSV file whose last record ends in
// a cell quoted lazily and never closed would take an appended record
// into that cell, so an insert is refused, naming the line, and the file
// is left as it was; a file whose last record is closed takes it.
func TestInsertAfterAnOpenQuoteRefused(t *testing.T) {
	insert := sources.WriteOp{Action: sources.ActionInsert, Key: []any{num("3")}, Record: map[string]any{"id": num("3"), "name": "Cy"}}
	for _, tc := range []struct{ name, input, err string }{
		{"open quote", "id\tname\n1\tAnn\n2\t\"Bob\n", "line 3: the file's last record ends inside a quoted cell"},
		{"open quote, no records after the header", "id\t\"name\n", "line 1: the file's last record ends inside a quoted cell"},
		{"closed quote", "id\tname\n1\tAnn\n2\t\"Bob\"\n", ""},
		{"quote inside a cell", "id\tname\n1\tAnn\n2\tB\"ob\n", ""},
	} {
		for _, batched := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/batched=%v", tc.name, batched), func(t *testing.T) {
				src, path := batchSource(t, ".tsv", tc.input)
				w, b, ctx := src.(sources.Writer), src.(sources.Batcher), sources.BatchContext(context.Background())
				if batched {
					if err := b.BeginBatch(ctx); err != nil {
						t.Fatal(err)
					}
				}
				err := w.Write(ctx, insert)
				if batched {
					if ferr := b.FlushBatch(ctx); ferr != nil {
						t.Fatal(ferr)
					}
				}
				got := readFile(t, path)
				if tc.err == "" {
					if err != nil {
						t.Fatalf("insert = %v", err)
					}
					if _, found, err := w.Get(context.Background(), []any{num("3")}); err != nil || !found {
						t.Errorf("Get(3) after the insert = %v, %v; file:\n%s", found, err, got)
					}
					return
				}
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("insert = %v, want %q", err, tc.err)
				}
				if got != tc.input {
					t.Errorf("a refused insert changed the file:\n%s", got)
				}
			})
		}
	}
}

// TestInsertAfterALoneCR: a CRLF file cut short after its last record's
// '\r' gets the '\n' that completes the line before an insert, not a
// second '\r' that would end up inside the last cell.
func TestInsertAfterALoneCR(t *testing.T) {
	insert := sources.WriteOp{Action: sources.ActionInsert, Key: []any{num("3")}, Record: map[string]any{"id": num("3"), "name": "Cy"}}
	for _, tc := range []struct{ ext, input, want string }{
		{".csv", "id,name\r\n1,x\r", "id,name\r\n1,x\r\n3,Cy\r\n"},
		{".tsv", "id\tname\r\n1\tx\r", "id\tname\r\n1\tx\r\n3\tCy\r\n"},
		{".csv", "id,name\r\n1,x\r\n\r", "id,name\r\n1,x\r\n\r\n3,Cy\r\n"},
	} {
		t.Run(fmt.Sprintf("%q", tc.input), func(t *testing.T) {
			src, path := batchSource(t, tc.ext, tc.input)
			w := src.(sources.Writer)
			if err := w.Write(context.Background(), insert); err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, path); got != tc.want {
				t.Errorf("file = %q, want %q", got, tc.want)
			}
			if rec, _, err := w.Get(context.Background(), []any{num("1")}); err != nil || fmt.Sprint(rec.Raw(1)) != "x" {
				t.Errorf("Get(1) after the insert = %q, %v; want x", rec.Raw(1), err)
			}
		})
	}
}

// TestWriteRefusesANonRegularFile: a writable source whose path is a
// device (here /dev/null) takes no write: it is refused, naming the
// fix, and the device is left a device.
func TestWriteRefusesANonRegularFile(t *testing.T) {
	info, err := os.Stat(os.DevNull)
	if err != nil || info.Mode()&os.ModeDevice == 0 {
		t.Skipf("%s is not a device here", os.DevNull)
	}
	src := mustSource(t, t.TempDir(), "path: "+os.DevNull+"\nformat: csv", nil)
	insert := sources.WriteOp{Action: sources.ActionInsert, Key: []any{num("3")}, Record: map[string]any{"id": num("3"), "name": "Cy"}}
	if err := src.(sources.Writer).Write(context.Background(), insert); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("insert into %s = %v, want it refused", os.DevNull, err)
	}
	if info, err := os.Stat(os.DevNull); err != nil || info.Mode()&os.ModeDevice == 0 {
		t.Fatalf("%s is no longer a device: %v, %v", os.DevNull, info.Mode(), err)
	}
}
