package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/drift-sh/drift/diff"
)

// junitMaxKeys caps the lines of one failure; the rest are counted.
const junitMaxKeys = 100

// builtinRules are the contract checks that belong to a field (or, for
// duplicate-key and unknown-field, to the records) rather than being
// named rules with a case of their own.
var builtinRules = map[string]bool{"required": true, "type": true, "enum": true, "unknown-field": true, "duplicate-key": true}

// recordsCase names a source's case for what is about whole records.
const recordsCase = "records"

// junitFailure gathers one case's drifts: a line each and counts by kind.
type junitFailure struct {
	lines  []string
	counts map[string]int
	order  []string
	drift  bool // a changed or missing drift, not only violations
}

func (f *junitFailure) add(label, line string, drift bool) {
	if f.counts == nil {
		f.counts = map[string]int{}
	}
	if f.counts[label] == 0 {
		f.order = append(f.order, label)
	}
	f.counts[label]++
	f.lines = append(f.lines, line)
	f.drift = f.drift || drift
}

func (f *junitFailure) problem() *junitProblem {
	if f == nil {
		return nil
	}
	parts := make([]string, len(f.order))
	for i, l := range f.order {
		parts[i] = fmt.Sprintf("%d %s", f.counts[l], l)
	}
	lines := f.lines
	if len(lines) > junitMaxKeys {
		lines = append(lines[:junitMaxKeys:junitMaxKeys], fmt.Sprintf("… and %d more", len(f.lines)-junitMaxKeys))
	}
	typ := "violation"
	if f.drift {
		typ = "drift"
	}
	return &junitProblem{Message: strings.Join(parts, "; "), Type: typ, Body: strings.Join(lines, "\n")}
}

// cases builds the stable test cases of a report and fails those its
// drifts are about.
func (jw JUnitWriter) cases(r *diff.Report) []junitCase {
	fields, rules := jw.Fields, jw.Rules
	if fields == nil && rules == nil {
		fields, rules = namedInDrifts(r.Drifts)
	}
	isField := map[string]bool{}
	for _, f := range fields {
		isField[f] = true
	}
	fails := map[[2]string]*junitFailure{}
	at := func(class, name string) *junitFailure {
		id := [2]string{class, name}
		if fails[id] == nil {
			fails[id] = &junitFailure{}
		}
		return fails[id]
	}
	for _, d := range r.Drifts {
		k := keyString(d.Key)
		switch {
		case d.Kind == diff.Changed:
			for _, s := range oddSources(r, d) {
				at(s, d.Field).add("changed", k+": "+valuesText(d.Values), true)
			}
		case d.Kind == diff.Missing:
			at(d.Source, recordsCase).add("missing", k, true)
		case !builtinRules[d.Rule]:
			at("", d.Rule).add("violations", k+" in "+d.Source+": "+oneLine(d.Message), false)
		case d.Field != "" && isField[d.Field]:
			at(d.Source, d.Field).add(d.Rule, k+": "+oneLine(d.Message), false)
		default:
			at(d.Source, recordsCase).add(d.Rule, k+": "+oneLine(d.Message), false)
		}
	}
	var out []junitCase
	for _, s := range r.Sources {
		out = append(out, sourceCases(r.Contract.Name, s, fields, fails)...)
	}
	for _, rule := range rules {
		out = append(out, junitCase{Name: rule, Classname: r.Contract.Name + ".rules", Failure: fails[[2]string{"", rule}].problem()})
	}
	return out
}

// sourceCases are one source's records case and field cases. An unreadable
// source errors its records case and skips its fields.
func sourceCases(contractName string, s diff.SourceStatus, fields []string, fails map[[2]string]*junitFailure) []junitCase {
	class := contractName + "." + s.Name
	rec := junitCase{Name: recordsCase, Classname: class, Failure: fails[[2]string{s.Name, recordsCase}].problem()}
	if s.Error != nil {
		rec.Failure = nil
		rec.Error = &junitProblem{Message: "source could not be read: " + oneLine(*s.Error), Type: "source-error", Body: *s.Error}
	}
	out := []junitCase{rec}
	for _, f := range fields {
		c := junitCase{Name: f, Classname: class, Failure: fails[[2]string{s.Name, f}].problem()}
		if s.Error != nil {
			c.Failure, c.Skipped = nil, &junitProblem{Message: "source could not be read"}
		}
		out = append(out, c)
	}
	return out
}

// oddSources are the sources a changed drift fails: those whose value
// differs from the authority's, or, without an authority among them, from
// the value a strict majority holds; every source when none does.
func oddSources(r *diff.Report, d diff.Drift) []string {
	ref, ok := authorityValue(r, d.Values)
	if !ok {
		ref, ok = majorityValue(d.Values)
	}
	var out []string
	for _, v := range d.Values {
		if !ok || !bytes.Equal(nullIfEmpty(v.Value), ref) {
			out = append(out, v.Source)
		}
	}
	return out
}

func authorityValue(r *diff.Report, vals diff.Values) ([]byte, bool) {
	for _, s := range r.Sources {
		if !s.Authoritative {
			continue
		}
		for _, v := range vals {
			if v.Source == s.Name {
				return nullIfEmpty(v.Value), true
			}
		}
	}
	return nil, false
}

func majorityValue(vals diff.Values) ([]byte, bool) {
	count := map[string]int{}
	for _, v := range vals {
		count[string(nullIfEmpty(v.Value))]++
	}
	for val, n := range count {
		if n*2 > len(vals) {
			return []byte(val), true
		}
	}
	return nil, false
}

func valuesText(vals diff.Values) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = v.Source + "=" + string(nullIfEmpty(v.Value))
	}
	return strings.Join(parts, " ")
}

// namedInDrifts are the fields and named rules the drifts name, in the
// order they first appear: the cases when the contract is not known.
func namedInDrifts(drifts []diff.Drift) (fields, rules []string) {
	seen := map[string]bool{}
	for _, d := range drifts {
		switch {
		case d.Kind == diff.Violation && !builtinRules[d.Rule]:
			if !seen["rule "+d.Rule] {
				seen["rule "+d.Rule] = true
				rules = append(rules, d.Rule)
			}
		case d.Field != "" && d.Rule != "unknown-field":
			if !seen[d.Field] {
				seen[d.Field] = true
				fields = append(fields, d.Field)
			}
		}
	}
	return fields, rules
}
