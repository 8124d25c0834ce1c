package tui

import (
	"strings"
	"testing"
)

func TestDecisions(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		subject string
		decide  func(*session, *item) (decision, error)
		want    string // the decision label, when no error is expected
		wantErr string
	}{
		{"accept a proposal", "eu/a-17", "email", (*session).accept, "accept", ""},
		{"take a source's value", "eu/a-17", "email", takeN(1), "← replica", ""},
		{"take the authority's value", "eu/a-17", "email", takeN(0), "← primary", ""},
		{"a source holding an invalid value is refused", "eu/a-14", "status", takeN(1), "", `"frozen" is not one of`},
		{"a source that does not exist", "eu/a-17", "email", takeN(8), "", "there is no source 9"},
		{"take a record for a missing key", "eu/a-09", "replica", takeN(2), "← cache", ""},
		{"the source that lacks the key cannot be taken", "eu/a-09", "replica", takeN(1), "", "lacks key eu/a-09"},
		{"a read-only source cannot get the record", "us/a-12", "primary", takeN(2), "", `"primary" is not writable`},
		{"edit a valid value", "eu/a-14", "status", editTo("suspended"), "edit suspended", ""},
		{"edit normalizes like a source value", "eu/a-17", "email", editTo("  C@X.IO "), "edit c@x.io", ""},
		{"edit outside the enum is refused with the problem", "eu/a-14", "status", editTo("frozen"), "", `"frozen" is not one of the values`},
		{"edit to empty a required field is refused", "eu/a-14", "status", editTo(""), "", `"status" is required`},
		{"edit a decimal that does not parse", "us/a-06", "balance", editTo("12x"), "", `"12x"`},
		{"edit a missing key is refused", "eu/a-09", "replica", editTo("x"), "", "only a changed field can be edited"},
		{"edit to what every writable source holds", "us/a-06", "balance", editTo("245"), "edit 245", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newFixture(t).scanned(t)
			it := m.sess.items[find(t, m, tc.key, tc.subject)]
			d, err := tc.decide(m.sess, it)
			switch {
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr == "" && d.label() != tc.want:
				t.Errorf("decision %q, want %q", d.label(), tc.want)
			}
		})
	}
}

func TestViolationIsNotDecidable(t *testing.T) {
	m := newFixture(t).scanned(t)
	for _, it := range m.sess.items {
		if it.decidable() {
			continue
		}
		if _, err := m.sess.accept(it); err == nil || !strings.Contains(err.Error(), "violation") {
			t.Errorf("accept on a violation: err = %v", err)
		}
		return
	}
	t.Fatal("the example has no violation")
}

func takeN(n int) func(*session, *item) (decision, error) {
	return func(s *session, it *item) (decision, error) { return s.takeSource(it, n) }
}

func editTo(text string) func(*session, *item) (decision, error) {
	return func(s *session, it *item) (decision, error) { return s.edit(it, text) }
}
