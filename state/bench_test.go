package state

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// benchScan is a scan of n drifts shaped like a CSV scan's: one value
// mismatch per key with its values.
func benchScan(id string, minutes, n int) Scan {
	sc := Scan{ID: id, At: at(minutes), Contract: Contract{Name: "bench", Version: 1, Digest: "sha256:x"},
		Sources: []SourceScan{{Name: "left", Version: "sha256:a", Records: 1000000}, {Name: "right", Version: "sha256:b", Records: 1000000}}}
	for i := range n {
		did := fmt.Sprintf("sha256:%064x", i)
		sc.Drifts = append(sc.Drifts, ScanDrift{ID: did, Key: []byte(fmt.Sprintf(`{"id":%d}`, i)), Kind: "value_mismatch",
			Field: "price", Message: "values differ", Values: []byte(`{"left":"1.50","right":"1.55"}`)})
	}
	return sc
}

// BenchmarkSaveScan saves a second scan of 20k drifts over a first one, as
// a repeated `drift scan` does.
func BenchmarkSaveScan(b *testing.B) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := Open(ctx, filepath.Join(b.TempDir(), "state.db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := st.SaveScan(ctx, benchScan("s1", 0, 20000)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := st.SaveScan(ctx, benchScan("s2", 1, 20000)); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
	}
}
