package report

import (
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
	b = jsonw.AppendString(b, d.ID)
	b = append(b, ",\n"+in1+`"kind": `...)
	if k := d.Kind.String(); jsonw.PlainString(k) {
		b = jsonw.AppendString(b, k)
	} else {
		kj, err := d.Kind.MarshalJSON()
		if err != nil {
			return b, err
		}
		b = append(b, kj...)
	}
	b, err := jsonw.AppendObject(append(b, ",\n"+in1+`"key": `...), len(d.Key),
		func(i int) (string, []byte) { return d.Key[i].Field, d.Key[i].Value }, diff.AppendName, d.Key.MarshalJSON, in1, "  ")
	if err != nil {
		return b, fmt.Errorf("key: %w", err)
	}
	for _, m := range [...]struct{ name, v string }{
		{`"source": `, d.Source}, {`"field": `, d.Field}, {`"rule": `, d.Rule}, {`"message": `, d.Message},
	} {
		if m.v != "" {
			b = jsonw.AppendString(append(append(b, ",\n"+in1...), m.name...), m.v)
		}
	}
	if len(d.Values) > 0 {
		b, err = jsonw.AppendObject(append(b, ",\n"+in1+`"values": `...), len(d.Values),
			func(i int) (string, []byte) { return d.Values[i].Source, d.Values[i].Value }, diff.AppendName, d.Values.MarshalJSON, in1, "  ")
		if err != nil {
			return b, fmt.Errorf("values: %w", err)
		}
	}
	if d.Severity != "" {
		b = jsonw.AppendString(append(b, ",\n"+in1+`"severity": `...), d.Severity)
	}
	if d.FirstSeen != nil {
		t, err := d.FirstSeen.MarshalJSON()
		if err != nil {
			return b, err
		}
		b = append(append(b, ",\n"+in1+`"first_seen": `...), t...)
	}
	if d.Class != "" {
		b = jsonw.AppendString(append(b, ",\n"+in1+`"class": `...), d.Class)
	}
	return append(b, "\n"+driftIndent+"}"...), nil
}
