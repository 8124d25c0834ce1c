package httpsource

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

const secretHeaders = "headers:\n  Authorization: Bearer s3cret\n  X-Api-Key: k1\n"

// recorder is a server that notes every request with its credentials.
type recorder struct {
	mu    sync.Mutex
	calls []string // "path auth key"
	serve http.HandlerFunc
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.calls = append(r.calls, req.URL.Path+" "+req.Header.Get("Authorization")+" "+req.Header.Get("X-Api-Key"))
	r.mu.Unlock()
	r.serve(w, req)
}

func (r *recorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.calls...)
}

// twoHosts starts the API and another host, each on its own port.
func twoHosts(t *testing.T, api http.HandlerFunc) (apiRec, otherRec *recorder, apiURL, otherURL string) {
	apiRec = &recorder{serve: api}
	otherRec = &recorder{serve: func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{"items":[]}`)) }}
	a, o := httptest.NewServer(apiRec), httptest.NewServer(otherRec)
	t.Cleanup(a.Close)
	t.Cleanup(o.Close)
	return apiRec, otherRec, a.URL, o.URL
}

func hostOf(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

func TestNextLinkToAnotherHostRefused(t *testing.T) {
	var other string
	api, steal, apiURL, otherURL := twoHosts(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"items":[{"id":1}],"next":"` + other + `/steal"}`))
	})
	other = otherURL
	s, _ := newSource(t, "url: "+apiURL+"/v1/a\nitems: items\nnext: next\n"+secretHeaders, false)
	_, _, err := fetchIDs(t, s)
	want := "the next link " + otherURL + "/steal points to another host (" + hostOf(t, otherURL) + ") than url (" +
		hostOf(t, apiURL) + "); drift does not follow it, so credentials stay with the API"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to contain %q", err, want)
	}
	if got := steal.seen(); len(got) != 0 {
		t.Errorf("the other host got requests %q", got)
	}
	if got := api.seen(); len(got) != 1 || got[0] != "/v1/a Bearer s3cret k1" {
		t.Errorf("the API got %q, want one request with the headers", got)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("the error shows the secret: %v", err)
	}
}

func TestRedirectToAnotherHostRefused(t *testing.T) {
	var other string
	api, steal, apiURL, otherURL := twoHosts(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other+"/steal", http.StatusFound)
	})
	other = otherURL
	s, _ := newSource(t, "url: "+apiURL+"/v1/a\nitems: items\n"+secretHeaders, false)
	_, _, err := fetchIDs(t, s)
	want := "points to another host (" + hostOf(t, otherURL) + ") than the request (" + hostOf(t, apiURL) + ")"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to contain %q", err, want)
	}
	if got := steal.seen(); len(got) != 0 {
		t.Errorf("the other host got requests %q; Go forwards X-Api-Key on a redirect", got)
	}
	if got := api.seen(); len(got) != 1 {
		t.Errorf("the API got %d requests, want 1: a refused redirect is not retried", len(got))
	}
}

func TestRedirectWithinTheHostFollowed(t *testing.T) {
	api, _, apiURL, _ := twoHosts(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/v1/a", http.StatusMovedPermanently)
			return
		}
		_, _ = w.Write([]byte(`{"items":[{"id":7}]}`))
	})
	s, _ := newSource(t, "url: "+apiURL+"/old\nitems: items\n"+secretHeaders, false)
	ids, _, err := fetchIDs(t, s)
	if err != nil || strings.Join(ids, ",") != "7" {
		t.Fatalf("ids = %v, err = %v; want 7", ids, err)
	}
	if got := strings.Join(api.seen(), "; "); got != "/old Bearer s3cret k1; /v1/a Bearer s3cret k1" {
		t.Errorf("requests = %q", got)
	}
}

// item_url is configured, so its host gets the headers too.
func TestItemURLHostGetsHeaders(t *testing.T) {
	_, items, apiURL, itemsURL := twoHosts(t, func(w http.ResponseWriter, _ *http.Request) {})
	s, _ := newSource(t, "url: "+apiURL+"/v1\nitem_url: \""+itemsURL+"/items/{id}\"\n"+secretHeaders, false)
	if _, found, err := s.Get(context.Background(), []any{int64(41)}); err != nil || !found {
		t.Fatalf("Get = found %v, %v; want the record", found, err)
	}
	if got := items.seen(); len(got) != 1 || got[0] != "/items/41 Bearer s3cret k1" {
		t.Errorf("item_url's host got %q, want one request with the headers", got)
	}
}

func TestRequestOutsideTheOriginsRefused(t *testing.T) {
	s, _ := newSource(t, "url: http://127.0.0.1:8767/v1\n"+secretHeaders, false)
	_, err := s.do(context.Background(), request{method: http.MethodGet, url: "http://127.0.0.2:8766/steal"})
	want := "the request to http://127.0.0.2:8766/steal points to another host (127.0.0.2:8766) than url (127.0.0.1:8767)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to contain %q", err, want)
	}
}

func TestOriginOf(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"default http port", "http://api.example.com/x", "http://api.example.com:80/y", true},
		{"default https port", "https://api.example.com", "https://api.example.com:443/v1", true},
		{"host letter case", "https://API.example.com/", "https://api.example.com/", true},
		{"other port", "http://127.0.0.1:8767/", "http://127.0.0.1:8766/", false},
		{"other host", "http://127.0.0.1:8767/", "http://127.0.0.2:8767/", false},
		{"other scheme", "http://api.example.com/", "https://api.example.com/", false},
		{"sub-domain", "https://api.example.com/", "https://evil.api.example.com/", false},
		{"userinfo does not change the host", "https://u:p@api.example.com/", "https://api.example.com/", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := url.Parse(tt.a)
			b, _ := url.Parse(tt.b)
			if got := originOf(a) == originOf(b); got != tt.same {
				t.Errorf("same origin(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.same)
			}
		})
	}
}
