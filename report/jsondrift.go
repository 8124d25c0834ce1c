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
	const in1, in2 = driftIndent + "  ", driftIndent + "    "
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
	b = append(b, ",\n"+in1+`"key": `...)
	var err error
	if len(d.Key) == 0 {
		b = append(b, "{}"...)
	} else {
		b = append(b, '{')
		for i, p := range d.Key {
			if b, err = appendMember(b, i, in2, p.Field, p.Value); err != nil {
				return b, fmt.Errorf("key field %q: %w", p.Field, err)
			}
		}
		b = append(b, "\n"+in1+"}"...)
	}
	for _, m := range [...]struct{ name, v string }{
		{`"source": `, d.Source}, {`"field": `, d.Field}, {`"rule": `, d.Rule}, {`"message": `, d.Message},
	} {
		if m.v != "" {
			b = appendString(append(append(b, ",\n"+in1...), m.name...), m.v)
		}
	}
	if len(d.Values) > 0 {
		b = append(b, ",\n"+in1+`"values": {`...)
		for i, p := range d.Values {
			if b, err = appendMember(b, i, in2, p.Source, p.Value); err != nil {
				return b, fmt.Errorf("value of %q: %w", p.Source, err)
			}
		}
		b = append(b, "\n"+in1+"}"...)
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

// appendMember appends member i of an object whose members are indented
// by in: its name as Key and Values marshal it, and its raw value.
func appendMember(b []byte, i int, in, name string, v json.RawMessage) ([]byte, error) {
	if i > 0 {
		b = append(b, ',')
	}
	b = diff.AppendName(append(append(b, '\n'), in...), name)
	return jsonw.AppendIndent(append(b, ": "...), v, in, "  ")
}

func appendString(b []byte, s string) []byte { return jsonw.AppendString(b, s) }

func appendQuoted(b []byte, s string) []byte {
	return append(append(append(b, '"'), s...), '"')
}
