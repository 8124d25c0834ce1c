package contract

import (
	"encoding/json"
	"strconv"
)

// Record is one record as a source read it, before parsing: Values holds one
// raw value per contract field (indexed like Contract.Fields), after the
// source's `fields` renames. A nil value is absent or null.
//
// Raw values use a small set of Go types so that every source plugin speaks
// the same language to the parser:
//
//	nil                 absent or null
//	Cell                a CSV or TSV cell (empty means null, except for strings)
//	string              a JSON, YAML or database string
//	json.Number         a number, as its literal text (never a float64)
//	bool                a boolean
//	[]any, map[string]any  JSON arrays and objects (elements use these same types)
//	time.Time           a database timestamp
//	int64, float64      database integers and doubles
//	[]byte              database text or bytes, taken as a string
type Record struct {
	Values []any
	// Unknown lists the record's top-level fields or columns that the contract
	// does not declare (and no `fields` rename maps), for strict contracts.
	Unknown []string
	// Loc says where the record came from, for messages: "line 12", "record 7".
	Loc string
	// Pos locates the record in its source so that it can be read again
	// (see sources.Rereader): for a file, the byte offset where the record
	// starts. Sources that cannot re-read records leave it 0.
	Pos int64
	// Cells, when Values is nil, holds the record's raw CSV or TSV cells,
	// one per contract field, each read as a Cell. It spares a boxed value
	// per cell on the hot path of a scan; a source uses it only when every
	// field has a column. The strings may share memory the source reuses
	// for its next record: a consumer that keeps one must copy it.
	Cells []string
	// Columns, when Values and Cells are nil, holds a database row, one
	// Column per contract field (see sources.Streamer). A source reuses
	// them, and their Text, for its next record: a consumer that keeps
	// one must copy it.
	Columns []Column
	// Row, when Loc is empty, numbers the record in its result set from 1:
	// it says "row N" without formatting the text for every record.
	Row int64
	// Line, when Loc is empty, is the line of a file the record starts on,
	// from 1: it says "line N" without formatting the text for every
	// record. It comes before Row.
	Line int64
}

// Raw returns the raw value of contract field i, from Values or Cells;
// nil when the record has none.
func (r Record) Raw(i int) any {
	switch {
	case r.Values != nil:
		if i < len(r.Values) {
			return r.Values[i]
		}
	case i < len(r.Cells):
		return Cell(r.Cells[i])
	case i < len(r.Columns):
		return r.Columns[i].Raw()
	}
	return nil
}

// CellText returns the text of contract field i when its raw value is a
// CSV or TSV cell (in Cells, or a Cell in Values), without boxing it.
func (r Record) CellText(i int) (string, bool) {
	switch {
	case r.Values != nil:
		if i < len(r.Values) {
			c, ok := r.Values[i].(Cell)
			return string(c), ok
		}
	case i < len(r.Cells):
		return r.Cells[i], true
	}
	return "", false
}

// Len returns the number of raw values the record holds.
func (r Record) Len() int {
	switch {
	case r.Values != nil:
		return len(r.Values)
	case r.Cells != nil:
		return len(r.Cells)
	}
	return len(r.Columns)
}

// Where says where the record came from, for messages: Loc, else
// "line N" from Line, else "row N" from Row, else "".
func (r Record) Where() string {
	if r.Loc == "" && (r.Line > 0 || r.Row > 0) {
		return string(r.AppendWhere(nil))
	}
	return r.Loc
}

// AppendWhere appends Where to dst.
func (r Record) AppendWhere(dst []byte) []byte {
	switch {
	case r.Loc != "":
		return append(dst, r.Loc...)
	case r.Line > 0:
		return strconv.AppendInt(append(dst, "line "...), r.Line, 10)
	case r.Row > 0:
		return strconv.AppendInt(append(dst, "row "...), r.Row, 10)
	}
	return dst
}

// Cell is a raw CSV or TSV cell.
type Cell string

// Literal is a number written in a notation JSON does not have, such as
// YAML's 0x1f, 0o17, 1_000 or +1. SPEC reads a value from its literal text
// where the field is text and from its number where the field is numeric,
// so a source that meets one passes both: Text as written, Number as a JSON
// number literal. String, enum, set and list fields read Text; every other
// type reads Number.
type Literal struct {
	Text   string
	Number json.Number
}
