package diff

import (
	"encoding/json"
	"slices"
	"strings"
	"unsafe"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/runs"
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
	for r, k := range order {
		if _, ok := rank[k.str]; ok {
			rank[k.str] = r
		}
	}
	sum := Summary{Keys: cs.union + e.agreed, ByField: map[string]int{}}
	var keyed []Drift
	var ranks []int32
	if len(live) >= 2 {
		keyed, ranks = e.diffKeys(order, live, &sum)
	}
	// The violations are sorted by their index, not moved: each is large.
	viol := e.appendViolations(nil, live, rank)
	sum.Violations = len(viol)
	if len(viol) == 0 {
		if keyed == nil {
			keyed = []Drift{}
		}
		return keyed, sum
	}
	idx := make([]int32, len(viol))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return compareRanked(&viol[a], &viol[b]) })
	// The missing and changed drifts come sorted: merged with the
	// violations they are in report order.
	drifts := make([]Drift, 0, len(viol)+len(keyed))
	for i := range keyed {
		for len(idx) > 0 && compareRanks(viol[idx[0]].rank, &viol[idx[0]].Drift, int(ranks[i]), &keyed[i]) < 0 {
			drifts = append(drifts, viol[idx[0]].Drift)
			idx = idx[1:]
		}
		drifts = append(drifts, keyed[i])
	}
	for _, j := range idx {
		drifts = append(drifts, viol[j].Drift)
	}
	return drifts, sum
}

// ranked is a drift with the rank of its key in report order.
type ranked struct {
	rank int
	Drift
}

func compareRanked(a, b *ranked) int { return compareRanks(a.rank, &a.Drift, b.rank, &b.Drift) }

