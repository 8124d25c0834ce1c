package repair

import (
	"fmt"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/sources"
)

// missing adds the inserts the decisions on missing drifts ask for, and
// returns the accepts that ask for the planner's deletes (the authority
// lacks the key). decided are the values chosen for changed fields.
func (ka *keyAmend) missing(decided []resolution) []int {
	deleting := ka.prop.deletesAll(ka.k)
	var accepts []int
	for _, t := range ka.k.lacking {
		drift := ka.missingDrift(t)
		i, ok := ka.active[drift]
		if !ok {
			continue
		}
		switch d := ka.decs[i]; d.Choice {
		case ChoiceAccept:
			switch {
			case !ka.covered[drift]:
				ka.refuse(i, ka.noProposal(drift))
			case deleting:
				accepts = append(accepts, i)
			default:
				ka.acceptInsert(i, t, decided)
			}
		case ChoiceSource:
			ka.takeRecord(i, t, d.Source, decided)
		case ChoiceSkip, ChoiceManual:
		default:
			ka.refuse(i, fmt.Errorf("unknown choice %s", d.Choice))
		}
	}
	if deleting {
		return ka.contradictions(accepts)
	}
	return nil
}

// acceptInsert adds the planner's insert into source t, with the values
// chosen for changed fields in place of the resolved ones.
func (ka *keyAmend) acceptInsert(i, t int, decided []resolution) {
	name := ka.sess.in.Sources[t].Name
	for _, op := range ka.prop.ops {
		if op.Action != sources.ActionInsert || op.Source != name {
			continue
		}
		overlay := append([]resolution(nil), ka.resolved...)
		for _, r := range decided {
			overlay = append(overlay, r) // later entries win
		}
		ka.insert(i, t, ka.sess.sourceIndex(op.Reason.From), op.Reason.Strategy, overlay, decided)
		return
	}
	ka.refuse(i, ka.noProposal(ka.missingDrift(t)))
}

// takeRecord adds the insert of source src's record into source t, with
// the values chosen for changed fields.
func (ka *keyAmend) takeRecord(i, t int, src string, decided []resolution) {
	from := ka.sess.sourceIndex(src)
	name := ka.sess.in.Sources[t].Name
	switch {
	case from == t:
		ka.refuse(i, fmt.Errorf("source %q lacks key %s; take the record of a source that holds it", name, KeyText(ka.k.key)))
		return
	case from < 0 || ka.k.recs[from] == nil:
		_, err := ka.holder(src)
		ka.refuse(i, err)
		return
	case !ka.sess.writable(t):
		ka.refuse(i, fmt.Errorf("source %q is not writable; set writable: true on it to insert there", name))
		return
	}
	ka.insert(i, t, from, "repair:source", decided, decided)
}

// insert adds one insert, or refuses decision i, and the decisions whose
// values the record takes, with the contract check the record fails.
func (ka *keyAmend) insert(i, t, from int, strategy string, overlay, decided []resolution) {
	op, why := ka.sess.insertOp(ka.k, from, t, strategy, overlay)
	if why == "" {
		ka.add(op, []int{i})
		return
	}
	ka.refuse(i, fmt.Errorf("%s", why))
	for _, r := range decided {
		if j := ka.active[r.drift]; ka.decs[j].Choice != ChoiceAccept {
			ka.refuse(j, fmt.Errorf("the record inserted into %q with this value: %s", ka.sess.in.Sources[t].Name, why))
		}
	}
}

// contradictions keeps the accepts of a key the authority lacks unless
// another missing drift of the key was decided otherwise: one delete
// settles every missing drift of the key, so the later decision of the
// two is refused.
func (ka *keyAmend) contradictions(accepts []int) []int {
	if len(accepts) == 0 {
		return nil
	}
	auth := ka.sess.c.Resolve.Authority
	for _, t := range ka.k.lacking {
		i, ok := ka.active[ka.missingDrift(t)]
		if !ok || ka.decs[i].Choice == ChoiceAccept {
			continue
		}
		other := ka.sess.in.Sources[t].Name
		if i > accepts[0] {
			ka.refuse(i, fmt.Errorf("contradicts the accept on another missing drift of key %s: the authority %q lacks the key, and deleting it everywhere settles every missing drift of it; accept this one too, or change that decision",
				KeyText(ka.k.key), auth))
			continue
		}
		for _, a := range accepts {
			ka.refuse(a, fmt.Errorf("contradicts the %s on the missing drift of %q: accepting deletes key %s from every source, since the authority %q lacks it; decide both alike",
				ka.decs[i].Choice, other, KeyText(ka.k.key), auth))
		}
		return nil
	}
	return accepts
}

// manual lists the key's manual items: the planner's, unless the drift was
// decided otherwise than accepted or sent to manual, and one per drift a
// person sent to manual that the planner had decided.
func (ka *keyAmend) manual() []Manual {
	var out []Manual
	has := map[string]bool{}
	for _, m := range ka.prop.manual {
		has[m.Drift] = true
		if i, ok := ka.active[m.Drift]; !ok || ka.decs[i].Choice == ChoiceAccept || ka.decs[i].Choice == ChoiceManual {
			out = append(out, m)
		}
	}
	sent := func(drift string) bool {
		i, ok := ka.active[drift]
		return ok && !has[drift] && ka.decs[i].Choice == ChoiceManual
	}
	for _, f := range ka.prop.compared() {
		if drift := diff.DriftID(diff.Changed, ka.k.key, "", f.Name, ""); sent(drift) {
			out = append(out, Manual{Drift: drift, Why: sessionManualWhy, Candidates: ka.prop.candidates(ka.k, f), Key: ka.k.key, Field: f.Name})
		}
	}
	for _, t := range ka.k.lacking {
		if drift := ka.missingDrift(t); sent(drift) {
			out = append(out, Manual{Drift: drift, Why: sessionManualWhy, Candidates: ka.prop.recordCandidates(ka.k), Key: ka.k.key})
		}
	}
	return out
}
