package diff

import (
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/drift-sh/drift/contract"
	"pgregory.net/rapid"
)

// cellRec is a CSV-like record of testContract at line n: id, name,
// balance, status, tags, notes.
func cellRec(n int, cells ...string) contract.Record {
	return contract.Record{Loc: "line " + strconv.Itoa(n), Pos: int64(n), Cells: cells}
}

func row(id, name string) []string { return []string{id, name, "1.5", "active", "a;b", ""} }

// TestCandidates checks the merge of sorted sources: the number of
// distinct keys, and the keys some live source lacks or holds with
// another row.
func TestCandidates(t *testing.T) {
	a, b, c := row("1", "ann"), row("2", "bob"), row("3", "cy")
	b2 := row("2", "bobby")
	tests := []struct {
		name  string
		srcs  [][][]string
		union int
		keys  []string
	}{
		{"no sources with records", [][][]string{{}, {}}, 0, nil},
		{"one source", [][][]string{{a, b}}, 2, nil},
		{"identical", [][][]string{{a, b, c}, {c, b, a}}, 3, nil},
		{"second source empty", [][][]string{{a, b}, {}}, 2, []string{"[1]", "[2]"}},
		{"first source empty", [][][]string{{}, {a, b}}, 2, []string{"[1]", "[2]"}},
		{"a row differs", [][][]string{{a, b, c}, {a, b2, c}}, 3, []string{"[2]"}},
		{"disjoint", [][][]string{{a}, {b}, {c}}, 3, []string{"[1]", "[2]", "[3]"}},
		{"each of two lacks a key", [][][]string{{a, b}, {b2, c}}, 3, []string{"[1]", "[2]", "[3]"}},
		{"two disjoint", [][][]string{{a, c}, {b}}, 3, []string{"[1]", "[2]", "[3]"}},
		{"only the last differs", [][][]string{{a, b}, {a, b}, {a, b2}}, 2, []string{"[2]"}},
		{"the first copy counts", [][][]string{{a, b, b2}, {a, b}}, 2, nil},
		{"a later copy does not make up", [][][]string{{a, b2, b}, {a, b}}, 2, []string{"[2]"}},
	}
	for _, tt := range tests {
		for _, located := range []bool{false, true} {
			t.Run(tt.name+map[bool]string{true: ", located"}[located], func(t *testing.T) {
				var opts []Option
				all := make([]int, len(tt.srcs))
				for i := range all {
					all[i] = i
				}
				if located {
					opts = append(opts, WithLocated(all...))
				}
				e := New(testContract(), names(len(tt.srcs)), opts...)
				for s, rows := range tt.srcs {
					for i, r := range rows {
						e.Add(s, cellRec(i+1, r...))
					}
				}
				cs := e.candidates()
				var keys []string
				for _, kh := range cs.keys {
					for _, s := range e.sources {
						if _, ok := s.keys.get(kh); ok {
							keys = append(keys, keyOf(t, s, tt.srcs, kh, e))
							break
						}
					}
				}
				slices.Sort(keys)
				if cs.union != tt.union || !slices.Equal(keys, tt.keys) {
					t.Errorf("union %d, keys %q; want %d, %q", cs.union, keys, tt.union, tt.keys)
				}
				checkEnts(t, e, cs)
				if live := e.live(); len(live) == 2 {
					// match2 is match for two sources, in a loop of its own.
					if got, want := matchParts(e.match2, live), matchParts(e.match, live); !reflect.DeepEqual(got, want) {
						t.Errorf("match2 gives %+v, match %+v", got, want)
					}
				}
			})
		}
	}
}

// checkEnts checks that the entries of each live source's candidates are
// the ones its index holds, in candidate order, and only those.
func checkEnts(t *testing.T, e *Engine, cs candidateSet) {
	t.Helper()
	for n, src := range e.live() {
		var want []entry
		for i, kh := range cs.keys {
			en, ok := e.sources[src].keys.get(kh)
			if held := cs.held[i]&(1<<(src&63)) != 0; ok != held {
				t.Errorf("source %d: key %v held %v in the mask, %v in the index", src, kh, held, ok)
			}
			if ok {
				want = append(want, en)
			}
		}
		if !slices.Equal(cs.ents[n], want) {
			t.Errorf("source %d: candidate entries %v, want %v", src, cs.ents[n], want)
		}
	}
}

