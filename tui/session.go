// Package tui is the interactive repair session of `drift repair`: a
// bubbletea program that scans, shows each drift side by side with the
// planner's proposal, records a person's decision per drift, and applies the
// resulting ops through the same engine as `drift apply`.
package tui

import (
	"encoding/json"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// Options are what a session needs from the command that starts it. The
// session does all its I/O through them, in tea.Cmds.
type Options struct {
	Config *contract.Config
	// Sources are the config's sources, opened (scan.Open); the session
	// scans them and writes to the writable ones.
	Sources []*scan.Opened
	// Store is the state store: the journal of the runs and the decisions.
	// It is required.
	Store state.Store
	// ConfigPath is the config's absolute path, recorded with each run.
	ConfigPath string
	// PlanDir is where the session saves the plan it applies, so that an
	// interrupted apply can be resumed with `drift apply`; empty means
	// .drift beside the config.
	PlanDir string
	Now     func() time.Time
	// NewRunID makes a run id; the session's id is its first call.
	NewRunID func() string
	// User is who decides, for the decision journal; empty means the OS user.
	User string
	// Checker, when set, checks the contract's named rules during the scan.
	Checker diff.Checker
	// Filter narrows the session as drift plan's --key, --source and
	// --field do: only the drifts it keeps are listed, and with a source
	// only writes to that source are applied.
	Filter diff.Filter
	// Expr and Rules are handed to the planner, as `drift plan` does: the
	// expr strategy's evaluator, and the invariants a fix must not break.
	Expr        repair.ExprFunc
	Rules       diff.Checker
	Transitions repair.TransitionChecker
}

// session is the data a repair session works on: the scan, the planner's
// plan, one item per drift and the decisions taken. The amender turns the
// decisions into the plan to apply; the session only shows and collects.
type session struct {
	cfg     *contract.Config
	res     *scan.Result
	plan    *repair.Plan
	amender *repair.Amender
	names   []string // source names, config order
	items   []*item
	byKey   map[string][]*item // the changed and missing drifts of each key
	byID    map[string]*item
	// journaled is set once the session's decisions are in the journal,
	// after its apply: the decisions of a later scan are a new session.
	journaled bool
	tally     tally
	widths    columnWidths
}

// item is one drift of the scan with the planner's proposal for it and the
// decision taken in the session.
type item struct {
	drift   diff.Drift
	keyStr  string // the engine's key string
	keyJSON string // canonical key object, as the journal keys it
	keyText string // "eu/a-17", for display
	field   *contract.Field
	ops     []repair.Op    // the planner's ops that fix this drift
	manual  *repair.Manual // set when the planner left the drift to a person
	// violations of the same key, shown in the detail view.
	violations []diff.Drift
	decision   decision
	// conflict is why the decision is refused together with the other
	// decisions on its key; unsettled why its write cannot converge.
	conflict, unsettled string
}

// decidable reports whether a decision can be taken on the item: changed
// and missing drifts can be repaired; a violation is fixed through them.
func (it *item) decidable() bool { return it.drift.Kind != diff.Violation }

// newSession joins a scan and its plan (Build(in)) into items, in report
// order.
func newSession(cfg *contract.Config, in repair.Input, res *scan.Result, plan *repair.Plan, firstSeen map[string]time.Time) *session {
	s := &session{cfg: cfg, res: res, plan: plan, amender: repair.NewAmender(in),
		byKey: map[string][]*item{}, byID: map[string]*item{}}
	for _, src := range in.Sources {
		s.names = append(s.names, src.Name)
	}
	byDrift := map[string][]repair.Op{}
	for _, op := range plan.Ops {
		for _, id := range opDrifts(op) {
			byDrift[id] = append(byDrift[id], op)
		}
	}
	manual := map[string]*repair.Manual{}
	for i := range plan.Manual {
		manual[plan.Manual[i].Drift] = &plan.Manual[i]
	}
	violations := map[string][]diff.Drift{}
	for _, d := range res.Report.Drifts {
		if d.Kind == diff.Violation {
			k := d.Key.EngineString()
			violations[k] = append(violations[k], d)
		}
	}
	for _, d := range res.Report.Drifts {
		if t, ok := firstSeen[d.ID]; ok && d.FirstSeen == nil {
			d.FirstSeen = &t
		}
		kj, _ := d.Key.MarshalJSON()
		it := &item{drift: d, keyStr: d.Key.EngineString(), keyJSON: string(kj), keyText: keyText(d.Key),
			field: cfg.Contract.FieldByName(d.Field), ops: byDrift[d.ID], manual: manual[d.ID]}
		it.violations = violations[it.keyStr]
		s.items = append(s.items, it)
		s.byID[d.ID] = it
		if it.decidable() {
			s.byKey[it.keyStr] = append(s.byKey[it.keyStr], it)
		}
	}
	s.attachDeletes()
	s.retally()
	s.measure()
	return s
}

// attachDeletes gives every missing drift of a key the planner deletes
// (its authority lacks the key) those deletes: the planner names only the
// authority's drift, but they settle the key's other missing drifts too.
func (s *session) attachDeletes() {
	deletes := map[string][]repair.Op{}
	for _, op := range s.plan.Ops {
		if op.Action == repair.ActionDelete {
			k := op.Key.EngineString()
			deletes[k] = append(deletes[k], op)
		}
	}
	for _, it := range s.items {
		if it.drift.Kind == diff.Missing && len(it.ops) == 0 && it.manual == nil {
			it.ops = deletes[it.keyStr]
		}
	}
}

// opDrifts lists the drifts an op fixes.
func opDrifts(op repair.Op) []string {
	if len(op.Reason.Fields) == 0 {
		return []string{op.Reason.Drift}
	}
	out := make([]string, 0, len(op.Reason.Fields))
	for _, f := range op.Reason.Fields {
		out = append(out, f.Drift)
	}
	return out
}

// keyText shows a key as "eu/a-17"; plain a canonical value without the
// quotes of a string.
var keyText, plain = repair.KeyText, repair.Plain

// proposedValue is the value the planner would write to a changed field.
func (it *item) proposedValue() (json.RawMessage, bool) {
	if it.field == nil {
		return nil, false
	}
	for _, op := range it.ops {
		if v, ok := op.Set.Get(it.field.Name); ok {
			return v, true
		}
	}
	return nil, false
}

// fieldReason is the reason an op gives for one drift.
func fieldReason(op repair.Op, field, drift string) repair.FieldReason {
	for _, fr := range op.Reason.Fields {
		if fr.Drift == drift {
			return fr
		}
	}
	return repair.FieldReason{Field: field, Strategy: op.Reason.Strategy, From: op.Reason.From, Drift: drift}
}

// record returns what source i holds for an item's key.
func (s *session) record(i int, it *item) ([]contract.Value, bool) {
	return s.res.Engine.Record(i, it.keyStr)
}
