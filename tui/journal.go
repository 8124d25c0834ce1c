package tui

import (
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// outcomes are the session's decisions as the journal keeps them after a
// run of their plan: under the run, as decided, when every op they asked
// for applied (or was already applied); abandoned when one did not.
// A decision that writes nothing (skip, manual) is journaled as decided.
func (s *session) outcomes(plan *repair.Plan, res *repair.RunResult, sessionID, user string, at time.Time) []state.Decision {
	done := map[string]bool{}
	for _, r := range res.Ops {
		done[r.ID] = r.Outcome == state.OutcomeApplied || r.Outcome == state.OutcomeAlreadyApplied
	}
	ops := s.decisionOps(plan)
	var out []state.Decision
	for _, it := range s.items {
		if it.decision.choice == undecided {
			continue
		}
		d := s.journal(it, sessionID, user, at)
		d.RunID = res.RunID
		for _, id := range ops[it.drift.ID] {
			if !done[id] {
				d.Choice = state.DecisionAbandoned
			}
		}
		out = append(out, d)
	}
	return out
}

// decisionOps lists, per drift, the ids of the plan's ops that settle it:
// the ops that name it, and for a missing drift the deletes of its key.
func (s *session) decisionOps(plan *repair.Plan) map[string][]string {
	out := map[string][]string{}
	if plan == nil {
		return out
	}
	for _, op := range plan.Ops {
		for _, id := range opDrifts(op) {
			out[id] = append(out[id], op.ID)
		}
		if op.Action != repair.ActionDelete {
			continue
		}
		for _, it := range s.byKey[op.Key.EngineString()] {
			if it.drift.Kind == diff.Missing && it.drift.ID != op.Reason.Drift {
				out[it.drift.ID] = append(out[it.drift.ID], op.ID)
			}
		}
	}
	return out
}
