package sqlsource

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// checksumSQL holds the parts of a table's checksum statements.
type checksumSQL struct {
	d       Dialect
	from    string
	layout  *Layout // of selectCols, for Fetch
	selects string  // the columns Fetch selects
	keys    []keyCol
	anyNull string // true when a key column is null
	rowText string // the canonical text of a row
	keyText string // the canonical text of its key; "" when the key is unique
	suspect string // true for a row that must be read; "" when none can be
	intKey  string // the key column when it is one integer; see intKeyCol
	hash    string // the row hash summed: sources.HashMD5 or hashPG
}

// keyCol is one key column: the expression that orders and compares it
// (byte order for text, in every dialect, so that every database agrees
// on which keys a range holds), the expression that reads it as a bound,
// and how a bound is given back to the database.
type keyCol struct {
	ord, read, cast string
	collate         string // the collation ord applies, for a derived column
}

// buildSQL builds the statements' parts from the table's layout and the
// database types of its columns.
func (t *Table) buildSQL(l *Layout, types map[string]string, unique bool) (*checksumSQL, error) {
	d := t.Dialect
	q := &checksumSQL{d: d, from: t.from(), hash: sources.HashMD5}
	q.selects, q.layout = t.SelectSQL(l)
	q.selects = strings.TrimSuffix(q.selects, " FROM "+q.from)
	var pieces, keyPieces, nulls []string
	isKey := map[int]bool{}
	for _, k := range t.Contract.Key {
		isKey[k] = true
	}
	for i, f := range t.fields {
		col := d.Quote(t.columns[i])
		typ := types[t.fold(t.columns[i])]
		h, err := fieldExpr(d, f, col, typ)
		if err != nil {
			return nil, sources.NoChecksum("%v", err)
		}
		if f.Required || isKey[f.Index] {
			h.suspect = or(h.suspect, col+" IS NULL")
		}
		q.suspect = or(q.suspect, h.suspect)
		pieces = append(pieces, q.piece(h))
		if isKey[f.Index] {
			keyPieces = append(keyPieces, q.piece(h))
			nulls = append(nulls, col+" IS NULL")
		}
	}
	for _, k := range t.Contract.Key {
		f := t.Contract.Fields[k]
		i := t.fieldPos(f)
		if i < 0 {
			return nil, sources.NoChecksum("key field %q is ignored", f.Name)
		}
		kc, err := q.keyColumn(f, d.Quote(t.columns[i]), types[t.fold(t.columns[i])])
		if err != nil {
			return nil, sources.NoChecksum("%v", err)
		}
		q.keys = append(q.keys, kc)
	}
	q.intKey = t.intKeyCol(types)
	q.anyNull = strings.Join(nulls, " OR ")
	q.rowText = q.concat(pieces)
	if !unique {
		q.keyText = q.concat(keyPieces)
	}
	return q, nil
}

// fieldPos returns the position of f among the fields read, or -1.
func (t *Table) fieldPos(f *contract.Field) int {
	for i, g := range t.fields {
		if g == f {
			return i
		}
	}
	return -1
}

// keyColumn says how a key column is ordered, read and bound; a key whose
// canonical form can join two database values (normalize, a coarse
// timestamp precision) cannot be checksummed.
func (q *checksumSQL) keyColumn(f *contract.Field, col, typ string) (keyCol, error) {
	if len(f.Normalize) > 0 {
		return keyCol{}, fmt.Errorf("key field %q has normalize", f.Name)
	}
	if f.Type == contract.TypeTimestamp && f.Precision > time.Microsecond {
		return keyCol{}, fmt.Errorf("key field %q has precision %s", f.Name, f.Precision)
	}
	kc := keyCol{ord: col, read: col, cast: "%s"}
	switch f.Type {
	case contract.TypeString, contract.TypeEnum:
		switch q.d {
		case Postgres:
			kc.ord, kc.read, kc.cast, kc.collate = col+` COLLATE "C"`, col+"::text", `%s::text COLLATE "C"`, ` COLLATE "C"`
		case MySQL:
			kc.ord, kc.read, kc.cast = "CAST("+col+" AS BINARY)", "CAST("+col+" AS BINARY)", "CAST(%s AS BINARY)"
		default:
			kc.ord, kc.cast, kc.collate = col+" COLLATE BINARY", "%s", " COLLATE BINARY"
		}
	case contract.TypeDecimal:
		switch q.d {
		case Postgres:
			kc.read, kc.cast = col+"::text", "%s::numeric"
		case MySQL:
			kc.read, kc.cast = "CAST("+col+" AS CHAR)", "CAST(%s AS DECIMAL(65,30))"
		}
	case contract.TypeTimestamp:
		if q.d == Postgres && !strings.Contains(typ, "with time zone") {
			kc.cast = "(%s::timestamptz AT TIME ZONE 'UTC')"
		} else if q.d == Postgres {
			kc.cast = "%s::timestamptz"
		}
	}
	return kc, nil
}

