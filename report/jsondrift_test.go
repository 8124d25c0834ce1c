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
)

// rawValues are raw JSON values of every shape a drift can hold: plain
// scalars written as they are, and values encoding/json must compact,
// indent or keep with their escapes.
var rawValues = []string{
	`0`, `-0`, `12.50`, `-3.25`, `1e5`, `-1.5E-3`, `01`, `true`, `false`, `null`,
	`"plain"`, `""`, `"tab\there"`, `"quote \" inside"`, `"é"`, `"a<b>&c"`, "\"\u2028\"",
	`{}`, `[]`, `{"a":1}`, `{ "a" : [1, {"b": null}], "c": "x" }`, `[1,2,[3,[]]]`, ` 7 `, "\t\"x\"\n",
}

// driftText draws a string for a drift's text fields: empty, plain, or
// with bytes encoding/json escapes (control bytes, quotes, invalid UTF-8).
func driftText(t *rapid.T, label string) string {
	return rapid.OneOf(
		rapid.Just(""),
		rapid.StringMatching(`[a-z0-9_.-]{1,12}`),
		rapid.String(),
		rapid.Map(rapid.SliceOfN(rapid.Byte(), 0, 8), func(b []byte) string { return string(b) }),
	).Draw(t, label)
}

func rawValue(t *rapid.T, label string) json.RawMessage {
	return json.RawMessage(rapid.SampledFrom(rawValues).Draw(t, label))
}

// TestAppendDriftIsEncode: a drift written by appendDrift, inside the
// report, is byte for byte what one Encode of the report writes, and a
// drift Encode refuses (a value that is not JSON) is refused.
func TestAppendDriftIsEncode(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seen := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
		d := diff.Drift{
			ID:     driftText(t, "id"),
			Kind:   diff.Kind(rapid.IntRange(0, 4).Draw(t, "kind")),
			Source: driftText(t, "source"), Field: driftText(t, "field"), Rule: driftText(t, "rule"),
			Message: driftText(t, "message"), Severity: driftText(t, "severity"), Class: driftText(t, "class"),
		}
		for range rapid.IntRange(0, 3).Draw(t, "keys") {
			d.Key = append(d.Key, diff.KeyPart{Field: driftText(t, "key field"), Value: rawValue(t, "key value")})
		}
		for range rapid.IntRange(0, 3).Draw(t, "values") {
			d.Values = append(d.Values, diff.SourceValue{Source: driftText(t, "value source"), Value: rawValue(t, "value")})
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
