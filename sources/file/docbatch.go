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

// docStage is a JSON or YAML document staged in memory: loaded whole
// when the batch begins, changed by each write, written whole by the
// flush.
type docStage struct {
	s     *Source
	base  []byte // the file as the batch read it
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

// beginDoc reads the file and stages it.
func (s *Source) beginDoc() (*docStage, error) {
	data, err := os.ReadFile(s.path)
	if err != nil {
		return nil, s.openError(err)
	}
	b := &docStage{s: s, base: data}
	if err := s.reload(b, data); err != nil {
		return nil, err
	}
	return b, nil
}

// flush writes the staged document if the file still holds the bytes the
// batch read.
func (b *docStage) flush(ctx context.Context) error {
	s := b.s
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
	if bytes.Equal(out, b.base) {
		return nil // nothing changed: leave the file, and its mtime, alone
	}
	cur, err := os.ReadFile(s.path)
	if err != nil {
		return fmt.Errorf("%s: re-reading the file before writing the batch: %w: %w", s.name, err, sources.ErrConflict)
	}
	if !bytes.Equal(cur, b.base) {
		return fmt.Errorf("%s: another writer changed the file while %d writes were staged; nothing was written, plan again: %w", s.name, len(b.staged), sources.ErrConflict)
	}
	if err := writeAtomic(s.path, out); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return nil
}

// prefetch does nothing: the whole document is staged already.
func (b *docStage) prefetch(context.Context, [][]string) error { return nil }

// get looks a key up in the staged document.
func (b *docStage) get(_ context.Context, want []string) (contract.Record, bool, error) {
	s := b.s
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

// write applies one compare-and-set write to the staged document.
// A conflict is found before anything changes; any other error may leave
// the document half changed, so it is rebuilt from the file's bytes by
// replaying the writes staged before.
func (b *docStage) write(_ context.Context, op sources.WriteOp, want []string) error {
	s := b.s
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
func (s *Source) stage(b *docStage, op sources.WriteOp, want []string) error {
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
func (s *Source) refresh(b *docStage, k string, a sources.Action) error {
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
func (s *Source) replay(b *docStage) error {
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
func (s *Source) reload(b *docStage, data []byte) error {
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
