package repair

import (
	"bytes"
	"encoding/json"
	"errors"
)

// errNotStreamed is an ops member streamPlan leaves to ReadPlan.
var errNotStreamed = errors.New("ops is not an array")

// streamPlan decodes a plan an op at a time, so that the decoder never
// buffers the whole file (a plan of 100,000 ops is about 40 MB): the ops
// array is read element by element, every other member is gathered and
// decoded as one small object, with the same options as ReadPlan's. ok is
// false for anything it does not take as is (bad JSON, an unknown member,
// ops that are not an array, data after the plan): ReadPlan then decodes
// the file whole, for its usual error.
func streamPlan(data []byte) (*Plan, bool) {
	dec := newPlanDecoder(data)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var p Plan
	rest := []byte{'{'}
	for dec.More() {
		t, err := dec.Token()
		name, isName := t.(string)
		if err != nil || !isName {
			return nil, false
		}
		if name == "ops" {
			if p.Ops, err = streamOps(dec); err != nil {
				return nil, false
			}
			continue
		}
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return nil, false
		}
		b, _ := json.Marshal(name)
		if len(rest) > 1 {
			rest = append(rest, ',')
		}
		rest = append(append(append(rest, b...), ':'), raw...)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') || dec.More() {
		return nil, false
	}
	rd := newPlanDecoder(append(rest, '}'))
	if rd.Decode(&p) != nil {
		return nil, false
	}
	return &p, true
}

func newPlanDecoder(data []byte) *json.Decoder {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	return dec
}

// streamOps decodes the ops array at dec, one op at a time.
func streamOps(dec *json.Decoder) ([]Op, error) {
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, errNotStreamed
	}
	ops := []Op{}
	for dec.More() {
		var op Op
		if err := dec.Decode(&op); err != nil {
			return nil, err
		}
		ops = append(ops, op)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim(']') {
		return nil, errNotStreamed
	}
	return ops, nil
}
