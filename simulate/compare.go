package simulate

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
)

// compare fills res with the differences from the current outcome to the
// candidate's.
func compare(res *Result, cur, cand *outcome) {
	res.Items = append(res.Items, compareOps(cur.plan.Ops, cand.plan.Ops)...)
	res.Items = append(res.Items, compareManual(cur.plan.Manual, cand.plan.Manual)...)
	res.Items = append(res.Items, compareViolations(cur.drifts, cand.drifts)...)
	res.Items = append(res.Items, compareDrifted(cur.drifts, cand.drifts)...)
	sortItems(res.Items)
	if res.Items == nil {
		res.Items = []Item{}
	}
	for _, it := range res.Items {
		switch it.Kind + " " + it.Change {
		case "op added":
			res.Ops.Added++
		case "op removed":
			res.Ops.Removed++
		case "op changed":
			res.Ops.Changed++
		case "manual gained":
			res.Manual.Gained++
		case "manual lost":
			res.Manual.Lost++
		case "violation gained":
			res.Violations.Gained++
		case "violation lost":
			res.Violations.Lost++
		}
	}
	res.DriftedKeys = KeyCounts{Current: cur.sum.DriftedKeys, Candidate: cand.sum.DriftedKeys}
}

// keyText is a key's canonical JSON, the identity of a record.
func keyText(k diff.Key) string {
	b, _ := k.MarshalJSON()
	return string(b)
}

// opWrite is what an op writes, the part two plans' ops are compared on.
type opWrite struct {
	Action string        `json:"action"`
	Set    repair.Fields `json:"set,omitempty"`
	Record repair.Fields `json:"record,omitempty"`
	Expect repair.Fields `json:"expect,omitempty"`
}

func writeOf(op repair.Op) json.RawMessage {
	b, _ := json.Marshal(opWrite{Action: string(op.Action), Set: op.Set, Record: op.Record, Expect: op.Expect})
	return b
}

// compareOps matches ops by source and key: a plan has at most one op per
// record of a source.
func compareOps(cur, cand []repair.Op) []Item {
	id := func(op repair.Op) string { return op.Source + "\x00" + keyText(op.Key) }
	old := map[string]repair.Op{}
	for _, op := range cur {
		old[id(op)] = op
	}
	var out []Item
	seen := map[string]bool{}
	for _, op := range cand {
		k := id(op)
		seen[k] = true
		it := Item{Kind: KindOp, Key: op.Key, Source: op.Source, New: writeOf(op)}
		prev, ok := old[k]
		switch {
		case !ok:
			it.Change = Added
		case !bytes.Equal(writeOf(prev), it.New):
			it.Change, it.Old = Changed, writeOf(prev)
		default:
			continue
		}
		out = append(out, it)
	}
	for _, op := range cur {
		if !seen[id(op)] {
			out = append(out, Item{Kind: KindOp, Change: Removed, Key: op.Key, Source: op.Source, Old: writeOf(op)})
		}
	}
	return out
}

// compareManual matches manual items by key and field.
func compareManual(cur, cand []repair.Manual) []Item {
	id := func(m repair.Manual) string { return keyText(m.Key) + "\x00" + m.Field }
	item := func(m repair.Manual, change string) Item {
		return Item{Kind: KindManual, Change: change, Key: m.Key, Field: m.Field, Message: m.Why}
	}
	return gainLost(cur, cand, id, item)
}

// compareViolations matches violations by key, source, rule and field.
func compareViolations(cur, cand []diff.Drift) []Item {
	only := func(ds []diff.Drift) []diff.Drift {
		var out []diff.Drift
		for _, d := range ds {
			if d.Kind == diff.Violation {
				out = append(out, d)
			}
		}
		return out
	}
	id := func(d diff.Drift) string {
		return strings.Join([]string{keyText(d.Key), d.Source, d.Rule, d.Field}, "\x00")
	}
	item := func(d diff.Drift, change string) Item {
		return Item{Kind: KindViolation, Change: change, Key: d.Key, Source: d.Source, Field: d.Field, Rule: d.Rule, Message: d.Message}
	}
	return gainLost(only(cur), only(cand), id, item)
}

// gainLost lists what only cand has as gained and what only cur has as lost.
func gainLost[T any](cur, cand []T, id func(T) string, item func(T, string) Item) []Item {
	in := func(xs []T) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			m[id(x)] = true
		}
		return m
	}
	had, has := in(cur), in(cand)
	var out []Item
	for _, x := range cand {
		if !had[id(x)] {
			out = append(out, item(x, Gained))
			had[id(x)] = true
		}
	}
	for _, x := range cur {
		if !has[id(x)] {
			out = append(out, item(x, Lost))
			has[id(x)] = true
		}
	}
	return out
}

// compareDrifted lists the keys whose missing or changed drift appears or
// disappears, with what the drift is about.
func compareDrifted(cur, cand []diff.Drift) []Item {
	drifted := func(ds []diff.Drift) (map[string][]string, map[string]diff.Key) {
		about, keys := map[string][]string{}, map[string]diff.Key{}
		for _, d := range ds {
			what := d.Field
			switch d.Kind {
			case diff.Missing:
				what = "missing from " + d.Source
			case diff.Violation:
				continue
			}
			k := keyText(d.Key)
			about[k], keys[k] = append(about[k], what), d.Key
		}
		return about, keys
	}
	before, beforeKeys := drifted(cur)
	after, afterKeys := drifted(cand)
	var out []Item
	for k, fields := range after {
		if _, ok := before[k]; !ok {
			out = append(out, Item{Kind: KindDrift, Change: Appears, Key: afterKeys[k], Fields: fields})
		}
	}
	for k, fields := range before {
		if _, ok := after[k]; !ok {
			out = append(out, Item{Kind: KindDrift, Change: Disappears, Key: beforeKeys[k], Fields: fields})
		}
	}
	return out
}

var kindOrder = map[string]int{KindOp: 0, KindManual: 1, KindViolation: 2, KindDrift: 3}

// sortItems orders items by kind, then key, source, field, rule, change.
func sortItems(items []Item) {
	slices.SortStableFunc(items, func(a, b Item) int {
		if a.Kind != b.Kind {
			return kindOrder[a.Kind] - kindOrder[b.Kind]
		}
		for _, p := range [][2]string{{keyText(a.Key), keyText(b.Key)}, {a.Source, b.Source}, {a.Field, b.Field}, {a.Rule, b.Rule}, {a.Change, b.Change}} {
			if c := strings.Compare(p[0], p[1]); c != 0 {
				return c
			}
		}
		return 0
	})
}
