package diff

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/contract"
)

func TestKeyString(t *testing.T) {
	cases := []struct {
		name string
		vals []contract.Value
		want string
	}{
		{"one int", []contract.Value{{State: contract.Valid, JSON: "10"}}, `[10]`},
		{"composite", []contract.Value{{State: contract.Valid, JSON: `"eu"`}, {State: contract.Valid, JSON: `"a,17"`}}, `["eu","a,17"]`},
		{"nested json", []contract.Value{{State: contract.Valid, JSON: `{"a":[1,2]}`}, {State: contract.Valid, JSON: `"]\","`}}, `[{"a":[1,2]},"]\","]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := KeyString(tc.vals)
			if got != tc.want {
				t.Fatalf("KeyString = %s, want %s", got, tc.want)
			}
			parts := splitKey(got)
			if len(parts) != len(tc.vals) {
				t.Fatalf("split %s into %q, want %d parts", got, parts, len(tc.vals))
			}
			for i, p := range parts {
				if p != tc.vals[i].JSON {
					t.Errorf("part %d = %s, want %s", i, p, tc.vals[i].JSON)
				}
			}
		})
	}
}

func TestKeysAndRecord(t *testing.T) {
	e := New(testContract(), []string{"a", "b", "c"})
	e.Add(0, account("10", " x ", "1.50"))
	e.Add(0, account("2", "x", "1"))
	e.Add(0, rec("l9", nil, "no key"))
	e.Add(1, account("1", "y", "2"))
	e.Add(1, account("1", "dropped copy", "3"))
	e.Add(2, account("99", "failed", "1"))
	e.Fail(2)

	if got, want := e.Keys(), []string{"[1]", "[2]", "[10]"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Keys() = %q, want %q", got, want)
	}
	vals, ok := e.Record(0, "[10]")
	if !ok {
		t.Fatal("Record(a, [10]): not found")
	}
	got := make([]string, len(vals))
	for i, v := range vals {
		got[i] = v.JSON
	}
	if want := []string{"10", `"x"`, `"1.5"`, `"active"`, `["a","b"]`, "null"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Record values %q, want %q", got, want)
	}
	if vals[0].Num == nil || vals[0].Num.RatString() != "10" || vals[2].Num == nil || vals[2].Num.RatString() != "3/2" {
		t.Errorf("Record numbers: id %v, balance %v; want 10 and 3/2", vals[0].Num, vals[2].Num)
	}
	if vals[1].Native != "x" {
		t.Errorf("Record name native %#v, want \"x\"", vals[1].Native)
	}
	if vals, _ := e.Record(1, "[1]"); vals[1].JSON != `"y"` {
		t.Errorf("Record(b, [1]) name %s, want the first copy's \"y\"", vals[1].JSON)
	}
	for _, miss := range []struct {
		src int
		key string
	}{{1, "[10]"}, {2, "[99]"}, {5, "[1]"}, {-1, "[1]"}} {
		if _, ok := e.Record(miss.src, miss.key); ok {
			t.Errorf("Record(%d, %s) found a record, want none", miss.src, miss.key)
		}
	}
}

func TestRawJSON(t *testing.T) {
	cases := []struct {
		name string
		raw  any
		want string
	}{
		{"nil", nil, "null"},
		{"cell", contract.Cell(" 7 "), `" 7 "`},
		{"number literal", json.Number("1.50"), "1.50"},
		{"bad number literal", json.Number("1.5.0"), `"1.5.0"`},
		{"bytes", []byte("ab"), `"ab"`},
		{"bool", true, "true"},
		{"int64", int64(-3), "-3"},
		{"nan", nan(), `"NaN"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(rawJSON(tc.raw)); got != tc.want {
				t.Errorf("rawJSON(%#v) = %s, want %s", tc.raw, got, tc.want)
			}
		})
	}
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}

