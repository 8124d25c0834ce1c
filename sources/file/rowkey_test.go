package file

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// TestAppendRowKeyMatchesParse: the key text of a row, built from its
// cells by Field.AppendCell where it reads them, is keyText of each key
// field's Parse, and a row whose key has a field Parse does not give as
// valid has none; for a composite key of normalized text, int, timestamp
// and decimal fields, in another order than the file's columns.
func TestAppendRowKeyMatchesParse(t *testing.T) {
	fields := []*contract.Field{
		{Name: "region", Type: contract.TypeString, Normalize: []contract.Normalizer{contract.NormTrim, contract.NormLower}},
		{Name: "n", Type: contract.TypeInt},
		{Name: "at", Type: contract.TypeTimestamp},
		{Name: "price", Type: contract.TypeDecimal},
	}
	for i, f := range fields {
		f.Index = i
	}
	c := &contract.Contract{Name: "k", Version: 1, Key: []int{1, 0, 2, 3}, Fields: fields}
	s := &Source{cfg: sources.Config{Contract: c}}
	cols := []int{3, 2, 1, 0} // field i is column cols[i]
	text := rapid.StringMatching(`[ aAzZ;"\\é\t]{0,8}`)
	number := rapid.StringMatching(`[-+]?0{0,2}[0-9]{0,20}(\.[0-9]{0,5})?`)
	stamp := rapid.StringMatching(` ?20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9])[T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]0[0-9]:[0-5][0-9])? ?`)
	other := rapid.OneOf(text, number, stamp, rapid.SampledFrom([]string{"", " ", "EU", " eu ", "7", "-0", "0.50", "1e3"}), rapid.String())
	// Each field's cell is mostly of its own type's shape, so that most
	// keys are valid, and sometimes of any.
	typed := []*rapid.Generator[string]{text, number, stamp, number}
	rapid.Check(t, func(t *rapid.T) {
		row := make([]string, len(cols))
		for i, f := range fields {
			row[cols[i]] = rapid.OneOf(typed[i], typed[i], typed[i], other).Draw(t, f.Name)
		}
		var parts []string
		valid := true
		for _, k := range c.Key {
			v := fields[k].Parse(contract.Cell(row[cols[k]]))
			if v.State != contract.Valid {
				valid = false
				break
			}
			parts = append(parts, v.JSON)
		}
		got, ok := s.appendRowKey([]byte("old"), row, cols)
		switch {
		case ok != valid:
			t.Fatalf("row %q: appendRowKey ok = %v, Parse gives a valid key: %v", row, ok, valid)
		case ok && string(got) != "old"+keyText(parts):
			t.Fatalf("row %q: appendRowKey = %q, want %q", row, got, "old"+keyText(parts))
		}
	})
}
