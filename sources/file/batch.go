package file

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

var (
	_ sources.Batcher    = (*Source)(nil)
	_ sources.Prefetcher = (*Source)(nil)
)

// stager holds the writes of one batch until they are flushed. A CSV, TSV
// or NDJSON file is staged by lineStage, which keeps only the records of
// the keys the batch touches and rewrites the file in a stream; a JSON or
// YAML file by docStage, which loads the whole document.
//
// Outside a batch, a write is a batch of one: staged, then flushed.
type stager interface {
	get(ctx context.Context, want []string) (contract.Record, bool, error)
	whole(ctx context.Context, want []string) (json.RawMessage, bool, error)
	write(ctx context.Context, op sources.WriteOp, want []string) error
	prefetch(ctx context.Context, wants [][]string) error
	// flush writes the staged changes atomically, if the file still holds
	// what the stager read; else it writes nothing and returns an error
	// wrapping sources.ErrConflict.
	flush(ctx context.Context) error
}

// newStager starts staging writes against the file, for a batch or for
// a single write or read outside one.
func (s *Source) newStager(batch bool) (stager, error) {
	if s.streams() {
		return &lineStage{s: s, keys: map[string]*keyRows{}, one: !batch}, nil
	}
	return s.beginDoc()
}

// streams reports whether the file's records are lines (or CSV rows), so
// that a write can rewrite it in a stream.
func (s *Source) streams() bool {
	return s.format == formatCSV || s.format == formatTSV || s.format == formatNDJSON
}

// BeginBatch starts a batch: until FlushBatch or AbortBatch, Get and Write
// with ctx, or a context derived from it, work on staged records; ctx must
// come from sources.BatchContext. Other callers read and write the file.
// For a CSV, TSV or NDJSON file it reads nothing: the records of a key are
// read when the batch first needs them (or all at once by Prefetch). A
// JSON or YAML file is read whole here.
func (s *Source) BeginBatch(ctx context.Context) error {
	if !s.cfg.Writable {
		return s.notWritable()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	owner := sources.BatchOf(ctx)
	if owner == nil {
		return fmt.Errorf("%s: a batch must be begun with a context from sources.BatchContext", s.name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.batch != nil {
		return fmt.Errorf("%s: a batch is already open; flush or abort it first", s.name)
	}
	st, err := s.newStager(true)
	if err != nil {
		return err
	}
	s.batch, s.owner = st, owner
	return nil
}

// staged returns the open batch when ctx belongs to it, else nil: a
// caller outside the batch works on the file as it is stored.
func (s *Source) staged(ctx context.Context) stager {
	if s.batch != nil && sources.BatchOf(ctx) == s.owner {
		return s.batch
	}
	return nil
}

// Prefetch reads, in one pass over the file, the records of every key the
// open batch will touch, so that its Gets and Writes read nothing more.
func (s *Source) Prefetch(ctx context.Context, keys [][]any) error {
	wants := make([][]string, 0, len(keys))
	for _, k := range keys {
		want, err := s.keyJSON(k)
		if err != nil {
			return err
		}
		wants = append(wants, want)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.staged(ctx)
	if st == nil {
		return fmt.Errorf("%s: no batch is open for this caller; call BeginBatch before Prefetch", s.name)
	}
	return st.prefetch(ctx, wants)
}

// FlushBatch ends the batch and writes every staged change atomically,
// once, if the file on disk still holds exactly the bytes the batch read;
// if another writer changed it, nothing is written and the error wraps
// sources.ErrConflict.
func (s *Source) FlushBatch(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.staged(ctx)
	if st == nil {
		return fmt.Errorf("%s: no batch is open for this caller; call BeginBatch first", s.name)
	}
	s.batch, s.owner = nil, nil
	return st.flush(ctx)
}

// AbortBatch drops the staged writes and ends the batch, when ctx belongs
// to it; another caller's AbortBatch does nothing.
func (s *Source) AbortBatch(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.staged(ctx) != nil {
		s.batch, s.owner = nil, nil
	}
}
