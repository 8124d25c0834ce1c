package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// scanHistory is a scan's best-effort use of the state store: drift ages,
// the previous snapshots that transition rules compare against, the
// governance check and the saved scan. A store that cannot be opened or
// written costs a warning on stderr, once, never the scan's exit code.
// A nil *scanHistory (--no-state) does nothing.
type scanHistory struct {
	store  state.Store
	errw   io.Writer
	warned bool
}

// openScanHistory opens the state store as apply does; nil with --no-state.
// Only a --state value that names no store is an error (exit 2): a store
// that cannot be opened costs a warning.
func openScanHistory(ctx context.Context, sio *IO, where string, noState bool, cfg *contract.Config) (*scanHistory, error) {
	if noState {
		return nil, nil
	}
	h := &scanHistory{errw: sio.Err}
	st, err := openState(ctx, sio, where, cfg)
	var usage *UsageError
	if errors.As(err, &usage) {
		return nil, err
	}
	if err != nil {
		h.fail(err)
		return h, nil
	}
	h.store = st
	return h, nil
}

// fail warns once and stops using the store.
func (h *scanHistory) fail(err error) {
	if !h.warned {
		fmt.Fprintf(h.errw, "drift: scan history not saved: %s; drift ages and transition rules need it\n", err)
		h.warned = true
	}
	if h.store != nil {
		h.store.Close()
		h.store = nil
	}
}

func (h *scanHistory) ok() bool { return h != nil && h.store != nil }

func (h *scanHistory) close() {
	if h.ok() {
		h.store.Close()
	}
}

// previous loads each source's latest snapshot, for transition rules; only
// when the contract has transitions.
func (h *scanHistory) previous(ctx context.Context, c *contract.Contract, names []string) map[string]scan.Lookup {
	if !h.ok() {
		return map[string]scan.Lookup{}
	}
	out, err := previousSnapshots(ctx, h.store, c, names)
	if err != nil {
		h.fail(err)
	}
	return out
}

// previousSnapshots loads each source's latest snapshot from the store;
// empty when the contract has no transitions or on an error.
func previousSnapshots(ctx context.Context, st state.Store, c *contract.Contract, names []string) (map[string]scan.Lookup, error) {
	out := map[string]scan.Lookup{}
	if len(c.Transitions) == 0 {
		return out, nil
	}
	for _, name := range names {
		_, get, err := st.LatestSnapshot(ctx, c.Name, name)
		if err != nil {
			return map[string]scan.Lookup{}, err
		}
		out[name] = scan.Lookup(get)
	}
	return out, nil
}

// record warns about a contract changed without a version bump, stamps
// each drift with its first_seen, and saves the scan and, when the
// contract has transitions, each read source's snapshot.
func (h *scanHistory) record(ctx context.Context, cfg *contract.Config, res *scan.Result, ch *scan.Checker) {
	if !h.ok() {
		return
	}
	c, r := cfg.Contract, res.Report
	if prev, err := h.store.LatestScan(ctx, c.Name); err == nil {
		warnUnbumped(h.errw, prev.Contract, c)
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

// warnUnbumped is the governance check: a contract whose rules changed
// since the last scan must carry a new version, since plans and runs name
// the contract by its version.
func warnUnbumped(w io.Writer, prev state.Contract, c *contract.Contract) {
	if prev.Digest == "" || prev.Digest == c.Digest || prev.Version != c.Version {
		return
	}
	fmt.Fprintf(w, "drift: contract %s changed (%s → %s) but its version is still %d; bump contract.version\n",
		c.Name, shortDigest(prev.Digest), shortDigest(c.Digest), c.Version)
}

// shortDigest keeps "sha256:" and the first 12 hex digits.
func shortDigest(d string) string {
	if algo, hex, ok := strings.Cut(d, ":"); ok && len(hex) > 12 {
		return algo + ":" + hex[:12]
	}
	return d
}

// stampFirstSeen sets each drift's first_seen: the start of its unbroken
// streak of scans, or this scan's start for a drift new in it.
func (h *scanHistory) stampFirstSeen(ctx context.Context, r *diff.Report) error {
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
