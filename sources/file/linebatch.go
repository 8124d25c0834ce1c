package file

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// lineStage stages the writes to a CSV, TSV or NDJSON file without
// loading it: it keeps only the records of the keys the batch touches,
// read by a streaming scan, and the flush rewrites the file in a stream,
// copying every other byte. Memory is that of the ops, not of the file.
type lineStage struct {
	s    *Source
	seen bool // a scan has read the file: file and head below are known
	file scanned
	// newHead is the header made by an insert into a CSV file without one.
	newHead []byte
	keys    map[string]*keyRows
	all     bool   // keys holds every key of the file: one it lacks is absent
	one     bool   // a single write or read outside a batch: read only its key
	added   []*row // records inserted, in the order of their inserts
	writes  int
	broken  error      // set when the file changed under the batch
	hc      *headCache // the header, read once for every record's document
	split   *csvReader // splits each record's text (rowDoc, rowRecord)
}

// keyRows are the records of one key: those the file holds, in file
// order, and the one a write inserted. The first that is not deleted is
// the key's record, as in a scan.
type keyRows struct {
	rows  []*row
	added *row
	// one holds rows while the key has one record, as most keys do: no
	// allocation of its own, beside the rest. A keyRows is only ever used
	// by its address, never copied.
	one [1]*row
}

// add appends a record the file holds.
func (k *keyRows) add(r *row) {
	if k.rows == nil {
		k.one[0] = r
		k.rows = k.one[:1:1]
		return
	}
	k.rows = append(k.rows, r)
}

// row is one record as the batch sees it.
type row struct {
	start, end int64 // its bytes in the file, line ending included; start is -1 for an insert
	line       int
	orig, cur  []byte // its text in the file, and now; cur is nil once deleted
}

func newRow(start, end int64, line int, raw []byte) *row {
	orig := append([]byte(nil), raw...)
	return &row{start: start, end: end, line: line, orig: orig, cur: orig}
}

func (k *keyRows) first() *row {
	for _, r := range k.rows {
		if r.cur != nil {
			return r
		}
	}
	if k.added != nil && k.added.cur != nil {
		return k.added
	}
	return nil
}

// prefetch reads the records of every key not read yet, in one pass.
func (st *lineStage) prefetch(ctx context.Context, wants [][]string) error {
	if st.broken != nil {
		return st.broken
	}
	if st.all {
		return nil
	}
	// The keys' rows, in one allocation, in the order of the wants: a
	// batch decides its ops in that order, so each reads the rows after
	// the last op's.
	want := make(map[string]*keyRows, len(wants))
	wanted := make([]keyRows, len(wants))
	for _, w := range wants {
		if k := keyText(w); st.keys[k] == nil && want[k] == nil {
			want[k] = &wanted[len(want)]
		}
	}
	if len(want) == 0 {
		return nil
	}
	return st.read(ctx, want)
}

// read scans the file for the records of the keys in want, each added to
// the key's rows there, or of every key when want is nil.
func (st *lineStage) read(ctx context.Context, want map[string]*keyRows) error {
	found := want
	if want == nil {
		found = map[string]*keyRows{}
	}
	// The scan looks each row's key up in want itself, when keys are
	// wanted, and hands over its rows.
	sc, err := st.s.scanKeys(ctx, want, func(k string, kr *keyRows, r *row) {
		if kr == nil {
			if kr = found[k]; kr == nil {
				kr = &keyRows{}
				found[k] = kr
			}
		}
		kr.add(r)
	})
	if err != nil {
		return err
	}
	if st.seen && sc.version != st.file.version {
		st.broken = fmt.Errorf("%s: another writer changed the file while %d writes were staged; nothing was written, plan again: %w", st.s.name, st.writes, sources.ErrConflict)
		return st.broken
	}
	st.seen, st.file = true, sc
	if len(st.keys) == 0 {
		st.keys = found
		return nil
	}
	for k, kr := range found {
		// A key read before keeps its rows: they hold the writes
		// staged to it since.
		if st.keys[k] == nil {
			st.keys[k] = kr
		}
	}
	return nil
}

// wholeBelow is the size under which a file whose batch reads a key it
// was not told of is staged whole, every record read in that one pass:
// each later key is then found without reading the file again.
var wholeBelow int64 = 64 << 20

