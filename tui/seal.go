package tui

import (
	"fmt"
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
)

// sessionPlan is the plan the decisions make: the ops they ask for, on
// the scan's source versions, and the drifts sent to manual.
func (s *session) sessionPlan(configPath string, now time.Time) (*repair.Plan, error) {
	t := now.UTC()
	p := &repair.Plan{
		Schema: repair.PlanSchema, CreatedAt: &t, Config: configPath,
		Contract: s.plan.Contract, Sources: s.plan.Sources,
		Ops: s.buildOps(), Manual: []repair.Manual{},
	}
	if p.Ops == nil {
		p.Ops = []repair.Op{}
	}
	for _, it := range s.items {
		if it.decision.choice != chooseManual {
			continue
		}
		m := repair.Manual{Drift: it.drift.ID, Why: "sent to manual in a repair session", Candidates: it.drift.Values}
		if m.Candidates == nil {
			m.Candidates = diff.Values{}
		}
		p.Manual = append(p.Manual, m)
	}
	if err := p.Seal(); err != nil {
		return nil, fmt.Errorf("sealing the session plan: %w", err)
	}
	return p, nil
}
