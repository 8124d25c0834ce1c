package httpsource

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// api is an in-memory JSON API of items keyed by "id": a paged collection
// at /items (?page=&limit=, records under "data") and each item at
// /items/{id}, with ETags, If-Match, If-None-Match: * and merge patches.
type api struct {
	mu     sync.Mutex
	items  map[string]map[string]any
	noETag bool
	// afterGet runs after an item GET is answered, to play a concurrent
	// writer.
	afterGet func(a *api, id string)
	// log holds each request as "METHOD path?query", and bodies each
	// request body with its If-Match and Content-Type.
	log    []string
	bodies []sent
}

// sent is one write request as the API received it.
type sent struct {
	method, ifMatch, contentType, body string
}

func newAPI(t *testing.T, records []map[string]any) (*api, *httptest.Server) {
	a := &api{items: map[string]map[string]any{}}
	for _, r := range records {
		a.items[fmt.Sprint(r["id"])] = roundTrip(t, r)
	}
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	return a, srv
}

// roundTrip copies a record through JSON, numbers as json.Number.
func roundTrip(t testing.TB, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := decodeJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	return doc.(map[string]any)
}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.log = append(a.log, r.Method+" "+r.URL.RequestURI())
	id, isItem := strings.CutPrefix(r.URL.Path, "/items/")
	switch {
	case r.URL.Path == "/items" && r.Method == http.MethodGet:
		a.page(w, r)
	case isItem && r.Method == http.MethodGet:
		a.get(w, id)
	case isItem:
		a.write(w, r, id)
	default:
		http.Error(w, "no route", http.StatusNotFound)
	}
}

func (a *api) page(w http.ResponseWriter, r *http.Request) {
	ids := make([]string, 0, len(a.items))
	for id := range a.items {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return num(ids[i]) < num(ids[j]) })
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	lo, hi := (page-1)*limit, page*limit
	data := []any{}
	for i, id := range ids {
		if i >= lo && i < hi {
			data = append(data, a.items[id])
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data})
}

func (a *api) get(w http.ResponseWriter, id string) {
	it, ok := a.items[id]
	if !ok {
		http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
		return
	}
	if !a.noETag {
		w.Header().Set("ETag", etagOf(it))
	}
	writeJSON(w, http.StatusOK, it)
	if a.afterGet != nil {
		a.afterGet(a, id)
	}
}

func (a *api) write(w http.ResponseWriter, r *http.Request, id string) {
	body, _ := io.ReadAll(r.Body)
	a.bodies = append(a.bodies, sent{r.Method, r.Header.Get("If-Match"), r.Header.Get("Content-Type"), string(body)})
	it, exists := a.items[id]
	if m := r.Header.Get("If-Match"); m != "" && (!exists || m != etagOf(it)) {
		http.Error(w, "stale", http.StatusPreconditionFailed)
		return
	}
	if r.Header.Get("If-None-Match") == "*" && exists {
		http.Error(w, "exists", http.StatusPreconditionFailed)
		return
	}
	switch r.Method {
	case http.MethodDelete:
		delete(a.items, id)
	case http.MethodPut:
		doc, _ := decodeJSON(body)
		a.items[id], _ = doc.(map[string]any)
	case http.MethodPatch:
		if !exists {
			http.Error(w, "missing", http.StatusNotFound)
			return
		}
		doc, _ := decodeJSON(body)
		mergePatch(it, doc.(map[string]any))
	}
	w.WriteHeader(http.StatusNoContent)
}

// mergePatch applies an RFC 7386 merge patch.
func mergePatch(obj, patch map[string]any) {
	for k, v := range patch {
		sub, isObj := v.(map[string]any)
		switch {
		case v == nil:
			delete(obj, k)
		case isObj:
			cur, ok := obj[k].(map[string]any)
			if !ok {
				cur = map[string]any{}
				obj[k] = cur
			}
			mergePatch(cur, sub)
		default:
			obj[k] = v
		}
	}
}

func etagOf(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func num(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
