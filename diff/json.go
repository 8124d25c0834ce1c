package diff

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// DriftID is a drift's stable id: the first 16 hex digits of the SHA-256 of
// its kind name, its key as report JSON (an object in key order), source,
// field and rule, in that order, each part preceded by its length as a
// uvarint, absent parts empty. The same divergence gets the same id in every
// scan, so scan history and plans can refer to it.
func DriftID(kind Kind, key Key, source, field, rule string) string {
	keyJSON, _ := key.MarshalJSON()
	var buf []byte
	return driftID(&buf, kind, keyJSON, source, field, rule)
}

// driftID is DriftID of a key given as its report JSON, its input built in
// *buf, a buffer that may be reused from call to call.
func driftID(b *[]byte, kind Kind, keyJSON []byte, source, field, rule string) string {
	buf := appendPart((*b)[:0], kind.String())
	buf = binary.AppendUvarint(buf, uint64(len(keyJSON)))
	buf = append(buf, keyJSON...)
	buf = appendPart(buf, source)
	buf = appendPart(buf, field)
	buf = appendPart(buf, rule)
	*b = buf
	sum := sha256.Sum256(buf)
	var id [16]byte
	hex.Encode(id[:], sum[:8])
	return string(id[:])
}

// appendPart appends a part of a drift id's input: its length as a
// uvarint, then its bytes.
func appendPart(buf []byte, part string) []byte {
	return append(binary.AppendUvarint(buf, uint64(len(part))), part...)
}

// UnmarshalJSON reads a kind's report name.
func (k *Kind) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("drift kind: %w", err)
	}
	for kind, name := range kindNames {
		if name == s {
			*k = kind
			return nil
		}
	}
	return fmt.Errorf("drift kind %q is unknown; want changed, missing or violation", s)
}

// UnmarshalJSON reads a key object, keeping its field order.
func (k *Key) UnmarshalJSON(b []byte) error {
	var out Key
	var seen members
	err := readObject(b, func(name string, v json.RawMessage) {
		seen.add(name)
		out = append(out, KeyPart{Field: name, Value: v})
	})
	if err == nil {
		err = seen.err()
	}
	if err != nil {
		return fmt.Errorf("drift key: %w", err)
	}
	*k = out
	return nil
}

// UnmarshalJSON reads a values object, keeping its source order.
func (v *Values) UnmarshalJSON(b []byte) error {
	var out Values
	var seen members
	err := readObject(b, func(name string, val json.RawMessage) {
		seen.add(name)
		out = append(out, SourceValue{Source: name, Value: val})
	})
	if err == nil {
		err = seen.err()
	}
	if err != nil {
		return fmt.Errorf("drift values: %w", err)
	}
	*v = out
	return nil
}

// readObject calls fn for each member of a JSON object, in order, with the
// value compacted. A JSON null is no object and no error.
func readObject(b []byte, fn func(name string, v json.RawMessage)) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	t, err := d.Token()
	if err != nil {
		return err
	}
	if t != json.Delim('{') {
		return fmt.Errorf("want a JSON object, got %s", b)
	}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return err
		}
		name, _ := t.(string)
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return fmt.Errorf("member %q: %w", name, err)
		}
		var c bytes.Buffer
		if err := json.Compact(&c, raw); err != nil {
			return fmt.Errorf("member %q: %w", name, err)
		}
		fn(name, json.RawMessage(c.Bytes()))
	}
	_, err = d.Token()
	return err
}

// members tracks the member names of one JSON object, to refuse an object
// that names one twice: which of the two counts would be a guess.
type members struct {
	seen map[string]bool
	dup  string
}

func (m *members) add(name string) {
	if m.seen == nil {
		m.seen = map[string]bool{}
	}
	if m.seen[name] && m.dup == "" {
		m.dup = name
	}
	m.seen[name] = true
}

func (m *members) err() error {
	if m.dup == "" {
		return nil
	}
	return fmt.Errorf("member %q appears twice; an object names each member once", m.dup)
}
