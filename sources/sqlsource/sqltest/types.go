package sqltest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TypeCase is one column type and the raw value a plugin must read for a
// literal of it.
type TypeCase struct {
	Name    string
	Decl    string // the column's SQL type
	Literal string // a SQL literal of the type
	Want    any    // the contract raw value Fetch must give
}

// TypeMapping creates one table with a column per case and one row of the
// literals, reads it through the plugin and compares each raw value.
func TypeMapping(t *testing.T, b Backend, cases []TypeCase) {
	t.Helper()
	name := Name("types")
	cols, vals, fields := []string{"id INTEGER"}, []string{"1"}, "    id: {type: int}\n"
	for i, tc := range cases {
		col := fmt.Sprintf("c%02d", i)
		cols = append(cols, col+" "+tc.Decl)
		vals = append(vals, tc.Literal)
		fields += "    " + col + ": {type: string}\n"
	}
	b.Exec(t, "CREATE TABLE "+b.Quote(name)+" ("+strings.Join(cols, ", ")+")")
	t.Cleanup(func() { b.Exec(t, "DROP TABLE IF EXISTS "+b.Quote(name)) })
	b.Exec(t, "INSERT INTO "+b.Quote(name)+" VALUES ("+strings.Join(vals, ", ")+")")
	cfg := Config(t, t.TempDir(), "version: 1\ncontract:\n  name: types\n  key: [id]\n  fields:\n"+fields+
		"sources:\n  db:\n    type: "+b.Type+"\n    "+b.Conn+"\n    table: "+name+"\n")
	recs, _ := Fetch(t, New(t, cfg))
	if len(recs) != 1 {
		t.Fatalf("got %d records, want 1", len(recs))
	}
	for i, tc := range cases {
		if got := recs[0].Values[i+1]; !reflect.DeepEqual(got, tc.Want) {
			t.Errorf("%s: %s %s read as %#v, want %#v", tc.Name, tc.Decl, tc.Literal, got, tc.Want)
		}
	}
}
