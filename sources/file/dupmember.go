package file

import (
	"bytes"
	"encoding/json"
)

// dupMember finds a member name given twice in one object of a valid JSON
// value, at any depth: a decoder would keep only the last, so the record
// would silently lose a value. Names are compared unescaped.
func dupMember(raw []byte) (string, bool) {
	type level struct {
		obj  bool
		keys [][]byte
	}
	var stack []level
	expectKey := false
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '{':
			stack = append(stack, level{obj: true})
			expectKey = true
		case '[':
			stack = append(stack, level{})
			expectKey = false
		case '}', ']':
			stack = stack[:len(stack)-1]
			expectKey = false
		case ',':
			expectKey = len(stack) > 0 && stack[len(stack)-1].obj
		case '"':
			end := stringEnd(raw, i)
			if expectKey {
				top := &stack[len(stack)-1]
				key := memberName(raw[i : end+1])
				for _, k := range top.keys {
					if bytes.Equal(k, key) {
						return string(key), true
					}
				}
				top.keys = append(top.keys, key)
			}
			expectKey = false
			i = end
		}
	}
	return "", false
}

// stringEnd returns the index of the quote that closes the string opening
// at raw[start].
func stringEnd(raw []byte, start int) int {
	for i := start + 1; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(raw) - 1
}

// memberName is a quoted member name, unescaped when it holds an escape.
func memberName(quoted []byte) []byte {
	if bytes.IndexByte(quoted, '\\') < 0 {
		return quoted[1 : len(quoted)-1]
	}
	var s string
	if json.Unmarshal(quoted, &s) != nil {
		return quoted
	}
	return []byte(s)
}
