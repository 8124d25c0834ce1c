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

// BenchmarkAppendOps journals a run of 100,000 already-applied ops shaped
// like a file apply's (before- and after-images of a 10-field record, a
// reason, op ids that are hashes), 10,000 to a transaction, as apply does.
func BenchmarkAppendOps(b *testing.B) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := Open(ctx, filepath.Join(b.TempDir(), "state.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		journalBenchRun(b, st)
		b.StopTimer()
		st.Close()
	}
}

// BenchmarkPlanOps reads the latest entry of each op of a plan whose one
// run journaled 100,000 ops, as a re-apply of it does first.
func BenchmarkPlanOps(b *testing.B) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(b.TempDir(), "state.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	journalBenchRun(b, st)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ops, err := st.PlanOps(ctx, "sha256:p", 100000)
		if err != nil {
			b.Fatal(err)
		}
		if len(ops) != 100000 {
			b.Fatalf("PlanOps found %d ops, want 100000", len(ops))
		}
	}
}

// journalBenchRun begins a run of plan sha256:p and journals 100,000
// already-applied ops in it.
func journalBenchRun(b *testing.B, st Store) {
	ctx := context.Background()
	image := []byte(`{"id":123456,"name":"User 123456","email":"user123456@example.com","city":"Lisbon","qty":421,"score":77,"price":"12.5","balance":"1034.2231","created":"2026-04-20T09:27:50.547Z","updated":"2026-04-21T09:08:10Z"}`)
	reason := []byte(`{"strategy":"authority","from":"left","drift":"24183cacc4adedba","fields":[{"field":"email","strategy":"authority","from":"left","drift":"24183cacc4adedba"},{"field":"updated","strategy":"authority","from":"left","drift":"7fb10d497edb5ed0"}]}`)
	{
		run := Run{ID: "20261203T181023Z-f9bce7", Kind: KindApply, PlanID: "sha256:p", StartedAt: at(0), Status: StatusRunning,
			Contract: Contract{Name: "bench", Version: 1, Digest: "sha256:x"}}
		if err := st.BeginRun(ctx, run); err != nil {
			b.Fatal(err)
		}
		for n := 0; n < 100000; n += 10000 {
			entries := make([]Entry, 10000)
			for k := range entries {
				entries[k] = Entry{RunID: run.ID, OpID: fmt.Sprintf("%016x", uint64(n+k)*0x9e3779b97f4a7c15), Source: "right",
					Key: []byte(fmt.Sprintf(`{"id":%d}`, (n+k)*2)), Action: "update", Before: image, After: image,
					Outcome: OutcomeAlreadyApplied, Reason: reason, At: at(1), FinishedAt: at(1)}
			}
			if _, err := st.AppendOps(ctx, entries); err != nil {
				b.Fatal(err)
			}
		}
	}
}
