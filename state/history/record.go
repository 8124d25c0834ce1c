package history

import (
	"context"
	"encoding/json"
	"path/filepath"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// Record warns about a contract changed without a version bump, stamps
// each drift with its first_seen, and saves the scan and, when the
// contract has transitions, each read source's snapshot (from ch, which
// may be nil).
func (h *Recorder) Record(ctx context.Context, cfg *contract.Config, res *scan.Result, ch *scan.Checker) {
	if !h.ok() {
		return
	}
	c, r := cfg.Contract, res.Report
	if prev, err := h.store.LatestScan(ctx, c.Name); err == nil {
		WarnUnbumped(h.warn, prev.Contract, c)
	}
	if err := h.stampFirstSeen(ctx, r); err != nil {
		h.fail(err)
		return
	}
	if err := h.store.SaveScan(ctx, scanRecord(cfg, r)); err != nil {
		h.fail(err)
		return
	}
	if ch == nil || !ch.Transitions() {
		return
	}
	for _, src := range r.Sources {
		if src.Error != nil {
			continue
		}
		rows := ch.Snapshot(src.Name)
		out := make([]state.SnapshotRow, len(rows))
		for i, row := range rows {
			out[i] = state.SnapshotRow{Key: row.Key, Values: row.Values}
		}
		if err := h.store.SaveSnapshot(ctx, r.RunID, src.Name, out); err != nil {
			h.fail(err)
			return
		}
	}
}

// stampFirstSeen sets each drift's first_seen: the start of its unbroken
// streak of scans, or this scan's start for a drift new in it.
func (h *Recorder) stampFirstSeen(ctx context.Context, r *diff.Report) error {
	ids := make([]string, len(r.Drifts))
	for i, d := range r.Drifts {
		ids[i] = d.ID
	}
	seen, err := h.store.FirstSeen(ctx, r.Contract.Name, ids)
	if err != nil {
		return err
	}
	for i := range r.Drifts {
		t, ok := seen[r.Drifts[i].ID]
		if !ok {
			t = r.StartedAt
		}
		t = t.UTC()
		r.Drifts[i].FirstSeen = &t
	}
	return nil
}

// scanRecord is the state store's record of a finished scan.
func scanRecord(cfg *contract.Config, r *diff.Report) state.Scan {
	abs, err := filepath.Abs(cfg.File)
	if err != nil {
		abs = cfg.File
	}
	summary, _ := json.Marshal(r.Summary)
	sc := state.Scan{
		ID: r.RunID, At: r.StartedAt, ConfigPath: abs, Summary: summary,
		Contract: state.Contract{Name: r.Contract.Name, Version: r.Contract.Version, Digest: r.Contract.Digest},
	}
	for _, s := range r.Sources {
		src := state.SourceScan{Name: s.Name, Version: s.Version, Records: s.Records}
		if s.Error != nil {
			src.Error = *s.Error
		}
		sc.Sources = append(sc.Sources, src)
	}
	for _, d := range r.Drifts {
		sc.DriftIDs = append(sc.DriftIDs, d.ID)
		sc.Drifts = append(sc.Drifts, scanDrift(d))
	}
	return sc
}

func scanDrift(d diff.Drift) state.ScanDrift {
	key, _ := d.Key.MarshalJSON()
	out := state.ScanDrift{ID: d.ID, Key: key, Kind: d.Kind.String(), Source: d.Source,
		Field: d.Field, Rule: d.Rule, Message: d.Message}
	if len(d.Values) > 0 {
		out.Values, _ = d.Values.MarshalJSON()
	}
	return out
}
