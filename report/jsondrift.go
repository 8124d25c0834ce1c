package report

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/drift-sh/drift/diff"
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
	if k := d.Kind.String(); plainString(k) {
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
	b = append(b, ": "...)
	v = bytes.Trim(v, " \t\r\n")
	if plainScalar(v) {
		return append(b, v...), nil
	}
	var out bytes.Buffer
	if err := json.Indent(&out, v, in, "  "); err != nil {
		return b, err
	}
	return append(b, out.Bytes()...), nil
}

// appendString appends s as encoding/json writes a string without HTML
// escapes.
func appendString(b []byte, s string) []byte {
	if plainString(s) {
		return appendQuoted(b, s)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(out.Bytes(), []byte("\n"))...)
}

func appendQuoted(b []byte, s string) []byte {
	return append(append(append(b, '"'), s...), '"')
}

// plainString says whether s is printable ASCII with nothing that JSON,
// or encoding/json's HTML escaping, would escape: quoted, it is its JSON.
func plainString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// plainScalar says whether v is a JSON value that encoding/json writes as
// it is: true, false, null, a number without an exponent, or a string of
// printable ASCII without escapes.
func plainScalar(v []byte) bool {
	switch {
	case len(v) == 0:
		return false
	case v[0] == '"':
		if len(v) < 2 || v[len(v)-1] != '"' {
			return false
		}
		for _, c := range v[1 : len(v)-1] {
			if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
				return false
			}
		}
		return true
	case v[0] == '-' || (v[0] >= '0' && v[0] <= '9'):
		return plainNumber(v)
	}
	s := string(v)
	return s == "true" || s == "false" || s == "null"
}

// plainNumber says whether v is -?(0|[1-9][0-9]*)(.[0-9]+)?, a JSON number
// without an exponent.
func plainNumber(v []byte) bool {
	if v[0] == '-' {
		v = v[1:]
	}
	digits := func() int {
		n := 0
		for n < len(v) && v[n] >= '0' && v[n] <= '9' {
			n++
		}
		return n
	}
	n := digits()
	if n == 0 || (n > 1 && v[0] == '0') {
		return false
	}
	if v = v[n:]; len(v) == 0 {
		return true
	}
	if v[0] != '.' {
		return false
	}
	v = v[1:]
	n = digits()
	return n > 0 && n == len(v)
}
