package tui

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/sources"
)

// target is one source that an update of a changed field would write, and
// the value it holds now (the compare-and-set expectation).
type target struct {
	source string
	cur    contract.Value
}

// updateTargets lists the writable sources holding the item's key whose
// value of the field differs from v.
func (s *session) updateTargets(it *item, v contract.Value) []target {
	var out []target
	for i, name := range s.names {
		rec, ok := s.record(i, it)
		if !ok || !s.writable[i] {
			continue
		}
		cur := rec[it.field.Index]
		if !it.field.Equal([]contract.Value{v, cur}) {
			out = append(out, target{source: name, cur: cur})
		}
	}
	return out
}

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

// keyOps collects the writes for one key's decisions.
type keyOps struct {
	s       *session
	key     diff.Key
	updates map[string][]repair.FieldReason // source -> fields, with set and expect below
	set     map[string]repair.Fields
	expect  map[string]repair.Fields
	overlay map[string]json.RawMessage // field -> decided value, for inserted records
	other   []repair.Op                // inserts and deletes
}

// buildOps turns the decisions into repair ops, key by key in report
// order, each key's ops sorted by source then action as the planner sorts
// them. Ops that two decisions both ask for are kept once.
func (s *session) buildOps() []repair.Op {
	var out []repair.Op
	seen := map[string]bool{}
	for _, group := range s.groups() {
		for _, op := range s.opsForKey(group) {
			op.ID = repair.OpID(op)
			if !seen[op.ID] {
				seen[op.ID] = true
				out = append(out, op)
			}
		}
	}
	return out
}

// groups splits the items by key, in report order.
func (s *session) groups() [][]*item {
	var out [][]*item
	at := map[string]int{}
	for _, it := range s.items {
		i, ok := at[it.keyStr]
		if !ok {
			i = len(out)
			at[it.keyStr] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], it)
	}
	return out
}

func (s *session) opsForKey(group []*item) []repair.Op {
	k := &keyOps{s: s, key: group[0].drift.Key, updates: map[string][]repair.FieldReason{},
		set: map[string]repair.Fields{}, expect: map[string]repair.Fields{}, overlay: map[string]json.RawMessage{}}
	for _, it := range group {
		if it.drift.Kind == diff.Changed {
			k.changed(it)
		}
	}
	for _, it := range group {
		if it.drift.Kind == diff.Missing {
			k.missing(it)
		}
	}
	ops := append(k.updateOps(), k.other...)
	slices.SortStableFunc(ops, func(a, b repair.Op) int {
		if c := strings.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		return strings.Compare(string(a.Action), string(b.Action))
	})
	return ops
}

func (k *keyOps) changed(it *item) {
	name, id := it.field.Name, it.drift.ID
	switch it.decision.choice {
	case chooseAccept:
		for _, op := range it.ops {
			set, ok := op.Set.Get(name)
			if !ok || op.Action != sources.ActionUpdate {
				continue
			}
			exp, _ := op.Expect.Get(name)
			k.addUpdate(op.Source, fieldReason(op, name, id), set, exp)
		}
	case chooseSource, chooseEdit:
		v := it.decision.value
		k.overlay[name] = json.RawMessage(v.JSON)
		fr := repair.FieldReason{Field: name, Strategy: "repair:" + it.decision.choice.String(), From: it.decision.source, Drift: id}
		for _, t := range k.s.updateTargets(it, v) {
			k.addUpdate(t.source, fr, json.RawMessage(v.JSON), json.RawMessage(t.cur.JSON))
		}
	}
}

func (k *keyOps) addUpdate(source string, fr repair.FieldReason, set, expect json.RawMessage) {
	k.updates[source] = append(k.updates[source], fr)
	k.set[source] = append(k.set[source], repair.FieldValue{Field: fr.Field, Value: set})
	k.expect[source] = append(k.expect[source], repair.FieldValue{Field: fr.Field, Value: expect})
}

// updateOps merges each source's field updates into one op, fields in
// contract order, the first field's reason on top as the planner does.
func (k *keyOps) updateOps() []repair.Op {
	var out []repair.Op
	for source, reasons := range k.updates {
		order := k.s.fieldOrder()
		idx := make([]int, len(reasons))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int { return order[reasons[a].Field] - order[reasons[b].Field] })
		op := repair.Op{Source: source, Key: k.key, Action: sources.ActionUpdate}
		for _, i := range idx {
			op.Set = append(op.Set, k.set[source][i])
			op.Expect = append(op.Expect, k.expect[source][i])
			op.Reason.Fields = append(op.Reason.Fields, reasons[i])
		}
		first := op.Reason.Fields[0]
		op.Reason = repair.Reason{Strategy: first.Strategy, From: first.From, Drift: first.Drift, Fields: op.Reason.Fields}
		if len(op.Reason.Fields) == 1 {
			op.Reason.Fields = nil
		}
		out = append(out, op)
	}
	return out
}

func (k *keyOps) missing(it *item) {
	switch it.decision.choice {
	case chooseAccept:
		for _, op := range it.ops {
			if op.Action == sources.ActionInsert {
				op.Record = k.withOverlay(op.Record)
			}
			k.other = append(k.other, op)
		}
	case chooseSource:
		from := k.s.sourceIndex(it.decision.source)
		rec, ok := k.s.record(from, it)
		if !ok {
			return
		}
		k.other = append(k.other, repair.Op{Source: it.drift.Source, Key: k.key, Action: sources.ActionInsert,
			Record: k.withOverlay(k.s.fields(rec)),
			Reason: repair.Reason{Strategy: "repair:source", From: it.decision.source, Drift: it.drift.ID}})
	}
}

// withOverlay replaces the decided fields' values in a record to insert.
func (k *keyOps) withOverlay(rec repair.Fields) repair.Fields {
	out := make(repair.Fields, len(rec))
	for i, fv := range rec {
		if v, ok := k.overlay[fv.Field]; ok {
			fv.Value = v
		}
		out[i] = fv
	}
	return out
}

// fields is a record's values in contract order, ignored fields left out,
// as the planner writes a record to insert.
func (s *session) fields(rec []contract.Value) repair.Fields {
	var out repair.Fields
	for _, f := range s.cfg.Contract.Fields {
		if !f.Ignore {
			out = append(out, repair.FieldValue{Field: f.Name, Value: json.RawMessage(rec[f.Index].JSON)})
		}
	}
	return out
}

func (s *session) fieldOrder() map[string]int {
	out := map[string]int{}
	for _, f := range s.cfg.Contract.Fields {
		out[f.Name] = f.Index
	}
	return out
}
