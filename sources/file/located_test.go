package file_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"pgregory.net/rapid"
)

// rawRecord is a record with its raw values as Fetch would give them.
type rawRecord struct {
	Values  []any
	Unknown []string
	Loc     string
	Pos     int64
}

func collect(fetch func(context.Context, func(contract.Record) error) (sources.Snapshot, error)) ([]rawRecord, string, error) {
	var out []rawRecord
	snap, err := fetch(context.Background(), func(r contract.Record) error {
		out = append(out, own(r))
		return nil
	})
	return out, snap.Version, err
}

// own copies a record's raw values, from Values or Cells, and its Loc,
// which may share memory with the next record.
func own(r contract.Record) rawRecord {
	vals := make([]any, r.Len())
	for i := range vals {
		if v, ok := r.Raw(i).(contract.Cell); ok {
			vals[i] = contract.Cell(strings.Clone(string(v)))
		} else {
			vals[i] = r.Raw(i)
		}
	}
	return rawRecord{Values: vals, Unknown: r.Unknown, Loc: strings.Clone(r.Where()), Pos: r.Pos}
}

// csvText draws CSV files shaped to hit every path of the hand splitter
// and of its hand-over to encoding/csv: quotes, blank lines, \r\n, a
// missing final newline, wrong cell counts, a missing column, columns
// out of the fields' order.
func csvText(t *rapid.T) string {
	header := rapid.SampledFrom([]string{"id,name,email,score,tags", "id,name,email,score,tags,note", "id,name,score", "id,\"name\",email,score,tags", "tags,score,email,name,id", "note,id,name,email,score,tags"}).Draw(t, "header")
	cell := rapid.SampledFrom([]string{"", "1", "a b", " x ", "\"q,\"\"x\"\"\"", "a\"b", "\"multi\nline\"", "é", "\r"})
	var b strings.Builder
	b.WriteString(header)
	for range rapid.IntRange(0, 6).Draw(t, "rows") {
		b.WriteString(rapid.SampledFrom([]string{"\n", "\r\n", "\n\n"}).Draw(t, "eol"))
		n := strings.Count(header, ",") + 1 + rapid.SampledFrom([]int{0, 0, 0, 0, 1, -1}).Draw(t, "width")
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(cell.Draw(t, "cell"))
		}
	}
	b.WriteString(rapid.SampledFrom([]string{"", "\n", "\r", "\r\n"}).Draw(t, "end"))
	return b.String()
}

// TestPropFetchLocatedMatchesFetch checks that the located read gives the
// same records, in the same order, with the same errors, as Fetch, and
// that Reread gives back each record at its Pos.
func TestPropFetchLocatedMatchesFetch(t *testing.T) {
	dir := t.TempDir()
	opts := options(t, "path: p.csv")
	rapid.Check(t, func(t *rapid.T) {
		text := csvText(t)
		if err := os.WriteFile(filepath.Join(dir, "p.csv"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		src, ok := sources.New("file")
		if !ok {
			t.Fatal("no file plugin")
		}
		cfg := sources.Config{Name: "p", Type: "file", Dir: dir, Contract: testContract(), Options: opts}
		if err := src.Init(cfg); err != nil {
			t.Fatal(err)
		}
		rr := src.(sources.Rereader)
		want, wantVer, wantErr := collect(src.Fetch)
		got, gotVer, gotErr := collect(rr.FetchLocated)
		if (wantErr == nil) != (gotErr == nil) || (wantErr != nil && wantErr.Error() != gotErr.Error()) {
			t.Fatalf("text %q: FetchLocated error %v, Fetch %v", text, gotErr, wantErr)
		}
		if wantErr != nil {
			return
		}
		for i := range want {
			want[i].Pos = got[i].Pos
		}
		if !reflect.DeepEqual(got, want) || gotVer != wantVer {
			t.Fatalf("text %q:\nFetchLocated %#v\nFetch        %#v", text, got, want)
		}
		locs := make([]int64, len(got))
		for i, r := range got {
			locs[i] = r.Pos
		}
		var again []rawRecord
		err2 := rr.Reread(context.Background(), locs, func(r contract.Record) error {
			again = append(again, own(r))
			return nil
		})
		if err2 != nil || len(again) != len(got) {
			t.Fatalf("text %q: Reread = %d records, %v", text, len(again), err2)
		}
		for i := range again {
			if !reflect.DeepEqual(again[i].Values, got[i].Values) {
				t.Fatalf("text %q: Reread at %d = %#v, want %#v", text, locs[i], again[i].Values, got[i].Values)
			}
		}
	})
}

func TestRereadRefusesAChangedFile(t *testing.T) {
	dir := tempCopy(t, "r.csv", "id,name,email,score,tags\n1,a,b,1,x\n")
	src := mustSource(t, dir, "path: r.csv", nil)
	rr := src.(sources.Rereader)
	if _, _, err := collect(rr.FetchLocated); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "r.csv"), "id,name,email,score,tags\n1,a,b,2,x\n")
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "r.csv"), later, later); err != nil {
		t.Fatal(err)
	}
	err := rr.Reread(context.Background(), []int64{25}, func(contract.Record) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "file changed during the scan; run it again") {
		t.Fatalf("Reread after a change = %v, want the file-changed error", err)
	}
	if errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Reread error %v names the wrong cause", err)
	}
}

