package repair_test

import (
	"strings"
	"testing"

	"github.com/drift-sh/drift/repair"
)

// Decisions give ops as the planner makes them (merged per record, fields
// in contract order, sorted by key, source and action), or are refused
// with the check they fail.
func TestAmendDecisions(t *testing.T) {
	const accounts = "../examples/accounts"
	tests := []struct {
		name    string
		dir     string
		picks   []pick
		want    []string // the plan's ops
		wantErr []string // per pick: "" or a part of its refusal
	}{
		{"nothing decided writes nothing", accounts, nil, nil, nil},
		{"a value from a source writes every writable source that differs", accounts,
			[]pick{take("eu/a-17", "email", "replica")},
			[]string{`cache eu/a-17 update set {"email":"b@x.io"} expect {"email":"a@x.io"} · repair:source (replica)`}, nil},
		{"an edit writes the typed value, each source's value the expectation, ops in source order", accounts,
			[]pick{edit("us/a-06", "balance", `"260"`)},
			[]string{
				`cache us/a-06 update set {"balance":"260"} expect {"balance":"250"} · repair:edit`,
				`replica us/a-06 update set {"balance":"260"} expect {"balance":"245"} · repair:edit`,
			}, nil},
		{"two fields of one record make one op, as the planner does", accounts,
			[]pick{edit("eu/a-11", "updated_at", `"2026-11-22T00:00:00Z"`), accept("eu/a-11", "status")},
			[]string{
				`cache eu/a-11 update set {"status":"suspended","updated_at":"2026-11-22T00:00:00Z"} expect {"status":"active","updated_at":"2026-11-20T08:30:00Z"} · authority (primary)`,
				`replica eu/a-11 update set {"updated_at":"2026-11-22T00:00:00Z"} expect {"updated_at":"2026-11-21T08:30:00Z"} · repair:edit`,
			}, nil},
		{"a record taken from a source is inserted where the key is missing", accounts,
			[]pick{take("eu/a-09", "replica", "cache")},
			[]string{`replica eu/a-09 insert {"region":"eu","account_id":"a-09","email":"ines@example.com","balance":"0","status":"closed","updated_at":"2026-11-19T17:45:10Z","tags":null} · repair:source (cache)`}, nil},
		{"the delete of a key is written once for its two missing drifts", accounts,
			[]pick{accept("us/a-12", "primary"), accept("us/a-12", "replica")},
			[]string{`cache us/a-12 delete · missing:authority (primary)`}, nil},
		{"skipping one missing drift of a deleted key contradicts accepting the other", accounts,
			[]pick{accept("us/a-12", "primary"), choose("us/a-12", "replica", repair.ChoiceSkip)},
			[]string{`cache us/a-12 delete · missing:authority (primary)`}, []string{"", "contradicts the accept"}},
		{"an accept after a skip of the same delete is the one refused", accounts,
			[]pick{choose("us/a-12", "replica", repair.ChoiceSkip), accept("us/a-12", "primary")},
			nil, []string{"", "contradicts the skip"}},
		{"a skipped drift writes nothing", accounts, []pick{choose("us/a-02", "tags", repair.ChoiceSkip)}, nil, nil},
		{"a source holding an invalid value is refused", accounts,
			[]pick{take("eu/a-14", "status", "replica")}, nil, []string{`source "replica": field "status": "frozen" is not one of`}},
		{"an edit outside the enum is refused", accounts,
			[]pick{edit("eu/a-14", "status", `"frozen"`)}, nil, []string{`field "status": "frozen" is not one of the values`}},
		{"an edit emptying a required field is refused", accounts,
			[]pick{edit("eu/a-14", "status", `null`)}, nil, []string{`"status" is required`}},
		{"an edit to what every writable source holds is refused", "testdata/breaks-transition",
			[]pick{edit("2", "status", `"active"`)}, nil, []string{"nothing to write"}},
		{"the source that lacks the key cannot be taken", accounts,
			[]pick{take("eu/a-09", "replica", "replica")}, nil, []string{"lacks key eu/a-09"}},
		{"a read-only source cannot get the record", accounts,
			[]pick{take("us/a-12", "primary", "cache")}, nil, []string{`"primary" is not writable`}},
		{"an edit that breaks an invariant is refused with the rule", "testdata/breaks-invariant",
			[]pick{edit("1", "refunded", `"30"`)}, nil, []string{`update of "replica": the result would break rule "refund-within-payment"`}},
		{"an edit that keeps the invariant is written", "testdata/breaks-invariant",
			[]pick{edit("1", "refunded", `"5"`)},
			[]string{`replica 1 update set {"refunded":"5"} expect {"refunded":null} · repair:edit`}, nil},
		{"a record taken that breaks an invariant is refused", "testdata/breaks-invariant",
			[]pick{take("4", "replica", "primary")}, nil, []string{`insert into "replica": the result would break rule "refund-within-payment"`}},
		{"an accept the planner left to a person is refused with its reason", "testdata/breaks-transition",
			[]pick{accept("1", "status")}, nil, []string{`the planner left it to a person: update of "replica": the change would break transition rule "closed-is-final"`}},
		{"a value that breaks a transition rule is refused with the rule", "testdata/breaks-transition",
			[]pick{take("1", "status", "primary")}, nil, []string{`transition rule "closed-is-final"`}},
		{"a write to a key held twice is refused", "testdata/duplicate-key",
			[]pick{take("2", "name", "a")}, nil, []string{`update of "b": the key is held more than once in "b"`}},
		{"an edit and a take on one record are checked together", "testdata/breaks-invariant",
			[]pick{edit("1", "refunded", `"5"`), edit("3", "refunded", `"40"`)},
			[]string{`replica 1 update set {"refunded":"5"} expect {"refunded":null} · repair:edit`},
			[]string{"", `would break rule "refund-within-payment"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, res := inputDir(t, tc.dir)
			decs := decisionsOf(t, res, tc.picks)
			plan, errs, err := repair.Amend(in, decs)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, op := range plan.Ops {
				if op.ID != repair.OpID(op) {
					t.Errorf("op %s has id %s, want %s", opLine(op), op.ID, repair.OpID(op))
				}
				got = append(got, opLine(op))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("ops:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for i, e := range errs {
				want := ""
				if i < len(tc.wantErr) {
					want = tc.wantErr[i]
				}
				switch {
				case want == "" && e != nil:
					t.Errorf("decision %d refused: %v", i+1, e)
				case want != "" && (e == nil || !strings.Contains(e.Error(), want)):
					t.Errorf("decision %d: err = %v, want it to contain %q", i+1, e, want)
				}
				if check := repair.NewAmender(in).Check(decs[:i], decs[i]); (check == nil) != (e == nil) {
					t.Errorf("decision %d: Check says %v, Amend %v", i+1, check, e)
				}
			}
		})
	}
}

// A skipped drift leaves the plan's manual list; one sent to manual joins
// it; an undecided one keeps the planner's item.
func TestAmendManualItems(t *testing.T) {
	in, res := inputDir(t, "testdata/breaks-invariant")
	whys := func(picks ...pick) []string {
		plan, errs, err := repair.Amend(in, decisionsOf(t, res, picks))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range errs {
			if e != nil {
				t.Fatal(e)
			}
		}
		var out []string
		for _, m := range plan.Manual {
			out = append(out, m.Why[:strings.Index(m.Why+":", ":")])
		}
		return out
	}
	if got := strings.Join(whys(), "|"); got != `update of "replica"|insert into "replica"` {
		t.Errorf("undecided: manual %s, want the planner's two items", got)
	}
	if got := strings.Join(whys(choose("1", "refunded", repair.ChoiceSkip)), "|"); got != `insert into "replica"` {
		t.Errorf("skipped: manual %s, want only the insert's item", got)
	}
	got := strings.Join(whys(choose("2", "note", repair.ChoiceManual)), "|")
	if got != `update of "replica"|sent to manual in a repair session|insert into "replica"` {
		t.Errorf("sent to manual: manual %s", got)
	}
}
