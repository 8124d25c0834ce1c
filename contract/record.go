package contract

// Record is one record as a source read it, before parsing: Values holds one
// raw value per contract field (indexed like Contract.Fields), after the
// source's `fields` renames. A nil value is absent or null.
//
// Raw values use a small set of Go types so that every source plugin speaks
// the same language to the parser:
//
//	nil                 absent or null
//	Cell                a CSV or TSV cell (empty means null, except for strings)
//	string              a JSON, YAML or database string
//	json.Number         a number, as its literal text (never a float64)
//	bool                a boolean
//	[]any, map[string]any  JSON arrays and objects (elements use these same types)
//	time.Time           a database timestamp
//	int64, float64      database integers and doubles
//	[]byte              database text or bytes, taken as a string
type Record struct {
	Values []any
	// Unknown lists the record's top-level fields or columns that the contract
	// does not declare (and no `fields` rename maps), for strict contracts.
	Unknown []string
	// Loc says where the record came from, for messages: "line 12", "record 7".
	Loc string
}

// Cell is a raw CSV or TSV cell.
type Cell string
