package httpsource

import (
	"net/http"
	"slices"

	"maps"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourceutil"
)

// restoreRequest is an update given the item as GetWhole read it
// (op.Whole): each field named in op.Set takes the value the item held, as
// the API gave it (numbers as written, strings as they were), not its
// canonical form; a field the item lacked is removed (PUT) or nulled
// (PATCH).
func (s *Source) restoreRequest(cur item, op sources.WriteOp, u string, h http.Header) (*request, error) {
	doc, err := decodeJSON(op.Whole)
	whole, ok := doc.(map[string]any)
	if err != nil || !ok {
		return nil, s.errorf("%s %s: the stored item to restore is not a JSON object", s.opts.WriteMethod, redactURL(u))
	}
	if s.opts.WriteMethod == http.MethodPatch {
		patch := map[string]any{}
		for _, name := range slices.Sorted(maps.Keys(op.Set)) {
			if f := s.cfg.Contract.FieldByName(name); f != nil {
				path := s.paths[f.Index]
				sourceutil.SetPath(patch, path, replacing(sourceutil.Lookup(cur.obj, path), sourceutil.Lookup(whole, path)))
			}
		}
		h.Set("Content-Type", "application/merge-patch+json")
		return s.bodyRequest(http.MethodPatch, u, h, patch)
	}
	obj := cur.obj
	if obj == nil {
		obj = map[string]any{}
	}
	for _, name := range slices.Sorted(maps.Keys(op.Set)) {
		if f := s.cfg.Contract.FieldByName(name); f != nil {
			path := s.paths[f.Index]
			if v := sourceutil.Lookup(whole, path); v != nil {
				sourceutil.SetPath(obj, path, v)
			} else {
				sourceutil.DeletePath(obj, path)
			}
		}
	}
	h.Set("Content-Type", "application/json")
	return s.bodyRequest(http.MethodPut, u, h, obj)
}

// replacing is the merge-patch value (RFC 7386) that turns cur into next:
// a merge patch merges objects member by member, so an object that replaces
// another names each member it drops with null.
func replacing(cur, next any) any {
	c, cok := cur.(map[string]any)
	n, nok := next.(map[string]any)
	if !cok || !nok {
		return next
	}
	out := make(map[string]any, len(n)+len(c))
	for k, v := range n {
		out[k] = replacing(c[k], v)
	}
	for k := range c {
		if _, kept := n[k]; !kept {
			out[k] = nil
		}
	}
	return out
}
