package simulate

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/rules"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"

	_ "github.com/drift-sh/drift/sources/all"
)

// TestReplayMatchesAScan: each fixture candidate replayed on the recorded
// records finds the drifts, ops and manual items that a scan and plan of
// the sources under that candidate find: the records are kept as read.
func TestReplayMatchesAScan(t *testing.T) {
	ctx := context.Background()
	cfg, err := scan.Load("testdata/scan/drift.yaml", nil, contract.WithStrategies(repair.Strategies()))
	if err != nil {
		t.Fatal(err)
	}
	rec, records := recordScan(t, cfg)
	cases, _ := filepath.Glob("testdata/cases/*/candidate.yaml")
	for _, path := range cases {
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) {
			cand, err := contract.LoadContract(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := replay(cand, rec, records, scenario{})
			if err != nil {
				t.Fatal(err)
			}
			live := *cfg
			live.Contract = cand
			srcs, err := scan.Open(&live)
			if err != nil {
				t.Fatal(err)
			}
			defer scan.CloseAll(srcs)
			r, err := rules.New(cand)
			if err != nil {
				t.Fatal(err)
			}
			opts := scan.Options{}
			if len(cand.Invariants) > 0 {
				opts.Checker = scan.NewChecker(cand, r, scan.Names(srcs), map[string]scan.Lookup{})
			}
			res, err := scan.Run(ctx, &live, srcs, opts)
			if err != nil {
				t.Fatal(err)
			}
			in := repair.InputFromScan(&live, srcs, res, nil)
			in.Expr = r.Resolve
			if len(cand.Invariants) > 0 {
				in.Rules = r
			}
			plan, err := repair.Build(in)
			if err != nil {
				t.Fatal(err)
			}
			for what, pair := range map[string][2]any{
				"drifts": {got.drifts, res.Report.Drifts}, "summary": {got.sum, res.Report.Summary},
				"ops": {got.plan.Ops, plan.Ops}, "manual": {got.plan.Manual, plan.Manual},
			} {
				a, _ := json.Marshal(pair[0])
				b, _ := json.Marshal(pair[1])
				if string(a) != string(b) {
					t.Errorf("%s differ:\nreplay %s\n  scan %s", what, a, b)
				}
			}
		})
	}
}

// recordScan scans cfg with recording on and reads the records back
// through a SQLite store.
func recordScan(t *testing.T, cfg *contract.Config) (state.Recording, [][]contract.Record) {
	t.Helper()
	ctx := context.Background()
	srcs, err := scan.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer scan.CloseAll(srcs)
	buf := state.NewRecordBuffer(len(srcs))
	res, err := scan.Run(ctx, cfg, srcs, scan.Options{RunID: "fidelity", Record: buf})
	if err != nil {
		t.Fatal(err)
	}
	st, err := state.Open(ctx, filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SaveScan(ctx, state.Scan{ID: "fidelity", At: time.Unix(0, 0), Contract: state.Contract{Name: cfg.Contract.Name}}); err != nil {
		t.Fatal(err)
	}
	rec := state.Recording{ScanID: "fidelity", Fields: state.RecordedFields(cfg.Contract)}
	for i, o := range srcs {
		_, w := o.Writer()
		rec.Sources = append(rec.Sources, state.RecordedSource{Name: o.Name, Type: o.Type, Writable: w,
			Version: res.Report.Sources[i].Version})
	}
	if err := st.SaveRecording(ctx, rec, buf); err != nil {
		t.Fatal(err)
	}
	got, records, err := Load(ctx, st, cfg.Contract.Name, "")
	if err != nil {
		t.Fatal(err)
	}
	return got, records
}
