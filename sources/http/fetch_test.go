package httpsource

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// pages serves fixed bodies by path and records the requests.
type pages struct {
	mu    sync.Mutex
	body  map[string]string // path -> body; "{host}" is the server's URL
	etag  map[string]string
	host  string
	calls []string
}

func servePages(t *testing.T, body map[string]string) (*pages, *httptest.Server) {
	p := &pages{body: body, etag: map[string]string{}}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	p.host = srv.URL
	return p, srv
}

func (p *pages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, r.URL.RequestURI())
	b, ok := p.body[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if e := p.etag[r.URL.Path]; e != "" {
		w.Header().Set("ETag", e)
	}
	fmt.Fprint(w, strings.ReplaceAll(b, "{host}", p.host))
}

func TestFetchNextLinks(t *testing.T) {
	p, srv := servePages(t, map[string]string{
		"/v1/a":    `{"items":[{"id":1},{"id":2}],"links":{"next":"b?cursor=x"}}`,
		"/v1/b":    `{"items":[{"id":3}],"links":{"next":"{host}/other/c"}}`,
		"/other/c": `{"items":[{"id":4}],"links":{"next":null}}`,
	})
	s, _ := newSource(t, "url: "+srv.URL+"/v1/a\nitems: items\nnext: links.next\n", false)
	ids, snap, err := fetchIDs(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "1,2,3,4" || snap.Records != 4 {
		t.Errorf("ids = %v (%d records), want 1,2,3,4", ids, snap.Records)
	}
	if got := strings.Join(p.calls, " "); got != "/v1/a /v1/b?cursor=x /other/c" {
		t.Errorf("requests = %s, want the relative link resolved against the page and the absolute one followed", got)
	}
	h := sha256.New()
	for _, path := range []string{"/v1/a", "/v1/b", "/other/c"} {
		h.Write([]byte(strings.ReplaceAll(p.body[path], "{host}", srv.URL)))
	}
	if want := "sha256:" + hex.EncodeToString(h.Sum(nil)); snap.Version != want {
		t.Errorf("version = %s, want %s (sha256 over every page body)", snap.Version, want)
	}
}

func TestFetchEnds(t *testing.T) {
	tests := []struct {
		name, body, opts, want string
	}{
		{"next empty string", `{"data":[{"id":1}],"next":""}`, "items: data\nnext: next\n", "1"},
		{"next absent", `{"data":[{"id":1}]}`, "items: data\nnext: next\n", "1"},
		{"body is the array", `[{"id":1},{"id":2}]`, "", "1,2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := servePages(t, map[string]string{"/p": tt.body})
			s, _ := newSource(t, "url: "+srv.URL+"/p\n"+tt.opts, false)
			ids, _, err := fetchIDs(t, s)
			if err != nil || strings.Join(ids, ",") != tt.want {
				t.Fatalf("ids = %v, %v; want %s", ids, err, tt.want)
			}
		})
	}
}

func TestFetchPageLimit(t *testing.T) {
	var recs []map[string]any
	for i := 1; i <= 5; i++ {
		recs = append(recs, map[string]any{"id": i})
	}
	a, srv := newAPI(t, recs)
	s, _ := newSource(t, "url: "+srv.URL+"/items?sort=id\nitems: data\npage_param: page\nlimit_param: limit\nlimit: 2\n", false)
	ids, snap, err := fetchIDs(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "1,2,3,4,5" || snap.Records != 5 {
		t.Errorf("ids = %v, want 1..5", ids)
	}
	want := "GET /items?limit=2&page=1&sort=id GET /items?limit=2&page=2&sort=id GET /items?limit=2&page=3&sort=id GET /items?limit=2&page=4&sort=id"
	if got := strings.Join(a.log, " "); got != want {
		t.Errorf("requests:\n%s\nwant pages until one is empty:\n%s", got, want)
	}
}

func TestFetchPageParamIgnored(t *testing.T) {
	p, srv := servePages(t, map[string]string{"/p": `{"data":[{"id":1}]}`})
	s, _ := newSource(t, "url: "+srv.URL+"/p\nitems: data\npage_param: page\n", false)
	_, _, err := fetchIDs(t, s)
	if err == nil || !strings.Contains(err.Error(), `page 2 repeats page 1; the API seems to ignore "page"`) || len(p.calls) != 2 {
		t.Fatalf("Fetch = %v after %d requests, want a refusal after 2", err, len(p.calls))
	}
}

func TestFetchVersion(t *testing.T) {
	p, srv := servePages(t, map[string]string{"/one": `[{"id":1}]`})
	s, _ := newSource(t, "url: "+srv.URL+"/one\n", false)
	_, snap, _ := fetchIDs(t, s)
	sum := sha256.Sum256([]byte(`[{"id":1}]`))
	if want := "sha256:" + hex.EncodeToString(sum[:]); snap.Version != want {
		t.Errorf("version without ETag = %s, want %s", snap.Version, want)
	}
	p.etag["/one"] = `"v42"`
	if _, snap, _ = fetchIDs(t, s); snap.Version != `"v42"` {
		t.Errorf("version of one page with an ETag = %s, want the ETag", snap.Version)
	}
}

func TestFetchErrors(t *testing.T) {
	tests := []struct {
		name, body, opts, want string
	}{
		{"items not an array", `{"data":{"id":1}}`, "items: data\n", `"data" is an object, not an array of records; check ` + "`items`"},
		{"body not an array", `{"id":1}`, "", "the body is an object, not an array of records"},
		{"item not an object", `[{"id":1},"two"]`, "", "page 1, item 2 is a string, not an object"},
		{"not json", `<html>oops</html>`, "", `the body is not JSON`},
		{"next loops", `{"data":[{"id":1}],"next":"p"}`, "items: data\nnext: next\n", "the next link leads back to"},
		{"next not a string", `{"data":[],"next":{"href":"x"}}`, "items: data\nnext: next\n", "the next link at \"next\" is an object, not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := servePages(t, map[string]string{"/p": tt.body})
			s, _ := newSource(t, "url: "+srv.URL+"/p\n"+tt.opts, false)
			_, _, err := fetchIDs(t, s)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), srv.URL+"/p") {
				t.Fatalf("Fetch = %v, want an error naming the URL and containing %q", err, tt.want)
			}
		})
	}
}
