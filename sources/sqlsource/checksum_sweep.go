package sqlsource

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// intKeyCol returns the quoted key column when the key is one int field
// held in an integer column of PostgreSQL or MySQL, whose keys a scan can
// sweep in buckets by arithmetic; "" otherwise. SQLite is left out: its
// integer column may hold text.
func (t *Table) intKeyCol(types map[string]string) string {
	if len(t.Contract.Key) != 1 || t.Dialect == SQLite {
		return ""
	}
	f := t.Contract.Fields[t.Contract.Key[0]]
	i := t.fieldPos(f)
	if i < 0 || f.Type != contract.TypeInt {
		return ""
	}
	ints := []string{"smallint", "integer", "bigint"}
	if t.Dialect == MySQL {
		ints = []string{"tinyint", "smallint", "mediumint", "int", "bigint"}
	}
	if !slices.Contains(ints, types[t.fold(t.columns[i])]) {
		return ""
	}
	return t.Dialect.Quote(t.columns[i])
}

// Hashes implements sources.ChecksumSession.
func (c *Checksum) Hashes() []string {
	if c.t.Dialect == Postgres {
		return []string{hashPG, sources.HashMD5}
	}
	return []string{sources.HashMD5}
}

// UseHash implements sources.ChecksumSession.
func (c *Checksum) UseHash(name string) error {
	if !slices.Contains(c.Hashes(), name) {
		return fmt.Errorf("%s cannot sum rows by %s", c.t.What(), name)
	}
	c.q.hash = name
	return nil
}

// IntKey implements sources.ChecksumSession.
func (c *Checksum) IntKey() bool { return c.q.intKey != "" }

// IntSpan implements sources.ChecksumSession.
func (c *Checksum) IntSpan(ctx context.Context, from *int64) (int64, int64, bool, error) {
	if c.q.intKey == "" {
		return 0, 0, false, nil
	}
	b := &binder{d: c.t.Dialect}
	where := ""
	if from != nil {
		where = " WHERE " + c.q.intKey + " >= " + b.bind(*from, c.q.intCast())
	}
	query := fmt.Sprintf("SELECT %s, %s FROM %s%s", c.q.asText("min("+c.q.intKey+")"),
		c.q.asText("max("+c.q.intKey+")"), c.q.from, where)
	var lo, hi *string
	err := c.run.Query(ctx, query, b.args, func(scan func(...any) error) error { return scan(&lo, &hi) })
	if err != nil {
		return 0, 0, false, c.t.Errorf("read the key span of %s: %w", c.t.What(), err)
	}
	if lo == nil || hi == nil {
		return 0, 0, false, nil
	}
	l, err1 := strconv.ParseInt(*lo, 10, 64)
	h, err2 := strconv.ParseInt(*hi, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false, sources.NoChecksum("key of %s is outside 64-bit integers (%s .. %s)", c.t.What(), *lo, *hi)
	}
	return l, h, true, nil
}

// Buckets implements sources.ChecksumSession.
func (c *Checksum) Buckets(ctx context.Context, lo, hi, step int64) ([]sources.Bucket, error) {
	if c.q.intKey == "" || step < 1 || hi <= lo {
		return nil, fmt.Errorf("buckets of %s: no integer key or an empty span", c.t.What())
	}
	b := &binder{d: c.t.Dialect}
	cast, k := c.q.intCast(), c.q.intKey
	div := " / "
	if c.t.Dialect == MySQL {
		div = " DIV "
	}
	bucket := "(" + k + " - " + b.bind(lo, cast) + ")" + div + b.bind(step, cast)
	where := k + " >= " + b.bind(lo, cast) + " AND " + k + " < " + b.bind(hi, cast)
	var out []sources.Bucket
	err := c.run.Query(ctx, c.q.aggregate(bucket, where), b.args, func(scan func(...any) error) error {
		i, s, err := c.scanSum(scan)
		out = append(out, sources.Bucket{Index: i, Sum: s})
		return err
	})
	if err != nil {
		return nil, c.t.Errorf("checksum %s: %w", c.t.What(), err)
	}
	return out, nil
}

// intCast binds an integer as a bigint, so that PostgreSQL does not take a
// bound for the type of a narrower column.
func (q *checksumSQL) intCast() string {
	if q.d == Postgres {
		return "%s::bigint"
	}
	return "%s"
}

// asText is SQL for an expression's decimal text.
func (q *checksumSQL) asText(expr string) string {
	if q.d == Postgres {
		return expr + "::text"
	}
	return "CAST(" + expr + " AS CHAR)"
}