// TestPropRereadSubsets rereads random sorted subsets of the records of a
// file many times longer than one read of Reread, with records long and
// short, quoted across lines and ending in \r\n: near records come from
// one read, far ones from a new one, and each is the record fetched there.
func TestPropRereadSubsets(t *testing.T) {
	names := []string{"a", `"multi` + "\n" + `line, ""quoted"""`, strings.Repeat("x", 20000), "b b"}
	rr, all, _ := rereadFile(t, 3000, names, true, "\n\n")
	rapid.Check(t, func(t *rapid.T) {
		var idx []int
		step := rapid.IntRange(1, 400).Draw(t, "step")
		for i := rapid.IntRange(0, step).Draw(t, "first"); i < len(all); i += rapid.IntRange(1, step).Draw(t, "gap") {
			idx = append(idx, i)
		}
		checkReread(t, rr, all, idx)
	})
}

// rereadFile writes a CSV file of n records whose names cycle through
// names (or, when short is set, every seventh is a run of up to 499 y's),
// whose lines end in \n, \r\n or a blank line in turn, the last one in
// last; it returns the file's source, its records as FetchLocated reads
// them, and its size.
func rereadFile(t *testing.T, n int, names []string, short bool, last string) (sources.Rereader, []rawRecord, int64) {
	t.Helper()
	var b strings.Builder
	b.WriteString("id,name,email,score,tags\n")
	for i := range n {
		name := names[i%len(names)]
		if short && i%7 == 0 {
			name = strings.Repeat("y", i%500)
		}
		eol := []string{"\n", "\r\n", "\n\n"}[i%3]
		if i == n-1 {
			eol = last
		}
		b.WriteString(strings.Join([]string{strconv.Itoa(i), name, "e" + strconv.Itoa(i), strconv.Itoa(i % 9), "t"}, ",") + eol)
	}
	dir := tempCopy(t, "r.csv", b.String())
	rr := mustSource(t, dir, "path: r.csv", nil).(sources.Rereader)
	all, _, err := collect(rr.FetchLocated)
	if err != nil || len(all) != n {
		t.Fatalf("FetchLocated = %d records, %v; want %d", len(all), err, n)
	}
	return rr, all, int64(b.Len())
}

// checkReread reads again the records all[i] for each i of idx, in that
// order, and checks each is the record first read there.
func checkReread(t *rapid.T, rr sources.Rereader, all []rawRecord, idx []int) {
	var locs []int64
	for _, i := range idx {
		locs = append(locs, all[i].Pos)
	}
	var got []rawRecord
	err := rr.Reread(context.Background(), locs, func(r contract.Record) error {
		got = append(got, own(r))
		return nil
	})
	if err != nil || len(got) != len(idx) {
		t.Fatalf("Reread = %d records, %v; want %d", len(got), err, len(idx))
	}
	for n, i := range idx {
		if got[n].Pos != all[i].Pos || got[n].Loc != all[i].Loc || !reflect.DeepEqual(got[n].Values, all[i].Values) {
			t.Fatalf("Reread at %d = %#v at %s, want %#v at %s", locs[n], got[n].Values, got[n].Loc, all[i].Values, all[i].Loc)
		}
	}
}

// TestPropRereadAnyOrder reads again random records, in any order and some
// twice, of files with long records (over a read's size), quoted line
// breaks, CRLF and a last line without its newline: each comes back as
// first read. Reread is asked for sorted positions, but others must not
// lose or garble records either.
func TestPropRereadAnyOrder(t *testing.T) {
	for _, dense := range []bool{false, true} {
		t.Run(strconv.FormatBool(dense), func(t *testing.T) { testRereadAnyOrder(t, dense) })
	}
}

func testRereadAnyOrder(t *testing.T, dense bool) {
	names := []string{"a", `"multi` + "\n" + `line, ""quoted"""`, strings.Repeat("x", 20000), "b b", strings.Repeat("z", 15000)}
	if dense {
		names = []string{"a", `"multi` + "\n" + `line, ""quoted"""`, strings.Repeat("x", 900), "b b", strings.Repeat("z", 1500)}
	}
	rr, all, _ := rereadFile(t, 600, names, true, "")
	rapid.Check(t, func(t *rapid.T) {
		checkReread(t, rr, all, rapid.SliceOfN(rapid.IntRange(0, len(all)-1), 0, 60).Draw(t, "idx"))
	})
}

// TestPropRereadAnyOffsetNoPanic asks Reread for any offsets (negative,
// huge, in the middle of a record, past the end): an error at worst,
// never a panic.
func TestPropRereadAnyOffsetNoPanic(t *testing.T) {
	names := []string{"a", `"multi` + "\n" + `line, ""quoted"""`, strings.Repeat("x", 20000), "b b", "\"q\r\nx\""}
	rr, _, size := rereadFile(t, 300, names, false, "\n\n")
	rapid.Check(t, func(t *rapid.T) {
		locs := rapid.SliceOfN(rapid.OneOf(rapid.Int64Range(-50, size+50), rapid.SampledFrom([]int64{-1 << 63, 1<<63 - 1, 1 << 62, -(1 << 62), size - 1, size})), 0, 30).Draw(t, "locs")
		_ = rr.Reread(context.Background(), locs, func(r contract.Record) error { return nil })
	})
}
