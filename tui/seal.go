package tui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
)

// The repair package builds op and plan ids in unexported functions; a
// plan made of a session's decisions needs the same ids, so that the
// journal can resume it and `drift apply` accepts it as a plan file. The
// two functions below follow repair's computeID and opID exactly, and a
// test checks them against plans the planner built.

// compactJSON marshals v without HTML escaping and without a newline.
func compactJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// opID is an op's stable id, as repair computes it.
func opID(op repair.Op) string {
	body := struct {
		Source string        `json:"source"`
		Key    any           `json:"key"`
		Action string        `json:"action"`
		Set    repair.Fields `json:"set"`
		Expect repair.Fields `json:"expect"`
		Record repair.Fields `json:"record"`
	}{op.Source, op.Key, string(op.Action), op.Set, op.Expect, op.Record}
	b, _ := compactJSON(body)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:16]
}

// planID is a plan's id, as repair computes it.
func planID(p *repair.Plan) (string, error) {
	body := struct {
		Digest  string                 `json:"digest"`
		Sources []repair.SourceVersion `json:"sources"`
		Ops     []repair.Op            `json:"ops"`
		Manual  []repair.Manual        `json:"manual"`
	}{p.Contract.Digest, p.Sources, p.Ops, p.Manual}
	b, err := compactJSON(body)
	if err != nil {
		return "", fmt.Errorf("hashing the session plan: %w", err)
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

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
	id, err := planID(p)
	if err != nil {
		return nil, err
	}
	p.PlanID = id
	return p, nil
}
