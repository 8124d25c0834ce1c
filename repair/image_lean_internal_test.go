package repair

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/contract"
)

// leanContract has a field of every type, with the options that change
// a canonical value.
const leanContract = `contract:
  name: lean
  version: 1
  key: [id]
  fields:
    id:      {type: int}
    name:    {type: string}
    email:   {type: string, normalize: [trim, lower]}
    blank:   {type: string, normalize: [trim, empty_is_null]}
    status:  {type: enum, values: [active, closed]}
    qty:     {type: int}
    price:   {type: decimal, tolerance: 0.01}
    ratio:   {type: float}
    ok:      {type: bool}
    created: {type: timestamp, precision: 1s}
    updated: {type: timestamp}
    tags:    {type: set}
    steps:   {type: list}
    meta:    {type: json}
    skip:    {type: string, ignore: true}
`

func loadLeanContract(t *testing.T) *contract.Contract {
	t.Helper()
	path := filepath.Join(t.TempDir(), "drift.yaml")
	if err := os.WriteFile(path, []byte(leanContract), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := contract.LoadContract(path, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// leanCell draws the text of a CSV cell of a shape some type reads.
func leanCell() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.String(),
		rapid.StringMatching(`[ aAzZ;"\\é\t]{0,8}`),
		rapid.StringMatching(`[-+]?0{0,2}[0-9]{0,20}(\.[0-9]{0,5})?`),
		rapid.StringMatching(` ?20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9])[T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]0[0-9]:[0-5][0-9])? ?`),
		rapid.SampledFrom([]string{"", " ", "active", "closed", "Active", "true", "no", "1", "a;b;a", `["x","y"]`, `{"b":1,"a":[2]}`, "1e3", "-0", "0.50"}),
	)
}

// leanRaw draws a raw value as a source gives it: mostly a CSV cell,
// sometimes a JSON value, null or a record too short to hold the field.
func leanRaw() *rapid.Generator[any] {
	return rapid.OneOf(
		rapid.Map(leanCell(), func(s string) any { return contract.Cell(s) }),
		rapid.SampledFrom([]any{nil, json.Number("12.5"), "text", true, int64(7), 2.25, []any{"a", "b"}, map[string]any{"k": "v"}}),
	)
}

// TestImageOfMatchesParse: the before-image look builds from the fields
// an op compares and the text of the others is byte for byte the image of
// the record parse reads, whichever fields the op names; parseRest then
// leaves the values parse gives. A record of cells may hold them in
// Cells, as a file's Get inside a batch gives it: it reads as the same
// cells in Values.
func TestImageOfMatchesParse(t *testing.T) {
	c := loadLeanContract(t)
	x := &executor{c: c}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, len(c.Fields)).Draw(t, "values")
		asCells := rapid.Bool().Draw(t, "as cells")
		vals := make([]any, n)
		var cells []string
		for i := range vals {
			if asCells {
				cell := leanCell().Draw(t, c.Fields[i].Name)
				vals[i], cells = contract.Cell(cell), append(cells, cell)
			} else {
				vals[i] = leanRaw().Draw(t, c.Fields[i].Name)
			}
		}
		rec := contract.Record{Values: vals}
		want := x.parse(rec)
		if asCells {
			rec = contract.Record{Cells: cells}
		}
		names := rapid.SliceOfDistinct(rapid.SampledFrom(c.Fields), func(f *contract.Field) string { return f.Name }).Draw(t, "compared")
		var op Op
		for i, f := range names {
			fv := FieldValue{Field: f.Name, Value: json.RawMessage(`"v"`)}
			switch i % 3 {
			case 0:
				op.Set = append(op.Set, fv)
			case 1:
				op.Expect = append(op.Expect, fv)
			default:
				op.Record = append(op.Record, fv)
			}
		}
		cur, parsed := x.parseFields(rec, op, new(recordScratch))
		if got, img := string(x.imageOf(rec, cur, parsed)), string(Image(c, want)); got != img {
			t.Fatalf("imageOf = %s\nImage(parse) = %s", got, img)
		}
		for _, f := range names {
			if !parsed[f.Index] || cur[f.Index].JSON != want[f.Index].JSON || cur[f.Index].State != want[f.Index].State {
				t.Fatalf("field %s: parsed %v as %+v, parse gives %+v", f.Name, parsed[f.Index], cur[f.Index], want[f.Index])
			}
		}
		x.parseRest(rec, cur, parsed)
		for i := range want {
			if cur[i].JSON != want[i].JSON || cur[i].State != want[i].State {
				t.Fatalf("after parseRest, field %s = %+v, parse gives %+v", c.Fields[i].Name, cur[i], want[i])
			}
		}
		if got, img := string(x.imageOf(rec, cur, parsed)), string(Image(c, want)); got != img {
			t.Fatalf("after parseRest, imageOf = %s\nImage(parse) = %s", got, img)
		}
	})
}
