package file

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/padded"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourceutil"
)

// bom is the UTF-8 byte order mark some tools write at the start of a file.
var bom = []byte("\xef\xbb\xbf")

// Fetch reads every record of the file in order, hashing the bytes as it
// goes: the snapshot version is "sha256:<hex>" of the whole file.
func (s *Source) Fetch(ctx context.Context, emit func(contract.Record) error) (sources.Snapshot, error) {
	return s.fetch(ctx, false, emit)
}

// fetch reads the file; located records carry their position (CSV and TSV
// only, see scanCSVLocated).
func (s *Source) fetch(ctx context.Context, located bool, emit func(contract.Record) error) (sources.Snapshot, error) {
	f, err := os.Open(s.path)
	if err != nil {
		return sources.Snapshot{}, s.openError(err)
	}
	defer f.Close()
	if located {
		if s.last, err = stat(f); err != nil {
			return sources.Snapshot{}, fmt.Errorf("%s: %w", s.name, err)
		}
		s.last.reserveMarks()
	}
	hr := newHashingReader(f)
	defer hr.stop()
	br := bufio.NewReaderSize(hr, 256<<10)
	count := new(padded.Count)
	if located {
		err = s.scanLocated(ctx, br, count, emit)
	} else {
		err = s.scan(br, func(rec contract.Record) error {
			if err := tally(ctx, count); err != nil {
				return err
			}
			return emit(rec)
		})
	}
	if err != nil {
		return sources.Snapshot{}, err
	}
	if _, err := io.Copy(io.Discard, br); err != nil {
		return sources.Snapshot{}, fmt.Errorf("%s: read: %w", s.name, err)
	}
	return sources.Snapshot{Version: hr.sum(), Records: count.N}, nil
}

// tally counts a record read, and says every 4,096 whether to stop.
func tally(ctx context.Context, count *padded.Count) error {
	count.N++
	if count.N%4096 == 0 {
		return ctx.Err()
	}
	return nil
}

// scanLocated reads a CSV or TSV file's records with their positions (see
// scanCSVLocated), counting them in count.
func (s *Source) scanLocated(ctx context.Context, r *bufio.Reader, count *padded.Count, emit func(contract.Record) error) error {
	skip, err := skipBOM(r)
	if err != nil {
		return fmt.Errorf("%s: read: %w", s.name, err)
	}
	return s.scanCSVLocated(ctx, r, int64(skip), count, emit)
}

// scan reads the records from r in the source's format.
func (s *Source) scan(r *bufio.Reader, emit func(contract.Record) error) error {
	skip, err := skipBOM(r)
	if err != nil {
		return fmt.Errorf("%s: read: %w", s.name, err)
	}
	switch s.format {
	case formatCSV, formatTSV:
		return s.scanCSV(r, int64(skip), emit)
	case formatJSON:
		return s.scanJSON(r, int64(skip), emit)
	case formatNDJSON:
		return s.scanNDJSON(r, emit)
	default:
		return s.scanYAML(r, emit)
	}
}

// skipBOM drops a leading byte order mark and says how many bytes it took.
func skipBOM(r *bufio.Reader) (int, error) {
	head, err := r.Peek(len(bom))
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, err
	}
	if bytes.Equal(head, bom) {
		_, err := r.Discard(len(bom))
		return len(bom), err
	}
	return 0, nil
}

func (s *Source) openError(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: file not found (looked for %s); check `path`, which is relative to the config's folder: %w", s.name, s.path, err)
	}
	return fmt.Errorf("%s: cannot open: %w", s.name, err)
}

// recordFromMap builds a record from a decoded JSON or YAML object: each
// field is read at its dotted path; top-level keys no field reads are
// Unknown, sorted.
func (s *Source) recordFromMap(m map[string]any, loc string) contract.Record {
	return sourceutil.ObjectRecord(m, s.paths, s.known, loc)
}
