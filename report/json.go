package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/runs"
)

// JSONWriter writes SPEC's drift.report/v1 document, indented by two spaces
// with a trailing newline. `drifts` is always an array and `by_field` always
// an object, so consumers never meet null where they expect a collection.
type JSONWriter struct{}

// Write writes r as one JSON document: what one Encode of the whole
// report with two-space indents gives, byte for byte, with the drifts
// encoded on every core (a report of a million drifts is mostly them) and
// written in order as they are encoded.
func (JSONWriter) Write(w io.Writer, r *diff.Report) error {
	if r == nil {
		return errNilReport
	}
	out := canonicalHead(r)
	drifts := r.Drifts
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
	if _, err := w.Write(append(doc[:at:at], "\n  \"drifts\": ["...)); err != nil {
		return err
	}
	if err := writeDrifts(w, drifts); err != nil {
		return fmt.Errorf("report: encode json report of run %q: %w", r.RunID, err)
	}
	_, err := w.Write(append([]byte("\n  ]"), doc[at+len(emptyDrifts):]...))
	return err
}

// emptyDrifts is the report's drifts member when it has none, as the
// indented encoding writes it: the only member at the top level (two
// spaces) named drifts.
var emptyDrifts = []byte("\n  \"drifts\": []")

// driftChunk is how many drifts writeDrifts encodes at a time, and
// driftsAhead how many chunks may wait, encoded, for the ones before
// them to be written: the memory of a report being written. A chunk's
// buffer is used again for a later chunk once it is written: fresh memory
// costs a page fault every 4 KiB, which on a virtual machine can cost
// more than encoding what fills the page.
const (
	driftChunk  = 1024
	driftsAhead = 8
)

// writeDrifts writes the drifts as elements of the report's drifts array,
// indented as there, each after its separator. Chunks of them are
// encoded on every core and written in order, each as soon as it and
// those before it are encoded, so that writing overlaps encoding and at
// most driftsAhead chunks are held. An error of encoding or writing stops
// it; what was written stays written.
func writeDrifts(w io.Writer, drifts []diff.Drift) error {
	n := (len(drifts) + driftChunk - 1) / driftChunk
	type piece struct {
		text []byte
		err  error
		done chan struct{}
	}
	pieces := make([]piece, n)
	for i := range pieces {
		pieces[i].done = make(chan struct{})
	}
	// A worker takes a token before a chunk and the writer gives it back
	// once the chunk is written: the chunks taken and not yet written
	// are never more than the tokens, and the first of them always has
	// one, so the writer never waits for a chunk no one will encode.
	tokens := make(chan struct{}, driftsAhead)
	free := make(chan []byte, driftsAhead) // the buffers of written chunks
	quit := make(chan struct{})            // closed when the writer returns
	var next atomic.Int64
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(quit)
	for range min(runs.Max(), n) {
		wg.Go(func() {
			for {
				select {
				case tokens <- struct{}{}:
				case <-quit:
					return
				}
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				p := &pieces[i]
				lo, hi := i*driftChunk, min((i+1)*driftChunk, len(drifts))
				var buf []byte
				select {
				case buf = <-free:
				default:
					buf = make([]byte, 0, driftChunk*driftBytes)
				}
				p.text, p.err = encodeDrifts(buf, drifts, lo, hi)
				close(p.done)
			}
		})
	}
	for i := range pieces {
		p := &pieces[i]
		<-p.done
		if p.err != nil {
			return p.err
		}
		if _, err := w.Write(p.text); err != nil {
			return err
		}
		select {
		case free <- p.text[:0]:
		default:
		}
		p.text = nil
		<-tokens
	}
	return nil
}

// encodeDrifts appends drifts lo to hi, each after its separator, each
// as canonicalDrift makes it.
func encodeDrifts(out []byte, drifts []diff.Drift, lo, hi int) ([]byte, error) {
	for i := lo; i < hi; i++ {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, "\n"+driftIndent...)
		d := canonicalDrift(drifts[i])
		var err error
		if out, err = appendDrift(out, &d); err != nil {
			return nil, fmt.Errorf("drift %d (id %q): %w", i+1, drifts[i].ID, err)
		}
	}
	return out, nil
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

// canonicalHead returns a copy of r fit for marshalling, without its
// drifts (an empty array, which Write fills with each drift as
// canonicalDrift makes it): schema filled in, times in UTC, empty
// collections instead of nil.
func canonicalHead(r *diff.Report) diff.Report {
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
	out.Drifts = []diff.Drift{}
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