// piece is one field's part of a row's text: its canonical text, after
// its length in bytes and a colon when it is text, so that no two rows
// give the same text; null when the value is null. Other canonical texts
// are never empty and hold no comma, so concat can join the pieces with
// commas and a null as the empty string.
func (q *checksumSQL) piece(h hashed) string {
	if !h.text {
		return h.canon
	}
	switch q.d {
	case MySQL:
		return "CONCAT(LENGTH(" + h.canon + "), ':', CAST(" + h.canon + " AS BINARY))"
	case Postgres:
		return "octet_length(" + h.canon + ")::text || ':' || " + h.canon
	}
	return "length(CAST(" + h.canon + " AS BLOB)) || ':' || " + h.canon
}

// concat joins pieces with commas, a null piece as the empty string.
func (q *checksumSQL) concat(pieces []string) string {
	switch q.d {
	case MySQL:
		out := make([]string, len(pieces))
		for i, p := range pieces {
			out[i] = "IFNULL(" + p + ", '')"
		}
		return "CONCAT(" + strings.Join(out, ", ',', ") + ")"
	case Postgres:
		return "concat(" + strings.Join(pieces, ", ',', ") + ")"
	}
	out := make([]string, len(pieces))
	for i, p := range pieces {
		out[i] = "coalesce(" + p + ", '')"
	}
	return strings.Join(out, " || ',' || ")
}

// binder collects a statement's bound parameters.
type binder struct {
	d    Dialect
	args []any
}

func (b *binder) bind(v any, cast string) string {
	b.args = append(b.args, v)
	return fmt.Sprintf(cast, b.d.Placeholder(len(b.args)))
}

// less is true for a row whose key sorts before bound (strict) or, with
// orEqual, at it too; the comparison is lexicographic over the key.
func (q *checksumSQL) less(b *binder, bound sources.Bound, orEqual bool) string {
	var sb strings.Builder
	for i, k := range q.keys {
		p := b.bind(bound[i], k.cast)
		last := i == len(q.keys)-1
		op := "<"
		if last && orEqual {
			op = "<="
		}
		if last {
			fmt.Fprintf(&sb, "%s %s %s", k.ord, op, p)
			break
		}
		p2 := b.bind(bound[i], k.cast)
		fmt.Fprintf(&sb, "%s < %s OR (%s = %s AND (", k.ord, p, k.ord, p2)
	}
	sb.WriteString(strings.Repeat("))", len(q.keys)-1))
	return "(" + sb.String() + ")"
}

// where is the predicate of range r: rows with a null key part belong to
// the range that starts unbounded.
func (q *checksumSQL) where(b *binder, r sources.Range) string {
	var parts []string
	if r.Lo != nil {
		parts = append(parts, "NOT ("+q.anyNull+")", "NOT "+q.less(b, r.Lo, false))
	}
	if r.Hi != nil {
		hi := q.less(b, r.Hi, false)
		if r.Lo == nil {
			hi = "(" + q.anyNull + " OR " + hi + ")"
		}
		parts = append(parts, hi)
	}
	if len(parts) == 0 {
		return "1=1"
	}
	return strings.Join(parts, " AND ")
}

// bucket numbers the part of a range each row falls in, split at bounds.
func (q *checksumSQL) bucket(b *binder, bounds []sources.Bound) string {
	if len(bounds) == 0 {
		return "0"
	}
	var sb strings.Builder
	sb.WriteString("CASE WHEN " + q.anyNull + " THEN 0")
	for i, bd := range bounds {
		fmt.Fprintf(&sb, " WHEN %s THEN %d", q.less(b, bd, false), i)
	}
	fmt.Fprintf(&sb, " ELSE %d END", len(bounds))
	return sb.String()
}

// sums is the statement that counts and hashes each part of r.
func (q *checksumSQL) sums(r sources.Range, bounds []sources.Bound) (string, []any) {
	b := &binder{d: q.d}
	bucket := q.bucket(b, bounds)
	return q.aggregate(bucket, q.where(b, r)), b.args
}

