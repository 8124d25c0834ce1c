// Package history is a scan's use of the state store, shared by every
// face that scans (drift scan, drift watch, drift repair): the previous
// snapshots that transition rules compare against, each drift's
// lifecycle (first seen, last seen, converging or persistent, resolved),
// the governance check on a contract changed without a version bump, and
// the saved scan with its snapshots.
package history

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// Recorder is the best-effort history of a run of scans: a store that
// cannot be opened or written costs a warning, once, never the scan's
// result. A nil *Recorder (--no-state) does nothing.
type Recorder struct {
	store  state.Store
	warn   io.Writer
	warned bool
	// moves is the lifecycle policy; nil: the contract's grace, no alerts.
	moves *Policy
	// step is what the last recorded scan did to the lifecycles.
	step *Step
}

// Track sets how recorded scans move the drift lifecycles (drift watch:
// its --grace, alerting); without it a scan uses the contract's
// resolve.grace (else DefaultGrace) and marks no drift reported.
func (h *Recorder) Track(p Policy) {
	if h != nil {
		h.moves = &p
	}
}

func (h *Recorder) policy(c *contract.Contract) Policy {
	if h.moves != nil {
		return *h.moves
	}
	if c.Resolve.Grace > 0 {
		return Policy{Grace: c.Resolve.Grace}
	}
	return Policy{Grace: DefaultGrace}
}

// Step returns what the recorded scan runID did to the lifecycles, which
// the store already holds; false when that scan was not recorded.
func (h *Recorder) Step(runID string) (Step, bool) {
	if h == nil || h.step == nil || h.step.RunID != runID {
		return Step{}, false
	}
	return *h.step, true
}

// New records scans in st; warnings go to warn.
func New(st state.Store, warn io.Writer) *Recorder {
	return &Recorder{store: st, warn: warn}
}

// Unavailable is the Recorder of a store that could not be opened: it
// warns now, with err, and records nothing.
func Unavailable(err error, warn io.Writer) *Recorder {
	h := &Recorder{warn: warn}
	h.fail(err)
	return h
}

// fail warns once and stops using the store.
func (h *Recorder) fail(err error) {
	if !h.warned {
		fmt.Fprintf(h.warn, "drift: scan history not saved: %s; drift ages and transition rules need it\n", err)
		h.warned = true
	}
	if h.store != nil {
		h.store.Close()
		h.store = nil
	}
}

func (h *Recorder) ok() bool { return h != nil && h.store != nil }

// Close closes the store.
func (h *Recorder) Close() {
	if h.ok() {
		h.store.Close()
	}
}

// Scan runs one scan of srcs: with a checker over every record when the
// contract has invariants or transitions (transitions against the
// previous snapshots), then records it.
func (h *Recorder) Scan(ctx context.Context, cfg *contract.Config, srcs []*scan.Opened, r scan.Rules, opts scan.Options) (*scan.Result, error) {
	var checker *scan.Checker
	if HasRecordRules(cfg.Contract) {
		names := scan.Names(srcs)
		checker = scan.NewChecker(cfg.Contract, r, names, h.previous(ctx, cfg.Contract, names))
		opts.Checker = checker
	}
	res, err := scan.Run(ctx, cfg, srcs, opts)
	if err != nil {
		return nil, err
	}
	h.Record(ctx, cfg, res, checker)
	return res, nil
}

// previous loads each source's latest snapshot, for transition rules.
func (h *Recorder) previous(ctx context.Context, c *contract.Contract, names []string) map[string]scan.Lookup {
	if !h.ok() {
		return map[string]scan.Lookup{}
	}
	out, err := Previous(ctx, h.store, c, names)
	if err != nil {
		h.fail(err)
	}
	return out
}

// HasRecordRules reports whether a scan must run rules over every record.
func HasRecordRules(c *contract.Contract) bool {
	return len(c.Invariants) > 0 || len(c.Transitions) > 0
}

// Checker is the checker of a session that saves no scan (drift repair):
// rules over every record, transitions against the last saved scan's
// snapshots (none when they cannot be read); nil when the contract has no
// record rules.
func Checker(ctx context.Context, st state.Store, c *contract.Contract, r scan.Rules, srcs []*scan.Opened) *scan.Checker {
	if !HasRecordRules(c) {
		return nil
	}
	names := scan.Names(srcs)
	prev, _ := Previous(ctx, st, c, names)
	return scan.NewChecker(c, r, names, prev)
}

// Previous loads each source's latest snapshot from the store; empty when
// the contract has no transitions or on an error.
func Previous(ctx context.Context, st state.Store, c *contract.Contract, names []string) (map[string]scan.Lookup, error) {
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

// WarnUnbumped is the governance check: a contract whose rules changed
// since the last scan must carry a new version, since plans and runs name
// the contract by its version.
func WarnUnbumped(w io.Writer, prev state.Contract, c *contract.Contract) {
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
