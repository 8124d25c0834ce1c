package state

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/drift-sh/drift/contract"
)

// recordScan saves a scan of contract "accounts" at minute m with its
// recording: two sources of n records each.
func recordScan(t *testing.T, st Store, id string, m, n int) Recording {
	t.Helper()
	ctx := context.Background()
	sc := Scan{ID: id, At: at(m), Contract: Contract{Name: "accounts", Version: 1, Digest: "sha256:a"}}
	if err := st.SaveScan(ctx, sc); err != nil {
		t.Fatal(err)
	}
	buf := NewRecordBuffer(2)
	for i := range n {
		buf.Record(0, contract.Record{Cells: []string{fmt.Sprint(i), "ann@example.com"}, Loc: fmt.Sprintf("line %d", i+2)})
		buf.Record(1, contract.Record{Values: []any{int64(i), nil}, Unknown: []string{"extra"}})
	}
	rec := Recording{ScanID: id, Fields: []RecordedField{{Name: "id"}, {Name: "email", Ignored: true}},
		Sources: []RecordedSource{{Name: "a", Type: "file", Writable: true, Records: n}, {Name: "b", Type: "sqlite", Error: "gone"}}}
	if err := st.SaveRecording(ctx, rec, buf); err != nil {
		t.Fatal(err)
	}
	rec.At, rec.Contract, rec.Records, rec.Bytes = sc.At, sc.Contract, 2*n, buf.Bytes()
	return rec
}

func testRecordings(t *testing.T, st Store) {
	ctx := context.Background()
	if _, err := st.Recording(ctx, "accounts", ""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no recording yet: %v, want ErrNotFound", err)
	}
	first := recordScan(t, st, "s1", 0, 3)
	second := recordScan(t, st, "s2", 1, 2)
	got, err := st.Recording(ctx, "accounts", "")
	if err != nil || !reflect.DeepEqual(got, second) {
		t.Fatalf("newest recording:\n got %+v, %v\nwant %+v", got, err, second)
	}
	if got, err := st.Recording(ctx, "", "s1"); err != nil || !reflect.DeepEqual(got, first) {
		t.Fatalf("recording s1:\n got %+v, %v\nwant %+v", got, err, first)
	}
	var seen []string
	err = st.RecordedRecords(ctx, "s1", func(src int, rec contract.Record) error {
		seen = append(seen, fmt.Sprintf("%d %#v %s %v", src, rec.Values, rec.Loc, rec.Unknown))
		return nil
	})
	want := []string{
		`0 []interface {}{"0", "ann@example.com"} line 2 []`, `0 []interface {}{"1", "ann@example.com"} line 3 []`,
		`0 []interface {}{"2", "ann@example.com"} line 4 []`,
		`1 []interface {}{0, interface {}(nil)}  [extra]`, `1 []interface {}{1, interface {}(nil)}  [extra]`,
		`1 []interface {}{2, interface {}(nil)}  [extra]`,
	}
	if err != nil || fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("records of s1:\n got %q, %v\nwant %q", seen, err, want)
	}
	if _, err := st.Scan(ctx, "s3"); err == nil {
		t.Fatal("scan s3 exists")
	}
	if err := st.SaveRecording(ctx, Recording{ScanID: "s3"}, NewRecordBuffer(0)); err == nil {
		t.Error("a recording of an unsaved scan was saved")
	}
	recordScan(t, st, "s3", 2, 1)
	n, err := st.PruneRecordings(ctx, "accounts", 2)
	if err != nil || n != 1 {
		t.Fatalf("prune: %d, %v; want 1", n, err)
	}
	recs, err := st.Recordings(ctx, "")
	if err != nil || len(recs) != 2 || recs[0].ScanID != "s3" || recs[1].ScanID != "s2" {
		t.Fatalf("recordings after prune: %+v, %v", recs, err)
	}
	if err := st.RecordedRecords(ctx, "s1", func(int, contract.Record) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("records of the pruned s1: %v, want ErrNotFound", err)
	}
	if sc, err := st.Scan(ctx, "s1"); err != nil || sc.Recorded {
		t.Errorf("after pruning, scan s1: %+v, %v; want it kept, not recorded", sc, err)
	}
	scans, err := st.Scans(ctx, 0)
	if err != nil || len(scans) != 3 || !scans[0].Recorded || !scans[1].Recorded || scans[2].Recorded {
		t.Errorf("scans after prune: %+v, %v; want s3 and s2 recorded", scans, err)
	}
}

// TestRecordingSize: a scan of 100,000 records recorded in SQLite takes
// under 30 MB, records as wide as examples/accounts'.
func TestRecordingSize(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100k records")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	st := openAt(t, path)
	if err := st.SaveScan(ctx, Scan{ID: "big", At: at(0), Contract: Contract{Name: "accounts"}}); err != nil {
		t.Fatal(err)
	}
	const perSource = 50_000
	buf := NewRecordBuffer(2)
	for i := range perSource {
		cells := []string{"eu", fmt.Sprintf("A-%07d", i), fmt.Sprintf("user%d@example.com", i), fmt.Sprintf("%d.%02d", i*7, i%100),
			"active", "2025-03-14T09:26:53Z", "vip;beta", ""}
		buf.Record(0, contract.Record{Cells: cells, Loc: fmt.Sprintf("line %d", i+2)})
		vals := make([]any, len(cells))
		for j, c := range cells {
			vals[j] = c
		}
		buf.Record(1, contract.Record{Values: vals, Loc: fmt.Sprintf("record %d", i+1)})
	}
	rec := Recording{ScanID: "big", Sources: []RecordedSource{{Name: "a"}, {Name: "b"}}}
	if err := st.SaveRecording(ctx, rec, buf); err != nil {
		t.Fatal(err)
	}
	st.Close()
	var size int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(path + suffix); err == nil {
			size += fi.Size()
		}
	}
	t.Logf("100k records: %.1f MB in SQLite, %.1f MB encoded", float64(size)/1e6, float64(buf.Bytes())/1e6)
	if size >= 30<<20 {
		t.Errorf("a 100k-record recording takes %d bytes, want under 30 MB", size)
	}
}