// aggregate is the statement that counts and hashes the rows where holds,
// grouped by bucket: per group its number, row count, suspect rows,
// distinct keys and the two hash sums (see hashSum). PostgreSQL's own
// hash computes each row's text once, in a subquery the planner keeps
// (OFFSET 0), for its two seeds; md5 is summed in one part, so that no
// database computes a row's text twice.
func (q *checksumSQL) aggregate(bucket, where string) string {
	suspect := "0"
	if q.suspect != "" {
		suspect = "CASE WHEN " + q.suspect + " THEN 1 ELSE 0 END"
	}
	distinct := "count(*)"
	inner := bucket + " AS b, " + suspect + " AS s"
	if q.keyText != "" {
		distinct = "count(DISTINCT kt)"
		inner += ", " + q.keyText + " AS kt"
	}
	head := "SELECT b, count(*), coalesce(sum(s), 0), " + distinct
	keep := ""
	switch {
	case q.d == Postgres && q.hash == hashPG:
		inner += ", " + q.rowText + " AS h"
		head += ", coalesce(sum(hashtextextended(h COLLATE \"C\", 0)), 0)::text, coalesce(sum(hashtextextended(h COLLATE \"C\", 1)), 0)::text"
		keep = " OFFSET 0"
	case q.d == Postgres:
		inner += fmt.Sprintf(", ('x' || substr(md5(%s), 1, 16))::bit(64)::bigint & %d AS h", q.rowText, md5Mask)
		head += ", coalesce(sum(h), 0)::text, '0'"
	case q.d == MySQL:
		inner += fmt.Sprintf(", CAST(CONV(SUBSTRING(MD5(%s), 1, 16), 16, 10) AS UNSIGNED) & %d AS h", q.rowText, md5Mask)
		head += ", CAST(coalesce(sum(h), 0) AS CHAR), '0'"
	default:
		inner += ", " + q.rowText + " AS rt"
		head += ", drift_sum(rt)"
	}
	return head + " FROM (SELECT " + inner + " FROM " + q.from + " WHERE " + where + keep + ") q GROUP BY b"
}

// orderBy orders rows by key.
func (q *checksumSQL) orderBy() string {
	ords := make([]string, len(q.keys))
	for i, k := range q.keys {
		ords[i] = k.ord
	}
	return strings.Join(ords, ", ")
}

func (q *checksumSQL) reads(prefix string) string {
	out := make([]string, len(q.keys))
	for i, k := range q.keys {
		out[i] = k.read + " AS " + prefix + strconv.Itoa(i)
	}
	return strings.Join(out, ", ")
}

// split is the statement that returns the keys cutting r into n parts:
// distinct keys after r's first, so that every part holds rows and is
// smaller than r.
func (q *checksumSQL) split(r sources.Range, n int) (string, []any) {
	b := &binder{d: q.d}
	where := q.where(b, r) + " AND NOT (" + q.anyNull + ")"
	cols := make([]string, len(q.keys))
	sel := make([]string, 0, 2*len(q.keys))
	order := make([]string, len(q.keys))
	for i, k := range q.keys {
		cols[i] = "k" + strconv.Itoa(i)
		o := "o" + strconv.Itoa(i)
		sel = append(sel, k.read+" AS "+cols[i], k.ord+" AS "+o)
		order[i] = o + k.collate
	}
	keys := "SELECT " + strings.Join(sel, ", ") + " FROM " + q.from + " WHERE " + where
	if q.keyText != "" {
		keys = "SELECT DISTINCT " + keys[len("SELECT "):]
	}
	div := "/"
	if q.d == MySQL {
		div = "DIV"
	}
	step := fmt.Sprintf("((total + %d) %s %d)", n-1, div, n)
	inner := "SELECT " + strings.Join(cols, ", ") + ", row_number() OVER (ORDER BY " + strings.Join(order, ", ") +
		") AS rn, count(*) OVER () AS total FROM (" + keys + ") d"
	return "SELECT " + strings.Join(cols, ", ") + " FROM (" + inner + ") w WHERE rn > 1 AND (rn - 1) % " + step + " = 0 ORDER BY rn", b.args
}

// next is the statement that returns the key size rows after lo's last
// row: always a key after lo, even when lo has many rows.
func (q *checksumSQL) next(lo sources.Bound, size int64) (string, []any) {
	b := &binder{d: q.d}
	where := "NOT (" + q.anyNull + ")"
	if lo != nil {
		where += " AND NOT " + q.less(b, lo, true)
	}
	return fmt.Sprintf("SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT 1 OFFSET %d", q.reads("k"), q.from, where, q.orderBy(), size), b.args
}

// fetch is the statement that reads the records of r.
func (q *checksumSQL) fetch(r sources.Range) (string, []any) {
	b := &binder{d: q.d}
	return q.selects + " FROM " + q.from + " WHERE " + q.where(b, r), b.args
}
