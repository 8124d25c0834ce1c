package httpsource

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourceutil"
)

// Fetch reads the pages in turn and emits each page's records before
// asking for the next, so only one page is held at a time. With `next`, it
// follows the link found at that path (absolute, or relative to the page;
// a link to another origin than url is refused, so the headers never leave
// the API) until it is null, "" or absent; with
// `page_param`, it asks for pages 1, 2, 3 … until one has no records;
// otherwise the first page is the only one. The version is the page's ETag
// when there was one page and it had one, else "sha256:<hex>" over the
// bodies of every page.
func (s *Source) Fetch(ctx context.Context, emit func(contract.Record) error) (sources.Snapshot, error) {
	h := sha256.New()
	n, pages, etag := 0, 0, ""
	seen := map[string]bool{}
	var prev [sha256.Size]byte
	next := s.pageURL(1)
	for next != "" {
		pages++
		resp, doc, err := s.getPage(ctx, next)
		if err != nil {
			return sources.Snapshot{}, err
		}
		h.Write(resp.body)
		etag = resp.header.Get("ETag")
		if err := s.samePage(resp.body, &prev, pages, next); err != nil {
			return sources.Snapshot{}, err
		}
		items, err := s.itemsOf(doc, next)
		if err != nil {
			return sources.Snapshot{}, err
		}
		for i, it := range items {
			rec, err := s.itemRecord(it, fmt.Sprintf("page %d, item %d", pages, i+1), next)
			if err != nil {
				return sources.Snapshot{}, err
			}
			n++
			if err := emit(rec); err != nil {
				return sources.Snapshot{}, err
			}
		}
		seen[next] = true
		if next, err = s.nextPage(doc, next, pages, len(items), seen); err != nil {
			return sources.Snapshot{}, err
		}
	}
	version := "sha256:" + hex.EncodeToString(h.Sum(nil))
	if pages == 1 && etag != "" {
		version = etag
	}
	return sources.Snapshot{Version: version, Records: n}, nil
}

// samePage refuses, when pages are counted, a page whose body repeats the
// one before it: the API ignores page_param, and the pages would never end.
func (s *Source) samePage(body []byte, prev *[sha256.Size]byte, page int, u string) error {
	if s.opts.PageParam == "" {
		return nil
	}
	sum := sha256.Sum256(body)
	if page > 1 && sum == *prev {
		return s.errorf("GET %s: page %d repeats page %d; the API seems to ignore %q, so the pages would never end; check page_param",
			redactURL(u), page, page-1, s.opts.PageParam)
	}
	*prev = sum
	return nil
}

// pageURL is the first URL, with the page (and limit) parameters when
// pages are counted.
func (s *Source) pageURL(page int) string {
	if s.opts.PageParam == "" {
		return s.first.String()
	}
	u := *s.first
	q := u.Query()
	q.Set(s.opts.PageParam, strconv.Itoa(page))
	if s.opts.LimitParam != "" {
		q.Set(s.opts.LimitParam, strconv.Itoa(s.opts.Limit))
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// nextPage returns the URL of the page after the one at cur, or "" at the
// end.
func (s *Source) nextPage(doc any, cur string, pages, items int, seen map[string]bool) (string, error) {
	switch {
	case s.opts.PageParam != "":
		if items == 0 {
			return "", nil
		}
		return s.pageURL(pages + 1), nil
	case s.next == nil:
		return "", nil
	}
	link := sourceutil.Lookup(doc, s.next)
	text, ok := link.(string)
	if link == nil || (ok && text == "") {
		return "", nil
	}
	if !ok {
		return "", s.errorf("GET %s: the next link at %q is %s, not a URL; check `next`", redactURL(cur), s.opts.Next, jsonKind(link))
	}
	base, _ := url.Parse(cur)
	ref, err := url.Parse(text)
	if err != nil {
		return "", s.errorf("GET %s: the next link %q at %q is not a URL", redactURL(cur), redactURL(text), s.opts.Next)
	}
	abs := base.ResolveReference(ref).String()
	if err := s.checkOrigin("the next link "+redactURL(abs), abs); err != nil {
		return "", s.errorf("GET %s: %w", redactURL(cur), err)
	}
	if seen[abs] {
		return "", s.errorf("GET %s: the next link leads back to %s, which was read already; the API's pagination loops", redactURL(cur), redactURL(abs))
	}
	return abs, nil
}

// getPage fetches one page and decodes it, numbers as json.Number.
func (s *Source) getPage(ctx context.Context, u string) (*response, any, error) {
	r := request{method: http.MethodGet, url: u}
	resp, err := s.do(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	if resp.status/100 != 2 {
		return nil, nil, s.statusError(r, resp, "")
	}
	doc, err := decodeJSON(resp.body)
	if err != nil {
		return nil, nil, s.errorf("GET %s: the body is not JSON (%v): %s", redactURL(u), err, snippet(resp.body))
	}
	return resp, doc, nil
}

// itemsOf finds the records array of a page.
func (s *Source) itemsOf(doc any, u string) ([]any, error) {
	v := doc
	if s.items != nil {
		v = sourceutil.Lookup(doc, s.items)
	}
	items, ok := v.([]any)
	if !ok {
		where := "the body"
		if s.items != nil {
			where = fmt.Sprintf("%q", s.opts.Items)
		}
		return nil, s.errorf("GET %s: %s is %s, not an array of records; check `items`", redactURL(u), where, jsonKind(v))
	}
	return items, nil
}

// itemRecord builds a record from one item, which must be an object.
func (s *Source) itemRecord(it any, loc, u string) (contract.Record, error) {
	obj, ok := it.(map[string]any)
	if !ok {
		return contract.Record{}, s.errorf("GET %s: %s is %s, not an object", redactURL(u), loc, jsonKind(it))
	}
	return s.record(obj, loc), nil
}

// record reads each field at its dotted path; top-level members that no
// field reads are Unknown.
func (s *Source) record(obj map[string]any, loc string) contract.Record {
	return sourceutil.ObjectRecord(obj, s.paths, s.known, loc)
}

// decodeJSON decodes one JSON document, numbers as json.Number.
func decodeJSON(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return doc, nil
}

// jsonKind names the kind of a decoded JSON value for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null or absent"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%T", v)
}
