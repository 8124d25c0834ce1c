package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
)

// JUnitWriter writes JUnit XML for CI dashboards, with the same test cases
// in every run, so trend charts compare like with like: one suite named
// after the contract; per source, one case per compared field (its
// changed values and its violations fail it) and one "records" case (keys
// missing from the source, duplicate keys, unknown fields; it errors when
// the source could not be read, and the source's field cases are then
// skipped); and one case per named rule (invariants and transitions).
// A failure lists every key it is about, up to junitMaxKeys, and counts
// the rest. Each case carries a time: the scan's duration shared evenly.
//
// The cases come from the contract (see ForContract); without it, the
// fields and rules the drifts name stand in for it.
type JUnitWriter struct {
	// Fields are the contract's compared fields, in contract order.
	Fields []string
	// Rules are the contract's named rules: invariants, then transitions.
	Rules []string
}

// ForContract gives w the contract's test cases when it is a JUnitWriter;
// any other writer is returned as is.
func ForContract(w Writer, c *contract.Contract) Writer {
	if _, ok := w.(*JUnitWriter); !ok || c == nil {
		return w
	}
	out := &JUnitWriter{}
	isKey := map[int]bool{}
	for _, i := range c.Key {
		isKey[i] = true
	}
	for _, f := range c.Fields {
		if !f.Ignore && !isKey[f.Index] {
			out.Fields = append(out.Fields, f.Name)
		}
	}
	for _, r := range append(append([]contract.Rule{}, c.Invariants...), c.Transitions...) {
		out.Rules = append(out.Rules, r.Name)
	}
	return out
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitProblem `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",chardata"`
}

// Write writes r as a JUnit XML document.
func (jw JUnitWriter) Write(w io.Writer, r *diff.Report) error {
	if r == nil {
		return errNilReport
	}
	suite := junitSuite{
		Name: r.Contract.Name,
		Time: seconds(junitDuration(r)),
		Properties: []junitProperty{
			{"contract.version", fmt.Sprint(r.Contract.Version)},
			{"contract.digest", r.Contract.Digest},
			{"run_id", r.RunID},
		},
	}
	if !r.StartedAt.IsZero() {
		suite.Timestamp = r.StartedAt.UTC().Format("2006-01-02T15:04:05")
	}
	suite.Cases = jw.cases(r)
	share := seconds(junitDuration(r) / time.Duration(max(1, len(suite.Cases))))
	for i := range suite.Cases {
		c := &suite.Cases[i]
		c.Time = share
		switch {
		case c.Failure != nil:
			suite.Failures++
		case c.Error != nil:
			suite.Errors++
		case c.Skipped != nil:
			suite.Skipped++
		}
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{Name: "drift scan", Tests: suite.Tests, Failures: suite.Failures,
		Errors: suite.Errors, Skipped: suite.Skipped, Time: suite.Time, Suites: []junitSuite{suite}}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("report: encode junit report of run %q: %w", r.RunID, err)
	}
	_, err = io.WriteString(w, xml.Header+string(out)+"\n")
	return err
}

func junitDuration(r *diff.Report) time.Duration {
	d := r.FinishedAt.Sub(r.StartedAt)
	if r.StartedAt.IsZero() || r.FinishedAt.IsZero() || d < 0 {
		return 0
	}
	return d
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
