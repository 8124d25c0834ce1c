package diff

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/drift-sh/drift/contract"
	"pgregory.net/rapid"
)

// asCells turns generated records into CSV-like ones: every value a cell,
// null the empty cell, with Pos its index.
func asCells(recs []contract.Record) []contract.Record {
	out := make([]contract.Record, len(recs))
	for i, r := range recs {
		cells := make([]string, len(r.Values))
		for j, v := range r.Values {
			switch v := v.(type) {
			case string:
				cells[j] = v
			case json.Number:
				cells[j] = string(v)
			}
		}
		out[i] = contract.Record{Loc: r.Loc, Pos: int64(i), Cells: cells}
	}
	return out
}

// withCopies inserts, after some records, later records with the same
// key: the same record, or one whose other fields are drawn again (and
// may break a rule), each at its own location.
func withCopies(t *rapid.T, recs []contract.Record) []contract.Record {
	if len(recs) == 0 {
		return recs
	}
	for n := rapid.IntRange(0, 3).Draw(t, "copies"); n > 0; n-- {
		i := rapid.IntRange(0, len(recs)-1).Draw(t, "copy of")
		at := rapid.IntRange(i+1, len(recs)).Draw(t, "copy at")
		cp := recs[i]
		if rapid.Bool().Draw(t, "changed copy") {
			cp = genRecord(t, "copy")
			cp.Values[0] = recs[i].Values[0]
		}
		cp.Loc = "copy " + strconv.Itoa(n)
		recs = slices.Insert(recs, at, cp)
	}
	return recs
}

// withValues is the same record with its cells as Values.
func withValues(r contract.Record) contract.Record {
	vals := make([]any, len(r.Cells))
	for i, c := range r.Cells {
		vals[i] = contract.Cell(c)
	}
	return contract.Record{Loc: r.Loc, Pos: r.Pos, Values: vals}
}

// locatedPair draws n sources of records (as cells) and adds them to two
// engines: one holding every row, one keeping only hashes and positions.
func locatedPair(t *rapid.T, c *contract.Contract, n int) (recs [][]contract.Record, mem, loc *Engine) {
	recs = make([][]contract.Record, n)
	for s := range recs {
		recs[s] = asCells(withCopies(t, genRecords(t, "source")))
	}
	mem = New(c, names(n))
	all := make([]int, n)
	for s := range all {
		all[s] = s
	}
	loc = New(c, names(n), WithLocated(all...))
	for s, rs := range recs {
		for _, r := range rs {
			mem.Add(s, withValues(r))
			loc.Add(s, r)
		}
	}
	return recs, mem, loc
}

// TestPropLocatedMatchesInMemory checks that an engine that keeps only
// hashes and positions, and reads back what Needs asks for, reports
// exactly what an engine holding every row does, and lists the same keys
// with the same records.
func TestPropLocatedMatchesInMemory(t *testing.T) {
	c := testContract()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 3).Draw(t, "sources")
		recs, mem, loc := locatedPair(t, c, n)
		for _, need := range loc.Needs() {
			for _, p := range need.Locs {
				if err := loc.AddDetail(need.Source, withValues(recs[need.Source][p])); err != nil {
					t.Fatalf("AddDetail(%d, %d): %v", need.Source, p, err)
				}
			}
		}
		wantDrifts, wantSum := mem.Result()
		gotDrifts, gotSum := loc.Result()
		if !reflect.DeepEqual(gotDrifts, wantDrifts) || !reflect.DeepEqual(gotSum, wantSum) {
			t.Fatalf("located:\n%v %+v\nin memory:\n%v %+v", lines(gotDrifts), gotSum, lines(wantDrifts), wantSum)
		}
		keys := mem.Keys()
		if got := loc.Keys(); !reflect.DeepEqual(got, keys) {
			t.Fatalf("Keys() = %q, in memory %q", got, keys)
		}
		for _, k := range keys {
			for s := range n {
				a, aok := mem.Record(s, k)
				b, bok := loc.Record(s, k)
				if aok != bok || len(a) != len(b) {
					t.Fatalf("Record(%d, %s): located %v, in memory %v", s, k, bok, aok)
				}
				for i := range a {
					if a[i].State != b[i].State || a[i].JSON != b[i].JSON {
						t.Fatalf("Record(%d, %s)[%d] = %s, in memory %s", s, k, i, b[i].JSON, a[i].JSON)
					}
				}
			}
		}
	})
}

// TestAddDetailRefusesAChangedRecord checks that a record read again that
// is not the one first read there is an error, never a silently missing key:
// a record Needs asked for (found by its position) and one it did not
// (found by its key).
func TestAddDetailRefusesAChangedRecord(t *testing.T) {
	for _, asked := range []bool{false, true} {
		t.Run(fmt.Sprintf("asked=%v", asked), func(t *testing.T) { testAddDetailRefuses(t, asked) })
	}
}

func testAddDetailRefuses(t *testing.T, asked bool) {
	c := testContract()
	first := contract.Record{Pos: 0, Cells: make([]string, len(c.Fields))}
	other := contract.Record{Pos: 0, Cells: make([]string, len(c.Fields))}
	for i := range c.Fields {
		first.Cells[i], other.Cells[i] = "1", "1"
	}
	other.Cells[c.FieldByName("name").Index] = "someone else"
	for _, k := range c.Key {
		first.Cells[k], other.Cells[k] = "7", "7"
	}
	e := New(c, names(2), WithLocated(0, 1))
	e.Add(0, first)
	if asked {
		needs := e.Needs()
		if len(needs) != 1 || needs[0].Source != 0 || !slices.Equal(needs[0].Locs, []int64{0}) {
			t.Fatalf("Needs() = %v, want source 0 at position 0", needs)
		}
	}
	for _, tc := range []struct {
		name string
		rec  contract.Record
	}{
		{"another row", withValues(other)},
		{"another key", func() contract.Record {
			r := withValues(first)
			r.Values[c.Key[0]] = contract.Cell("8")
			return r
		}()},
	} {
		if err := e.AddDetail(0, tc.rec); err == nil {
			t.Errorf("%s: AddDetail accepted a changed record", tc.name)
		}
	}
	if err := e.AddDetail(0, withValues(first)); err != nil {
		t.Errorf("the same record: %v", err)
	}
}
