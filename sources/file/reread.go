package file

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// fetched is what FetchLocated saw of the file: its size and modification
// time, to tell whether it changed before Reread, the CSV header, and the
// lines of some records, from which Reread counts the line of any other.
type fetched struct {
	size   int64
	mod    time.Time
	layout *csvLayout
	marks  []lineMark
}

// lineMark is the byte offset and line of a record's start.
type lineMark struct {
	pos  int64
	line int
}

// markGap is how far apart, in bytes, FetchLocated marks the lines of
// records: the header's, then the first record's at least markGap bytes
// after the last mark. Reread reads from the mark before a record, about
// markGap/2 bytes more on average, to count the line the record starts
// on. A mark costs 16 bytes: for records of 128 bytes, one byte each.
// Marks 8 KiB apart made re-reading 12,000 records of a 130 MB file
// 10-15 ms slower; 2 KiB apart, the extra bytes are about what a read
// takes past its record anyway.
const markGap = 2 << 10

// mark notes the line of the record at pos when it is markGap bytes past
// the last mark (or the first record, the header).
func (f *fetched) mark(pos int64, line int) {
	if n := len(f.marks); n == 0 || pos-f.marks[n-1].pos >= markGap {
		f.marks = append(f.marks, lineMark{pos: pos, line: line})
	}
}

// markBefore is the last mark at or before pos; ok is false when pos is
// before the first.
func (f *fetched) markBefore(pos int64) (lineMark, bool) {
	i, found := slices.BinarySearchFunc(f.marks, pos, func(m lineMark, p int64) int { return cmp.Compare(m.pos, p) })
	if !found {
		i--
	}
	if i < 0 {
		return lineMark{}, false
	}
	return f.marks[i], true
}

func stat(f *os.File) (fetched, error) {
	fi, err := f.Stat()
	if err != nil {
		return fetched{}, fmt.Errorf("stat: %w", err)
	}
	return fetched{size: fi.Size(), mod: fi.ModTime()}, nil
}

// reserveMarks sizes the marks for a file of size bytes in one allocation:
// marks are markGap bytes apart at least. A file that grows while it is
// read (and then fails Reread's check) may need more.
func (f *fetched) reserveMarks() {
	f.marks = make([]lineMark, 0, max(f.size, 0)/markGap+1)
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
// in order, as FetchLocated reads them, with the line each starts on: a
// record's cells share memory that the next record reuses. It fails when
// the file's size or modification time is not what FetchLocated saw.
//
// The line is counted from the mark before the record (see markGap), or
// from the end of the record read before when that is nearer: a read
// starts there, and the bytes up to the record are counted, not split.
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
	last := 0     // the last record the latest read is for
	next := 0     // the line cr.off is on, once held
	// slack is how far a read goes past the start of the last record it
	// is for: a kilobyte, or twice the length of the record read before
	// when that is more (records of a file tend to be alike), within a
	// chunk.
	slack := rereadSlack
	for i, pos := range locs {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		from, line := cr.off, next
		if skip := pos - cr.off; !held || skip < 0 || skip > int64(br.Buffered()) {
			m, ok := s.last.markBefore(pos)
			if !ok {
				return fmt.Errorf("%s: byte offset %d: %w: no record starts there", s.name, pos, errChanged)
			}
			if !held || cr.off < m.pos || cr.off > pos {
				from, line = m.pos, m.line
			}
			at.off, last = from, rereadLast(locs, from, i, max(last, i), slack)
			at.max = int(locs[last]-from) + slack
			br.Reset(at)
		}
		n, err := skipLines(br, pos-from)
		if err != nil {
			return fmt.Errorf("%s: byte offset %d: %w: %w", s.name, pos, errChanged, err)
		}
		line += n
		held = true
		cr.off, cr.num, cr.width = pos, 0, lay.width
		row, err := cr.read()
		if err != nil {
			return fmt.Errorf("%s: byte offset %d: %w: %w", s.name, pos, errChanged, err)
		}
		next = line + cr.num
		slack = int(min(max(2*(cr.off-pos), rereadSlack), rereadChunk))
		if err := emit(s.located(row, lay, line, pos)); err != nil {
			return err
		}
	}
	return nil
}

// rereadChunk is the most Reread reads at a time: a record, and the next
// records it asks for when they are close (one read serves them all).
// Re-reading 12,000 records of each of two 130 MB files (10,000 reads at
// 16 KiB) took a median 42 ms with 16 KiB, 36 ms with 32 KiB, 32 ms with
// 64 KiB and 128 KiB: fewer system calls, for bytes the page cache copies
// fast.
const rereadChunk = 64 << 10

// rereadSlack is the least Reread reads past the start of the last record
// a read is for: most records fit, and a longer one takes another read.
const rereadSlack = 1 << 10

// rereadLast is the last record one read from byte offset from, for the
// record at locs[i], is for: the last one, from j on, that starts within
// rereadChunk less slack of from. The read goes slack past that record's
// start. A record with none close after it is read with the slack alone
// (a kilobyte for short records); records close together are read by one
// call. Copying whole chunks for records far apart was most of a
// re-read's cost. Passing the last result on as j keeps a re-read linear.
func rereadLast(locs []int64, from int64, i, j, slack int) int {
	for j+1 < len(locs) && locs[j+1] >= locs[i] && locs[j+1]-from+int64(slack) <= rereadChunk {
		j++
	}
	return j
}

// skipLines discards n bytes of br and counts the line breaks in them.
func skipLines(br *bufio.Reader, n int64) (int, error) {
	lines := 0
	for n > 0 {
		b, err := br.Peek(int(min(n, int64(br.Size()))))
		lines += bytes.Count(b, nl)
		_, _ = br.Discard(len(b))
		n -= int64(len(b))
		if n > 0 && err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return lines, err
		}
	}
	return lines, nil
}

var nl = []byte{'\n'}

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
