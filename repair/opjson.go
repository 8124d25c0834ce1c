package repair

import (
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/jsonw"
)

// A plan's id hashes every op as compact JSON, and the journal keeps every
// op's reason so; for a plan of 100,000 ops encoding/json's reflection was
// most of checking it. appendOp and appendReason write them directly, byte
// for byte what an Encoder with SetEscapeHTML(false) writes (without its
// newline), held to it by TestAppendOpIsEncode: key and field names as
// diff.Key marshals them, raw values compacted, and a raw value that is
// not JSON an error.

// appendOp appends op's compact JSON.
func appendOp(b []byte, op *Op) ([]byte, error) {
	b = jsonw.AppendString(append(b, `{"id":`...), op.ID)
	b = jsonw.AppendString(append(b, `,"source":`...), op.Source)
	b, err := appendMembers(append(b, `,"key":`...), op.Key)
	if err != nil {
		return b, err
	}
	b = jsonw.AppendString(append(b, `,"action":`...), string(op.Action))
	for _, m := range [...]struct {
		name string
		fs   Fields
	}{{`,"set":`, op.Set}, {`,"expect":`, op.Expect}, {`,"record":`, op.Record}} {
		if len(m.fs) > 0 {
			if b, err = appendFields(append(b, m.name...), m.fs); err != nil {
				return b, err
			}
		}
	}
	b = appendReason(append(b, `,"reason":`...), &op.Reason)
	return append(b, '}'), nil
}

// appendReason appends r's compact JSON.
func appendReason(b []byte, r *Reason) []byte {
	b = jsonw.AppendString(append(b, `{"strategy":`...), r.Strategy)
	if r.From != "" {
		b = jsonw.AppendString(append(b, `,"from":`...), r.From)
	}
	b = jsonw.AppendString(append(b, `,"drift":`...), r.Drift)
	if len(r.Fields) > 0 {
		b = append(b, `,"fields":[`...)
		for i, f := range r.Fields {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonw.AppendString(append(b, `{"field":`...), f.Field)
			b = jsonw.AppendString(append(b, `,"strategy":`...), f.Strategy)
			if f.From != "" {
				b = jsonw.AppendString(append(b, `,"from":`...), f.From)
			}
			b = append(jsonw.AppendString(append(b, `,"drift":`...), f.Drift), '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendMembers appends the object k marshals as, compacted as the
// Encoder compacts a Marshaler's output (see jsonw.AppendObject).
func appendMembers(b []byte, k diff.Key) ([]byte, error) {
	return jsonw.AppendObject(b, len(k), func(i int) (string, []byte) { return k[i].Field, k[i].Value },
		diff.AppendName, k.MarshalJSON, "", "")
}

// appendFields appends fs as appendMembers appends the diff.Key it
// marshals as, without making that key.
func appendFields(b []byte, fs Fields) ([]byte, error) {
	return jsonw.AppendObject(b, len(fs), func(i int) (string, []byte) { return fs[i].Field, fs[i].Value },
		diff.AppendName, fs.MarshalJSON, "", "")
}

// key is fs as the diff.Key it marshals as.
func (fs Fields) key() diff.Key {
	key := make(diff.Key, len(fs))
	for i, f := range fs {
		key[i] = diff.KeyPart{Field: f.Field, Value: f.Value}
	}
	return key
}