// matchParts runs match over every part of the key space; an empty array
// is made nil, as match and match2 size theirs differently.
func matchParts(match func([]int, int) candidateSet, live []int) []candidateSet {
	var out []candidateSet
	for p := range 1 << mergeBits {
		cs := match(live, p)
		if len(cs.keys) == 0 {
			cs.keys, cs.held, cs.same = nil, nil, nil
		}
		for i := range cs.ents {
			if len(cs.ents[i]) == 0 {
				cs.ents[i] = nil
			}
		}
		out = append(out, cs)
	}
	return out
}

// keyOf finds the key string of a key hash among the test's rows.
func keyOf(t *testing.T, s *sourceIndex, srcs [][][]string, kh hkey, e *Engine) string {
	t.Helper()
	for _, rows := range srcs {
		for _, r := range rows {
			if k := "[" + r[0] + "]"; e.keyHash([]byte(k)) == kh {
				return k
			}
		}
	}
	t.Fatalf("no row has key hash %v", kh)
	return ""
}

// TestLocatedDuplicates checks that a located source, which finds
// duplicate keys only when sealed, reports what an engine holding every
// row does: one duplicate-key violation per key, at its second record,
// and no violation of a later copy.
func TestLocatedDuplicates(t *testing.T) {
	bad := row("2", "bob")
	bad[3] = "gone"
	tests := []struct {
		name string
		rows [][]string
	}{
		{"second copy breaks a rule", [][]string{row("1", "a"), row("2", "b"), bad, row("2", "c")}},
		{"first copy breaks a rule", [][]string{bad, row("2", "b"), row("1", "a"), row("2", "c")}},
		{"three copies, two keys", [][]string{row("1", "a"), row("1", "b"), row("2", "c"), row("1", "d"), row("2", "e")}},
		{"every record the same key", [][]string{bad, bad, bad, bad}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testContract()
			mem := New(c, names(2))
			loc := New(c, names(2), WithLocated(0, 1))
			for i, r := range tt.rows {
				rec := cellRec(i+1, r...)
				mem.Add(0, withValues(rec))
				loc.Add(0, rec)
			}
			mem.Add(1, withValues(cellRec(1, row("1", "a")...)))
			loc.Add(1, cellRec(1, row("1", "a")...))
			for _, need := range loc.Needs() {
				for _, p := range need.Locs {
					r := cellRec(int(p), tt.rows[p-1]...)
					if need.Source == 1 {
						r = cellRec(1, row("1", "a")...)
					}
					if err := loc.AddDetail(need.Source, withValues(r)); err != nil {
						t.Fatalf("AddDetail: %v", err)
					}
				}
			}
			want, wantSum := mem.Result()
			got, gotSum := loc.Result()
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotSum, wantSum) {
				t.Fatalf("located:\n%v\n%+v\nin memory:\n%v\n%+v", messages(got), gotSum, messages(want), wantSum)
			}
		})
	}
}

func messages(ds []Drift) []string {
	out := lines(ds)
	for i, d := range ds {
		out[i] += " " + d.Message
	}
	return out
}

// TestPropMatch2 holds match2, the merge of two sources, to match's: two
// sources of a few hundred keys, each holding some of them, some with
// another row, in any order.
func TestPropMatch2(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		located := rapid.Bool().Draw(t, "located")
		var opts []Option
		if located {
			opts = append(opts, WithLocated(0, 1))
		}
		e := New(testContract(), names(2), opts...)
		n := rapid.IntRange(0, 400).Draw(t, "keys")
		for i := range n {
			id := strconv.Itoa(i)
			held := rapid.IntRange(0, 3).Draw(t, "held") // a, b, both, neither
			if held == 0 || held == 2 {
				e.Add(0, cellRec(i+1, row(id, "n"+id)...))
			}
			if held == 1 || held == 2 {
				name := "n" + id
				if rapid.Bool().Draw(t, "changed") {
					name = "m" + id
				}
				e.Add(1, cellRec(i+1, row(id, name)...))
			}
		}
		e.seal()
		live := e.live()
		if got, want := matchParts(e.match2, live), matchParts(e.match, live); !reflect.DeepEqual(got, want) {
			t.Fatalf("match2 gives %+v, match %+v", got, want)
		}
	})
}
