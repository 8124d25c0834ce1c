package watch

import (
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler serves /metrics, /healthz, /readyz (200 once a first scan has
// finished, 503 before) and the page at /. With a token, the page asks for
// it as a bearer token (the metrics hold no keys or values; the page does).
func Handler(w *Watcher, m *Metrics, token string) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry}))
	mux.HandleFunc("GET /healthz", func(rw http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(rw, "ok")
	})
	mux.HandleFunc("GET /readyz", func(rw http.ResponseWriter, _ *http.Request) {
		if !w.Ready() {
			http.Error(rw, "not ready: the first scan has not finished", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(rw, "ready")
	})
	mux.Handle("GET /{$}", bearer(token, http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		rw.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
		if err := writePage(rw, w); err != nil {
			http.Error(rw, "page: "+err.Error(), http.StatusInternalServerError)
		}
	})))
	return mux
}

// bearer requires "Authorization: Bearer <token>" when token is set,
// compared in constant time; the token is never logged or echoed.
func bearer(token string, next http.Handler) http.Handler {
	if token == "" {
		return next
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			rw.Header().Set("WWW-Authenticate", `Bearer realm="drift watch"`)
			http.Error(rw, "unauthorized: send Authorization: Bearer <token> (--token or DRIFT_WATCH_TOKEN)", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(rw, r)
	})
}

// IsLoopback reports whether a listen address (host:port) binds only the
// loopback interface: 127.0.0.0/8, ::1 or localhost. An empty host binds
// every interface.
func IsLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, err
	}
	if strings.EqualFold(host, "localhost") {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}
