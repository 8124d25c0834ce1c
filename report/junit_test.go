package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
)

// testJUnit has the cases of the test contract: its compared fields and
// named rules.
var testJUnit = JUnitWriter{
	Fields: []string{"email", "balance", "status", "tags", "notes", "owner"},
	Rules:  []string{"non-negative-balance", "closed-is-final"},
}

func renderJUnit(t *testing.T, r *diff.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := testJUnit.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestJUnitGolden(t *testing.T) {
	for _, rc := range reportCases() {
		t.Run(rc.name, func(t *testing.T) {
			golden(t, "junit-"+rc.name, renderJUnit(t, rc.report))
		})
	}
}

type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name      string        `xml:"name,attr"`
			Classname string        `xml:"classname,attr"`
			Time      *string       `xml:"time,attr"`
			Failure   *junitProblem `xml:"failure"`
			Error     *junitProblem `xml:"error"`
			Skipped   *junitProblem `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, r *diff.Report) junitDoc {
	t.Helper()
	var doc junitDoc
	if err := xml.Unmarshal([]byte(renderJUnit(t, r)), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 1 || doc.Suites[0].Name != "accounts" {
		t.Fatalf("want one suite named accounts, got %+v", doc.Suites)
	}
	return doc
}

// TestJUnitStableCases: every report of the same sources has the same test
// cases, in the same order, each with a time: per source its records case
// and one per compared field, then one per named rule.
func TestJUnitStableCases(t *testing.T) {
	var want []string
	for _, rc := range reportCases() {
		if len(rc.report.Sources) != 3 {
			continue
		}
		t.Run(rc.name, func(t *testing.T) {
			doc := parseJUnit(t, rc.report)
			s := doc.Suites[0]
			var names []string
			failing, erroring, skipped := 0, 0, 0
			for _, c := range s.Cases {
				names = append(names, c.Classname+" "+c.Name)
				if c.Time == nil {
					t.Errorf("case %s %s has no time", c.Classname, c.Name)
				}
				if c.Failure != nil {
					failing++
				}
				if c.Error != nil {
					erroring++
				}
				if c.Skipped != nil {
					skipped++
				}
			}
			if want == nil {
				want = names
			}
			if strings.Join(names, "\n") != strings.Join(want, "\n") {
				t.Errorf("cases differ from the first report's:\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
			}
			if len(names) != 3*7+2 {
				t.Errorf("%d cases, want 3 sources × (records + 6 fields) + 2 rules = 23", len(names))
			}
			if failing != s.Failures || erroring != s.Errors || skipped != s.Skipped || len(s.Cases) != s.Tests ||
				doc.Tests != s.Tests || doc.Failures != s.Failures || doc.Errors != s.Errors {
				t.Errorf("attributes disagree with the cases: %d failing, %d erroring, %d skipped, %d cases; doc %+v", failing, erroring, skipped, len(s.Cases), doc)
			}
		})
	}
}

// TestJUnitFailures: a drift fails its field's case in the sources that
// disagree with the authority, a missing key its source's records case, a
// named rule its own case; an unreadable source errors its records case
// and skips its fields.
func TestJUnitFailures(t *testing.T) {
	cases := reportCases()
	failing := func(r *diff.Report) map[string]string {
		out := map[string]string{}
		for _, c := range parseJUnit(t, r).Suites[0].Cases {
			switch {
			case c.Failure != nil:
				out[c.Classname+" "+c.Name] = "failure: " + c.Failure.Message + "\n" + c.Failure.Body
			case c.Error != nil:
				out[c.Classname+" "+c.Name] = "error: " + c.Error.Message
			case c.Skipped != nil:
				out[c.Classname+" "+c.Name] = "skipped"
			}
		}
		return out
	}
	got := failing(cases[1].report) // one-of-each
	want := map[string]string{
		"accounts.replica email":              "failure: 1 changed\nregion=eu,account_id=a-17: primary=\"a@x.io\" replica=\"b@x.io\" cache=\"a@x.io\"",
		"accounts.replica records":            "failure: 1 missing\nregion=eu,account_id=a-9",
		"accounts.rules non-negative-balance": "failure: 1 violations\nregion=us,account_id=a-3 in cache: balance is -5.00, must be >= 0",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("one-of-each:\n got %q\nwant %q", got, want)
	}
	got = failing(cases[2].report) // failed-source
	if got["accounts.cache records"] != "error: source could not be read: redis 127.0.0.1:6379: dial tcp: connection refused" ||
		got["accounts.cache email"] != "skipped" || len(got) != 8 {
		t.Errorf("failed-source: %q", got)
	}
	if no := failing(cases[0].report); len(no) != 0 {
		t.Errorf("no-drift: failing cases %q", no)
	}
}

// TestJUnitFailureCap: a failure lists junitMaxKeys keys and counts the rest.
func TestJUnitFailureCap(t *testing.T) {
	var drifts []diff.Drift
	for i := range junitMaxKeys + 5 {
		drifts = append(drifts, missing(euKey(fmt.Sprintf("a-%03d", i)), "cache"))
	}
	out := renderJUnit(t, newReport(200, drifts...))
	if !strings.Contains(out, `message="105 missing"`) || !strings.Contains(out, "a-099&#xA;… and 5 more") || strings.Contains(out, "a-100") {
		t.Errorf("the cache records case should list 100 keys and count 5 more:\n%s", out)
	}
}

// TestJUnitForContract: the cases come from the contract: compared
// fields (not key, not ignored) and named rules.
func TestJUnitForContract(t *testing.T) {
	c := &contract.Contract{
		Key:         []int{0},
		Fields:      []*contract.Field{{Name: "id", Index: 0}, {Name: "email", Index: 1}, {Name: "notes", Index: 2, Ignore: true}, {Name: "balance", Index: 3}},
		Invariants:  []contract.Rule{{Name: "positive"}},
		Transitions: []contract.Rule{{Name: "closed-is-final"}},
	}
	w, ok := ForContract(&JUnitWriter{}, c).(*JUnitWriter)
	if !ok || !reflect.DeepEqual(w.Fields, []string{"email", "balance"}) || !reflect.DeepEqual(w.Rules, []string{"positive", "closed-is-final"}) {
		t.Errorf("ForContract = %+v", w)
	}
	if tw := (&TableWriter{}); ForContract(tw, c) != Writer(tw) {
		t.Error("ForContract should leave other writers alone")
	}
}
