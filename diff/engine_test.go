package diff

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/runs"
)

type engineCase struct {
	name    string
	c       *contract.Contract // nil: testContract
	sources []string
	recs    [][]contract.Record
	failed  []int
	checker Checker
	want    []string
	sum     *Summary
}

func TestEngine(t *testing.T) {
	ab, abc := []string{"a", "b"}, []string{"a", "b", "c"}
	strict := testContract()
	strict.Strict = true
	cases := []engineCase{
		{
			name: "missing with two sources", sources: ab,
			recs: [][]contract.Record{{account("1", "x", "1"), account("2", "y", "2")}, {account("1", "x", "1")}},
			want: []string{`missing {"id":2} source=b`},
			sum:  &Summary{Keys: 2, DriftedKeys: 1, Missing: 1, ByField: map[string]int{}},
		},
		{
			name: "missing with three sources", sources: abc,
			recs: [][]contract.Record{
				{account("1", "x", "1"), account("2", "x", "1")},
				{account("2", "x", "1")},
				{account("3", "x", "1")},
			},
			want: []string{
				`missing {"id":1} source=b`, `missing {"id":1} source=c`,
				`missing {"id":2} source=c`,
				`missing {"id":3} source=a`, `missing {"id":3} source=b`,
			},
			sum: &Summary{Keys: 3, DriftedKeys: 3, Missing: 5, ByField: map[string]int{}},
		},
		{
			name: "a failed source gives no drifts and lacks nothing", sources: abc, failed: []int{2},
			recs: [][]contract.Record{
				{account("1", "x", "1"), account("2", "x", "1")},
				{account("1", "x", "1")},
				{account("1", "other", "1"), account("3", "x", "1"), rec("line 9", "#4", "x", "1", "gone")},
			},
			want: []string{`missing {"id":2} source=b`},
			sum:  &Summary{Keys: 2, DriftedKeys: 1, Missing: 1, ByField: map[string]int{}},
		},
		{
			name: "one live source checks the contract only", sources: ab, failed: []int{1},
			recs: [][]contract.Record{
				{account("1", "x", "1"), rec("line 2", "#2", "x", "1", "gone")},
				{account("3", "x", "1")},
			},
			want: []string{`violation {"id":2} source=a field=status rule=enum`},
			sum:  &Summary{Keys: 2, Violations: 1, ByField: map[string]int{}},
		},
		{
			name: "a single source checks the contract only", sources: []string{"a"},
			recs: [][]contract.Record{{account("1", "x", "1"), rec("line 2", "#2", "x", "1", "gone")}},
			want: []string{`violation {"id":2} source=a field=status rule=enum`},
			sum:  &Summary{Keys: 2, Violations: 1, ByField: map[string]int{}},
		},
		{
			name: "null, absent and empty set are equal", sources: abc,
			recs: [][]contract.Record{
				{rec("l1", "#1", "x", "1", "active", nil), rec("l2", "#2", nil, "1", "active")},
				{rec("l1", "#1", "x", "1", "active"), rec("l2", "#2", "y", "1", "active")},
				{rec("l1", "#1", "x", "1", "active", []any{}), rec("l2", "#2", "y", "1", "active")},
			},
			want: []string{`changed {"id":2} field=name values={"a":null,"b":"y","c":"y"}`},
			sum:  &Summary{Keys: 2, DriftedKeys: 1, Changed: 1, ByField: map[string]int{"name": 1}},
		},
		{
			name: "changed lists only the sources that hold the key", sources: abc,
			recs: [][]contract.Record{{account("1", "x", "1")}, {account("1", " y ", "1")}, nil},
			want: []string{
				`changed {"id":1} field=name values={"a":"x","b":"y"}`,
				`missing {"id":1} source=c`,
			},
			sum: &Summary{Keys: 1, DriftedKeys: 1, Missing: 1, Changed: 1, ByField: map[string]int{"name": 1}},
		},
		{
			name: "tolerance with three sources compares max minus min", sources: abc,
			recs: [][]contract.Record{
				{account("1", "x", "10.00"), account("2", "x", "10.00")},
				{account("1", "x", "10.01"), account("2", "x", "10.01")},
				{account("1", "x", "10.005"), account("2", "x", "10.02")},
			},
			want: []string{`changed {"id":2} field=balance values={"a":"10","b":"10.01","c":"10.02"}`},
		},
		{
			name: "by_field counts changed entries per field", sources: ab,
			recs: [][]contract.Record{
				{account("1", "x", "1"), account("2", "x", "1"), account("3", "x", "1")},
				{account("1", "y", "1"), account("2", "y", "5"), account("3", "x", "1")},
			},
			want: []string{
				`changed {"id":1} field=name values={"a":"x","b":"y"}`,
				`changed {"id":2} field=balance values={"a":"1","b":"5"}`,
				`changed {"id":2} field=name values={"a":"x","b":"y"}`,
			},
			sum: &Summary{Keys: 3, DriftedKeys: 2, Changed: 3, ByField: map[string]int{"name": 2, "balance": 1}},
		},
		{
			name: "duplicate key: one violation, the first record counts", sources: ab,
			recs: [][]contract.Record{
				{account("1", "x", "1"), account("1", "y", "2"), rec("line 3", "#1", "x", "1", "gone")},
				{account("1", "x", "1")},
			},
			want: []string{`violation {"id":1} source=a rule=duplicate-key`},
			sum:  &Summary{Keys: 1, Violations: 1, ByField: map[string]int{}},
		},
		{
			name: "null key is a required violation shown raw", sources: ab,
			recs: [][]contract.Record{
				{rec("line 1", nil, "x", "1", "gone"), rec("line 2", contract.Cell(""), "x"), account("1", "x", "1")},
				{account("1", "x", "1")},
			},
			want: []string{
				`violation {"id":""} source=a field=id rule=required`,
				`violation {"id":null} source=a field=id rule=required`,
			},
			sum: &Summary{Keys: 1, Violations: 2, ByField: map[string]int{}},
		},
		{
			name: "invalid key is a type violation shown raw and matches nothing", sources: ab,
			recs: [][]contract.Record{{rec("line 1", "abc", "x", "1", "active")}, {rec("line 1", "abc", "x", "1", "active")}},
			want: []string{
				`violation {"id":"abc"} source=a field=id rule=type`,
				`violation {"id":"abc"} source=b field=id rule=type`,
			},
			sum: &Summary{Keys: 0, Violations: 2, ByField: map[string]int{}},
		},
		{
			name: "composite key with one null part", c: compositeContract(), sources: []string{"a"},
			recs: [][]contract.Record{{rec("line 4", " eu", nil, "x")}},
			want: []string{`violation {"region":" eu","n":null} source=a field=n rule=required`},
		},
		{
			name: "strict contract reports each unknown field", c: strict, sources: []string{"a"},
			recs: [][]contract.Record{{withUnknown(account("1", "x", "1"), "extra", "more")}},
			want: []string{
				`violation {"id":1} source=a field=extra rule=unknown-field`,
				`violation {"id":1} source=a field=more rule=unknown-field`,
			},
		},
		{
			name: "unknown fields are fine without strict", sources: []string{"a"},
			recs: [][]contract.Record{{withUnknown(account("1", "x", "1"), "extra")}},
			want: []string{},
		},
		{
			name: "an ignored field is never compared or checked", sources: ab,
			recs: [][]contract.Record{
				{rec("l1", "#1", "x", "1", "active", "a", "abc")},
				{rec("l1", "#1", "x", "1", "active", "a", "#5")},
			},
			want: []string{},
		},
		{
			name: "required, type and enum violations sort by rule", sources: []string{"a"},
			recs: [][]contract.Record{{rec("l1", "#1", "x", "abc", nil), rec("l2", "#2", "x", "1", "gone")}},
			want: []string{
				`violation {"id":1} source=a field=status rule=required`,
				`violation {"id":1} source=a field=balance rule=type`,
				`violation {"id":2} source=a field=status rule=enum`,
			},
		},
		{
			name: "numeric keys sort numerically", sources: ab,
			recs: [][]contract.Record{{account("10", "x", "1"), account("2", "x", "1"), account("1", "x", "1")}, nil},
			want: []string{`missing {"id":1} source=b`, `missing {"id":2} source=b`, `missing {"id":10} source=b`},
		},
		{
			name: "composite keys sort field by field", c: compositeContract(), sources: ab,
			recs: [][]contract.Record{{rec("", "us", "#1"), rec("", "eu", "#10"), rec("", "eu", "#2")}, nil},
			want: []string{
				`missing {"region":"eu","n":2} source=b`,
				`missing {"region":"eu","n":10} source=b`,
				`missing {"region":"us","n":1} source=b`,
			},
		},
		{
			name: "kinds sort changed, missing, violation; sources by name", sources: []string{"zeta", "alpha", "mid", "beta"},
			recs: [][]contract.Record{
				{rec("l1", "#1", "x", "1", "gone")},
				{rec("l1", "#1", "y", "1", "gone")},
				nil, nil,
			},
			want: []string{
				`changed {"id":1} field=name values={"zeta":"x","alpha":"y"}`,
				`missing {"id":1} source=beta`,
				`missing {"id":1} source=mid`,
				`violation {"id":1} source=alpha field=status rule=enum`,
				`violation {"id":1} source=zeta field=status rule=enum`,
			},
		},
		{
			name: "named rules come from the checker", sources: []string{"a"}, checker: negativeBalance{},
			recs: [][]contract.Record{{account("1", "x", "-1"), account("2", "x", "1")}},
			want: []string{
				`violation {"id":1} source=a field=balance rule=non-negative-balance`,
				`violation {"id":1} source=a rule=record-rule`,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			if c == nil {
				c = testContract()
			}
			var opts []Option
			if tc.checker != nil {
				opts = append(opts, WithChecker(tc.checker))
			}
			drifts, sum := run(t, c, tc.sources, tc.recs, tc.failed, opts...)
			if got := lines(drifts); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("drifts:\n got %q\nwant %q", got, tc.want)
			}
			if tc.sum != nil && !reflect.DeepEqual(sum, *tc.sum) {
				t.Errorf("summary: got %+v, want %+v", sum, *tc.sum)
			}
		})
	}
}

