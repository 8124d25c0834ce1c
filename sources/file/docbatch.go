package file

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

var _ sources.Batcher = (*Source)(nil)

// batch is a document staged in memory between BeginBatch and FlushBatch.
type batch struct {
	base  []byte // the file as BeginBatch read it
	doc   document
	index map[string]int // key text -> index of the first record with it
	// touched holds the keys inserted or removed since doc was loaded:
	// doc cannot show those records as they now are, so the next use of
	// such a key loads doc again from its own bytes.
	touched          map[string]bool
	inserts, removes bool
	staged           []sources.WriteOp // the writes staged since base, in order
	broken           error             // set when the staged state is lost
}

// BeginBatch reads the file once and stages it: until FlushBatch or
// AbortBatch, Get and Write work on the staged copy.
func (s *Source) BeginBatch(ctx context.Context) error {
	if !s.cfg.Writable {
		return s.notWritable()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.batch != nil {
		return fmt.Errorf("%s: a batch is already open; flush or abort it first", s.name)
	}
	data, err := os.ReadFile(s.path)
	if err != nil {
		return s.openError(err)
	}
	b := &batch{base: data}
	if err := s.reload(b, data); err != nil {
		return err
	}
	s.batch = b
	return nil
}

// FlushBatch ends the batch and writes the staged document atomically, once,
// if the file on disk still holds exactly the bytes BeginBatch read; if
// another writer changed it, nothing is written and the error wraps
// sources.ErrConflict.
func (s *Source) FlushBatch(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.batch
	s.batch = nil
	if b == nil {
		return fmt.Errorf("%s: no batch is open; call BeginBatch first", s.name)
	}
	if b.broken != nil {
		return fmt.Errorf("%s: the batch was dropped, nothing written: %w", s.name, b.broken)
	}
	out, err := b.doc.bytes()
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	cur, err := os.ReadFile(s.path)
	if err != nil {
		return fmt.Errorf("%s: re-reading the file before writing the batch: %w: %w", s.name, err, sources.ErrConflict)
	}
	if !bytes.Equal(cur, b.base) {
		return fmt.Errorf("%s: another writer changed the file while %d writes were staged; nothing was written, plan again: %w", s.name, len(b.staged), sources.ErrConflict)
	}
	if bytes.Equal(out, b.base) {
		return nil // nothing changed: leave the file, and its mtime, alone
	}
	if err := writeAtomic(s.path, out); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return nil
}

// AbortBatch drops the staged writes and ends the batch.
func (s *Source) AbortBatch() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batch = nil
}

// staging returns the open batch, or nil.
func (s *Source) staging() *batch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.batch
}

// getStaged looks a key up in the staged document.
func (s *Source) getStaged(b *batch, want []string) (contract.Record, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.broken != nil {
		return contract.Record{}, false, b.broken
	}
	k := keyText(want)
	if err := s.refresh(b, k, ""); err != nil {
		return contract.Record{}, false, err
	}
	i, ok := b.index[k]
	if !ok {
		return contract.Record{}, false, nil
	}
	rec, err := b.doc.record(i)
	return rec, err == nil, err
}

// writeStaged applies one compare-and-set write to the staged document.
// A conflict is found before anything changes; any other error may leave
// the document half changed, so it is rebuilt from the file's bytes by
// replaying the writes staged before.
func (s *Source) writeStaged(b *batch, op sources.WriteOp, want []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.broken != nil {
		return b.broken
	}
	err := s.stage(b, op, want)
	if err == nil || errors.Is(err, sources.ErrConflict) {
		return err
	}
	if rerr := s.replay(b); rerr != nil {
		b.broken = fmt.Errorf("rebuilding the staged writes after a failed one: %w", rerr)
	}
	return err
}

// stage applies op to the staged document and remembers it.
func (s *Source) stage(b *batch, op sources.WriteOp, want []string) error {
	k := keyText(want)
	if err := s.refresh(b, k, op.Action); err != nil {
		return err
	}
	at, ok := b.index[k]
	if !ok {
		at = -1
	}
	if err := s.apply(b.doc, at, op, want); err != nil {
		return err
	}
	b.staged = append(b.staged, op)
	switch op.Action {
	case sources.ActionInsert:
		b.inserts, b.touched[k] = true, true
	case sources.ActionDelete:
		b.removes, b.touched[k] = true, true
	}
	return nil
}

// refresh loads the staged document again from its own bytes when it
// cannot answer for key k, or take the next write of kind a, as it is:
// the key was inserted or removed, a removal shifted the records of a
// YAML or JSON document, or inserts and removals would mix.
func (s *Source) refresh(b *batch, k string, a sources.Action) error {
	stable := false
	switch b.doc.(type) {
	case *csvDoc, *ndjsonDoc:
		stable = true
	}
	if !b.touched[k] && !(b.removes && !stable) &&
		!(a == sources.ActionInsert && b.removes) && !(a == sources.ActionDelete && b.inserts) {
		return nil
	}
	out, err := b.doc.bytes()
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return s.reload(b, out)
}

// replay rebuilds the staged document from the file's bytes and stages
// again the writes that succeeded.
func (s *Source) replay(b *batch) error {
	ops := b.staged
	b.staged = nil
	if err := s.reload(b, b.base); err != nil {
		return err
	}
	for _, op := range ops {
		want, err := s.keyJSON(op.Key)
		if err != nil {
			return err
		}
		if err := s.stage(b, op, want); err != nil {
			return err
		}
	}
	return nil
}

// reload loads data as the staged document and indexes its keys.
func (s *Source) reload(b *batch, data []byte) error {
	doc, err := s.load(data)
	if err != nil {
		return err
	}
	index := make(map[string]int, doc.len())
	for i := range doc.len() {
		rec, err := doc.record(i)
		if err != nil {
			return err
		}
		if k, ok := s.recordKey(rec); ok {
			if _, dup := index[k]; !dup {
				index[k] = i // of records that share a key, the first counts
			}
		}
	}
	b.doc, b.index, b.touched = doc, index, map[string]bool{}
	b.inserts, b.removes = false, false
	return nil
}

// recordKey is the key text of a record, if its key fields are valid.
func (s *Source) recordKey(rec contract.Record) (string, bool) {
	fields := s.cfg.Contract.KeyFields()
	parts := make([]string, len(fields))
	for i, f := range fields {
		v := f.Parse(rec.Values[f.Index])
		if v.State != contract.Valid {
			return "", false
		}
		parts[i] = v.JSON
	}
	return keyText(parts), true
}

// keyText joins a key's canonical JSON values; JSON text holds no NUL.
func keyText(want []string) string { return strings.Join(want, "\x00") }
