package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/diff"
)

// objectKeys returns the keys of the JSON object at the start of dec, in
// document order, and consumes the object.
func objectKeys(t *testing.T, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("want a JSON object, got %v (%v)", tok, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func writeJSON(t *testing.T, r *diff.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (JSONWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestJSONSchema(t *testing.T) {
	want := []string{"schema", "run_id", "started_at", "finished_at", "contract", "sources", "summary", "drifts"}
	for _, rc := range reportCases() {
		t.Run(rc.name, func(t *testing.T) {
			out := writeJSON(t, rc.report)
			if got := objectKeys(t, out); !reflect.DeepEqual(got, want) {
				t.Errorf("top-level keys = %v, want %v", got, want)
			}
			if !bytes.HasSuffix(out, []byte("}\n")) || !bytes.HasPrefix(out, []byte("{\n  \"schema\": \"drift.report/v1\",\n")) {
				t.Errorf("want 2-space indent and a trailing newline, got:\n%s", out)
			}
			var doc map[string]any
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			drifts, ok := doc["drifts"].([]any)
			if !ok || len(drifts) != len(rc.report.Drifts) {
				t.Fatalf("drifts = %#v, want an array of %d", doc["drifts"], len(rc.report.Drifts))
			}
			for i, d := range drifts {
				m := d.(map[string]any)
				if m["id"] != rc.report.Drifts[i].ID || m["kind"] != rc.report.Drifts[i].Kind.String() {
					t.Errorf("drift %d = %v, want id %s kind %s (order kept)", i, m, rc.report.Drifts[i].ID, rc.report.Drifts[i].Kind)
				}
			}
			summary := doc["summary"].(map[string]any)
			if got := objectKeys(t, mustMarshal(t, doc["summary"])); len(got) != 6 {
				t.Errorf("summary keys = %v", got)
			}
			if _, ok := summary["by_field"].(map[string]any); !ok {
				t.Errorf("by_field = %#v, want an object", summary["by_field"])
			}
		})
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestJSONNeverNull(t *testing.T) {
	r := &diff.Report{RunID: "r-1"}
	out := string(writeJSON(t, r))
	for _, want := range []string{`"drifts": []`, `"by_field": {}`, `"sources": []`, `"schema": "drift.report/v1"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

func TestJSONDriftShape(t *testing.T) {
	paris := time.FixedZone("CEST", 2*3600)
	firstSeen := time.Date(2024, 5, 1, 12, 0, 0, 500, paris)
	d := changed(euKey("a-17"), "email", "primary", "a@x.io", "replica", nil)
	d.FirstSeen = &firstSeen
	d.Values = append(d.Values, diff.SourceValue{Source: "cache"}) // empty raw value
	r := newReport(3, d)
	r.StartedAt = r.StartedAt.In(paris)
	out := writeJSON(t, r)
	var doc struct {
		StartedAt string `json:"started_at"`
		Drifts    []json.RawMessage
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.StartedAt != "2024-05-01T10:00:00Z" {
		t.Errorf("started_at = %s, want UTC", doc.StartedAt)
	}
	drift := doc.Drifts[0]
	if got, want := objectKeys(t, drift), []string{"id", "kind", "key", "field", "values", "first_seen"}; !reflect.DeepEqual(got, want) {
		t.Errorf("changed drift keys = %v, want %v", got, want)
	}
	var m struct {
		Key       json.RawMessage
		Values    json.RawMessage
		FirstSeen string `json:"first_seen"`
	}
	if err := json.Unmarshal(drift, &m); err != nil {
		t.Fatal(err)
	}
	if got := string(compact(t, m.Key)); got != `{"region":"eu","account_id":"a-17"}` {
		t.Errorf("key = %s, want key order kept", got)
	}
	if got := string(compact(t, m.Values)); got != `{"primary":"a@x.io","replica":null,"cache":null}` {
		t.Errorf("values = %s, want source order and null for absent", got)
	}
	if m.FirstSeen != "2024-05-01T10:00:00.0000005Z" {
		t.Errorf("first_seen = %s, want UTC with nanoseconds", m.FirstSeen)
	}
}

func compact(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestNDJSON(t *testing.T) {
	for _, rc := range reportCases() {
		t.Run(rc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (NDJSONWriter{}).Write(&buf, rc.report); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			failed := failedSources(rc.report)
			if len(rc.report.Drifts)+len(failed) == 0 {
				if out != "" {
					t.Errorf("no drifts should write nothing, got %q", out)
				}
				return
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != len(failed)+len(rc.report.Drifts) || !strings.HasSuffix(out, "\n") {
				t.Fatalf("want %d newline-terminated lines, got %q", len(failed)+len(rc.report.Drifts), out)
			}
			for i, s := range failed {
				want := fmt.Sprintf(`{"kind":"source-error","source":%q,"type":%q,"error":%q}`, s.Name, s.Type, *s.Error)
				if lines[i] != want {
					t.Errorf("line %d = %s, want %s", i+1, lines[i], want)
				}
			}
			lines = lines[len(failed):]
			for i, line := range lines {
				var m map[string]any
				if err := json.Unmarshal([]byte(line), &m); err != nil {
					t.Fatalf("line %d: %v: %s", i+1, err, line)
				}
				if m["id"] != rc.report.Drifts[i].ID {
					t.Errorf("line %d id = %v, want %s", i+1, m["id"], rc.report.Drifts[i].ID)
				}
			}
		})
	}
}

func TestNilReport(t *testing.T) {
	for _, f := range Formats {
		w, _ := New(f, Options{})
		if err := w.Write(&bytes.Buffer{}, nil); err == nil {
			t.Errorf("%s: writing a nil report gave no error", f)
		}
	}
}

// TestJSONLifecycleFields: with scan history a drift carries its class
// and the summary the drifts resolved; without, neither key is written,
// so the report is unchanged.
func TestJSONLifecycleFields(t *testing.T) {
	plain := newReport(3, changed(euKey("a-17"), "email", "primary", "a@x.io", "replica", nil))
	out := string(writeJSON(t, plain))
	if strings.Contains(out, `"class"`) || strings.Contains(out, `"resolved"`) {
		t.Errorf("a report without history has lifecycle fields:\n%s", out)
	}
	d := changed(euKey("a-17"), "email", "primary", "a@x.io", "replica", nil)
	d.Class = "persistent"
	withHistory := newReport(3, d)
	resolved := 0
	withHistory.Summary.Resolved = &resolved
	out = string(writeJSON(t, withHistory))
	for _, want := range []string{`"class": "persistent"`, `"resolved": 0`} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %s:\n%s", want, out)
		}
	}
}

// TestJSONDriftsOnEveryCore: the report, its drifts encoded on every core,
// is byte for byte what one Encode of the whole report with two-space
// indents gives, for a report of enough drifts to be split in chunks,
// with values that the encoder must escape, compact or keep as written.
func TestJSONDriftsOnEveryCore(t *testing.T) {
	seen := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))
	r := &diff.Report{RunID: "r", StartedAt: seen, FinishedAt: seen,
		Sources: []diff.SourceStatus{{Name: "drifts", Type: "file", Records: 3}},
		Summary: diff.Summary{Keys: 3000, ByField: map[string]int{"drifts": 2}}}
	values := []string{`"a<b>&c"`, `{"z": [1, 2.50, "é\u2028"] }`, `null`, ``, `12.5`, `"line\nbreak\t\"quoted\""`}
	for i := range 3*driftChunk + 7 {
		d := diff.Drift{ID: fmt.Sprintf("d%05d", i), Kind: diff.Changed, Field: "drifts",
			Key:    diff.Key{{Field: "id", Value: json.RawMessage(fmt.Sprint(i))}, {Field: "region", Value: json.RawMessage(values[i%len(values)])}},
			Values: diff.Values{{Source: "a", Value: json.RawMessage(values[(i+1)%len(values)])}, {Source: "b", Value: json.RawMessage(values[(i+2)%len(values)])}}}
		switch i % 3 {
		case 1:
			d.Kind, d.Source, d.Field, d.Values = diff.Missing, "b", "", nil
		case 2:
			d.Kind, d.Rule, d.Message, d.FirstSeen, d.Class = diff.Violation, "rule<&>", "a \"message\"", &seen, "persistent"
		}
		r.Drifts = append(r.Drifts, d)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(canonicalReport(r)); err != nil {
		t.Fatal(err)
	}
	if got := writeJSON(t, r); !bytes.Equal(got, want.Bytes()) {
		at := 0
		for at < min(len(got), len(want.Bytes())) && got[at] == want.Bytes()[at] {
			at++
		}
		t.Fatalf("the report differs from one Encode at byte %d of %d: %q", at, want.Len(), got[max(0, at-40):min(len(got), at+40)])
	}
	r.Drifts = nil
	if got := writeJSON(t, r); !strings.Contains(string(got), `"drifts": []`) {
		t.Errorf("a report without drifts: %s", got)
	}
}

// failAfter is a writer that fails once n bytes are written.
type failAfter struct{ n int }

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// TestJSONStopsOnError: a drift that cannot be encoded, or a writer that
// fails, in any chunk of a report's drifts stops the write with the error
// (the drift named), never a hang nor a report that claims to be whole.
func TestJSONStopsOnError(t *testing.T) {
	r := &diff.Report{RunID: "r", Summary: diff.Summary{ByField: map[string]int{}}}
	for i := range 12*driftChunk + 3 {
		r.Drifts = append(r.Drifts, diff.Drift{ID: fmt.Sprint(i), Kind: diff.Changed, Field: "f",
			Key:    diff.Key{{Field: "id", Value: json.RawMessage(fmt.Sprint(i))}},
			Values: diff.Values{{Source: "a", Value: json.RawMessage("1")}, {Source: "b", Value: json.RawMessage("2")}}})
	}
	var whole bytes.Buffer
	if err := (JSONWriter{}).Write(&whole, r); err != nil {
		t.Fatal(err)
	}
	for _, at := range []int{0, 10, whole.Len() / 3, whole.Len() - 2} {
		if err := (JSONWriter{}).Write(&failAfter{n: at}, r); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("a writer failing after %d of %d bytes: %v", at, whole.Len(), err)
		}
	}
	for _, bad := range []int{0, driftChunk, 10*driftChunk + 1, len(r.Drifts) - 1} {
		saved := r.Drifts[bad].Values[0].Value
		r.Drifts[bad].Values[0].Value = json.RawMessage("{")
		err := (JSONWriter{}).Write(io.Discard, r)
		if want := fmt.Sprintf("drift %d (id %q)", bad+1, r.Drifts[bad].ID); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("an invalid value in drift %d: %v, want an error naming %s", bad+1, err, want)
		}
		r.Drifts[bad].Values[0].Value = saved
	}
}

// canonicalReport is r as Write writes it: its head as canonicalHead
// makes it, each drift as canonicalDrift makes it.
func canonicalReport(r *diff.Report) diff.Report {
	out := canonicalHead(r)
	out.Drifts = make([]diff.Drift, len(r.Drifts))
	for i, d := range r.Drifts {
		out.Drifts[i] = canonicalDrift(d)
	}
	return out
}
