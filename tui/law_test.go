package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
)

// Accepting every proposal in a session (A, then y) gives the plan file
// drift plan makes from the same sources, byte for byte.
func TestSessionAcceptAllIsThePlan(t *testing.T) {
	f := newFixture(t)
	m := press(t, f.scanned(t), "A", "y")
	got, err := m.sess.amend()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(context.Background(), f.cfg, f.srcs, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := repair.InputFromScan(f.cfg, f.srcs, res, f.opts.Now)
	in.ConfigPath, in.Expr = f.opts.ConfigPath, f.opts.Expr
	want, err := repair.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	gb, _ := got.Marshal()
	wb, _ := want.Marshal()
	if len(want.Ops) == 0 || string(gb) != string(wb) {
		t.Errorf("session plan:\n%s\ndrift plan:\n%s", gb, wb)
	}
}

// withRules adds an invariant and a transition rule to the example.
func withRules(config string) string {
	return strings.Replace(config, "  resolve:\n", `  invariants:
    - name: non-negative-balance
      rule: "!has(self.balance) || self.balance >= 0"
  transitions:
    - name: no-closing-an-active-account
      rule: oldSelf.status != 'active' || self.status != 'closed'
  resolve:
`, 1)
}

// An edited or taken value that would break an invariant or a transition
// rule is refused at once, with the rule's message, and not recorded.
func TestSessionRefusesValuesThatBreakRules(t *testing.T) {
	tests := []struct {
		name, key, subject, text, want string
	}{
		{"an invariant", "us/a-06", "balance", "-5", `update of "replica": the result would break rule "non-negative-balance"`},
		{"a transition", "eu/a-11", "status", "closed", `update of "cache": the change would break transition rule "no-closing-an-active-account"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newFixtureWith(t, withRules).scanned(t)
			it := m.sess.items[find(t, m, tc.key, tc.subject)]
			m.edit.start(it, m.sess)
			m.edit.input.SetValue(tc.text)
			m.state, m.back = stateEdit, stateList
			m = press(t, m, "enter")
			if m.state != stateEdit || !strings.Contains(m.edit.err, tc.want) {
				t.Errorf("edit %s: screen %d, refusal %q; want it to contain %q", tc.text, m.state, m.edit.err, tc.want)
			}
			if it.decision.choice != undecided {
				t.Errorf("the refused edit was recorded: %s", it.decision.label())
			}
			if _, err := m.sess.edit(it, "1"); tc.subject == "balance" && err != nil {
				t.Errorf("a value that keeps the rule is refused: %v", err)
			}
		})
	}
}

// The session applies through repair.Apply: every check drift apply makes
// refuses a bad session plan the same way, before anything is written.
func TestSessionApplyMakesApplysChecks(t *testing.T) {
	bad := []struct {
		name  string
		spoil func(p *repair.Plan)
		want  string
	}{
		{"an op on a source that is not writable", func(p *repair.Plan) { p.Ops[0].Source = "primary" },
			`source "primary" is not a writable source`},
		{"another contract", func(p *repair.Plan) { p.Contract.Digest = "sha256:0000" },
			"plan was made under contract accounts v3"},
		{"two ops on one record", func(p *repair.Plan) { p.Ops = append(p.Ops, p.Ops[len(p.Ops)-1]) },
			"a second op on"},
		{"a value the contract rejects", func(p *repair.Plan) {
			for i := range p.Ops {
				if p.Ops[i].Action == repair.ActionUpdate {
					p.Ops[i].Set[0].Value = []byte(`{"x":1}`)
					return
				}
			}
		}, "set: field"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before := rescan(t, f)
			m := press(t, f.scanned(t), "A", "y")
			plan, err := m.sess.amend()
			if err != nil {
				t.Fatal(err)
			}
			tc.spoil(plan)
			if err := plan.Seal(); err != nil {
				t.Fatal(err)
			}
			msg := applyCmd(context.Background(), f.opts, plan, "run-bad", make(chan tea.Msg, 64))().(runDoneMsg)
			_, want := repair.Apply(context.Background(), plan, f.cfg.Contract, repair.Targets(f.srcs), f.store, repair.ExecOptions{RunID: "run-bad-2"})
			switch {
			case !errors.Is(msg.err, repair.ErrRefused) || !strings.Contains(msg.err.Error(), tc.want):
				t.Errorf("session apply: err = %v, want a refusal containing %q", msg.err, tc.want)
			case want == nil || msg.err.Error() != want.Error():
				t.Errorf("session apply refused with\n%v\nrepair.Apply (drift apply) with\n%v", msg.err, want)
			}
			if after := rescan(t, f); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Errorf("a refused plan wrote: the sources now show %v, before %v", after, before)
			}
		})
	}
}
