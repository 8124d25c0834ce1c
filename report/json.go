package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/drift-sh/drift/diff"
)

// JSONWriter writes SPEC's drift.report/v1 document, indented by two spaces
// with a trailing newline. `drifts` is always an array and `by_field` always
// an object, so consumers never meet null where they expect a collection.
type JSONWriter struct{}

// Write writes r as one JSON document.
func (JSONWriter) Write(w io.Writer, r *diff.Report) error {
	if r == nil {
		return errNilReport
	}
	out := canonicalReport(r)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("report: encode json report of run %q: %w", r.RunID, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

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
// invalid JSON.
func canonicalDrift(d diff.Drift) diff.Drift {
	if d.FirstSeen != nil {
		t := d.FirstSeen.UTC()
		d.FirstSeen = &t
	}
	d.Key = append(diff.Key(nil), d.Key...)
	for i := range d.Key {
		d.Key[i].Value = nullIfEmpty(d.Key[i].Value)
	}
	if d.Values != nil {
		d.Values = append(diff.Values(nil), d.Values...)
		for i := range d.Values {
			d.Values[i].Value = nullIfEmpty(d.Values[i].Value)
		}
	}
	return d
}

func nullIfEmpty(v json.RawMessage) json.RawMessage {
	if len(bytes.TrimSpace(v)) == 0 {
		return json.RawMessage("null")
	}
	return v
}
