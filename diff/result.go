package diff

import (
	"encoding/json"
	"slices"

	"github.com/drift-sh/drift/contract"
)

// Result computes the drifts, sorted as SPEC says, and their summary.
//
// Keys are the union of the keys of the sources that did not fail. With
// fewer than two such sources only violations are reported. A key gets one
// missing drift per live source that lacks it, and one changed drift per
// compared field whose values among the sources that hold it are not all
// equal under contract.Field.Equal.
//
// For located sources, the records Needs asks for must have been given to
// AddDetail first: a key whose records are not known is left out.
//
// Result frees the engine's per-record index, the bulk of its memory, as
// it builds the drifts: call Needs, AddDetail and Fail before it. Result,
// Keys and Record may be called after it, again and again.
func (e *Engine) Result() ([]Drift, Summary) {
	cs := e.candidates()
	order := e.order(cs)
	e.release()
	live := e.live()
	rank := e.violationKeys(live)
	var out []ranked
	sum := Summary{Keys: cs.union + e.agreed, ByField: map[string]int{}}
	for r, k := range order {
		if _, ok := rank[k.str]; ok {
			rank[k.str] = r
		}
		if !k.cand || len(live) < 2 {
			continue
		}
		n := len(out)
		out = e.diffKey(out, r, k, live, &sum)
		if len(out) > n {
			sum.DriftedKeys++
		}
	}
	out = e.appendViolations(out, live, rank)
	sum.Violations = len(out) - sum.Missing - sum.Changed
	slices.SortStableFunc(out, compareRanked)
	drifts := make([]Drift, len(out))
	for i, d := range out {
		drifts[i] = d.Drift
	}
	return drifts, sum
}

// ranked is a drift with the rank of its key in report order.
type ranked struct {
	rank int
	Drift
}

func compareRanked(a, b ranked) int {
	if a.rank != b.rank {
		return a.rank - b.rank
	}
	if a.Kind != b.Kind {
		return int(a.Kind) - int(b.Kind)
	}
	for _, c := range [][2]string{{a.Source, b.Source}, {a.Rule, b.Rule}, {a.Field, b.Field}} {
		if c[0] != c[1] {
			if c[0] < c[1] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// diffKey appends the missing and changed drifts of one key.
func (e *Engine) diffKey(out []ranked, r int, k keyEntry, live []int, sum *Summary) []ranked {
	var holders []int
	var key Key
	keyOf := func() Key {
		if key == nil {
			key = e.reportKey(k.str)
		}
		return key
	}
	for _, s := range live {
		if e.holds(s, k) {
			holders = append(holders, s)
		} else {
			out = append(out, e.drift(r, keyOf(), Missing, e.names[s], "", "", nil))
			sum.Missing++
		}
	}
	if len(holders) < 2 || e.sameRows(holders, k) {
		return out
	}
	cols, ok := e.columns(holders, k.kh)
	if !ok {
		return out
	}
	for n, i := range e.cols {
		f := e.c.Fields[i]
		if sameTexts(cols[n]) || f.Equal(e.values(f, cols[n])) {
			continue
		}
		vals := make(Values, len(holders))
		for h, s := range holders {
			vals[h] = SourceValue{Source: e.names[s], Value: json.RawMessage(cols[n][h].js)}
		}
		out = append(out, e.drift(r, keyOf(), Changed, "", f.Name, "", vals))
		sum.Changed++
		sum.ByField[f.Name]++
	}
	return out
}

// indexed says the per-record index is still there: Result keeps it only
// for more than 64 sources, which candidateSet cannot name in its masks.
func (e *Engine) indexed() bool { return len(e.sources) > 64 }

// release drops the per-record index once the candidates are known (see
// Result); it is kept for more than 64 sources.
func (e *Engine) release() {
	if e.indexed() {
		return
	}
	for _, s := range e.sources {
		s.keys.free()
	}
}

// holds says source s holds candidate key k.
func (e *Engine) holds(s int, k keyEntry) bool {
	if e.indexed() {
		_, ok := e.sources[s].keys.get(k.kh)
		return ok
	}
	return k.held&(1<<(s&63)) != 0
}

// sameRows reports whether every holder has the identical canonical row.
func (e *Engine) sameRows(holders []int, k keyEntry) bool {
	if !e.indexed() {
		return k.same
	}
	kh := k.kh
	first, _ := e.sources[holders[0]].keys.get(kh)
	for _, s := range holders[1:] {
		if en, _ := e.sources[s].keys.get(kh); en.row != first.row {
			return false
		}
	}
	return true
}

// text is one field of a row: its state and canonical JSON.
type text struct {
	st contract.State
	js string
}

// columns decodes the holders' rows of a key: one slice per compared
// field, one text per holder. It reports false when a holder's row is not
// known (a located source whose record was not read again).
func (e *Engine) columns(holders []int, kh hkey) ([][]text, bool) {
	cols := make([][]text, len(e.cols))
	all := make([]text, len(e.cols)*len(holders))
	for n := range cols {
		cols[n] = all[n*len(holders) : (n+1)*len(holders)]
	}
	for h, s := range holders {
		d, ok := e.sources[s].detail[kh]
		if !ok {
			return nil, false
		}
		decodeRow(d.row, func(n int, st contract.State, js string) {
			cols[n][h] = text{st: st, js: js}
		})
	}
	return cols, true
}

// sameTexts reports whether every holder has the same state and JSON, so
// the values are equal whatever the field's tolerance.
func sameTexts(ts []text) bool {
	for _, t := range ts[1:] {
		if t != ts[0] {
			return false
		}
	}
	return true
}

// values rebuilds the values of one field's texts, for Field.Equal.
func (e *Engine) values(f *contract.Field, ts []text) []contract.Value {
	out := make([]contract.Value, len(ts))
	for h, t := range ts {
		out[h] = valueOf(f, t.st, t.js)
	}
	return out
}

// violationKeys returns the keys that have violations in the live sources,
// each mapped to 0 until Result fills in its rank.
func (e *Engine) violationKeys(live []int) map[string]int {
	keys := map[string]int{}
	for _, s := range live {
		for _, v := range e.sources[s].violations {
			keys[v.key] = 0
		}
	}
	return keys
}

// appendViolations appends every live source's violations with their rank.
func (e *Engine) appendViolations(out []ranked, live []int, rank map[string]int) []ranked {
	for _, src := range live {
		s := e.sources[src]
		for _, v := range s.violations {
			key := v.raw
			if !v.bad {
				key = e.reportKey(v.key)
			}
			d := e.drift(rank[v.key], key, Violation, s.name, v.field, v.rule, nil)
			d.Message = v.message
			d.Severity = v.severity
			out = append(out, d)
		}
	}
	return out
}

func (e *Engine) drift(r int, key Key, kind Kind, src, field, rule string, vals Values) ranked {
	return ranked{rank: r, Drift: Drift{
		ID: DriftID(kind, key, src, field, rule), Kind: kind, Key: key,
		Source: src, Field: field, Rule: rule, Values: vals,
	}}
}
