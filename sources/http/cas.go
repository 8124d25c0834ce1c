package httpsource

import (
	"context"
	"maps"
	"net/http"
	"slices"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourceutil"
)

// Write applies one compare-and-set operation. It GETs the item, checks
// the expectation against it, then sends PUT (the whole item with the set
// fields merged), PATCH (a JSON merge patch of the changed fields) or
// DELETE, with If-Match when the GET gave an ETag. An insert is a PUT with
// If-None-Match: *, of the record or, when Whole is set, of that body. A 412 Precondition Failed means the item changed
// since the GET: a conflict, like a failed expectation.
func (s *Source) Write(ctx context.Context, op sources.WriteOp) error {
	if !s.cfg.Writable {
		return s.errorf("the source is not writable; add `writable: true` (and item_url) to its config to let drift repair it")
	}
	u, err := s.item.expand(s.cfg.Contract, op.Key)
	if err != nil {
		return s.errorf("%w", err)
	}
	cur, err := s.getItem(ctx, u)
	if err != nil {
		return err
	}
	if err := s.check(cur, op, u); err != nil {
		return err
	}
	r, err := s.writeRequest(cur, op, u)
	if err != nil || r == nil {
		return err
	}
	resp, err := s.do(ctx, *r)
	if err != nil {
		return err
	}
	switch {
	case resp.status/100 == 2:
		return nil
	case resp.status == http.StatusPreconditionFailed:
		return s.errorf("%s %s: 412 Precondition Failed: the item changed since it was read: %w", r.method, redactURL(u), sources.ErrConflict)
	case resp.status == http.StatusNotFound && op.Action != sources.ActionInsert:
		return s.errorf("%s %s: 404 Not Found: the item was removed since it was read: %w", r.method, redactURL(u), sources.ErrConflict)
	}
	return s.statusError(*r, resp, "")
}

// check compares the item with what the operation expects.
func (s *Source) check(cur item, op sources.WriteOp, u string) error {
	switch op.Action {
	case sources.ActionUpdate, sources.ActionDelete:
		if !cur.found {
			return s.errorf("GET %s: no such item: %w", redactURL(u), sources.ErrConflict)
		}
		for _, name := range slices.Sorted(maps.Keys(op.Expect)) {
			f, err := s.field(name)
			if err != nil {
				return err
			}
			have, want := f.Parse(cur.rec.Values[f.Index]), f.Parse(op.Expect[name])
			if !f.Equal([]contract.Value{have, want}) {
				return s.errorf("%s: field %q holds %s, the plan expected %s: %w", redactURL(u), name, have.JSON, want.JSON, sources.ErrConflict)
			}
		}
		return nil
	case sources.ActionInsert:
		if cur.found {
			return s.errorf("GET %s: the item exists already: %w", redactURL(u), sources.ErrConflict)
		}
		return nil
	}
	return s.errorf("unknown write action %q; use update, insert or delete", op.Action)
}

// writeRequest builds the request that makes the change; nil when an
// update would change nothing.
func (s *Source) writeRequest(cur item, op sources.WriteOp, u string) (*request, error) {
	h := http.Header{}
	if cur.etag != "" {
		h.Set("If-Match", cur.etag)
	}
	switch op.Action {
	case sources.ActionDelete:
		return &request{method: http.MethodDelete, url: u, header: h}, nil
	case sources.ActionInsert:
		h.Set("If-None-Match", "*")
		h.Set("Content-Type", "application/json")
		if len(op.Whole) > 0 {
			return s.wholeRequest(u, h, op)
		}
		return s.bodyRequest(http.MethodPut, u, h, s.merge(map[string]any{}, sourceutil.InsertValues(s.cfg.Contract, op), false))
	}
	if len(op.Whole) > 0 {
		return s.restoreRequest(cur, op, u, h)
	}
	changed := s.changed(cur, op.Set)
	if len(changed) == 0 {
		return nil, nil
	}
	if s.opts.WriteMethod == http.MethodPatch {
		h.Set("Content-Type", "application/merge-patch+json")
		return s.bodyRequest(http.MethodPatch, u, h, s.patch(cur, changed))
	}
	h.Set("Content-Type", "application/json")
	return s.bodyRequest(http.MethodPut, u, h, s.merge(cur.obj, op.Set, true))
}

func (s *Source) bodyRequest(method, u string, h http.Header, body map[string]any) (*request, error) {
	text, err := sourceutil.JSONText(body)
	if err != nil {
		return nil, s.errorf("%s %s: %w", method, redactURL(u), err)
	}
	return &request{method: method, url: u, header: h, body: []byte(text)}, nil
}

// changed keeps the set values that differ from the item's.
func (s *Source) changed(cur item, set map[string]any) map[string]any {
	out := map[string]any{}
	for name, v := range set {
		f := s.cfg.Contract.FieldByName(name)
		if f == nil || !f.Equal([]contract.Value{f.Parse(cur.rec.Values[f.Index]), f.Parse(v)}) {
			out[name] = v
		}
	}
	return out
}

// patch is the merge patch that sets each field of vals, at its path; an
// object value replaces the item's object rather than merging into it.
func (s *Source) patch(cur item, vals map[string]any) map[string]any {
	out := map[string]any{}
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		if f := s.cfg.Contract.FieldByName(name); f != nil {
			path := s.paths[f.Index]
			old := sourceutil.Lookup(cur.obj, path)
			sourceutil.SetPath(out, path, replacing(old, sourceutil.NumberStyled(f, old, vals[name])))
		}
	}
	return out
}

// merge writes vals into obj at each field's path; with keepNull a null is
// written as null (PUT, merge patch), else left out.
func (s *Source) merge(obj map[string]any, vals map[string]any, keepNull bool) map[string]any {
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		f := s.cfg.Contract.FieldByName(name)
		if f == nil {
			continue
		}
		v := vals[name]
		if v == nil && !keepNull {
			continue
		}
		path := s.paths[f.Index]
		sourceutil.SetPath(obj, path, sourceutil.NumberStyled(f, sourceutil.Lookup(obj, path), v))
	}
	return obj
}

func (s *Source) field(name string) (*contract.Field, error) {
	f := s.cfg.Contract.FieldByName(name)
	if f == nil {
		return nil, s.errorf("the write names field %q, which contract %q does not declare", name, s.cfg.Contract.Name)
	}
	return f, nil
}
