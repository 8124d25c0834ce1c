package file

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// fetched is what FetchLocated saw of the file: its size and modification
// time, to tell whether it changed before Reread, and the CSV header.
type fetched struct {
	size   int64
	mod    time.Time
	layout *csvLayout
}

func stat(f *os.File) (fetched, error) {
	fi, err := f.Stat()
	if err != nil {
		return fetched{}, fmt.Errorf("stat: %w", err)
	}
	return fetched{size: fi.Size(), mod: fi.ModTime()}, nil
}

// errChanged says the file changed between FetchLocated and Reread.
var errChanged = errors.New("file changed during the scan; run it again")

// Rereadable reports whether records can be read again by position: CSV
// and TSV files only.
func (s *Source) Rereadable() bool { return s.format == formatCSV || s.format == formatTSV }

// FetchLocated is Fetch with each record's byte offset in Pos and, for CSV
// and TSV files whose header has every field, the cells in Record.Cells.
// A record's cells and Loc share memory that the next record reuses: a
// consumer that keeps them must copy them.
func (s *Source) FetchLocated(ctx context.Context, emit func(contract.Record) error) (sources.Snapshot, error) {
	return s.fetch(ctx, s.Rereadable(), emit)
}

// Reread emits the CSV or TSV records that start at the byte offsets locs,
// in order, as Fetch reads them but with Loc naming the offset. It fails
// when the file's size or modification time is not what FetchLocated saw.
func (s *Source) Reread(ctx context.Context, locs []int64, emit func(contract.Record) error) error {
	if !s.Rereadable() || s.last.layout == nil {
		return fmt.Errorf("%s: cannot read records again: %w", s.name, errChanged)
	}
	f, err := os.Open(s.path)
	if err != nil {
		return s.openError(err)
	}
	defer f.Close()
	now, err := stat(f)
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	if now.size != s.last.size || !now.mod.Equal(s.last.mod) {
		return fmt.Errorf("%s: %w", s.name, errChanged)
	}
	br := bufio.NewReaderSize(f, 4096)
	lay := s.last.layout
	cr := s.newCSVSplitter(br, 0)
	for i, pos := range locs {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if _, err := f.Seek(pos, io.SeekStart); err != nil {
			return fmt.Errorf("%s: seek to byte %d: %w", s.name, pos, err)
		}
		br.Reset(f)
		cr.off, cr.num, cr.width = pos, 0, lay.width
		row, err := cr.read()
		if err != nil {
			return fmt.Errorf("%s: byte offset %d: %w: %w", s.name, pos, errChanged, err)
		}
		rec := s.recordFromRow(ownCells(row), lay.cols, lay.unknown, 0)
		rec.Loc, rec.Pos = "byte offset "+strconv.FormatInt(pos, 10), pos
		if err := emit(rec); err != nil {
			return err
		}
	}
	return nil
}
