package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/drift-sh/drift/diff"
)

// JUnitWriter writes JUnit XML for CI dashboards, as SPEC gives it: one test
// suite named after the contract, and one failing test case per key that
// has any drift, each with a time (the scan's, shared evenly). A
// key's violations fail that key's test case too, beside its missing and
// changed entries: a dashboard then shows one red line per broken record,
// whatever broke it. A source that could not be read is an erroring test
// case of its own. A report without drift has one passing test case, so the
// dashboard shows a green run rather than an empty one.
type JUnitWriter struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
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
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

// Write writes r as a JUnit XML document.
func (JUnitWriter) Write(w io.Writer, r *diff.Report) error {
	if r == nil {
		return errNilReport
	}
	suite := junitSuite{
		Name: r.Contract.Name,
		Time: junitSeconds(r),
		Properties: []junitProperty{
			{"contract.version", fmt.Sprint(r.Contract.Version)},
			{"contract.digest", r.Contract.Digest},
			{"run_id", r.RunID},
		},
	}
	if !r.StartedAt.IsZero() {
		suite.Timestamp = r.StartedAt.UTC().Format("2006-01-02T15:04:05")
	}
	for _, g := range groupByKey(r.Drifts) {
		suite.Cases = append(suite.Cases, junitKeyCase(r.Contract.Name, g))
		suite.Failures++
	}
	if len(r.Drifts) == 0 {
		suite.Cases = append(suite.Cases, junitCase{Name: "no drift", Classname: r.Contract.Name})
	}
	for _, s := range failedSources(r) {
		suite.Cases = append(suite.Cases, junitCase{
			Name: "source " + s.Name, Classname: r.Contract.Name + ".sources",
			Error: &junitProblem{Message: "source could not be read: " + oneLine(*s.Error), Type: "source-error", Body: *s.Error},
		})
		suite.Errors++
	}
	suite.Tests = len(suite.Cases)
	each := caseSeconds(r, len(suite.Cases))
	for i := range suite.Cases {
		suite.Cases[i].Time = each
	}
	doc := junitSuites{Name: "drift scan", Tests: suite.Tests, Failures: suite.Failures,
		Errors: suite.Errors, Time: suite.Time, Suites: []junitSuite{suite}}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("report: encode junit report of run %q: %w", r.RunID, err)
	}
	_, err = io.WriteString(w, xml.Header+string(out)+"\n")
	return err
}

// caseSeconds is the scan's time shared evenly by its n test cases: a
// scan reads every record once for all of them, so no case has a time of
// its own, and dashboards that sum case times get the scan's.
func caseSeconds(r *diff.Report, n int) string {
	d := r.FinishedAt.Sub(r.StartedAt)
	if r.StartedAt.IsZero() || r.FinishedAt.IsZero() || d < 0 || n == 0 {
		d = 0
	} else {
		d /= time.Duration(n)
	}
	return fmt.Sprintf("%.3f", d.Seconds())
}

func junitSeconds(r *diff.Report) string {
	d := r.FinishedAt.Sub(r.StartedAt)
	if r.StartedAt.IsZero() || r.FinishedAt.IsZero() || d < 0 {
		d = 0
	}
	return fmt.Sprintf("%.3f", d.Seconds())
}

// junitKeyCase is the failing test case of one drifted key: its message
// counts the drifts by kind, its body lists them one a line.
func junitKeyCase(class string, g keyGroup) junitCase {
	var changed, missing, violations []string
	lines := make([]string, len(g.drifts))
	for i, d := range g.drifts {
		switch d.Kind {
		case diff.Changed:
			changed = append(changed, d.Field)
		case diff.Missing:
			missing = append(missing, d.Source)
		default:
			violations = append(violations, d.Rule+" on "+d.Source)
		}
		lines[i] = junitLine(d)
	}
	var parts []string
	if len(changed) > 0 {
		parts = append(parts, fmt.Sprintf("%d changed (%s)", len(changed), strings.Join(changed, ", ")))
	}
	if len(missing) > 0 {
		parts = append(parts, "missing from "+strings.Join(missing, ", "))
	}
	if len(violations) > 0 {
		parts = append(parts, fmt.Sprintf("%s (%s)", plural(len(violations), "violation", "violations"),
			strings.Join(violations, ", ")))
	}
	typ := "drift"
	if len(changed)+len(missing) == 0 {
		typ = "violation"
	}
	return junitCase{Name: g.key, Classname: class, Failure: &junitProblem{
		Message: strings.Join(parts, "; "), Type: typ, Body: strings.Join(lines, "\n"),
	}}
}

// junitLine describes one drift on one line, values as canonical JSON.
func junitLine(d diff.Drift) string {
	switch d.Kind {
	case diff.Changed:
		vals := make([]string, len(d.Values))
		for i, v := range d.Values {
			vals[i] = v.Source + "=" + string(nullIfEmpty(v.Value))
		}
		return fmt.Sprintf("changed %s: %s", d.Field, strings.Join(vals, " "))
	case diff.Missing:
		return "missing from " + d.Source
	}
	line := fmt.Sprintf("violation %s on %s", d.Rule, d.Source)
	if d.Field != "" {
		line += " (field " + d.Field + ")"
	}
	if d.Message != "" {
		line += ": " + oneLine(d.Message)
	}
	return line
}
