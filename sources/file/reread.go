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
	"unsafe"

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
// in order, as FetchLocated reads them but with Loc naming the offset: a
// record's cells and Loc share memory that the next record reuses. It
// fails when the file's size or modification time is not what
// FetchLocated saw.
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
	br := bufio.NewReaderSize(nil, rereadChunk)
	at := &readerAt{f: f}
	lay := s.last.layout
	cr := s.newCSVSplitter(br, 0)
	held := false // br holds the file's bytes from cr.off on
	var loc []byte
	last := 0 // the last record the latest read is for
	// slack is how far a read goes past the start of the last record it
	// is for: a kilobyte, or twice the length of the record read before
	// when that is more (records of a file tend to be alike), within a
	// chunk.
	slack := rereadSlack
	for i, pos := range locs {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if skip := pos - cr.off; held && skip >= 0 && skip <= int64(br.Buffered()) {
			_, _ = br.Discard(int(skip))
		} else {
			at.off, last = pos, rereadLast(locs, i, max(last, i), slack)
			at.max = int(locs[last]-pos) + slack
			br.Reset(at)
		}
		held = true
		cr.off, cr.num, cr.width = pos, 0, lay.width
		row, err := cr.read()
		if err != nil {
			return fmt.Errorf("%s: byte offset %d: %w: %w", s.name, pos, errChanged, err)
		}
		slack = int(min(max(2*(cr.off-pos), rereadSlack), rereadChunk))
		loc = strconv.AppendInt(append(loc[:0], "byte offset "...), pos, 10)
		rec := s.located(row, lay, 0, pos)
		rec.Loc = unsafe.String(unsafe.SliceData(loc), len(loc))
		if err := emit(rec); err != nil {
			return err
		}
	}
	return nil
}

// rereadChunk is the most Reread reads at a time: a record, and the next
// records it asks for when they are close (one read serves them all).
const rereadChunk = 16 << 10

// rereadSlack is the least Reread reads past the start of the last record
// a read is for: most records fit, and a longer one takes another read.
const rereadSlack = 1 << 10

// rereadLast is the last record one read for the record at locs[i] is
// for: the last one, from j on, that starts within rereadChunk less slack
// of it. The read goes slack past that record's start. A record with none
// close after it is read with the slack alone (a kilobyte for short
// records); records close together are read by one call. Copying whole
// chunks for records far apart was most of a re-read's cost. Passing the
// last result on as j keeps a re-read linear.
func rereadLast(locs []int64, i, j, slack int) int {
	for j+1 < len(locs) && locs[j+1]-locs[i]+int64(slack) <= rereadChunk {
		j++
	}
	return j
}

// readerAt reads a file from off on with ReadAt, one system call a read
// and no seek. When max is set, the next read is of at most max bytes
// (the records it is for); the reads after it, for a record longer than
// that, fill what the buffer has room for.
type readerAt struct {
	f   *os.File
	off int64
	max int
}

func (r *readerAt) Read(p []byte) (int, error) {
	if r.max > 0 && len(p) > r.max {
		p = p[:r.max]
	}
	r.max = 0
	n, err := r.f.ReadAt(p, r.off)
	r.off += int64(n)
	if n > 0 && errors.Is(err, io.EOF) {
		err = nil
	}
	return n, err
}
