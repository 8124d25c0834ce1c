package contract

// Parse turns one raw source value (see Record for the raw Go types) into
// the field's canonical Value: parsed into the declared type, normalized,
// truncated to precision. A value that does not parse is Invalid, keeps its
// raw text, and says why in Rule ("type" or "enum") and Problem. An absent
// value, a null, an empty set or list (and "" after empty_is_null) is Null.
// In CSV and TSV (Cell) an empty cell is null for every type but string.
func (f *Field) Parse(raw any) Value {
	panic("not implemented")
}

// Equal reports whether all the values are equal under the field's rules:
// same State and JSON, or, for decimal and float with a tolerance, valid
// numbers whose max - min <= tolerance.
func (f *Field) Equal(vals []Value) bool {
	panic("not implemented")
}

// Compare orders two canonical values for sorting keys: numbers (int,
// decimal, float) numerically, everything else by its JSON text by code
// point; null first.
func Compare(a, b Value) int {
	panic("not implemented")
}
