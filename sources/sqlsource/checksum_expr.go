package sqlsource

import (
	"fmt"
	"slices"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// hashed is how one field enters a row's checksum: canon is SQL for its
// canonical text (SPEC "Big tables": integers, decimals without trailing
// zeros, timestamps as UTC epoch microseconds, text as is), and suspect,
// when not empty, SQL that is true for a value the contract may refuse, so
// that its range is read and checked like a full scan would.
//
// canon must be exact: two values with the same canonical text are equal
// for drift, in every dialect. It may be finer than drift (two values drift
// calls equal may differ), which only costs reading their range. It is
// null only for a null value (or a suspect one), and, unless text is set,
// never empty and free of commas, so that a row's text (see piece) needs
// no length prefix for it; text marks a column whose value can hold
// anything.
type hashed struct {
	canon   string
	suspect string
	text    bool
}

// fieldExpr returns how field f, held in column col of database type typ
// (lower case, as the catalog names it), is hashed in dialect d; an error
// says why it cannot be.
func fieldExpr(d Dialect, f *contract.Field, col, typ string) (hashed, error) {
	if f.Type == contract.TypeEnum && len(f.Normalize) > 0 {
		return hashed{}, fmt.Errorf("enum field %q has normalize", f.Name)
	}
	if f.Type == contract.TypeString && f.Required && slices.Contains(f.Normalize, contract.NormEmptyIsNull) {
		return hashed{}, fmt.Errorf("required field %q has empty_is_null", f.Name)
	}
	var h hashed
	var err error
	switch d {
	case Postgres:
		h, err = pgExpr(f, col, typ)
	case MySQL:
		h, err = myExpr(f, col, typ)
	default:
		h, err = liteExpr(f, col)
	}
	if err != nil {
		return h, err
	}
	if f.Type == contract.TypeEnum {
		h.suspect = or(h.suspect, enumSuspect(d, col, f.Values))
	}
	return h, nil
}

func unsupported(f *contract.Field, typ string) error {
	return fmt.Errorf("field %q (%s) is held in a %s column", f.Name, f.Type, typ)
}

func pgExpr(f *contract.Field, c, typ string) (hashed, error) {
	isInt := typ == "smallint" || typ == "integer" || typ == "bigint"
	switch {
	case f.Type == contract.TypeInt && isInt, f.Type == contract.TypeDecimal && isInt:
		return hashed{canon: c + "::text"}, nil
	case f.Type == contract.TypeDecimal && strings.HasPrefix(typ, "numeric"):
		// c - c is 0 for every finite value and NaN for NaN and the
		// infinities: cheaper than their text, and valid before
		// PostgreSQL 14, which has no numeric infinity literal.
		return hashed{canon: "trim_scale(" + c + ")::text", suspect: "(" + c + " - " + c + ") <> 0"}, nil
	case (f.Type == contract.TypeString || f.Type == contract.TypeEnum) &&
		(typ == "text" || strings.HasPrefix(typ, "character varying")):
		return hashed{canon: c + "::text", text: true}, nil
	case f.Type == contract.TypeTimestamp && strings.HasPrefix(typ, "timestamp"):
		// extract gives exact microseconds as numeric (PostgreSQL 14+), so
		// the cast to bigint does not round; an infinite value has none,
		// and is suspect.
		return hashed{canon: "(CASE WHEN isfinite(" + c + ") THEN (extract(epoch FROM " + c + ") * 1000000)::bigint::text END)",
			suspect: "NOT isfinite(" + c + ")"}, nil
	case f.Type == contract.TypeBool && typ == "boolean":
		return hashed{canon: "(CASE WHEN " + c + " THEN '1' WHEN NOT " + c + " THEN '0' END)"}, nil
	}
	return hashed{}, unsupported(f, typ)
}

func myExpr(f *contract.Field, c, typ string) (hashed, error) {
	isInt := slices.Contains([]string{"tinyint", "smallint", "mediumint", "int", "bigint"}, typ)
	text := "CAST(" + c + " AS CHAR)"
	switch {
	case f.Type == contract.TypeInt && isInt, f.Type == contract.TypeDecimal && isInt:
		// CONCAT writes a number as its decimal text: no CAST needed.
		return hashed{canon: c}, nil
	case f.Type == contract.TypeDecimal && typ == "decimal":
		return hashed{canon: "IF(LOCATE('.', " + text + ") > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " +
			text + ")), " + text + ")"}, nil
	case (f.Type == contract.TypeString || f.Type == contract.TypeEnum) &&
		slices.Contains([]string{"char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum"}, typ):
		return hashed{canon: "CONVERT(" + c + " USING utf8mb4)", text: true}, nil
	case f.Type == contract.TypeTimestamp && (typ == "datetime" || typ == "timestamp"):
		// a zero date has no difference: null for a value that is not.
		canon := "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', " + c + ")"
		return hashed{canon: canon, suspect: c + " IS NOT NULL AND " + canon + " IS NULL"}, nil
	case f.Type == contract.TypeBool && isInt:
		return hashed{canon: text, suspect: c + " NOT IN (0, 1)"}, nil
	}
	return hashed{}, unsupported(f, typ)
}

// liteExpr hashes a SQLite value by its storage class: a value of a class
// the field's canonical text cannot be computed from in SQL (a real, a
// blob, a text timestamp or decimal) makes its row suspect, so it is read.
func liteExpr(f *contract.Field, c string) (hashed, error) {
	class := "typeof(" + c + ")"
	switch f.Type {
	case contract.TypeInt, contract.TypeDecimal:
		return hashed{canon: "CAST(" + c + " AS TEXT)", suspect: class + " NOT IN ('integer','null')"}, nil
	case contract.TypeString, contract.TypeEnum:
		return hashed{canon: "CAST(" + c + " AS TEXT)", suspect: class + " NOT IN ('text','integer','null')", text: true}, nil
	case contract.TypeTimestamp:
		return hashed{canon: "CAST(" + c + " * 1000000 AS TEXT)", suspect: class + " NOT IN ('integer','null')"}, nil
	case contract.TypeBool:
		return hashed{canon: "CAST(" + c + " AS TEXT)", suspect: c + " NOT IN (0, 1) OR " + class + " NOT IN ('integer','null')"}, nil
	}
	return hashed{}, unsupported(f, "sqlite")
}

// enumSuspect is true for a value outside the enum's values, compared byte
// for byte whatever the column's collation.
func enumSuspect(d Dialect, c string, values []string) string {
	lits := make([]string, len(values))
	for i, v := range values {
		lits[i] = quoteText(d, v)
	}
	in := "(" + strings.Join(lits, ", ") + ")"
	switch d {
	case Postgres:
		return c + ` COLLATE "C" NOT IN ` + in
	case MySQL:
		return "CAST(" + c + " AS BINARY) NOT IN " + in
	}
	return c + " COLLATE BINARY NOT IN " + in
}

// quoteText is a SQL string literal: ” for a quote, and for MySQL, which
// reads backslash escapes, \\ for a backslash.
func quoteText(d Dialect, s string) string {
	if d == MySQL {
		s = strings.ReplaceAll(s, `\`, `\\`)
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func or(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return "(" + a + ") OR (" + b + ")"
}
