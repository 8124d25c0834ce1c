package httpsource

import (
	"context"
	"errors"
	"net/http"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources/sourceutil"
)

// errFound stops a scan at the record Get looks for.
var errFound = errors.New("found")

// item is the current state of one record at its item_url.
type item struct {
	found bool
	obj   map[string]any
	rec   contract.Record
	etag  string
	body  []byte // the GET body as the API sent it
}

// Get reads one record: a GET of item_url (404 or 410: not found) or,
// without item_url, a scan of the pages for the first record with the key.
func (s *Source) Get(ctx context.Context, key []any) (contract.Record, bool, error) {
	if s.item == nil {
		return s.scanFor(ctx, key)
	}
	u, err := s.item.expand(s.cfg.Contract, key)
	if err != nil {
		return contract.Record{}, false, s.errorf("%w", err)
	}
	it, err := s.getItem(ctx, u)
	return it.rec, it.found, err
}

// getItem fetches the record at u, with its ETag.
func (s *Source) getItem(ctx context.Context, u string) (item, error) {
	r := request{method: http.MethodGet, url: u}
	resp, err := s.do(ctx, r)
	if err != nil {
		return item{}, err
	}
	switch {
	case resp.status == http.StatusNotFound || resp.status == http.StatusGone:
		return item{}, nil
	case resp.status/100 != 2:
		return item{}, s.statusError(r, resp, "")
	}
	doc, err := decodeJSON(resp.body)
	obj, ok := doc.(map[string]any)
	if err != nil || !ok {
		return item{}, s.errorf("GET %s: the body is not a JSON object: %s; item_url must return the record itself", redactURL(u), snippet(resp.body))
	}
	return item{found: true, obj: obj, rec: s.record(obj, redactURL(u)), etag: resp.header.Get("ETag"), body: resp.body}, nil
}

// scanFor reads the pages until a record has the key.
func (s *Source) scanFor(ctx context.Context, key []any) (contract.Record, bool, error) {
	want, err := sourceutil.KeyJSON(s.cfg.Contract, key)
	if err != nil {
		return contract.Record{}, false, s.errorf("%w", err)
	}
	var hit contract.Record
	_, err = s.Fetch(ctx, func(rec contract.Record) error {
		if sourceutil.HasKey(s.cfg.Contract, rec, want) {
			hit = rec
			return errFound
		}
		return nil
	})
	if errors.Is(err, errFound) {
		return hit, true, nil
	}
	return contract.Record{}, false, err
}
