package diff

import (
	"cmp"
	"encoding/json"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/runs"
)

// keyEntry is one key in report order: a key of some live source (str is
// its key string, kh its hash, cand whether it needs a field-level look),
// or, when bad, the key as given of a record whose key could not be parsed
// (str is that key's JSON object text).
type keyEntry struct {
	str     string
	kh      hkey
	held    uint64 // for a candidate, see candidateSet
	sortKey []contract.Value
	// num is the key's value when the key is one int field whose value
	// fits in 64 bits (numOK): such keys are compared by it, and their
	// sortKey is made only to compare with another kind of key.
	num int64
	// The flags last, together: 80 bytes an entry, not 96, for the
	// copies that sorting and merging the keys make.
	cand  bool
	same  bool
	numOK bool
	bad   bool
}

// order returns the keys a report or a plan can mention, sorted as the
// report sorts keys (field by field in key order with contract.Compare,
// then by text, matchable keys first): the candidate keys (see
// candidates), and the keys of the live sources' violations. Keys that
// every live source holds with the identical row are left out: sorting
// them would cost more than the rest of a scan.
func (e *Engine) order(cs candidateSet) []keyEntry {
	live := e.live()
	// The candidates are looked up and sorted in runs on every core, then
	// merged: their sort values are big numbers, slow to make and compare.
	parts := make([][]keyEntry, runs.Max(), runs.Max()+1)
	parts = parts[:runs.Each(len(cs.keys), func(p, lo, hi int) {
		out := make([]keyEntry, 0, hi-lo)
		for i := lo; i < hi; i++ {
			kh := cs.keys[i]
			if key, ok := e.keyText(live, kh); ok {
				k := e.keyEntry(key)
				k.kh, k.cand, k.held, k.same = kh, true, cs.held[i], cs.same[i]
				out = append(out, k)
			}
		}
		slices.SortFunc(out, compareKeys)
		parts[p] = out
	})]
	if v := e.violationEntries(live, parts); len(v) > 0 {
		slices.SortFunc(v, compareKeys)
		parts = append(parts, v)
	}
	return mergeKeys(parts)
}

// violationEntries returns the keys of the live sources' violations that
// are not among the candidates in parts, each once.
func (e *Engine) violationEntries(live []int, parts [][]keyEntry) []keyEntry {
	var seen map[string]bool
	var out []keyEntry
	for _, s := range live {
		for _, v := range e.sources[s].violations {
			if seen == nil {
				seen = map[string]bool{}
				for _, p := range parts {
					for _, k := range p {
						seen[k.str] = true
					}
				}
			}
			if seen[v.key] {
				continue
			}
			seen[v.key] = true
			k := keyEntry{str: v.key, sortKey: v.sortKey, bad: v.bad}
			if !v.bad {
				k = e.keyEntry(v.key)
			}
			out = append(out, k)
		}
	}
	return out
}

// mergeKeys merges runs of keys, each sorted by compareKeys, into one.
func mergeKeys(parts [][]keyEntry) []keyEntry {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]keyEntry, 0, n)
	for len(out) < n {
		best := -1
		for i, p := range parts {
			if len(p) > 0 && (best < 0 || compareKeys(p[0], parts[best][0]) < 0) {
				best = i
			}
		}
		out = append(out, parts[best][0])
		parts[best] = parts[best][1:]
	}
	return out
}

// keyText finds the key string of a key hash in a live source's details.
func (e *Engine) keyText(live []int, kh hkey) (string, bool) {
	for _, s := range live {
		if key, _, ok := e.sources[s].detail.get(kh); ok {
			return key, true
		}
	}
	return "", false
}

func compareKeys(a, b keyEntry) int {
	if a.numOK && b.numOK {
		if c := cmp.Compare(a.num, b.num); c != 0 {
			return c
		}
	} else {
		av, bv := a.values(), b.values()
		for i := range min(len(av), len(bv)) {
			if c := compareValues(av[i], bv[i]); c != 0 {
				return c
			}
		}
	}
	if a.bad != b.bad {
		if a.bad {
			return 1
		}
		return -1
	}
	switch {
	case a.str < b.str:
		return -1
	case a.str > b.str:
		return 1
	}
	return 0
}

