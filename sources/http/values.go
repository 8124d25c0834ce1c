package httpsource

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// styled keeps a numeric field a JSON number unless the item already
// stores it as a string: canonical decimals arrive as strings.
func styled(f *contract.Field, cur, v any) any {
	text, ok := v.(string)
	if !ok || !isNumeric(f) || !isJSONNumber(text) {
		return v
	}
	if _, isString := cur.(string); isString {
		return v
	}
	return json.Number(text)
}

func isNumeric(f *contract.Field) bool {
	return f.Type == contract.TypeInt || f.Type == contract.TypeDecimal || f.Type == contract.TypeFloat
}

// isJSONNumber reports whether s is a JSON number literal.
func isJSONNumber(s string) bool {
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return false
	}
	var n json.Number
	return json.Unmarshal([]byte(s), &n) == nil
}

// setPath sets v at a dotted path, creating the objects on the way.
func setPath(obj map[string]any, path []string, v any) {
	for _, p := range path[:len(path)-1] {
		next, ok := obj[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			obj[p] = next
		}
		obj = next
	}
	obj[path[len(path)-1]] = v
}

// jsonText encodes v as compact JSON with sorted keys, numbers as their
// literal text, and no HTML escaping.
func jsonText(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("cannot write %T as JSON: %w", v, err)
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}
