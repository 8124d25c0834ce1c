package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/jsonw/jsonwtest"
)

// TestAppendDriftIsEncode: a drift written by appendDrift, inside the
// report, is byte for byte what one Encode of the report writes, and a
// drift Encode refuses (a value that is not JSON) is refused.
func TestAppendDriftIsEncode(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seen := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
		d := diff.Drift{
			ID:     jsonwtest.Text(t, "id"),
			Kind:   diff.Kind(rapid.IntRange(0, 4).Draw(t, "kind")),
			Source: jsonwtest.Text(t, "source"), Field: jsonwtest.Text(t, "field"), Rule: jsonwtest.Text(t, "rule"),
			Message: jsonwtest.Text(t, "message"), Severity: jsonwtest.Text(t, "severity"), Class: jsonwtest.Text(t, "class"),
		}
		for range rapid.IntRange(0, 3).Draw(t, "keys") {
			d.Key = append(d.Key, diff.KeyPart{Field: jsonwtest.Text(t, "key field"), Value: jsonwtest.Value(t, "key value")})
		}
		for range rapid.IntRange(0, 3).Draw(t, "values") {
			d.Values = append(d.Values, diff.SourceValue{Source: jsonwtest.Text(t, "value source"), Value: jsonwtest.Value(t, "value")})
		}
		if rapid.Bool().Draw(t, "seen") {
			d.FirstSeen = &seen
		}
		r := &diff.Report{RunID: "r", Drifts: []diff.Drift{d, d}}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		werr := enc.Encode(canonicalReport(r))
		var got bytes.Buffer
		if err := (JSONWriter{}).Write(&got, r); (err != nil) != (werr != nil) {
			t.Fatalf("Write: %v; Encode: %v", err, werr)
		} else if err != nil {
			return
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("appendDrift differs from Encode:\n got %q\nwant %q", got.Bytes(), want.Bytes())
		}
	})
}

// TestAppendDriftInvalidValue: a raw value that is not JSON is an error
// naming the drift, as Encode's is, not a broken report.
func TestAppendDriftInvalidValue(t *testing.T) {
	for _, v := range []string{`{`, `1 2`, `"open`, `tru`, `01x`, `[1,]`} {
		r := &diff.Report{RunID: "r", Drifts: []diff.Drift{{ID: "d1", Kind: diff.Changed,
			Key: diff.Key{{Field: "id", Value: json.RawMessage(`1`)}}, Values: diff.Values{{Source: "a", Value: json.RawMessage(v)}}}}}
		var got bytes.Buffer
		err := (JSONWriter{}).Write(&got, r)
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(`drift 1 (id "d1")`)) {
			t.Errorf("value %s: err = %v, want an error naming drift 1", v, err)
		}
	}
}

// BenchmarkJSONWriter writes a report of 100,000 changed drifts, as a scan
// of 5M-row files with about 1% of rows changed has.
func BenchmarkJSONWriter(b *testing.B) {
	r := &diff.Report{RunID: "r", Sources: []diff.SourceStatus{{Name: "left"}, {Name: "right"}}}
	for i := range 100_000 {
		r.Drifts = append(r.Drifts, diff.Drift{ID: fmt.Sprintf("%016x", i*7919), Kind: diff.Changed, Field: "balance",
			Key:    diff.Key{{Field: "id", Value: json.RawMessage(strconv.Itoa(i))}},
			Values: diff.Values{{Source: "left", Value: json.RawMessage(`"3908203.9411"`)}, {Source: "right", Value: json.RawMessage(`"3908203.94119"`)}}})
	}
	for b.Loop() {
		if err := (JSONWriter{}).Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
