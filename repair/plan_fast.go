package repair

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/runs"
	"github.com/drift-sh/drift/sources"
)

// A plan of 100,000 ops is about 40 MB of JSON; encoding/json spends
// seconds on it, most of them in the reflection and the small decoders
// that Key and Fields start for each object. readPlanFast finds the ops'
// spans with a scan that only tracks strings and brackets, and decodes
// each op with opDecoder, a strict decoder of the JSON drift writes,
// on every core. An op opDecoder does not take as is (an escape in a
// name, a null, a member twice, anything unusual) is decoded by
// encoding/json instead, with ReadPlan's options, so the result is
// always what encoding/json gives; the tests hold the two to that.

// readPlanFast decodes a plan as one Decode of the whole file with
// newPlanDecoder's options does, without ever holding the file in that
// decoder: the ops array is split into its elements, and every other
// member is gathered and decoded as one small object. ok is false for
// anything it does not take as is (bad JSON, an unknown member, ops that
// are not an array or appear twice, data after the plan): ReadPlan then
// decodes the file whole, for its usual error.
func readPlanFast(data []byte) (*Plan, bool) {
	// The ops' values are slices of data, which ReadPlanKeeping keeps.
	d := opDecoder{jsonScan: jsonScan{b: data}}
	var spans [][]byte
	sawOps := false
	rest := []byte{'{'}
	ok := d.object(func(name string) bool {
		switch {
		case !planMembers[name]:
			// encoding/json matches member names without regard to case
			// (and Unicode folding): "Ops" would fill the ops after "ops"
			// did. Only the whole decode may judge it.
			return false
		case name == "ops":
			sawOps = true
			at := d.i
			var ok bool
			if spans, ok = d.lineSpans(); !ok {
				d.i = at
				spans, ok = d.arraySpans()
			}
			return ok
		}
		raw, ok := d.skipValue()
		if len(rest) > 1 {
			rest = append(rest, ',')
		}
		rest = append(append(append(append(rest, '"'), name...), '"', ':'), raw...)
		return ok
	})
	d.ws()
	if !ok || d.i != len(d.b) {
		return nil, false
	}
	var p Plan
	dec := newPlanDecoder(append(rest, '}'))
	if dec.Decode(&p) != nil || dec.More() {
		return nil, false
	}
	if sawOps {
		ops, ok := decodeOps(spans)
		if !ok {
			return nil, false
		}
		p.Ops = ops
	}
	return &p, true
}

// planMembers are the member names of a plan file as drift writes them.
var planMembers = map[string]bool{"schema": true, "plan_id": true, "created_at": true, "config": true,
	"contract": true, "sources": true, "ops": true, "manual": true, "filter": true}

func newPlanDecoder(data []byte) *json.Decoder {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	return dec
}

// decodeOps decodes each span as one op, the spans split between the
// cores.
func decodeOps(spans [][]byte) ([]Op, bool) {
	ops := make([]Op, len(spans))
	failed := make([]bool, runs.Max())
	n := runs.Each(len(spans), func(run, lo, hi int) {
		var d opDecoder
		for i := lo; i < hi; i++ {
			if !d.decode(spans[i], &ops[i]) {
				failed[run] = true
				return
			}
		}
	})
	for _, f := range failed[:n] {
		if f {
			return nil, false
		}
	}
	return ops, true
}

// decode decodes b as exactly one op, nothing but white space around
// it: by the decoder when it takes it, else by encoding/json.
func (d *opDecoder) decode(b []byte, op *Op) bool {
	d.b, d.i = b, 0
	if d.op(op) {
		return true
	}
	*op = Op{}
	dec := newPlanDecoder(b)
	return dec.Decode(op) == nil && onlySpace(b[dec.InputOffset():])
}

// onlySpace reports whether b is JSON white space alone.
func onlySpace(b []byte) bool { return len(bytes.Trim(b, " \t\r\n")) == 0 }

// jsonScan reads JSON text at i.
type jsonScan struct {
	b []byte
	i int
}

func (r *jsonScan) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *jsonScan) eat(c byte) bool {
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

// plainString reads a string with no escape, no control character and
// valid UTF-8: one whose JSON text is its value.
func (r *jsonScan) plainString() (string, bool) {
	b, ok := r.plainBytes()
	return string(b), ok
}

// plainBytes is plainString's text, in place.
func (r *jsonScan) plainBytes() ([]byte, bool) {
	if !r.eat('"') {
		return nil, false
	}
	start := r.i
	ascii := true
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			s := r.b[start:r.i]
			r.i++
			if !ascii && !utf8.Valid(s) {
				return nil, false
			}
			return s, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= 0x80:
			ascii = false
		}
		r.i++
	}
	return nil, false
}

