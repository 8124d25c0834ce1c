package httpsource

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// flaky answers with the given statuses in turn (and Retry-After values
// beside them), then 200 with one record.
func flaky(t *testing.T, statuses []int, retryAfter []string) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i < len(statuses) {
			if i < len(retryAfter) && retryAfter[i] != "" {
				w.Header().Set("Retry-After", retryAfter[i])
			}
			w.WriteHeader(statuses[i])
			fmt.Fprintf(w, "busy, attempt %d", i+1)
			return
		}
		fmt.Fprint(w, `[{"id":1}]`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestRetries(t *testing.T) {
	date := time.Date(2024, 5, 1, 10, 0, 3, 0, time.UTC).Format(http.TimeFormat)
	tests := []struct {
		name       string
		statuses   []int
		retryAfter []string
		retries    int
		sleeps     string
		calls      int32
		err        string
	}{
		{"429 with Retry-After seconds", []int{429}, []string{"1"}, 5, "[1s]", 2, ""},
		{"429 with Retry-After date", []int{429}, []string{date}, 5, "[3s]", 2, ""},
		{"Retry-After capped at a minute", []int{503}, []string{"3600"}, 5, "[1m0s]", 2, ""},
		{"500 twice then 200, full-jitter backoff", []int{500, 502}, nil, 5, "[100ms 200ms]", 3, ""},
		{"500 always", []int{500, 500, 500, 500}, nil, 2, "[100ms 200ms]", 3,
			`500 Internal Server Error after 3 attempts: "busy, attempt 3"`},
		{"404 is not retried", []int{404}, nil, 5, "[]", 1, `404 Not Found: "busy, attempt 1"`},
		{"no retries", []int{500}, nil, 0, "[]", 1, "500 Internal Server Error: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := flaky(t, tt.statuses, tt.retryAfter)
			s, c := newSource(t, fmt.Sprintf("url: %s/x\nretries: %d\n", srv.URL, tt.retries), false)
			ids, _, err := fetchIDs(t, s)
			if tt.err == "" && (err != nil || len(ids) != 1) {
				t.Fatalf("Fetch = %v, %v; want one record", ids, err)
			}
			if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), "GET "+srv.URL+"/x")) {
				t.Fatalf("Fetch error = %v, want one naming GET %s/x and containing %q", err, srv.URL, tt.err)
			}
			if got := fmt.Sprint(c.sleeps); got != tt.sleeps {
				t.Errorf("waits = %s, want %s", got, tt.sleeps)
			}
			if calls.Load() != tt.calls {
				t.Errorf("%d requests, want %d", calls.Load(), tt.calls)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	p := retryPolicy{base: backoffBase, jitter: func(max time.Duration) time.Duration { return max }}
	for attempt, want := range map[int]time.Duration{0: 100 * time.Millisecond, 1: 200 * time.Millisecond,
		6: 6400 * time.Millisecond, 7: backoffCap, 70: backoffCap} {
		if got := p.backoff(attempt); got != want {
			t.Errorf("longest backoff after attempt %d = %s, want %s", attempt, got, want)
		}
	}
	p = defaultRetry(5)
	for range 100 {
		if d := p.backoff(3); d < 0 || d > 800*time.Millisecond {
			t.Fatalf("jittered backoff %s outside [0, 800ms]", d)
		}
	}
}

func TestTimeout(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	s, _ := newSource(t, "url: "+srv.URL+"/slow\ntimeout: 30ms\nretries: 1\n", false)
	start := time.Now()
	_, _, err := fetchIDs(t, s)
	if err == nil || !strings.Contains(err.Error(), "no answer within the timeout of 30ms") || !strings.Contains(err.Error(), "after 2 attempts") {
		t.Fatalf("Fetch = %v, want a timeout after 2 attempts", err)
	}
	if calls.Load() != 2 {
		t.Errorf("%d requests, want 2 (a timeout is retried)", calls.Load())
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("Fetch took %s; the per-request timeout did not stop it", el)
	}
}

func TestRate(t *testing.T) {
	var recs []map[string]any
	for i := 1; i <= 6; i++ {
		recs = append(recs, map[string]any{"id": i})
	}
	_, srv := newAPI(t, recs)
	s, c := newSource(t, "url: "+srv.URL+"/items\nitems: data\npage_param: page\nlimit_param: limit\nlimit: 2\nrate: 4\n", false)
	if _, _, err := fetchIDs(t, s); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(c.sleeps); got != "[0s 250ms 250ms 250ms]" {
		t.Errorf("waits before the 4 requests = %s, want one 1/rate apart", got)
	}
}

func TestSecretsNotInErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad credentials: "+r.Header.Get("Authorization")+" / "+r.Header.Get("X-Api-Key"), http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	withUser := strings.Replace(srv.URL, "http://", "http://ops:pw-s3cret@", 1)
	opts := "url: " + withUser + "/x\nheaders: {Authorization: \"Bearer tok-s3cret\", X-Api-Key: key-s3cret}\n"
	s, _ := newSource(t, opts, false)
	_, _, err := fetchIDs(t, s)
	if err == nil || !strings.Contains(err.Error(), "401 Unauthorized") || !strings.Contains(err.Error(), "http://ops:xxxxx@") {
		t.Fatalf("Fetch = %v, want a 401 naming the URL with its password masked", err)
	}
	srv.Close()
	_, _, netErr := fetchIDs(t, s)
	for _, e := range []error{err, netErr} {
		for _, secret := range []string{"tok-s3cret", "key-s3cret", "pw-s3cret"} {
			if e == nil || strings.Contains(e.Error(), secret) {
				t.Errorf("error %v shows a secret or is missing", e)
			}
		}
	}
	if _, _, err := s.Get(context.Background(), []any{1}); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Get = %v, want an error without secrets", err)
	}
}
