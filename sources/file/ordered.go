package file

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// object is a JSON object that keeps its keys in the order the file has
// them, so a rewrite does not reorder a user's keys.
type object struct {
	members []member
}

type member struct {
	key string
	val any
}

// get returns the value of key, and whether it is there. Of duplicate
// keys the last counts, as when the record is read.
func (o *object) get(key string) (any, bool) {
	for i := len(o.members) - 1; i >= 0; i-- {
		if o.members[i].key == key {
			return o.members[i].val, true
		}
	}
	return nil, false
}

// set replaces the value of key in place, or appends the key.
func (o *object) set(key string, v any) {
	for i := len(o.members) - 1; i >= 0; i-- {
		if o.members[i].key == key {
			o.members[i].val = v
			return
		}
	}
	o.members = append(o.members, member{key, v})
}

// getPath walks a dotted path through nested objects.
func (o *object) getPath(path []string) any {
	var v any = o
	for _, p := range path {
		obj, ok := v.(*object)
		if !ok {
			return nil
		}
		v, _ = obj.get(p)
	}
	return v
}

// setPath sets the value at a dotted path, creating the objects on the way;
// it refuses to replace a non-object that lies on the path.
func (o *object) setPath(path []string, v any) error {
	for i, p := range path[:len(path)-1] {
		next, ok := o.get(p)
		if !ok || next == nil {
			child := &object{}
			o.set(p, child)
			o = child
			continue
		}
		child, isObj := next.(*object)
		if !isObj {
			return fmt.Errorf("%q is not an object, so %q cannot be set inside it", strings.Join(path[:i+1], "."), strings.Join(path, "."))
		}
		o = child
	}
	o.set(path[len(path)-1], v)
	return nil
}

// decodeOrdered decodes one JSON value, objects as *object and numbers as
// json.Number.
func decodeOrdered(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return readOrdered(dec)
}

func readOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		o := &object{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := readOrdered(dec)
			if err != nil {
				return nil, err
			}
			o.members = append(o.members, member{k.(string), v})
		}
		_, err := dec.Token()
		return o, err
	case json.Delim('['):
		arr := []any{}
		for dec.More() {
			v, err := readOrdered(dec)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.Token()
		return arr, err
	}
	return tok, nil
}

// plain converts an ordered value back to the map types of contract.Record.
func plain(v any) any {
	switch t := v.(type) {
	case *object:
		m := make(map[string]any, len(t.members))
		for _, mem := range t.members {
			m[mem.key] = plain(mem.val)
		}
		return m
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = plain(e)
		}
		return out
	}
	return v
}
