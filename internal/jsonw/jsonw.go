// Package jsonw writes the JSON pieces that encoding/json writes for
// drift's hot documents (a report's drifts, a plan's ops), byte for byte,
// without reflection: strings as an Encoder without HTML escaping writes
// them, and raw values that need no compacting as they are. Anything
// beyond the plain cases goes through encoding/json itself.
package jsonw

import (
	"bytes"
	"encoding/json"
)

// AppendString appends s as an Encoder with SetEscapeHTML(false) writes a
// string.
func AppendString(b []byte, s string) []byte {
	if PlainString(s) {
		return append(append(append(b, '"'), s...), '"')
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(out.Bytes(), []byte("\n"))...)
}

// PlainString says whether s is printable ASCII with nothing that JSON,
// or encoding/json's HTML escaping, would escape: quoted, it is its JSON
// whatever the escaping.
func PlainString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// TrimSpace drops the JSON white space around a raw value.
func TrimSpace(v []byte) []byte { return bytes.Trim(v, " \t\r\n") }

// PlainScalar says whether v is a JSON value that encoding/json writes as
// it is, compact or indented: true, false, null, a number without an
// exponent, or a string of printable ASCII without escapes.
func PlainScalar(v []byte) bool {
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

// AppendMarshaled appends what a Marshaler wrote, raw, as encoding/json
// writes it: compacted (an error where raw is not JSON, a value judged in
// its place), then, unless indent is "", indented with prefix and indent.
func AppendMarshaled(b, raw []byte, prefix, indent string) ([]byte, error) {
	var c bytes.Buffer
	if err := json.Compact(&c, raw); err != nil {
		return b, err
	}
	if indent == "" {
		return append(b, c.Bytes()...), nil
	}
	var out bytes.Buffer
	if err := json.Indent(&out, c.Bytes(), prefix, indent); err != nil {
		return b, err
	}
	return append(b, out.Bytes()...), nil
}

// AppendObject appends the object of n members that marshal writes (a
// Marshaler's output, as diff.Key's: member i's name, written by
// appendName, and its raw value), as encoding/json writes it: compact
// when indent is "", else indented with prefix and indent. While every
// value is a plain scalar the object is written member by member; else
// it goes whole through AppendMarshaled, so that a value is judged in its
// place, as encoding/json judges it.
func AppendObject(b []byte, n int, member func(i int) (string, []byte), appendName func([]byte, string) []byte,
	marshal func() ([]byte, error), prefix, indent string) ([]byte, error) {
	for i := range n {
		if _, v := member(i); !PlainScalar(TrimSpace(v)) {
			raw, err := marshal()
			if err != nil {
				return b, err
			}
			return AppendMarshaled(b, raw, prefix, indent)
		}
	}
	if n == 0 {
		return append(b, "{}"...), nil
	}
	b = append(b, '{')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		name, v := member(i)
		if indent != "" {
			b = append(append(append(b, '\n'), prefix...), indent...)
		}
		b = append(appendName(b, name), ':')
		if indent != "" {
			b = append(b, ' ')
		}
		b = append(b, TrimSpace(v)...)
	}
	if indent != "" {
		b = append(append(b, '\n'), prefix...)
	}
	return append(b, '}'), nil
}