// TestRecordEveryType checks that Record gives back, for every field type,
// the value Add parsed: same State and JSON, with Native filled.
func TestRecordEveryType(t *testing.T) {
	types := []struct {
		typ contract.Type
		raw any
	}{
		{contract.TypeString, " Ab "}, {contract.TypeInt, json.Number("42")}, {contract.TypeDecimal, "12.50"},
		{contract.TypeFloat, json.Number("1.5e3")}, {contract.TypeBool, "yes"},
		{contract.TypeTimestamp, "2024-05-01 10:00:00.5+02:00"}, {contract.TypeEnum, "on"},
		{contract.TypeSet, "b;a"}, {contract.TypeList, "b;a"}, {contract.TypeJSON, `{"b":1.0,"a":[2]}`},
	}
	var fields []*contract.Field
	raw := []any{json.Number("1")}
	fields = append(fields, &contract.Field{Name: "id", Type: contract.TypeInt})
	for _, tc := range types {
		fields = append(fields, &contract.Field{Name: tc.typ.String(), Type: tc.typ, Values: []string{"on", "off"}})
		raw = append(raw, tc.raw)
	}
	for i, f := range fields {
		f.Index = i
	}
	c := &contract.Contract{Name: "types", Key: []int{0}, Fields: fields}
	e := New(c, []string{"a"})
	e.Add(0, contract.Record{Values: raw})
	got, ok := e.Record(0, "[1]")
	if !ok {
		t.Fatal("Record(a, [1]): not found")
	}
	for i, f := range fields {
		want := f.Parse(raw[i])
		if want.State != contract.Valid {
			t.Fatalf("%s: test value %#v does not parse: %s", f.Name, raw[i], want.Problem)
		}
		if got[i].State != want.State || got[i].JSON != want.JSON || got[i].Native == nil {
			t.Errorf("%s: Record gave %v %s native %#v, want %v %s", f.Name, got[i].State, got[i].JSON, got[i].Native, want.State, want.JSON)
		}
		if (got[i].Num == nil) != (want.Num == nil) || (want.Num != nil && got[i].Num.Cmp(want.Num) != 0) {
			t.Errorf("%s: Record number %v, want %v", f.Name, got[i].Num, want.Num)
		}
	}
}

func TestKeyStringMatchesEngineKeys(t *testing.T) {
	c := compositeContract()
	e := New(c, []string{"a", "b"})
	e.Add(0, rec("", "eu", "#2", "x"))
	e.Add(0, rec("", "eu", "#3", "x"))
	e.Add(1, rec("", "eu", "#3", "x"))
	want := KeyString([]contract.Value{c.Fields[0].Parse("eu"), c.Fields[1].Parse(json.Number("2"))})
	if got := e.Keys(); len(got) != 1 || got[0] != want {
		t.Fatalf("Keys() = %q, want only [%s]: a key both sources hold alike needs no look", got, want)
	}
	if _, ok := e.Record(0, want); !ok {
		t.Errorf("Record(a, %s): not found", want)
	}
}

// TestIntKeysSortAsTheirValues: keys of one int field, compared by their
// 64-bit value, sort exactly as their sort values do, among keys too
// large for 64 bits and keys that could not be parsed.
func TestIntKeysSortAsTheirValues(t *testing.T) {
	e := New(testContract(), []string{"a", "b"})
	rapid.Check(t, func(t *rapid.T) {
		texts := rapid.SliceOf(rapid.OneOf(
			rapid.Map(rapid.Int64(), func(n int64) string { return strconv.FormatInt(n, 10) }),
			rapid.Map(rapid.Int64Range(-3, 3), func(n int64) string { return strconv.FormatInt(n, 10) }),
			rapid.SampledFrom([]string{"9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890"}),
		)).Draw(t, "keys")
		var fast, slow []keyEntry
		seen := map[string]bool{}
		for _, n := range texts {
			key := "[" + n + "]"
			if seen[key] {
				continue
			}
			seen[key] = true
			fast = append(fast, e.keyEntry(key))
			slow = append(slow, keyEntry{str: key, sortKey: e.sortValues(key)})
		}
		if rapid.Bool().Draw(t, "with a bad key") {
			bad := keyEntry{str: `{"id":"x"}`, bad: true, sortKey: []contract.Value{{State: contract.Invalid, JSON: `"x"`}}}
			fast, slow = append(fast, bad), append(slow, bad)
		}
		slices.SortFunc(fast, compareKeys)
		slices.SortFunc(slow, compareKeys)
		for i := range fast {
			if fast[i].str != slow[i].str {
				t.Fatalf("key %d: %s by value, %s by sort values", i, fast[i].str, slow[i].str)
			}
		}
	})
}
