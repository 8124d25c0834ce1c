package file

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/drift-sh/drift/sources"
)

// edit replaces the bytes [start, end) of a file with text; a nil text
// removes them.
type edit struct {
	start, end int64
	text       []byte
}

// errStale says the file no longer hashes to what the batch read.
var errStale = errors.New("the file changed")

// flush rewrites the file with the staged records: every byte outside
// them is copied as it is, in a stream.
func (st *lineStage) flush(ctx context.Context) error {
	if st.broken != nil {
		return st.broken
	}
	var edits []edit
	for _, kr := range st.keys {
		for _, r := range kr.rows {
			if r.cur == nil || !bytes.Equal(r.cur, r.orig) {
				edits = append(edits, edit{r.start, r.end, r.cur})
			}
		}
	}
	var tail [][]byte
	for _, a := range st.added {
		if a.cur != nil {
			tail = append(tail, a.cur)
		}
	}
	if len(edits) == 0 && len(tail) == 0 {
		return nil // nothing changed: leave the file, and its mtime, alone
	}
	slices.SortFunc(edits, func(a, b edit) int { return int(a.start - b.start) })
	err := st.s.rewrite(ctx, st.file.version, func(out *tracker, in io.Reader) error {
		if st.newHead != nil {
			// The file held no header, so nothing but blank lines.
			out.Write(st.newHead)
			_, err := io.Copy(io.Discard, in)
			return err
		}
		return splice(ctx, out, in, edits)
	}, func(out *tracker) {
		if len(tail) > 0 && out.n > 0 && out.last != '\n' {
			out.Write([]byte(lineBreakAfter(out.last, st.file.nl)))
		}
		for _, t := range tail {
			out.Write(t)
		}
	})
	if errors.Is(err, errStale) {
		return fmt.Errorf("%s: another writer changed the file while %d writes were staged; nothing was written, plan again: %w", st.s.name, st.writes, sources.ErrConflict)
	}
	return err
}

// lineBreakAfter is the line break that ends a file whose last byte is
// last (not a line break) before a record is appended: the file's own,
// or after a lone '\r' (a CRLF line cut short) the '\n' that completes
// it, which a second '\r' would leave inside the last cell.
func lineBreakAfter(last byte, nl string) string {
	if last == '\r' {
		return "\n"
	}
	return nl
}

// splice copies in to out with the edits, which are sorted and do not
// overlap.
func splice(ctx context.Context, out io.Writer, in io.Reader, edits []edit) error {
	pos := int64(0)
	for i, e := range edits {
		if i%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if _, err := io.CopyN(out, in, e.start-pos); err != nil {
			return stale(err)
		}
		if _, err := io.CopyN(io.Discard, in, e.end-e.start); err != nil {
			return stale(err)
		}
		out.Write(e.text)
		pos = e.end
	}
	_, err := io.Copy(out, in)
	return err
}

// stale maps a file that ended too soon to errStale.
func stale(err error) error {
	if errors.Is(err, io.EOF) {
		return errStale
	}
	return err
}

// rewrite replaces the file atomically with what body writes as it reads
// the file, then what end appends, if the bytes body read hash to
// version; else it writes nothing and returns errStale.
func (s *Source) rewrite(ctx context.Context, version string, body func(*tracker, io.Reader) error, end func(*tracker)) error {
	f, err := os.Open(s.path)
	if err != nil {
		return fmt.Errorf("%s: re-reading the file to write the batch: %w: %w", s.name, err, sources.ErrConflict)
	}
	defer f.Close()
	hr := newHashingReader(f)
	defer hr.stop()
	err = writeAtomicWith(s.path, func(w io.Writer) error {
		out := &tracker{w: bufio.NewWriterSize(w, 256<<10)}
		if err := body(out, bufio.NewReaderSize(hr, 256<<10)); err != nil {
			return err
		}
		if hr.sum() != version {
			return errStale
		}
		end(out)
		return out.w.Flush()
	})
	if err != nil && !errors.Is(err, errStale) && ctx.Err() == nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return err
}

// tracker writes through a buffer and remembers how much it wrote and
// the last byte.
type tracker struct {
	w    *bufio.Writer
	n    int64
	last byte
}

// Write buffers p; a write error shows at the final Flush.
func (t *tracker) Write(p []byte) (int, error) {
	if len(p) > 0 {
		t.n += int64(len(p))
		t.last = p[len(p)-1]
	}
	return t.w.Write(p)
}
