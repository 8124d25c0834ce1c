package httpsource

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

var _ sources.WholeRecorder = (*Source)(nil)

// GetWhole reads the item whole: the body of a GET of item_url, every
// member the API sent, in its order (whitespace aside). Write, given it
// as WriteOp.Whole, PUTs that body back with If-None-Match: *.
func (s *Source) GetWhole(ctx context.Context, key []any) (json.RawMessage, bool, error) {
	if s.item == nil {
		return nil, false, s.errorf("cannot read an item whole without item_url; set item_url to the item's address")
	}
	u, err := s.item.expand(s.cfg.Contract, key)
	if err != nil {
		return nil, false, s.errorf("%w", err)
	}
	it, err := s.getItem(ctx, u)
	if err != nil || !it.found {
		return nil, false, err
	}
	var b bytes.Buffer
	if err := json.Compact(&b, it.body); err != nil {
		return nil, false, s.errorf("GET %s: %w", redactURL(u), err)
	}
	return b.Bytes(), true, nil
}

// wholeRequest is the PUT of a record given whole. Its key fields must
// hold the write's key: the compare-and-set checked only that u is absent.
func (s *Source) wholeRequest(u string, h http.Header, op sources.WriteOp) (*request, error) {
	doc, err := decodeJSON(op.Whole)
	obj, ok := doc.(map[string]any)
	if err != nil || !ok {
		return nil, s.errorf("PUT %s: the whole record to insert is not a JSON object", redactURL(u))
	}
	rec := s.record(obj, redactURL(u))
	for i, f := range s.cfg.Contract.KeyFields() {
		if i >= len(op.Key) {
			break
		}
		have, want := f.Parse(rec.Values[f.Index]), f.Parse(op.Key[i])
		if have.State == contract.Valid && want.State == contract.Valid && !f.Equal([]contract.Value{have, want}) {
			return nil, s.errorf("PUT %s: the whole record holds %s in key field %q; it is another record's", redactURL(u), have.JSON, f.Name)
		}
	}
	var b bytes.Buffer
	if err := json.Compact(&b, op.Whole); err != nil {
		return nil, s.errorf("PUT %s: %w", redactURL(u), err)
	}
	return &request{method: http.MethodPut, url: u, header: h, body: b.Bytes()}, nil
}
