package sqlsource

import (
	"fmt"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Table is a SQL source's resolved target: the table or query it reads, and
// the column that holds each contract field.
type Table struct {
	Dialect  Dialect
	Source   string // the source's name, for messages
	Name     string // the `table` option, unquoted; empty with Query
	Query    string // the `query` option; empty with Name
	Contract *contract.Contract
	Writable bool
	fields   []*contract.Field // the fields read: every declared field not ignored
	columns  []string          // the column of each entry of fields
	declared map[string]bool   // every column a declared field maps to, ignored ones too
	ignored  map[string]string // ignored field name -> its column
}

// NewTable builds the target of a checked source config.
func NewTable(d Dialect, cfg sources.Config, o Options) *Table {
	t := &Table{Dialect: d, Source: cfg.Name, Name: strings.TrimSpace(o.Table), Query: o.Query,
		Contract: cfg.Contract, Writable: cfg.Writable, declared: map[string]bool{}, ignored: map[string]string{}}
	for _, f := range cfg.Contract.Fields {
		col := cfg.Path(f)
		t.declared[t.fold(col)] = true
		if f.Ignore {
			t.ignored[f.Name] = col
			continue
		}
		t.fields = append(t.fields, f)
		t.columns = append(t.columns, col)
	}
	return t
}

// fold returns the form in which the dialect compares column names:
// postgres is case-sensitive for quoted names, mysql and sqlite are not.
func (t *Table) fold(name string) string {
	if t.Dialect == Postgres {
		return name
	}
	return strings.ToLower(name)
}

// Errorf returns an error naming the source.
func (t *Table) Errorf(format string, args ...any) error {
	return fmt.Errorf("source %q (%s): %w", t.Source, t.Dialect, fmt.Errorf(format, args...))
}

// What names what the source reads, for messages: `table "x"` or `query`.
func (t *Table) What() string {
	if t.Query != "" {
		return "query"
	}
	return fmt.Sprintf("table %q", t.Name)
}

// from returns the FROM clause target: the quoted table, or the query as a
// derived table.
func (t *Table) from() string {
	if t.Query != "" {
		return "(" + strings.TrimRight(strings.TrimSpace(t.Query), "; \t\n") + ") AS drift_q"
	}
	return t.Dialect.QuoteName(t.Name)
}

// ProbeSQL selects no rows, only the column names of the table.
func (t *Table) ProbeSQL() string {
	return "SELECT * FROM " + t.from() + " WHERE 1=0"
}

// Layout maps the columns of one result set to contract fields.
type Layout struct {
	index   []int // per result column: index in Contract.Fields, or -1
	names   []string
	unknown []string
	nfields int
}

// Layout maps result columns to the fields read. A field whose column is
// not among them is an error naming the column, the field and the source.
// Columns no declared field maps to are the records' Unknown fields.
func (t *Table) Layout(cols []string) (*Layout, error) {
	l := &Layout{index: make([]int, len(cols)), names: cols, nfields: len(t.Contract.Fields)}
	pos := map[string]int{}
	for i, c := range cols {
		l.index[i] = -1
		if _, dup := pos[t.fold(c)]; !dup {
			pos[t.fold(c)] = i
		}
		if !t.declared[t.fold(c)] {
			l.unknown = append(l.unknown, c)
		}
	}
	for i, f := range t.fields {
		p, ok := pos[t.fold(t.columns[i])]
		if !ok {
			return nil, t.Errorf("%s has no column %q for field %q; add the column, or map the field to an existing column under fields:",
				t.What(), t.columns[i], f.Name)
		}
		l.index[p] = f.Index
	}
	return l, nil
}

// SelectSQL returns the statement that reads every record of a table,
// selecting only the columns of l (the table's columns) that the contract
// reads, and the layout of that statement's result.
func (t *Table) SelectSQL(l *Layout) (string, *Layout) {
	out := &Layout{unknown: l.unknown, nfields: l.nfields}
	quoted := []string{}
	for i, fi := range l.index {
		if fi < 0 {
			continue
		}
		quoted = append(quoted, t.Dialect.Quote(l.names[i]))
		out.index = append(out.index, fi)
		out.names = append(out.names, l.names[i])
	}
	return "SELECT " + strings.Join(quoted, ", ") + " FROM " + t.from(), out
}

// Record builds a record from one row of the layout's result set, whose
// values are already contract raw values.
func (l *Layout) Record(vals []any, loc string) contract.Record {
	rec := contract.Record{Values: make([]any, l.nfields), Unknown: l.unknown, Loc: loc}
	for i, fi := range l.index {
		if fi >= 0 && i < len(vals) {
			rec.Values[fi] = vals[i]
		}
	}
	return rec
}
