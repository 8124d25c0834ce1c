package sqlsource

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// member is one column of a whole record: its name and raw JSON value.
type member struct {
	name string
	raw  json.RawMessage
}

// insertWhole inserts a record as WholeJSON or WholeRows read it: every
// column it names, with the value it held. On postgres the server reads
// the object back with json_populate_record (OVERRIDING SYSTEM VALUE, so
// an identity column gets its old value); elsewhere each column is bound
// by the type the table declares for it now.
func (t *Table) insertWhole(ctx context.Context, q Querier, op sources.WriteOp) error {
	members, err := decodeMembers(op.Whole)
	if err != nil {
		return t.Errorf("insert into %s key %v: the whole record %w", t.What(), op.Key, err)
	}
	if err := t.checkWholeKey(op.Key, members); err != nil {
		return err
	}
	var query string
	var args []any
	if t.Dialect == Postgres {
		query = "INSERT INTO " + t.from() + " OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::" +
			t.from() + ", " + t.Dialect.Placeholder(1) + "::json)"
		args = []any{string(op.Whole)}
	} else if query, args, err = t.wholeInsertSQL(ctx, q, members); err != nil {
		return t.Errorf("insert into %s key %v: %w", t.What(), op.Key, err)
	}
	if _, err := q.Exec(ctx, query, args); err != nil {
		return t.Errorf("insert into %s key %v whole: %w", t.What(), op.Key, err)
	}
	return nil
}

// wholeInsertSQL builds an INSERT of the named columns with bound values.
func (t *Table) wholeInsertSQL(ctx context.Context, q Querier, members []member) (string, []any, error) {
	types, err := t.columnTypes(ctx, q)
	if err != nil {
		return "", nil, err
	}
	cols, marks, args := make([]string, len(members)), make([]string, len(members)), make([]any, len(members))
	for i, m := range members {
		typ, ok := types[t.fold(m.name)]
		if !ok {
			return "", nil, fmt.Errorf("column %q of the record is no longer in the table; add it back to restore the record", m.name)
		}
		if args[i], err = t.bindWhole(typ, m.raw); err != nil {
			return "", nil, fmt.Errorf("column %q: %w", m.name, err)
		}
		cols[i], marks[i] = t.Dialect.Quote(m.name), t.Dialect.Placeholder(i+1)
	}
	return "INSERT INTO " + t.from() + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")", args, nil
}

// bindWhole turns one member back into a bound value, the inverse of
// wholeValue: base64 text into bytes for a binary column, a mysql JSON
// column's document as its text, and on sqlite integers as int64 and
// other numbers as float64 so each keeps its storage class. Other numbers
// are bound as their exact text.
func (t *Table) bindWhole(typ string, raw json.RawMessage) (any, error) {
	if t.Dialect == MySQL && typ == "JSON" {
		if string(raw) == "null" {
			return nil, nil
		}
		return string(raw), nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case string:
		if (t.Dialect == SQLite && isBlobColumn(typ)) || (t.Dialect == MySQL && isBinaryColumn(typ)) {
			b, err := base64.StdEncoding.DecodeString(x)
			if err != nil {
				return nil, fmt.Errorf("a %s column takes base64 text in a whole record: %w", typ, err)
			}
			return b, nil
		}
		return x, nil
	case json.Number:
		return t.bindNumber(x)
	case map[string]any, []any:
		return string(raw), nil
	}
	return v, nil
}

func (t *Table) bindNumber(n json.Number) (any, error) {
	if t.Dialect != SQLite {
		return n.String(), nil
	}
	if !strings.ContainsAny(n.String(), ".eE") {
		if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			return i, nil
		}
	}
	return strconv.ParseFloat(n.String(), 64)
}

// checkWholeKey refuses a whole record whose key columns hold another key
// than the write's: the compare-and-set checked only op.Key is absent.
func (t *Table) checkWholeKey(key []any, members []member) error {
	for i, f := range t.Contract.KeyFields() {
		col := t.fold(t.column(f))
		for _, m := range members {
			if t.fold(m.name) != col || i >= len(key) {
				continue
			}
			have, want := f.Parse(decodeLoose(m.raw)), f.Parse(key[i])
			if have.State == contract.Valid && want.State == contract.Valid && !f.Equal([]contract.Value{have, want}) {
				return t.Errorf("insert into %s key %v: the whole record holds %s in key column %q; it is another record's",
					t.What(), key, have.JSON, m.name)
			}
		}
	}
	return nil
}

// decodeLoose decodes one JSON value with exact numbers; nil when invalid.
func decodeLoose(raw json.RawMessage) any {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	_ = dec.Decode(&v) // invalid JSON is caught by decodeMembers
	return v
}

// decodeMembers splits a JSON object into its members, in order.
func decodeMembers(whole json.RawMessage) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(whole))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("is not a JSON object")
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("is not valid JSON: %w", err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("member %q is not valid JSON: %w", tok, err)
		}
		out = append(out, member{name: tok.(string), raw: raw})
	}
	if len(out) == 0 {
		return nil, errors.New("has no columns")
	}
	return out, nil
}
