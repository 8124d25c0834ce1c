package state

import (
	"fmt"
	"sync"
	"time"

	"github.com/drift-sh/drift/contract"
)

// Recording is a scan saved with `drift scan --record`: every record each
// source gave, as read (raw, before parsing and normalization), so that
// drift simulate can run a candidate contract over the same data. The
// records are stored apart, one row per record and source; see
// RecordedRecords.
type Recording struct {
	// ScanID is the recorded scan's id; the scan itself is in Scans.
	ScanID   string
	At       time.Time
	Contract Contract
	// Fields are the recording contract's fields, in order: each record's
	// raw values are indexed like them. A field the contract ignored may
	// have no values (sources need not read it).
	Fields []RecordedField
	// Sources are the scan's sources in config order; records name them by
	// position.
	Sources []RecordedSource
	// Records counts the records of every source; Bytes their encoded size.
	Records int
	Bytes   int64
}

// RecordedField is one field of the contract a recording was read with.
type RecordedField struct {
	Name    string `json:"name"`
	Ignored bool   `json:"ignored,omitempty"`
}

// RecordedSource is one source of a recorded scan: what a plan needs to
// know of it besides its records.
type RecordedSource struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Writable bool   `json:"writable,omitempty"`
	Version  string `json:"version,omitempty"`
	Records  int    `json:"records"`
	// Error is why the source could not be read; its records (if any) are
	// then not to be diffed.
	Error string `json:"error,omitempty"`
}

// RecordedFields lists a contract's fields as a recording keeps them.
func RecordedFields(c *contract.Contract) []RecordedField {
	out := make([]RecordedField, len(c.Fields))
	for i, f := range c.Fields {
		out[i] = RecordedField{Name: f.Name, Ignored: f.Ignore}
	}
	return out
}

// RecordBuffer collects the encoded records of a scan as the sources read
// them, for SaveRecording. Record may be called concurrently for
// different sources, never for the same one.
type RecordBuffer struct {
	srcs []recordedSource
	mu   sync.Mutex
	err  error
}

// recordedSource holds one source's records back to back in data; ends[i]
// is where record i ends.
type recordedSource struct {
	data []byte
	ends []int
}

// NewRecordBuffer makes a buffer for a scan of n sources.
func NewRecordBuffer(n int) *RecordBuffer {
	return &RecordBuffer{srcs: make([]recordedSource, n)}
}

// Record encodes one record of source src. The record's strings may be
// reused by the source afterwards: the encoding copies them.
func (b *RecordBuffer) Record(src int, rec contract.Record) {
	if src < 0 || src >= len(b.srcs) {
		return
	}
	s := &b.srcs[src]
	data, err := EncodeRecord(s.data, rec)
	if err != nil {
		b.mu.Lock()
		if b.err == nil {
			b.err = fmt.Errorf("record %s of source %d: %w", orNumber(rec.Where(), len(s.ends)+1), src+1, err)
		}
		b.mu.Unlock()
		return
	}
	s.data = data
	s.ends = append(s.ends, len(data))
}

func orNumber(loc string, n int) string {
	if loc != "" {
		return loc
	}
	return fmt.Sprintf("#%d", n)
}

// Err is the first record that could not be encoded, if any.
func (b *RecordBuffer) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// Len returns how many records source src gave.
func (b *RecordBuffer) Len(src int) int { return len(b.srcs[src].ends) }

// Bytes returns the encoded size of every record.
func (b *RecordBuffer) Bytes() int64 {
	var n int64
	for _, s := range b.srcs {
		n += int64(len(s.data))
	}
	return n
}

// encoded returns record i of source src.
func (b *RecordBuffer) encoded(src, i int) []byte {
	s := b.srcs[src]
	start := 0
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.data[start:s.ends[i]]
}