func withUnknown(r contract.Record, names ...string) contract.Record {
	r.Unknown = names
	return r
}

// negativeBalance breaks one field rule and one record rule for a negative
// balance.
type negativeBalance struct{}

func (negativeBalance) Check(source string, values []contract.Value) []RuleViolation {
	if values[2].Num == nil || values[2].Num.Sign() >= 0 {
		return nil
	}
	return []RuleViolation{
		{Rule: "non-negative-balance", Field: "balance", Message: "balance is negative"},
		{Rule: "record-rule", Message: "record is wrong"},
		{Rule: "record-rule", Message: "reported twice, kept once"},
	}
}

// TestResultManyKeys has keys enough for Result to diff them in several
// runs at once: the drifts come in report order and the counts add up,
// as one run would give them. In the crowded case the keys of the last
// run have three drifts each, more than the room diffKeys gives a run,
// whose drifts then go to memory of their own.
func TestResultManyKeys(t *testing.T) {
	const n = 5 * runs.Min
	for _, crowded := range []bool{false, true} {
		t.Run(map[bool]string{false: "one drift a key", true: "crowded"}[crowded], func(t *testing.T) {
			e := New(testContract(), []string{"a", "b"})
			var want []string
			changed := 0
			for i := range n {
				id := strconv.Itoa(i)
				e.Add(0, account(id, "n"+id, "1.00"))
				switch {
				case i%7 == 0:
					want = append(want, `missing {"id":`+id+`} source=b`)
				case crowded && i >= n-n/runs.Max():
					b := rec("line "+id, "#"+id, "m"+id, "2.00", "closed", "a;b", nil)
					e.Add(1, b)
					want = append(want,
						`changed {"id":`+id+`} field=balance values={"a":"1","b":"2"}`,
						`changed {"id":`+id+`} field=name values={"a":"n`+id+`","b":"m`+id+`"}`,
						`changed {"id":`+id+`} field=status values={"a":"active","b":"closed"}`)
					changed += 3
				case i%3 == 0:
					e.Add(1, account(id, "m"+id, "1.00"))
					want = append(want, `changed {"id":`+id+`} field=name values={"a":"n`+id+`","b":"m`+id+`"}`)
					changed++
				case i%5 == 0:
					e.Add(1, account(id, "n"+id, "1.001"))
				default:
					e.Add(1, account(id, "n"+id, "1.00"))
				}
			}
			drifts, sum := e.Result()
			if got := lines(drifts); !slices.Equal(got, want) {
				t.Fatalf("%d drifts, want %d; first difference near %v", len(got), len(want), firstDiff(got, want))
			}
			missing := (n + 6) / 7
			if sum.Keys != n || sum.Missing != missing || sum.Changed != changed || sum.DriftedKeys != sum.Missing+countChangedKeys(want) {
				t.Errorf("summary %+v", sum)
			}
		})
	}
}

// countChangedKeys counts the keys of the changed drifts among lines.
func countChangedKeys(lines []string) int {
	keys := map[string]bool{}
	for _, l := range lines {
		if k, ok := strings.CutPrefix(l, "changed "); ok {
			keys[strings.Fields(k)[0]] = true
		}
	}
	return len(keys)
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("%d: %s / %s", i, a[i], b[i])
		}
	}
	return "the end"
}