// compareRanks orders drifts a and b, of keys of ranks ra and rb, as the
// report does.
func compareRanks(ra int, a *Drift, rb int, b *Drift) int {
	if ra != rb {
		return ra - rb
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

// diffKeys returns the missing and changed drifts of the candidate keys of
// order, in report order, with the rank of each one's key, and counts them
// in sum. The keys are diffed in runs on every core, each run into its own
// part of one array, room for two drifts a key (a candidate has one or
// two, mostly); the parts are then moved together, so that no drift is
// copied into memory of its own: fresh memory costs more than the copy.
// When a run needs more room than its part, its drifts go to memory of
// their own, and every run's are copied into a new array.
func (e *Engine) diffKeys(order []keyEntry, live []int, sum *Summary) ([]Drift, []int32) {
	// The live sources by name, the order of a key's missing drifts.
	byName := slices.Clone(live)
	slices.SortFunc(byName, func(a, b int) int { return strings.Compare(e.names[a], e.names[b]) })
	all := make([]Drift, 2*len(order))
	ranks := make([]int32, 2*len(order))
	parts := make([]diffRun, runs.Max())
	parts = parts[:runs.Each(len(order), func(p, lo, hi int) {
		parts[p] = e.diffRun(order[lo:hi], lo, live, byName, all[2*lo:2*lo:2*hi], ranks[2*lo:2*lo:2*hi])
	})]
	n, inPlace := 0, true
	for _, p := range parts {
		sum.DriftedKeys += p.sum.DriftedKeys
		sum.Missing += p.sum.Missing
		sum.Changed += p.sum.Changed
		for f, c := range p.sum.ByField {
			sum.ByField[f] += c
		}
		n += len(p.out)
		inPlace = inPlace && p.inPlace()
	}
	if inPlace {
		// Every part is where diffRun wrote it: moved down in order, each
		// lands on its own or an earlier part's room.
		n = 0
		for _, p := range parts {
			copy(ranks[n:], p.ranks)
			n += copy(all[n:], p.out)
		}
		return all[:n:n], ranks[:n:n]
	}
	out, outRanks := make([]Drift, 0, n), make([]int32, 0, n)
	for _, p := range parts {
		out, outRanks = append(out, p.out...), append(outRanks, p.ranks...)
	}
	return out, outRanks
}

// diffRun is what diffKeys finds in one run of keys: the drifts, the rank
// of each one's key, and their counts. room is the capacity of the part
// of diffKeys' array that out started in.
type diffRun struct {
	out   []Drift
	ranks []int32
	room  int
	sum   Summary
}

// inPlace says whether the run's drifts are still in the part of the array
// given to it: appends past its room moved them.
func (r *diffRun) inPlace() bool { return cap(r.out) == r.room }

// diffRun diffs the candidate keys of a run that starts at rank first,
// appending to out and ranks (byName: see diffKey).
func (e *Engine) diffRun(keys []keyEntry, first int, live, byName []int, out []Drift, ranks []int32) diffRun {
	run := diffRun{out: out, ranks: ranks, room: cap(out), sum: Summary{ByField: map[string]int{}}}
	var sc columnScratch
	for i, k := range keys {
		if !k.cand {
			continue
		}
		n := len(run.out)
		run.out = e.diffKey(run.out, k, live, byName, &run.sum, &sc)
		for range len(run.out) - n {
			run.ranks = append(run.ranks, int32(first+i))
		}
		if len(run.out) > n {
			run.sum.DriftedKeys++
		}
	}
	return run
}

// diffKey appends the changed and missing drifts of one key, in the order
// the report sorts a key's drifts in, so that they need no sorting: the
// changed ones by field name, then the missing ones by source name
// (byName is live in that order).
func (e *Engine) diffKey(out []Drift, k keyEntry, live, byName []int, sum *Summary, sc *columnScratch) []Drift {
	holders := sc.holders[:0]
	for _, s := range live {
		if e.holds(s, k) {
			holders = append(holders, s)
		}
	}
	sc.holders = holders
	kd := &sc.drifts
	kd.key = nil
	keyOf := func() {
		if kd.key == nil {
			kd.key = e.reportKey(k.str)
			kd.keyJSON, _ = kd.key.MarshalJSON()
		}
	}
	if len(holders) >= 2 && !e.sameRows(holders, k) {
		if cols, ok := e.columns(holders, k.kh, sc); ok {
			for _, n := range e.byName {
				f := e.c.Fields[e.cols[n]]
				// Without a tolerance, Equal compares states and JSON as
				// sameTexts.
				if sameTexts(cols[n]) || (f.Tolerant() && e.tolerated(f, cols[n], sc)) {
					continue
				}
				vals := make(Values, len(holders))
				for h, s := range holders {
					vals[h] = SourceValue{Source: e.names[s], Value: aliasJSON(cols[n][h].js)}
				}
				keyOf()
				out = append(out, kd.drift(Changed, "", f.Name, vals))
				sum.Changed++
				sum.ByField[f.Name]++
			}
		}
	}
	if len(holders) < len(live) {
		for _, s := range byName {
			if !e.holds(s, k) {
				keyOf()
				out = append(out, kd.drift(Missing, e.names[s], "", nil))
				sum.Missing++
			}
		}
	}
	return out
}

// aliasJSON is s as JSON, sharing its memory: a key string or a row's
// text, which never change. A drift's key and values are made this way,
// without a copy each.
func aliasJSON(s string) json.RawMessage { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// indexed says the per-record index is still there: Result keeps it only
// for more than 64 sources, which candidateSet cannot name in its masks.
func (e *Engine) indexed() bool { return len(e.sources) > 64 }

// release drops the per-record index once the candidates are known (see
// Result); it is kept for more than 64 sources.
func (e *Engine) release() {
	for _, s := range e.sources {
		s.want = nil
		if !e.indexed() {
			s.keys.free()
		}
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

// columnScratch is the memory columns reuses from key to key.
type columnScratch struct {
	cols    [][]text
	all     []text
	js      []string // a field's texts, for tolerated
	holders []int
	drifts  keyDrifts
}

// columns decodes the holders' rows of a key: one slice per compared
// field, one text per holder, valid until the next call with sc. It
// reports false when a holder's row is not known (a located source whose
// record was not read again).
func (e *Engine) columns(holders []int, kh hkey, sc *columnScratch) ([][]text, bool) {
	sc.cols = slices.Grow(sc.cols[:0], len(e.cols))[:len(e.cols)]
	sc.all = slices.Grow(sc.all[:0], len(e.cols)*len(holders))[:len(e.cols)*len(holders)]
	cols := sc.cols
	for n := range cols {
		cols[n] = sc.all[n*len(holders) : (n+1)*len(holders)]
	}
	for h, s := range holders {
		_, row, ok := e.sources[s].detail.get(kh)
		if !ok {
			return nil, false
		}
		decodeRow(row, func(n int, st contract.State, js string) {
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

// tolerated reports whether a tolerant field's texts are equal under its
// tolerance: from the canonical JSON of valid decimals when
// Field.EqualDecimals can tell, else through the parsed values.
func (e *Engine) tolerated(f *contract.Field, ts []text, sc *columnScratch) bool {
	js := sc.js[:0]
	for _, t := range ts {
		if t.st != contract.Valid {
			break
		}
		js = append(js, t.js)
	}
	sc.js = js
	if len(js) == len(ts) {
		if equal, ok := f.EqualDecimals(js); ok {
			return equal
		}
	}
	return f.Equal(e.values(f, ts))
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

// keyDrifts makes the drifts of one key, its report JSON made once for
// the ids of them all.
type keyDrifts struct {
	key     Key
	keyJSON []byte
	buf     []byte // reused for each drift id
}

func (kd *keyDrifts) drift(kind Kind, src, field string, vals Values) Drift {
	return Drift{
		ID: driftID(&kd.buf, kind, kd.keyJSON, src, field, ""), Kind: kind, Key: kd.key,
		Source: src, Field: field, Values: vals,
	}
}
