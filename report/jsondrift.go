package report

import (
	"encoding/json"
	"fmt"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/jsonw"
)

// The report's drifts are most of a large report, and encoding/json spends
// most of its time on them twice: once through reflection and the
// marshalers of Key, Values and Kind, once more in Indent. appendDrift
// writes a drift's indented JSON directly, byte for byte what Encode with
// SetEscapeHTML(false) then Indent give (TestJSONDriftsOnEveryCore,
// TestAppendDriftIsEncode): a raw value that is not a plain scalar, or a
// string with anything to escape, goes through encoding/json as before.

// driftIndent is the indent of a drift inside the report's drifts array.
const driftIndent = "    "

// appendDrift appends d as an element of the drifts array: its object, its
// first line not indented, the lines after it indented from driftIndent.
func appendDrift(b []byte, d *diff.Drift) ([]byte, error) {
	const in1 = driftIndent + "  "
	b = append(b, "{\n"+in1+`"id": `...)
	b = appendString(b, d.ID)
	b = append(b, ",\n"+in1+`"kind": `...)
	if k := d.Kind.String(); jsonw.PlainString(k) {
		b = appendQuoted(b, k)
	} else {
		kj, err := d.Kind.MarshalJSON()
		if err != nil {
			return b, err
		}
		b = append(b, kj...)
	}
	b, err := appendObject(append(b, ",\n"+in1+`"key": `...), in1, len(d.Key),
		func(i int) (string, json.RawMessage) { return d.Key[i].Field, d.Key[i].Value }, d.Key.MarshalJSON)
	if err != nil {
		return b, fmt.Errorf("key: %w", err)
	}
	for _, m := range [...]struct{ name, v string }{
		{`"source": `, d.Source}, {`"field": `, d.Field}, {`"rule": `, d.Rule}, {`"message": `, d.Message},
	} {
		if m.v != "" {
			b = appendString(append(append(b, ",\n"+in1...), m.name...), m.v)
		}
	}
	if len(d.Values) > 0 {
		b, err = appendObject(append(b, ",\n"+in1+`"values": `...), in1, len(d.Values),
			func(i int) (string, json.RawMessage) { return d.Values[i].Source, d.Values[i].Value }, d.Values.MarshalJSON)
		if err != nil {
			return b, fmt.Errorf("values: %w", err)
		}
	}
	if d.Severity != "" {
		b = appendString(append(b, ",\n"+in1+`"severity": `...), d.Severity)
	}
	if d.FirstSeen != nil {
		t, err := d.FirstSeen.MarshalJSON()
		if err != nil {
			return b, err
		}
		b = append(append(b, ",\n"+in1+`"first_seen": `...), t...)
	}
	if d.Class != "" {
		b = appendString(append(b, ",\n"+in1+`"class": `...), d.Class)
	}
	return append(b, "\n"+driftIndent+"}"...), nil
}

// appendObject appends the object of n members that marshal writes (a
// drift's key or values: member i's name and raw value), its members
// indented from in, as Encode then Indent write it: member by member while
// every value is a plain scalar, else the whole object through
// json.Compact and json.Indent, so that a value is judged in its place,
// as encoding/json judges it.
func appendObject(b []byte, in string, n int, member func(i int) (string, json.RawMessage), marshal func() ([]byte, error)) ([]byte, error) {
	if n == 0 {
		return append(b, "{}"...), nil
	}
	if !jsonw.AllPlain(n, func(i int) []byte { _, v := member(i); return v }) {
		raw, err := marshal()
		if err != nil {
			return b, err
		}
		return jsonw.AppendMarshaled(b, raw, in, "  ")
	}
	b = append(b, '{')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		name, v := member(i)
		b = diff.AppendName(append(append(append(b, '\n'), in...), "  "...), name)
		b = append(append(b, ": "...), jsonw.TrimSpace(v)...)
	}
	return append(append(append(b, '\n'), in...), '}'), nil
}

func appendString(b []byte, s string) []byte { return jsonw.AppendString(b, s) }

func appendQuoted(b []byte, s string) []byte {
	return append(append(append(b, '"'), s...), '"')
}
