package sourceutil

import (
	"sort"

	"github.com/drift-sh/drift/contract"
)

// Lookup walks nested objects along path; nil when any step is missing.
func Lookup(v any, path []string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// SetPath sets v at a dotted path, creating the objects on the way.
func SetPath(obj map[string]any, path []string, v any) {
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

// DeletePath removes the member at a dotted path, if it is there.
func DeletePath(obj map[string]any, path []string) {
	for _, p := range path[:len(path)-1] {
		next, ok := obj[p].(map[string]any)
		if !ok {
			return
		}
		obj = next
	}
	delete(obj, path[len(path)-1])
}

// ObjectRecord builds a record from a decoded object: field i is read at
// paths[i]; the top-level members whose names known lacks are Unknown,
// sorted.
func ObjectRecord(obj map[string]any, paths [][]string, known map[string]bool, loc string) contract.Record {
	rec := contract.Record{Values: make([]any, len(paths)), Loc: loc}
	for i, p := range paths {
		rec.Values[i] = Lookup(obj, p)
	}
	for k := range obj {
		if !known[k] {
			rec.Unknown = append(rec.Unknown, k)
		}
	}
	sort.Strings(rec.Unknown)
	return rec
}
