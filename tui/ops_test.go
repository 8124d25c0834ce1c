package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/drift-sh/drift/repair"
)

// opLine shows an op compactly: source key action set/expect or record.
func opLine(op repair.Op) string {
	set, _ := op.Set.MarshalJSON()
	exp, _ := op.Expect.MarshalJSON()
	line := fmt.Sprintf("%s %s %s", op.Source, keyText(op.Key), op.Action)
	switch op.Action {
	case "insert":
		rec, _ := op.Record.MarshalJSON()
		line += " " + string(rec)
	case "delete":
		line += " expect"
	default:
		line += fmt.Sprintf(" set %s expect %s", set, exp)
	}
	return line + " · " + ruleText(op.Reason.Strategy, op.Reason.From)
}

func TestOpsFromDecisions(t *testing.T) {
	type pick struct {
		key, subject string
		decide       func(*session, *item) (decision, error)
	}
	accept := func(s *session, it *item) (decision, error) { return s.accept(it) }
	skip := func(*session, *item) (decision, error) { return decision{choice: chooseSkip}, nil }
	tests := []struct {
		name  string
		picks []pick
		want  []string
	}{
		{"nothing decided writes nothing", nil, nil},
		{"a value from a source writes every writable source that differs",
			[]pick{{"eu/a-17", "email", takeN(1)}},
			[]string{`cache eu/a-17 update set {"email":"b@x.io"} expect {"email":"a@x.io"} · repair:source (replica)`}},
		{"an edit writes the typed value with each source's value as expectation, ops in source order",
			[]pick{{"us/a-06", "balance", editTo("260")}},
			[]string{
				`cache us/a-06 update set {"balance":"260"} expect {"balance":"250"} · repair:edit`,
				`replica us/a-06 update set {"balance":"260"} expect {"balance":"245"} · repair:edit`,
			}},
		{"two fields of one record make one op, as the planner does",
			[]pick{{"eu/a-11", "status", accept}, {"eu/a-11", "updated_at", editTo("2026-11-22T00:00:00Z")}},
			[]string{
				`cache eu/a-11 update set {"status":"suspended","updated_at":"2026-11-22T00:00:00Z"} expect {"status":"active","updated_at":"2026-11-20T08:30:00Z"} · authority (primary)`,
				`replica eu/a-11 update set {"updated_at":"2026-11-22T00:00:00Z"} expect {"updated_at":"2026-11-21T08:30:00Z"} · repair:edit`,
			}},
		{"a record taken from a source is inserted where the key is missing",
			[]pick{{"eu/a-09", "replica", takeN(2)}},
			[]string{`replica eu/a-09 insert {"region":"eu","account_id":"a-09","email":"ines@example.com","balance":"0","status":"closed","updated_at":"2026-11-19T17:45:10Z","tags":null} · repair:source (cache)`}},
		{"the deletes of a key are written once for its two missing drifts",
			[]pick{{"us/a-12", "primary", accept}, {"us/a-12", "replica", accept}},
			[]string{`cache us/a-12 delete expect · missing:authority (primary)`}},
		{"a skipped drift writes nothing",
			[]pick{{"us/a-02", "tags", skip}},
			nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newFixture(t).scanned(t)
			for _, p := range tc.picks {
				it := m.sess.items[find(t, m, p.key, p.subject)]
				d, err := p.decide(m.sess, it)
				if err != nil {
					t.Fatal(err)
				}
				it.decision = d
			}
			var got []string
			for _, op := range m.sess.buildOps() {
				if op.ID != repair.OpID(op) {
					t.Errorf("op %s has id %s, want %s", opLine(op), op.ID, repair.OpID(op))
				}
				got = append(got, opLine(op))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("ops:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