// rows returns the records of a key, reading the file for them the first
// time. Unless the batch announced its keys (Prefetch), a file under
// wholeBelow bytes has all its records read at once.
func (st *lineStage) rows(ctx context.Context, want []string) (*keyRows, error) {
	k := keyText(want)
	if st.keys[k] == nil && st.all {
		st.keys[k] = &keyRows{}
	}
	if st.keys[k] == nil && st.broken == nil && !st.one && st.small() {
		// Every key is known only once the read succeeded: a read cut
		// short must not make the keys it missed absent.
		if err := st.read(ctx, nil); err != nil {
			return nil, err
		}
		st.all = true
		if st.keys[k] == nil {
			st.keys[k] = &keyRows{}
		}
	}
	if err := st.prefetch(ctx, [][]string{want}); err != nil {
		return nil, err
	}
	return st.keys[k], nil
}

// small reports whether the file is under wholeBelow bytes.
func (st *lineStage) small() bool {
	fi, err := os.Stat(st.s.path)
	return err == nil && fi.Size() < wholeBelow
}

func (st *lineStage) get(ctx context.Context, want []string) (contract.Record, bool, error) {
	kr, err := st.rows(ctx, want)
	if err != nil {
		return contract.Record{}, false, err
	}
	r := kr.first()
	if r == nil {
		return contract.Record{}, false, nil
	}
	if st.s.format != formatNDJSON {
		// A read needs no document: a write or GetWhole makes its own.
		if rec, ok, err := st.rowRecord(r); ok {
			return rec, err == nil, err
		}
	}
	doc, err := st.doc(r)
	if err != nil {
		return contract.Record{}, false, err
	}
	rec, err := doc.record(0)
	return rec, err == nil, err
}

func (st *lineStage) whole(ctx context.Context, want []string) (json.RawMessage, bool, error) {
	kr, err := st.rows(ctx, want)
	if err != nil {
		return nil, false, err
	}
	r := kr.first()
	if r == nil {
		return nil, false, nil
	}
	doc, err := st.doc(r)
	if err != nil {
		return nil, false, err
	}
	return st.s.wholeJSON(doc, 0)
}

// write applies one compare-and-set write to the key's staged record. The
// record is changed through a document of its own: a write that fails
// half way leaves the staged record as it was.
func (st *lineStage) write(ctx context.Context, op sources.WriteOp, want []string) error {
	kr, err := st.rows(ctx, want)
	if err != nil {
		return err
	}
	r, at := kr.first(), 0
	if r == nil {
		at = -1
	}
	if op.Action == sources.ActionInsert && st.file.openLine > 0 && r == nil {
		return fmt.Errorf("%s: line %d: the file's last record ends inside a quoted cell, so a record written after it would become part of that cell; close the quote, then apply again", st.s.name, st.file.openLine)
	}
	doc, err := st.doc(r)
	if err != nil {
		return err
	}
	if err := st.s.apply(doc, at, op, want); err != nil {
		return err
	}
	text, err := st.text(doc)
	if err != nil {
		return err
	}
	switch op.Action {
	case sources.ActionDelete:
		r.cur = nil
	case sources.ActionUpdate:
		r.cur = text
	case sources.ActionInsert:
		kr.added = &row{start: -1, cur: text}
		st.added = append(st.added, kr.added)
	}
	st.writes++
	return nil
}

// doc is a document that holds only record r, or no record (for an
// insert), with the file's header, line ending and style.
func (st *lineStage) doc(r *row) (document, error) {
	var body []byte
	if r != nil {
		body = r.cur
	}
	if st.s.format == formatNDJSON {
		d, err := st.s.loadNDJSON(body)
		if err != nil {
			return nil, err
		}
		d.edits.nl, d.model = st.file.nl, st.file.model
		if r != nil && len(d.lines) == 1 {
			d.lines[0] = r.line
		}
		return d, nil
	}
	d, err := st.rowDoc(body)
	if err != nil {
		return nil, err
	}
	if r != nil {
		if len(d.rows) != 1 {
			return nil, st.s.notOneRow(r)
		}
		d.lines[0] = r.line
	}
	return d, nil
}

// head is the header the file has, or the one an insert made for it.
func (st *lineStage) head() []byte {
	if st.newHead != nil {
		return st.newHead
	}
	return st.file.head
}

// text is the text of the record a write left in doc, without the header.
func (st *lineStage) text(doc document) ([]byte, error) {
	out, err := doc.bytes()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", st.s.name, err)
	}
	d, ok := doc.(*csvDoc)
	if !ok {
		return out, nil
	}
	if d.newHead {
		st.newHead = d.encode(d.header)
	}
	return out[len(st.head()):], nil
}