// compareValues is contract.Compare with a fast path for two valid
// integers that fit in 64 bits and differ, the common key case, where
// big.Rat comparison would dominate the cost of sorting.
func compareValues(a, b contract.Value) int {
	if a.State == contract.Valid && b.State == contract.Valid && a.Num != nil && b.Num != nil && a.Num.IsInt() && b.Num.IsInt() {
		an, bn := a.Num.Num(), b.Num.Num()
		if an.IsInt64() && bn.IsInt64() {
			if c := cmp.Compare(an.Int64(), bn.Int64()); c != 0 {
				return c
			}
		}
	}
	return contract.Compare(a, b)
}

// keyEntry is the entry of a key string, ready to sort: with its integer,
// or else its sort values.
func (e *Engine) keyEntry(key string) keyEntry {
	if len(e.c.Key) == 1 && e.c.Fields[e.c.Key[0]].Type == contract.TypeInt && len(key) > 2 {
		if n, err := strconv.ParseInt(key[1:len(key)-1], 10, 64); err == nil {
			return keyEntry{str: key, num: n, numOK: true}
		}
	}
	return keyEntry{str: key, sortKey: e.sortValues(key)}
}

// values is k's sort values: what sortValues gives for its key string.
func (k keyEntry) values() []contract.Value {
	if k.sortKey == nil && k.numOK {
		return []contract.Value{{State: contract.Valid, JSON: k.str[1 : len(k.str)-1], Num: new(big.Rat).SetInt64(k.num)}}
	}
	return k.sortKey
}

// sortValues rebuilds the key values of a key string, for sorting.
func (e *Engine) sortValues(key string) []contract.Value {
	parts := splitKey(key)
	out := make([]contract.Value, len(e.c.Key))
	for i, k := range e.c.Key {
		out[i] = contract.NullValue
		if i < len(parts) {
			out[i] = valueOf(e.c.Fields[k], contract.Valid, parts[i])
		}
	}
	return out
}

// reportKey turns a key string into the report's key: field names with
// canonical JSON values, in key order.
func (e *Engine) reportKey(key string) Key {
	parts := splitKey(key)
	out := make(Key, len(e.c.Key))
	for i, k := range e.c.Key {
		out[i] = KeyPart{Field: e.c.Fields[k].Name, Value: json.RawMessage("null")}
		if i < len(parts) {
			out[i].Value = aliasJSON(parts[i])
		}
	}
	return out
}

// Keys returns the key strings (see KeyString) of the keys that need a
// repair planner's look, sorted as the report sorts keys: every key that a
// live source lacks or whose rows are not identical in all live sources
// that hold it; with fewer than two live sources, none. Keys that every
// live source holds with the identical row are not listed (there is
// nothing to repair). Record works for every key listed.
func (e *Engine) Keys() []string {
	var out []string
	for _, k := range e.order(e.candidates()) {
		if k.cand {
			out = append(out, k.str)
		}
	}
	return out
}

// Record returns the canonical values that source src holds for a key
// string, indexed like Contract.Fields: the first record with that key,
// Null for ignored fields. Each value has its State, JSON and, for numbers,
// Num; Native is filled by parsing the canonical JSON again with the field,
// when that gives back the same value. It returns false when the source
// does not hold the key or failed. For a located source (WithLocated) it
// knows only the records given to AddDetail: those of the keys Keys lists.
func (e *Engine) Record(src int, key string) ([]contract.Value, bool) {
	s := e.source(src)
	if s == nil {
		return nil, false
	}
	dkey, row, ok := s.detail.get(e.keyHash([]byte(key)))
	if !ok || dkey != key {
		return nil, false
	}
	out := make([]contract.Value, len(e.c.Fields))
	for i := range out {
		out[i] = contract.NullValue
	}
	parts := splitKey(key)
	for i, k := range e.c.Key {
		if i < len(parts) {
			out[k] = e.full(k, contract.Valid, parts[i])
		}
	}
	decodeRow(row, func(n int, st contract.State, js string) {
		out[e.cols[n]] = e.full(e.cols[n], st, js)
	})
	return out, true
}

// full rebuilds a value with its Native form when re-parsing the canonical
// JSON reproduces it.
func (e *Engine) full(i int, st contract.State, js string) contract.Value {
	f := e.c.Fields[i]
	v := valueOf(f, st, js)
	if st != contract.Valid {
		return v
	}
	var raw any
	d := json.NewDecoder(strings.NewReader(js))
	d.UseNumber()
	if d.Decode(&raw) != nil {
		return v
	}
	if p := f.Parse(raw); p.State == v.State && p.JSON == v.JSON {
		return p
	}
	return v
}
