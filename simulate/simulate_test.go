package simulate_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/simulate"
	"github.com/drift-sh/drift/state"

	_ "github.com/drift-sh/drift/sources/all"
)

var update = flag.Bool("update", false, "rewrite the want.json files")

// recorded is the fixture scan as drift scan --record keeps it, read back
// from a SQLite store, and the config it was scanned with.
type recorded struct {
	cfg     *contract.Config
	rec     state.Recording
	records [][]contract.Record
}

// record scans testdata/scan/drift.yaml with recording on, saves scan and
// records in a fresh SQLite store and loads them back, as drift simulate
// does.
func record(t testing.TB, dir string) recorded {
	t.Helper()
	ctx := context.Background()
	cfg, err := scan.Load(filepath.Join(dir, "drift.yaml"), nil, contract.WithStrategies(repair.Strategies()))
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := scan.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer scan.CloseAll(srcs)
	buf := state.NewRecordBuffer(len(srcs))
	res, err := scan.Run(ctx, cfg, srcs, scan.Options{RunID: "20260101T000000Z-fixture", Record: buf})
	if err != nil {
		t.Fatal(err)
	}
	st, err := state.Open(ctx, filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := cfg.Contract
	err = st.SaveScan(ctx, state.Scan{ID: res.Report.RunID, At: time.Unix(0, 0),
		Contract: state.Contract{Name: c.Name, Version: c.Version, Digest: c.Digest}})
	if err != nil {
		t.Fatal(err)
	}
	rec := state.Recording{ScanID: res.Report.RunID, Fields: state.RecordedFields(c)}
	for i, o := range srcs {
		_, w := o.Writer()
		s := res.Report.Sources[i]
		rs := state.RecordedSource{Name: o.Name, Type: o.Type, Writable: w, Version: s.Version, Records: s.Records}
		if s.Error != nil {
			rs.Error = *s.Error
		}
		rec.Sources = append(rec.Sources, rs)
	}
	if err := st.SaveRecording(ctx, rec, buf); err != nil {
		t.Fatal(err)
	}
	got, records, err := simulate.Load(ctx, st, c.Name, "")
	if err != nil {
		t.Fatal(err)
	}
	return recorded{cfg: cfg, rec: got, records: records}
}

func loadContract(t testing.TB, path string) *contract.Contract {
	t.Helper()
	c, err := contract.LoadContract(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestFixtures runs every testdata/cases/<case>: candidate.yaml (and
// current.yaml, else the scan's own contract) over the recorded scan,
// against want.json.
func TestFixtures(t *testing.T) {
	r := record(t, "testdata/scan")
	cases, err := filepath.Glob("testdata/cases/*")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			cur := r.cfg.Contract
			if _, err := os.Stat(filepath.Join(dir, "current.yaml")); err == nil {
				cur = loadContract(t, filepath.Join(dir, "current.yaml"))
			}
			cand := loadContract(t, filepath.Join(dir, "candidate.yaml"))
			res, err := simulate.Run(simulate.Input{Recording: r.rec, Records: r.records, Current: cur, Candidate: cand})
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := (simulate.JSONWriter{}).Write(&got, res); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join(dir, "want.json"), got.Bytes())
			if !res.Changes() {
				t.Error("the candidate changes nothing; every case should change something")
			}
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
