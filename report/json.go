package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/runs"
)

// JSONWriter writes SPEC's drift.report/v1 document, indented by two spaces
// with a trailing newline. `drifts` is always an array and `by_field` always
// an object, so consumers never meet null where they expect a collection.
type JSONWriter struct{}

// Write writes r as one JSON document: what one Encode of the whole
// report with two-space indents gives, byte for byte, with the drifts
// encoded on every core (a report of a million drifts is mostly them).
func (JSONWriter) Write(w io.Writer, r *diff.Report) error {
	if r == nil {
		return errNilReport
	}
	out := canonicalReport(r)
	drifts := out.Drifts
	out.Drifts = []diff.Drift{}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("report: encode json report of run %q: %w", r.RunID, err)
	}
	doc := buf.Bytes()
	if len(drifts) == 0 {
		_, err := w.Write(doc)
		return err
	}
	at := bytes.Index(doc, emptyDrifts)
	if at < 0 {
		return fmt.Errorf("report: encode json report of run %q: no drifts member to put %d drifts in", r.RunID, len(drifts))
	}
	parts, err := indentDrifts(drifts)
	if err != nil {
		return fmt.Errorf("report: encode json report of run %q: %w", r.RunID, err)
	}
	pieces := append(append([][]byte{doc[:at], []byte("\n  \"drifts\": [")}, parts...),
		[]byte("\n  ]"), doc[at+len(emptyDrifts):])
	for _, p := range pieces {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}

// emptyDrifts is the report's drifts member when it has none, as the
// indented encoding writes it: the only member at the top level (two
// spaces) named drifts.
var emptyDrifts = []byte("\n  \"drifts\": []")

// indentDrifts encodes the drifts as elements of the report's drifts
// array, indented as there, each after its separator, in runs on every
// core; the runs' texts follow one another in order.
func indentDrifts(drifts []diff.Drift) ([][]byte, error) {
	parts := make([][]byte, runs.Max())
	errs := make([]error, runs.Max())
	n := runs.Each(len(drifts), func(run, lo, hi int) {
		// Room for a drift of a one-field key, one field and two values:
		// most fit, and growing is rare.
		out := make([]byte, 0, (hi-lo)*driftBytes)
		for i := lo; i < hi; i++ {
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, "\n"+driftIndent...)
			var err error
			if out, err = appendDrift(out, &drifts[i]); err != nil {
				errs[run] = fmt.Errorf("drift %d (id %q): %w", i+1, drifts[i].ID, err)
				return
			}
		}
		parts[run] = out
	})
	if err := errors.Join(errs[:n]...); err != nil {
		return nil, err
	}
	return parts[:n], nil
}

// driftBytes is about the indented JSON of a changed drift with a short
// key and two short values.
const driftBytes = 256

// NDJSONWriter writes one drift per line as compact JSON, and nothing else:
// no header line and no summary, as SPEC says ("ndjson writes one drift a
// line"), so each line parses on its own and `wc -l` counts drifts. A
// source that could not be read is a line of its own, first,
// {"kind":"source-error","source":...,"error":...}, so a consumer of the
// stream learns that the drifts after it may be incomplete. A complete
// report without drifts writes nothing.
type NDJSONWriter struct{}

// ndjsonSourceError is the line of a source that could not be read.
type ndjsonSourceError struct {
	Kind   string `json:"kind"`
	Source string `json:"source"`
	Type   string `json:"type"`
	Error  string `json:"error"`
}

// Write writes r's unreadable sources, then its drifts, one per line.
func (NDJSONWriter) Write(w io.Writer, r *diff.Report) error {
	if r == nil {
		return errNilReport
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, s := range failedSources(r) {
		if err := enc.Encode(ndjsonSourceError{Kind: "source-error", Source: s.Name, Type: s.Type, Error: *s.Error}); err != nil {
			return fmt.Errorf("report: encode source %q as ndjson: %w", s.Name, err)
		}
	}
	for i, d := range r.Drifts {
		if err := enc.Encode(canonicalDrift(d)); err != nil {
			return fmt.Errorf("report: encode drift %d (id %q) as ndjson: %w", i+1, d.ID, err)
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// canonicalReport returns a copy of r fit for marshalling: schema filled in,
// times in UTC, empty collections instead of nil, absent values as null.
func canonicalReport(r *diff.Report) diff.Report {
	out := *r
	if out.Schema == "" {
		out.Schema = diff.ReportSchema
	}
	out.StartedAt = r.StartedAt.UTC()
	out.FinishedAt = r.FinishedAt.UTC()
	if out.Sources == nil {
		out.Sources = []diff.SourceStatus{}
	}
	if out.Summary.ByField == nil {
		out.Summary.ByField = map[string]int{}
	}
	out.Drifts = make([]diff.Drift, len(r.Drifts))
	for i, d := range r.Drifts {
		out.Drifts[i] = canonicalDrift(d)
	}
	return out
}

// canonicalDrift returns a copy of d with its first-seen time in UTC and
// empty raw values replaced by null, so that marshalling cannot produce
// invalid JSON. Its key and values are copied only when one is empty.
func canonicalDrift(d diff.Drift) diff.Drift {
	if d.FirstSeen != nil {
		t := d.FirstSeen.UTC()
		d.FirstSeen = &t
	}
	if slices.ContainsFunc(d.Key, func(p diff.KeyPart) bool { return isEmpty(p.Value) }) {
		d.Key = slices.Clone(d.Key)
		for i := range d.Key {
			d.Key[i].Value = nullIfEmpty(d.Key[i].Value)
		}
	}
	if slices.ContainsFunc(d.Values, func(v diff.SourceValue) bool { return isEmpty(v.Value) }) {
		d.Values = slices.Clone(d.Values)
		for i := range d.Values {
			d.Values[i].Value = nullIfEmpty(d.Values[i].Value)
		}
	}
	return d
}

func isEmpty(v json.RawMessage) bool { return len(bytes.TrimSpace(v)) == 0 }

func nullIfEmpty(v json.RawMessage) json.RawMessage {
	if isEmpty(v) {
		return json.RawMessage("null")
	}
	return v
}
