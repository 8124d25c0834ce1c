package file

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourceutil"
)

// document is a whole file loaded for one write, in a form that can be
// changed record by record and written back with every other byte kept.
type document interface {
	len() int
	record(i int) (contract.Record, error)
	// set writes the canonical value v into field f of record i.
	set(i int, f *contract.Field, v any) error
	// insert appends a record; vals is indexed like Contract.Fields and nil
	// is absent.
	insert(vals []any) error
	remove(i int)
	bytes() ([]byte, error)
	// whole returns record i as the file holds it: every column or
	// top-level member, in the file's order.
	whole(i int) (*object, error)
	// insertWhole appends a record given whole, as whole returned it.
	insertWhole(o *object) error
	// restore writes v, a value as whole returned it, into field f of
	// record i exactly as it is, or removes the field when held is false.
	restore(i int, f *contract.Field, v any, held bool) error
}

// errFound stops a scan at the record Get looks for.
var errFound = errors.New("found")

// Get re-reads the file and returns the first record whose key fields parse
// equal to key. In a batch it looks the key up in the staged records.
func (s *Source) Get(ctx context.Context, key []any) (contract.Record, bool, error) {
	want, err := s.keyJSON(key)
	if err != nil {
		return contract.Record{}, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.staged(ctx); st != nil {
		return st.get(ctx, want)
	}
	f, err := os.Open(s.path)
	if err != nil {
		return contract.Record{}, false, s.openError(err)
	}
	defer f.Close()
	var hit contract.Record
	err = s.scan(bufio.NewReaderSize(f, 256<<10), func(rec contract.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if sourceutil.HasKey(s.cfg.Contract, rec, want) {
			hit = rec
			return errFound
		}
		return nil
	})
	if errors.Is(err, errFound) {
		return hit, true, nil
	}
	return contract.Record{}, false, err
}

// Write applies one compare-and-set operation: it re-reads the record,
// checks it against the operation's expectation, and rewrites the file
// atomically, as a batch of one write. Of records that share a key, the
// first counts, as in a scan. In a batch it changes only the staged
// records, which FlushBatch writes.
func (s *Source) Write(ctx context.Context, op sources.WriteOp) error {
	if !s.cfg.Writable {
		return s.notWritable()
	}
	want, err := s.keyJSON(op.Key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.staged(ctx); st != nil {
		return st.write(ctx, op, want)
	}
	st, err := s.newStager(false)
	if err != nil {
		return err
	}
	if err := st.write(ctx, op, want); err != nil {
		return err
	}
	return st.flush(ctx)
}

func (s *Source) notWritable() error {
	return fmt.Errorf("source %q (%s) is not writable; add `writable: true` to its config to let drift repair it", s.cfg.Name, s.name)
}

// apply checks and makes one operation's change to doc; at is the index
// of the key's record, or -1.
func (s *Source) apply(doc document, at int, op sources.WriteOp, want []string) error {
	keyText := "key " + strings.Join(want, ", ")
	switch op.Action {
	case sources.ActionUpdate, sources.ActionDelete:
		if at < 0 {
			return fmt.Errorf("%s: %s: no record has this key: %w", s.name, keyText, sources.ErrConflict)
		}
		rec, err := doc.record(at)
		if err != nil {
			return err
		}
		if err := s.expect(rec, op.Expect, keyText); err != nil {
			return err
		}
		if op.Action == sources.ActionDelete {
			doc.remove(at)
			return nil
		}
		if op.Whole != nil {
			return s.restore(doc, at, op.Set, op.Whole, keyText)
		}
		return s.update(doc, at, rec, op.Set, keyText)
	case sources.ActionInsert:
		if at >= 0 {
			return fmt.Errorf("%s: %s: a record with this key exists already: %w", s.name, keyText, sources.ErrConflict)
		}
		if op.Whole != nil {
			if err := s.insertWhole(doc, op.Whole); err != nil {
				return fmt.Errorf("%s: %s: %w", s.name, keyText, err)
			}
			return nil
		}
		vals, err := s.insertValues(op)
		if err != nil {
			return err
		}
		if err := doc.insert(vals); err != nil {
			return fmt.Errorf("%s: %s: %w", s.name, keyText, err)
		}
		return nil
	}
	return fmt.Errorf("%s: unknown write action %q; use update, insert or delete", s.name, op.Action)
}

// update sets the fields of record at. A field whose current value
// already parses to the new canonical value is left as it is written, so
// that "12.50" is not rewritten as "12.5".
func (s *Source) update(doc document, at int, rec contract.Record, set map[string]any, keyText string) error {
	for _, name := range slices.Sorted(maps.Keys(set)) {
		f, err := s.field(name)
		if err != nil {
			return err
		}
		cur, nv := f.Parse(rec.Values[f.Index]), f.Parse(set[name])
		if cur.State == nv.State && cur.JSON == nv.JSON {
			continue
		}
		if err := doc.set(at, f, set[name]); err != nil {
			return fmt.Errorf("%s: %s: field %q: %w", s.name, keyText, name, err)
		}
	}
	return nil
}

// expect checks that rec holds every expected value, each parsed through
// its field, so that "12.50" in the file matches an expected "12.5".
func (s *Source) expect(rec contract.Record, expect map[string]any, keyText string) error {
	for _, name := range slices.Sorted(maps.Keys(expect)) {
		f, err := s.field(name)
		if err != nil {
			return err
		}
		cur, exp := f.Parse(rec.Values[f.Index]), f.Parse(expect[name])
		if !f.Equal([]contract.Value{cur, exp}) {
			return fmt.Errorf("%s: %s: field %q holds %s, the plan expected %s: %w", s.name, keyText, name, cur.JSON, exp.JSON, sources.ErrConflict)
		}
	}
	return nil
}

// insertValues orders an insert's record by field; key fields the record
// lacks are taken from the key.
func (s *Source) insertValues(op sources.WriteOp) ([]any, error) {
	vals := make([]any, len(s.cfg.Contract.Fields))
	for name, v := range op.Record {
		f, err := s.field(name)
		if err != nil {
			return nil, err
		}
		vals[f.Index] = v
	}
	for i, k := range s.cfg.Contract.Key {
		if vals[k] == nil {
			vals[k] = op.Key[i]
		}
	}
	return vals, nil
}

func (s *Source) field(name string) (*contract.Field, error) {
	f := s.cfg.Contract.FieldByName(name)
	if f == nil {
		return nil, fmt.Errorf("%s: the write names field %q, which contract %q does not declare", s.name, name, s.cfg.Contract.Name)
	}
	return f, nil
}

// keyJSON parses a key, given as canonical values in contract key order,
// into the canonical JSON of each key field.
func (s *Source) keyJSON(key []any) ([]string, error) {
	want, err := sourceutil.KeyJSON(s.cfg.Contract, key)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	return want, nil
}
