package state

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/drift-sh/drift/contract"
)

// errCorrupt is what a recorded record that does not decode gives.
var errCorrupt = errors.New("recorded record does not decode (the recording is damaged)")

// DecodeRecord reads back a record that EncodeRecord wrote: Values holds
// every raw value with its Go type (a CSV cell as a contract.Cell), Loc
// and Unknown as read. Pos is 0.
func DecodeRecord(b []byte) (contract.Record, error) {
	d := decoder{b: b}
	n := d.uvarint()
	if n > uint64(len(b)) {
		return contract.Record{}, errCorrupt
	}
	rec := contract.Record{Values: make([]any, n)}
	for i := range rec.Values {
		rec.Values[i] = d.value(0)
	}
	rec.Loc = d.loc()
	if m := d.uvarint(); m > 0 && m <= uint64(len(b)) {
		rec.Unknown = make([]string, m)
		for i := range rec.Unknown {
			rec.Unknown[i] = d.str()
		}
	}
	if d.bad || len(d.b) != 0 {
		return contract.Record{}, errCorrupt
	}
	return rec, nil
}

// decoder reads the encoding; a malformed input sets bad and yields zero
// values from then on.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.bad = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.bad, d.b = true, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) value(depth int) any {
	if depth > maxDepth {
		d.bad, d.b = true, nil
	}
	if d.bad {
		return nil
	}
	switch tag := d.byte(); tag {
	case tagNil:
		return nil
	case tagCell:
		return contract.Cell(d.str())
	case tagString:
		return d.str()
	case tagNumber:
		return json.Number(d.str())
	case tagFalse, tagTrue:
		return tag == tagTrue
	case tagArray:
		return d.array(depth)
	case tagObject:
		return d.object(depth)
	case tagTime:
		var t time.Time
		if err := t.UnmarshalBinary([]byte(d.str())); err != nil {
			d.bad = true
		}
		return t
	case tagInt:
		return d.varint()
	case tagFloat:
		if len(d.b) < 8 {
			d.bad, d.b = true, nil
			return nil
		}
		f := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
		d.b = d.b[8:]
		return f
	case tagBytes:
		return []byte(d.str())
	case tagLiteral:
		text := d.str()
		return contract.Literal{Text: text, Number: json.Number(d.str())}
	}
	d.bad, d.b = true, nil
	return nil
}

func (d *decoder) array(depth int) any {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.bad, d.b = true, nil
		return nil
	}
	out := make([]any, n)
	for i := range out {
		out[i] = d.value(depth + 1)
	}
	return out
}

func (d *decoder) object(depth int) any {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.bad, d.b = true, nil
		return nil
	}
	out := make(map[string]any, n)
	for range n {
		k := d.str()
		out[k] = d.value(depth + 1)
	}
	return out
}

func (d *decoder) loc() string {
	switch d.byte() {
	case 0:
		return ""
	case 1:
		return "line " + strconv.FormatUint(d.uvarint(), 10)
	case 2:
		return "record " + strconv.FormatUint(d.uvarint(), 10)
	case 3:
		return d.str()
	}
	d.bad = true
	return ""
}
