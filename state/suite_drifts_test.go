package state

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

// testDriftsForKey saves three scans (one of another contract) and reads
// the drifts of each key back, oldest first, with their scans.
func testDriftsForKey(t *testing.T, st Store) {
	ctx := context.Background()
	keyA, keyB := `{"region":"eu","id":"a"}`, `{"region":"eu","id":"b"}`
	changed := ScanDrift{ID: "d1", Key: raw(keyA), Kind: "changed", Field: "email", Values: raw(`{"primary":"a@x.io","replica":"b@x.io"}`)}
	missing := ScanDrift{ID: "d2", Key: raw(keyA), Kind: "missing", Source: "replica"}
	broken := ScanDrift{ID: "d3", Key: raw(keyB), Kind: "violation", Source: "cache", Rule: "non-negative", Message: "balance is -1"}
	scans := []Scan{
		{ID: "s2", At: at(2), Contract: Contract{Name: "accounts"}, Drifts: []ScanDrift{changed}},
		{ID: "s1", At: at(1), Contract: Contract{Name: "accounts"}, Drifts: []ScanDrift{missing, changed, broken}},
		{ID: "o1", At: at(3), Contract: Contract{Name: "other"}},
	}
	for _, sc := range scans {
		if err := st.SaveScan(ctx, sc); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		key  string
		want []KeyDrift
	}{
		{"oldest scan first, drifts in saved order", keyA, []KeyDrift{
			{ScanDrift: missing, ScanID: "s1", At: at(1)},
			{ScanDrift: changed, ScanID: "s1", At: at(1)},
			{ScanDrift: changed, ScanID: "s2", At: at(2)},
		}},
		{"violation with rule and message", keyB, []KeyDrift{{ScanDrift: broken, ScanID: "s1", At: at(1)}}},
		{"key text must match exactly", `{"id":"a","region":"eu"}`, nil},
		{"unknown key", `{"region":"us","id":"z"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.DriftsForKey(ctx, tt.key)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DriftsForKey(%s)\n got %+v\nwant %+v", tt.key, got, tt.want)
			}
		})
	}
}

func testLatestScan(t *testing.T, st Store) {
	ctx := context.Background()
	if _, err := st.LatestScan(ctx, "accounts"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestScan with no scans = %v, want ErrNotFound", err)
	}
	for i, sc := range []Scan{
		{ID: "b", At: at(1), Contract: Contract{Name: "accounts", Version: 2, Digest: "sha256:2"}},
		{ID: "a", At: at(0), Contract: Contract{Name: "accounts", Version: 1, Digest: "sha256:1"}},
		{ID: "c", At: at(2), Contract: Contract{Name: "other", Version: 9}},
	} {
		if err := st.SaveScan(ctx, sc); err != nil {
			t.Fatalf("scan %d: %v", i, err)
		}
	}
	got, err := st.LatestScan(ctx, "accounts")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "b" || got.Contract.Version != 2 || got.Contract.Digest != "sha256:2" {
		t.Errorf("LatestScan = %+v, want scan b with version 2 and digest sha256:2", got)
	}
}

// testLargeScan saves two scans whose drifts span several insert batches
// (a full, prepared batch and a shorter last one) and reads back a key
// from the last batch.
func testLargeScan(t *testing.T, st Store) {
	ctx := context.Background()
	const n = 7001
	first, second := benchScan("big1", 1, n), benchScan("big2", 2, n)
	for _, sc := range []Scan{first, second} {
		if err := st.SaveScan(ctx, sc); err != nil {
			t.Fatal(err)
		}
	}
	last := first.Drifts[n-1]
	got, err := st.DriftsForKey(ctx, string(last.Key))
	if err != nil {
		t.Fatal(err)
	}
	want := []KeyDrift{{ScanDrift: last, ScanID: "big1", At: at(1)}, {ScanDrift: last, ScanID: "big2", At: at(2)}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DriftsForKey(%s)\n got %+v\nwant %+v", last.Key, got, want)
	}
}
