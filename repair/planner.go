package repair

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
)

// Records gives the canonical records a scan read; *diff.Engine is one.
type Records interface {
	// Keys returns every key string, sorted as reports sort keys.
	Keys() []string
	// Record returns the values source src holds for a key, indexed like
	// Contract.Fields, or false when it does not hold it or failed.
	Record(src int, key string) ([]contract.Value, bool)
}

// Source is what the planner knows of one source, indexed like the
// sources the Records were read from.
type Source struct {
	Name     string
	Writable bool // writable: true in the config and the plugin can write
	Failed   bool // the scan could not read it: it gets no ops
	Version  string
}

// Input is everything a plan is built from.
type Input struct {
	Contract *contract.Contract
	Records  Records
	Sources  []Source
	// Now, when set, stamps the plan's created_at.
	Now func() time.Time
	// Expr evaluates the expr strategy of a field (see ExprFunc); nil sends
	// every expr field to manual.
	Expr ExprFunc
	// Rules checks the contract's invariants on the record an op would
	// leave behind; an op that would break one goes to manual instead.
	// Nil checks types, enums and required only.
	Rules diff.Checker
	// Transitions checks the contract's transition rules from a source's
	// current record to the one an update would leave; an update that would
	// break one goes to manual. Nil checks none.
	Transitions TransitionChecker
	// Duplicates lists the keys some source holds more than once; their
	// ops go to manual.
	Duplicates []Duplicate
	// ConfigPath is the absolute path of the config the sources were read
	// from: the plan records it, under its plan id, for apply.
	ConfigPath string
}

// TransitionChecker evaluates transition rules over a record's old and new
// values (*rules.Rules is one).
type TransitionChecker interface {
	CheckTransition(source string, old, cur []contract.Value) []diff.RuleViolation
}

// planner holds the ops and manual items found so far.
type planner struct {
	c      *contract.Contract
	in     Input
	ops    []Op
	manual []Manual
	dups   map[string][]string // key text -> sources holding it twice
}

// Build makes the plan that would bring the sources into agreement under
// the contract's resolve rules. It reads nothing but its input.
func Build(in Input) (*Plan, error) {
	p := newPlanner(in)
	for _, key := range in.Records.Keys() {
		p.planKey(key)
	}
	return sealPlan(in, p.ops, p.manual)
}

func newPlanner(in Input) *planner {
	return &planner{c: in.Contract, in: in, dups: duplicates(in.Duplicates)}
}

// sealPlan is the plan of the given ops and manual items on the input's
// contract and source versions, with its plan id.
func sealPlan(in Input, ops []Op, manual []Manual) (*Plan, error) {
	c := in.Contract
	plan := &Plan{
		Schema:   PlanSchema,
		Config:   in.ConfigPath,
		Contract: diff.ContractRef{Name: c.Name, Version: c.Version, Digest: c.Digest},
		Sources:  []SourceVersion{},
		Ops:      ops,
		Manual:   manual,
	}
	for _, s := range in.Sources {
		if !s.Failed {
			plan.Sources = append(plan.Sources, SourceVersion{Name: s.Name, Version: s.Version})
		}
	}
	if plan.Ops == nil {
		plan.Ops = []Op{}
	}
	if plan.Manual == nil {
		plan.Manual = []Manual{}
	}
	if in.Now != nil {
		t := in.Now().UTC()
		plan.CreatedAt = &t
	}
	id, err := plan.computeID()
	if err != nil {
		return nil, err
	}
	plan.PlanID = id
	return plan, nil
}

// keyState is one key's records across the sources.
type keyState struct {
	str     string
	key     diff.Key
	recs    [][]contract.Value // per source; nil when lacking or failed
	holders []int
	lacking []int // live sources without the key
}

func (p *planner) loadKey(str string) *keyState {
	k := &keyState{str: str, recs: make([][]contract.Value, len(p.in.Sources))}
	for i, s := range p.in.Sources {
		if s.Failed {
			continue
		}
		if rec, ok := p.in.Records.Record(i, str); ok {
			k.recs[i] = rec
			k.holders = append(k.holders, i)
		} else {
			k.lacking = append(k.lacking, i)
		}
	}
	if len(k.holders) > 0 {
		rec := k.recs[k.holders[0]]
		for _, f := range p.c.KeyFields() {
			k.key = append(k.key, diff.KeyPart{Field: f.Name, Value: json.RawMessage(rec[f.Index].JSON)})
		}
	}
	return k
}

// planKey adds the ops and manual items of one key.
func (p *planner) planKey(str string) {
	if k := p.loadKey(str); len(k.holders) > 0 {
		p.proposeKey(k)
	}
}

// proposeKey adds the ops and manual items of a held key, its ops sorted
// by source then action, and returns the values its changed fields
// resolve to.
func (p *planner) proposeKey(k *keyState) []resolution {
	first := len(p.ops)
	var resolved []resolution
	if !p.deletesAll(k) {
		resolved = p.resolveChanged(k)
		p.planUpdates(k, resolved)
	}
	p.planMissing(k, resolved)
	p.holdDuplicated(k, first)
	sortKeyOps(p.ops[first:])
	return resolved
}

// sortKeyOps orders one key's ops by source, then action.
func sortKeyOps(ops []Op) { slices.SortStableFunc(ops, opOrder) }

// opOrder orders two ops of one key: by source, then action.
func opOrder(a, b Op) int {
	if c := strings.Compare(a.Source, b.Source); c != 0 {
		return c
	}
	return strings.Compare(string(a.Action), string(b.Action))
}

// compared lists the fields a diff compares: declared, not ignored, not key.
func (p *planner) compared() []*contract.Field {
	isKey := map[int]bool{}
	for _, i := range p.c.Key {
		isKey[i] = true
	}
	var out []*contract.Field
	for _, f := range p.c.Fields {
		if !f.Ignore && !isKey[f.Index] {
			out = append(out, f)
		}
	}
	return out
}

// column returns the holders' values of one field, in source order.
func (k *keyState) column(f *contract.Field) []contract.Value {
	out := make([]contract.Value, len(k.holders))
	for n, h := range k.holders {
		out[n] = k.recs[h][f.Index]
	}
	return out
}

// candidates lists the holders' values of a field, for a manual item.
func (p *planner) candidates(k *keyState, f *contract.Field) diff.Values {
	var out diff.Values
	for _, h := range k.holders {
		out = append(out, diff.SourceValue{Source: p.in.Sources[h].Name, Value: json.RawMessage(k.recs[h][f.Index].JSON)})
	}
	return out
}

func (p *planner) addManual(k *keyState, drift, field, why string, cands diff.Values) {
	if cands == nil {
		cands = diff.Values{}
	}
	p.manual = append(p.manual, Manual{Drift: drift, Why: why, Candidates: cands, Key: k.key, Field: field})
}

func (p *planner) addOp(op Op) {
	op.ID = OpID(op)
	p.ops = append(p.ops, op)
}

// writable reports whether source i may be written.
func (p *planner) writable(i int) bool { return p.in.Sources[i].Writable }

func (p *planner) sourceIndex(name string) int {
	for i, s := range p.in.Sources {
		if s.Name == name {
			return i
		}
	}
	return -1
}
