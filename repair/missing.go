package repair

import (
	"encoding/json"
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/sources"
)

// Modes of resolve.missing.
const (
	missingAuthority = "authority"
	missingKeep      = "keep"
	missingManual    = "manual"
)

func (p *planner) missingMode() string {
	if p.c.Resolve.Missing == "" {
		return missingAuthority
	}
	return p.c.Resolve.Missing
}

// deletesAll reports whether the key is to be deleted everywhere: missing
// is authority and the (readable) authority lacks it.
func (p *planner) deletesAll(k *keyState) bool {
	if p.missingMode() != missingAuthority || len(k.lacking) == 0 {
		return false
	}
	i := p.sourceIndex(p.c.Resolve.Authority)
	return i >= 0 && !p.in.Sources[i].Failed && k.recs[i] == nil
}

// planMissing adds the inserts and deletes for the sources that lack a key,
// as resolve.missing says, or manual items where it cannot decide.
func (p *planner) planMissing(k *keyState, resolved []resolution) {
	if len(k.lacking) == 0 {
		return
	}
	switch mode := p.missingMode(); mode {
	case missingManual:
		p.manualMissing(k, "resolve.missing is manual")
	case missingKeep:
		base := p.sourceIndex(p.c.Resolve.Authority)
		if base < 0 || k.recs[base] == nil {
			base = k.holders[0]
		}
		p.planInserts(k, base, mode, resolved)
	case missingAuthority:
		name := p.c.Resolve.Authority
		i := p.sourceIndex(name)
		switch {
		case name == "":
			p.manualMissing(k, "resolve.missing is authority, but the contract names no resolve.authority")
		case i < 0:
			p.manualMissing(k, fmt.Sprintf("authority source %q is not in the config", name))
		case p.in.Sources[i].Failed:
			p.manualMissing(k, fmt.Sprintf("authority source %q could not be read", name))
		case k.recs[i] != nil:
			p.planInserts(k, i, mode, resolved)
		default:
			p.planDeletes(k, i)
		}
	default:
		p.manualMissing(k, fmt.Sprintf("unknown resolve.missing %q", mode))
	}
}

func missingDrift(k *keyState, source string) string {
	return diff.DriftID(diff.Missing, k.key, source, "", "")
}

func (p *planner) manualMissing(k *keyState, why string) {
	for _, i := range k.lacking {
		p.addManual(k, missingDrift(k, p.in.Sources[i].Name), "", why, p.recordCandidates(k))
	}
}

// planInserts inserts the base source's record, with the resolved values
// of changed fields, into every source that lacks the key.
func (p *planner) planInserts(k *keyState, base int, mode string, resolved []resolution) {
	for _, i := range k.lacking {
		name := p.in.Sources[i].Name
		drift := missingDrift(k, name)
		if !p.writable(i) {
			p.addManual(k, drift, "", fmt.Sprintf("source %q is not writable; it lacks the key", name), p.recordCandidates(k))
			continue
		}
		op, why := p.insertOp(k, base, i, "missing:"+mode, resolved)
		if why != "" {
			p.addManual(k, drift, "", why, p.recordCandidates(k))
			continue
		}
		p.addOp(op)
	}
}

// insertOp is the insert of the base source's record, with the resolved
// values of changed fields, into source target; a non-empty why says which
// contract check the record fails.
func (p *planner) insertOp(k *keyState, base, target int, strategy string, resolved []resolution) (Op, string) {
	rec := append([]contract.Value(nil), k.recs[base]...)
	for _, r := range resolved {
		rec[r.field.Index] = r.value
	}
	name := p.in.Sources[target].Name
	why := p.checkRecord(rec)
	if why == "" {
		why = p.brokenRule(name, nil, rec)
	}
	if why != "" {
		return Op{}, fmt.Sprintf("insert into %q: %s", name, why)
	}
	return Op{Source: name, Key: k.key, Action: sources.ActionInsert, Record: p.fields(rec),
		Reason: Reason{Strategy: strategy, From: p.in.Sources[base].Name, Drift: missingDrift(k, name)}}, ""
}

// planDeletes deletes the key from every source that holds it, since the
// authority does not.
func (p *planner) planDeletes(k *keyState, authority int) {
	auth := p.in.Sources[authority].Name
	drift := missingDrift(k, auth)
	for _, h := range k.holders {
		name := p.in.Sources[h].Name
		if !p.writable(h) {
			why := fmt.Sprintf("source %q is not writable; it holds a key the authority %q lacks", name, auth)
			p.addManual(k, drift, "", why, p.recordCandidates(k))
			continue
		}
		p.addOp(Op{Source: name, Key: k.key, Action: sources.ActionDelete, Expect: p.fields(k.recs[h]),
			Reason: Reason{Strategy: "missing:authority", From: auth, Drift: drift}})
	}
}

// checkRecord says why a record to insert would break the contract, or "".
func (p *planner) checkRecord(rec []contract.Value) string {
	for _, f := range p.c.Fields {
		if f.Ignore {
			continue
		}
		if why := checkValue(f, rec[f.Index]); why != "" {
			return why
		}
	}
	return ""
}

// fields is a record's values, in contract order, ignored fields left out.
func (p *planner) fields(rec []contract.Value) Fields {
	var out Fields
	for _, f := range p.c.Fields {
		if !f.Ignore {
			out = append(out, FieldValue{Field: f.Name, Value: json.RawMessage(rec[f.Index].JSON)})
		}
	}
	return out
}

// recordCandidates lists each holder's whole record, for a manual item.
func (p *planner) recordCandidates(k *keyState) diff.Values {
	var out diff.Values
	for _, h := range k.holders {
		b, _ := p.fields(k.recs[h]).MarshalJSON()
		out = append(out, diff.SourceValue{Source: p.in.Sources[h].Name, Value: b})
	}
	return out
}

// brokenRule says which invariant the record after a write would break that
// the record before it did not (before is nil for an insert), or "". A fix
// must never make a record worse; warnings do not count.
func (p *planner) brokenRule(source string, before, after []contract.Value) string {
	if why := p.brokenTransition(source, before, after); why != "" {
		return why
	}
	if p.in.Rules == nil {
		return ""
	}
	had := map[string]bool{}
	if before != nil {
		for _, v := range p.in.Rules.Check(source, before) {
			had[v.Rule] = true
		}
	}
	for _, v := range p.in.Rules.Check(source, after) {
		if v.Severity != "warning" && !had[v.Rule] {
			return fmt.Sprintf("the result would break rule %q: %s", v.Rule, v.Message)
		}
	}
	return ""
}

// brokenTransition says which transition rule an update from before to
// after would break, or "". Inserts have no old record and break none.
func (p *planner) brokenTransition(source string, before, after []contract.Value) string {
	if p.in.Transitions == nil || before == nil {
		return ""
	}
	for _, v := range p.in.Transitions.CheckTransition(source, before, after) {
		if v.Severity != "warning" {
			return fmt.Sprintf("the change would break transition rule %q: %s", v.Rule, v.Message)
		}
	}
	return ""
}
