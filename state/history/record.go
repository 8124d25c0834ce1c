package history

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"path/filepath"
	"strconv"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// Record warns about a contract changed without a version bump, moves
// the contract's drift lifecycles through the scan (stamping each drift
// with its first_seen and class, and the summary with the drifts the scan
// resolved), saves the scan with the detail of its new or changed drifts
// (pruning the scans past the config's state.retention), and, when the
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
	open, err := h.store.OpenLifecycles(ctx, c.Name)
	if err != nil {
		h.fail(err)
		return
	}
	step := Advance(c.Name, open, ObservedFrom(res), h.policy(c))
	stamp(r, step)
	sc := scanRecord(cfg, r)
	sc.Drifts = changedDetail(r, step.Save)
	sc.Lifecycles, sc.Touch = changedLifecycles(open, step.Save, r.StartedAt), true
	if err := h.store.SaveScan(ctx, sc); err != nil {
		h.fail(err)
		return
	}
	h.step = &step
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

// stamp sets each drift's first_seen and class from its lifecycle, and
// the summary's count of drifts resolved.
func stamp(r *diff.Report, st Step) {
	byID := make(map[string]state.Lifecycle, len(st.Open))
	for _, l := range st.Open {
		byID[l.DriftID] = l
	}
	for i := range r.Drifts {
		l, ok := byID[r.Drifts[i].ID]
		if !ok {
			continue
		}
		t := l.FirstSeen.UTC()
		r.Drifts[i].FirstSeen, r.Drifts[i].Class = &t, string(l.Class)
	}
	n := len(st.Converged)
	r.Summary.Resolved = &n
}

// changedLifecycles leaves out of save the drifts only seen again: open
// before, still open, same class, alert and detail. The store stamps
// those in one statement (state.Scan.Touch).
func changedLifecycles(open, save []state.Lifecycle, at time.Time) []state.Lifecycle {
	prev := make(map[string]state.Lifecycle, len(open))
	for _, l := range open {
		prev[l.DriftID] = l
	}
	var out []state.Lifecycle
	for _, l := range save {
		p, ok := prev[l.DriftID]
		if ok && l.Open() && l.LastSeen.Equal(at) && p.Class == l.Class &&
			p.AlertedAt.Equal(l.AlertedAt) && p.DetailHash == l.DetailHash {
			continue
		}
		out = append(out, l)
	}
	return out
}

// changedDetail is the detail of the drifts new in their lifecycle or
// whose message or values changed since the detail last saved: what a
// scan stores, so that a drift open for a thousand scans is stored once,
// not a thousand times. It records the new detail's hash in save.
func changedDetail(r *diff.Report, save []state.Lifecycle) []state.ScanDrift {
	at := make(map[string]int, len(save))
	for i, l := range save {
		at[l.DriftID] = i
	}
	var out []state.ScanDrift
	for _, d := range r.Drifts {
		sd := scanDrift(d)
		i, ok := at[d.ID]
		h := detailHash(sd)
		if ok && save[i].DetailHash == h {
			continue
		}
		if ok {
			save[i].DetailHash = h
		}
		out = append(out, sd)
	}
	return out
}

// detailHash identifies what a drift's detail says beyond its id (which
// covers its kind, key, source, field and rule).
func detailHash(d state.ScanDrift) string {
	f := fnv.New64a()
	f.Write([]byte(d.Message))
	f.Write([]byte{0})
	f.Write(d.Values)
	return strconv.FormatUint(f.Sum64(), 16)
}

// scanRecord is the state store's record of a finished scan.
func scanRecord(cfg *contract.Config, r *diff.Report) state.Scan {
	abs, err := filepath.Abs(cfg.File)
	if err != nil {
		abs = cfg.File
	}
	summary, _ := json.Marshal(r.Summary)
	sc := state.Scan{
		ID: r.RunID, At: r.StartedAt, ConfigPath: abs, Summary: summary, Retention: cfg.State.Retention,
		Contract: state.Contract{Name: r.Contract.Name, Version: r.Contract.Version, Digest: r.Contract.Digest},
	}
	for _, s := range r.Sources {
		src := state.SourceScan{Name: s.Name, Version: s.Version, Records: s.Records}
		if s.Error != nil {
			src.Error = *s.Error
		}
		sc.Sources = append(sc.Sources, src)
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