// skipValue returns the text of the value at i, tracking only strings
// and brackets: what it returns is for a real decoder to check.
func (r *jsonScan) skipValue() ([]byte, bool) {
	start, depth := r.i, 0
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch c {
		case '"':
			r.i++
			for r.i < len(r.b) && r.b[r.i] != '"' {
				if r.b[r.i] == '\\' {
					r.i++
				}
				r.i++
			}
			if r.i >= len(r.b) {
				return nil, false
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return r.b[start:r.i], r.i > start
			}
			depth--
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return r.b[start:r.i], r.i > start
			}
		}
		r.i++
		if depth == 0 && (c == '"' || c == '}' || c == ']') {
			// A string, object or array just ended at the top.
			return r.b[start:r.i], true
		}
	}
	return r.b[start:r.i], depth == 0 && r.i > start
}

// array reads an array, calling elem with the reader at each element.
func (r *jsonScan) array(elem func() bool) bool {
	if !r.eat('[') {
		return false
	}
	r.ws()
	if r.eat(']') {
		return true
	}
	for {
		r.ws()
		if !elem() {
			return false
		}
		r.ws()
		if r.eat(']') {
			return true
		}
		if !r.eat(',') {
			return false
		}
	}
}

// lineSpans reads an array written one element a line, as drift writes a
// plan's ops, and returns the text of each element: a raw line break is
// never inside a JSON string, so the lines are found without reading the
// elements, which decodeOps then reads on every core. It reports false
// for any other layout (arraySpans reads it): a line that holds no
// element, or more than one (an element that does not decode as one op
// is left to encoding/json by decodeOps, as it is after arraySpans).
func (r *jsonScan) lineSpans() ([][]byte, bool) {
	if !r.eat('[') {
		return nil, false
	}
	var spans [][]byte
	more := true // a comma ended the last element, or none was read
	for r.i < len(r.b) {
		end := bytes.IndexByte(r.b[r.i:], '\n')
		if end < 0 {
			end = len(r.b) - r.i
		}
		line := bytes.Trim(r.b[r.i:r.i+end], " \t\r")
		switch {
		case len(line) == 0:
		case line[0] == ']':
			if !more || len(spans) == 0 {
				// Past the closing bracket of the array.
				r.i = bytes.IndexByte(r.b[r.i:], ']') + r.i + 1
				return spans, true
			}
			return nil, false // a comma before the bracket
		case !more:
			return nil, false // two elements without a comma
		default:
			elem, comma := bytes.CutSuffix(line, []byte{','})
			elem = bytes.TrimRight(elem, " \t\r")
			if len(elem) == 0 || elem[0] != '{' || elem[len(elem)-1] != '}' {
				return nil, false
			}
			spans, more = append(spans, elem), comma
		}
		r.i += end + 1
	}
	return nil, false
}

// arraySpans reads an array and returns the text of each element.
func (r *jsonScan) arraySpans() ([][]byte, bool) {
	spans := [][]byte{}
	ok := r.array(func() bool {
		v, ok := r.skipValue()
		spans = append(spans, v)
		return ok
	})
	return spans, ok
}

// opDecoder decodes the plans and ops drift writes. Each method returns
// false for anything it does not take, never for a reason of its own: the
// op (or the plan) is then left to encoding/json.
type opDecoder struct {
	jsonScan
	compact bytes.Buffer
	// vals and reasons gather the members of the object being read,
	// which is then copied out at its exact size: a plan's ops hold
	// hundreds of thousands of these slices.
	vals    []FieldValue
	reasons []FieldReason
	// names holds one copy of each member name, source, action and
	// strategy read: a plan repeats them in every op, and one string
	// each keeps the ops' strings few for the garbage collector.
	names map[string]string
}

// name reads a plain string, shared with every equal one read before.
func (d *opDecoder) name(s *string) bool {
	b, ok := d.plainBytes()
	if !ok {
		return false
	}
	if v, ok := d.names[string(b)]; ok {
		*s = v
		return true
	}
	if d.names == nil {
		d.names = map[string]string{}
	}
	v := string(b)
	if len(d.names) < 4096 {
		d.names[v] = v
	}
	*s = v
	return true
}

// object reads an object whose member names are plain strings, each
// once, calling member with the reader at each member's value.
func (d *opDecoder) object(member func(name string) bool) bool {
	d.ws()
	if !d.eat('{') {
		return false
	}
	d.ws()
	if d.eat('}') {
		return true
	}
	// Seen member names: on the stack for an object of up to 8.
	var seen [8]string
	names := seen[:0]
	for {
		d.ws()
		var name string
		if !d.name(&name) {
			return false
		}
		for _, n := range names {
			if n == name {
				return false
			}
		}
		names = append(names, name)
		d.ws()
		if !d.eat(':') {
			return false
		}
		d.ws()
		if !member(name) {
			return false
		}
		d.ws()
		if d.eat('}') {
			return true
		}
		if !d.eat(',') {
			return false
		}
	}
}

