package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/drift-sh/drift/diff"
)

func renderJUnit(t *testing.T, r *diff.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := (JUnitWriter{}).Write(&buf, r); err != nil {
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

func TestJUnitCounts(t *testing.T) {
	type counts struct{ tests, failures, errors int }
	tests := map[string]struct {
		want  counts
		names []string
	}{
		"no-drift":       {counts{1, 0, 0}, []string{"no drift"}},
		"one-of-each":    {counts{3, 3, 0}, []string{"region=eu,account_id=a-17", "region=eu,account_id=a-9", "region=us,account_id=a-3"}},
		"failed-source":  {counts{2, 1, 1}, []string{"region=eu,account_id=a-17", "source cache"}},
		"composite-keys": {counts{2, 2, 0}, []string{"region=eu,account_id=a-1,shard=7", "region=eu,account_id=a-2,shard=7"}},
		"single-source":  {counts{1, 1, 0}, []string{"region=eu,account_id=a-3"}},
	}
	for _, rc := range reportCases() {
		tt, ok := tests[rc.name]
		if !ok {
			continue
		}
		t.Run(rc.name, func(t *testing.T) {
			var doc struct {
				Tests    int `xml:"tests,attr"`
				Failures int `xml:"failures,attr"`
				Errors   int `xml:"errors,attr"`
				Suites   []struct {
					Name     string `xml:"name,attr"`
					Tests    int    `xml:"tests,attr"`
					Failures int    `xml:"failures,attr"`
					Errors   int    `xml:"errors,attr"`
					Cases    []struct {
						Name    string `xml:"name,attr"`
						Failure *struct {
							Message string `xml:"message,attr"`
						} `xml:"failure"`
						Error *struct{} `xml:"error"`
					} `xml:"testcase"`
				} `xml:"testsuite"`
			}
			if err := xml.Unmarshal([]byte(renderJUnit(t, rc.report)), &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Suites) != 1 || doc.Suites[0].Name != "accounts" {
				t.Fatalf("want one suite named accounts, got %+v", doc.Suites)
			}
			s := doc.Suites[0]
			if got := (counts{s.Tests, s.Failures, s.Errors}); got != tt.want {
				t.Errorf("suite counts = %+v, want %+v", got, tt.want)
			}
			if got := (counts{doc.Tests, doc.Failures, doc.Errors}); got != tt.want {
				t.Errorf("testsuites counts = %+v, want %+v", got, tt.want)
			}
			failing, erroring := 0, 0
			for i, c := range s.Cases {
				if i < len(tt.names) && c.Name != tt.names[i] {
					t.Errorf("case %d = %q, want %q", i, c.Name, tt.names[i])
				}
				if c.Failure != nil {
					failing++
				}
				if c.Error != nil {
					erroring++
				}
			}
			if failing != s.Failures || erroring != s.Errors || len(s.Cases) != s.Tests {
				t.Errorf("attributes disagree with the cases: %d failing, %d erroring, %d cases", failing, erroring, len(s.Cases))
			}
		})
	}
}

func TestJUnitFailureMessage(t *testing.T) {
	out := renderJUnit(t, reportCases()[3].report) // composite-keys
	for _, want := range []string{
		`message="2 changed (balance, tags)"`,
		`message="missing from replica, cache; 1 violation (required on primary)"`,
		`changed balance: primary=&#34;12.5&#34; replica=&#34;12.75&#34; cache=null`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("junit lacks %s:\n%s", want, out)
		}
	}
}