func (d *opDecoder) op(op *Op) bool {
	ok := d.object(func(name string) bool {
		switch name {
		case "id":
			return d.str(&op.ID)
		case "source":
			return d.name(&op.Source)
		case "action":
			var a string
			if !d.name(&a) {
				return false
			}
			op.Action = sources.Action(a)
			return true
		case "key":
			return d.key(&op.Key)
		case "set":
			return d.fields(&op.Set)
		case "expect":
			return d.fields(&op.Expect)
		case "record":
			return d.fields(&op.Record)
		case "reason":
			return d.reason(&op.Reason)
		}
		return false
	})
	d.ws()
	return ok && d.i == len(d.b)
}

func (d *opDecoder) str(s *string) bool {
	v, ok := d.plainString()
	*s = v
	return ok
}

func (d *opDecoder) key(k *diff.Key) bool {
	d.vals = d.vals[:0]
	ok := d.members()
	var out diff.Key
	if len(d.vals) > 0 {
		out = make(diff.Key, len(d.vals))
		for i, f := range d.vals {
			out[i] = diff.KeyPart{Field: f.Field, Value: f.Value}
		}
	}
	*k = out
	return ok
}

func (d *opDecoder) fields(fs *Fields) bool {
	d.vals = d.vals[:0]
	ok := d.members()
	*fs = append(make(Fields, 0, len(d.vals)), d.vals...)
	return ok
}

// members reads an object of values into d.vals, in order.
func (d *opDecoder) members() bool {
	return d.object(func(name string) bool {
		v, ok := d.value()
		d.vals = append(d.vals, FieldValue{Field: name, Value: v})
		return ok
	})
}

func (d *opDecoder) reason(r *Reason) bool {
	return d.object(func(name string) bool {
		if name == "fields" {
			return d.fieldReasons(&r.Fields)
		}
		return d.why(name, &r.Strategy, &r.From, &r.Drift)
	})
}

// why reads the member name of a reason or a field's reason that says
// why: its strategy, the source its value is from, and its drift.
func (d *opDecoder) why(name string, strategy, from, drift *string) bool {
	switch name {
	case "strategy":
		return d.name(strategy)
	case "from":
		return d.name(from)
	case "drift":
		return d.str(drift)
	}
	return false
}

func (d *opDecoder) fieldReasons(out *[]FieldReason) bool {
	d.reasons = d.reasons[:0]
	ok := d.array(func() bool {
		var fr FieldReason
		ok := d.object(func(name string) bool {
			if name == "field" {
				return d.name(&fr.Field)
			}
			return d.why(name, &fr.Strategy, &fr.From, &fr.Drift)
		})
		d.reasons = append(d.reasons, fr)
		return ok
	})
	if ok {
		*out = append(make([]FieldReason, 0, len(d.reasons)), d.reasons...)
	}
	return ok
}

// value reads any JSON value and returns it compact, as readObject does:
// a string, number or literal as written (after checking it), an object
// or array through json.Compact.
func (d *opDecoder) value() (json.RawMessage, bool) {
	if d.i >= len(d.b) {
		return nil, false
	}
	start := d.i
	switch c := d.b[d.i]; {
	case c == '"':
		if !d.skipString() {
			return nil, false
		}
	case c == '-' || c >= '0' && c <= '9':
		if !d.number() {
			return nil, false
		}
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '{' || c == '[':
		raw, ok := d.skipValue()
		if !ok {
			return nil, false
		}
		d.compact.Reset()
		if json.Compact(&d.compact, raw) != nil {
			return nil, false
		}
		return json.RawMessage(bytes.Clone(d.compact.Bytes())), true
	default:
		return nil, false
	}
	return json.RawMessage(d.b[start:d.i:d.i]), true
}

func (d *opDecoder) literal(word string) (json.RawMessage, bool) {
	if !bytes.HasPrefix(d.b[d.i:], []byte(word)) {
		return nil, false
	}
	d.i += len(word)
	return json.RawMessage(word), true
}

// skipString reads a string's JSON text, checking its escapes; its bytes
// are kept as written, as json.Compact keeps them.
func (d *opDecoder) skipString() bool {
	start := d.i
	ascii := true
	d.i++
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			return ascii || utf8.Valid(d.b[start:d.i])
		case c >= 0x80:
			ascii = false
		case c < 0x20:
			return false
		case c == '\\':
			d.i++
			if d.i >= len(d.b) {
				return false
			}
			switch d.b[d.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if d.i+4 >= len(d.b) {
					return false
				}
				for _, h := range d.b[d.i+1 : d.i+5] {
					if !isHex(h) {
						return false
					}
				}
				d.i += 4
			default:
				return false
			}
		}
		d.i++
	}
	return false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// number reads a number as JSON's grammar has it.
func (d *opDecoder) number() bool {
	digits := func() int {
		n := 0
		for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	d.eat('-')
	if d.eat('0') {
		if d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
			return false
		}
	} else if digits() == 0 {
		return false
	}
	if d.eat('.') && digits() == 0 {
		return false
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if !d.eat('+') {
			d.eat('-')
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}
