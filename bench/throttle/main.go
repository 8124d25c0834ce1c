// Command throttle times `drift apply` against an HTTP API that throttles:
// it serves, in process, a JSON API of N items that answers every fourth
// request with 429 and Retry-After: 1, writes a config comparing it with
// an NDJSON file (the authority) in which every item's email differs, so
// that a plan holds N updates, and times each given drift binary applying
// that plan to a fresh copy of the API (an empty state store each time).
//
//	go run ./bench/throttle -ops 80 base=/tmp/old/drift new=bench/out/drift:1 new=bench/out/drift:4
//
// A run is NAME=PATH, or NAME=PATH:N to pass --parallel N.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const config = `version: 1
contract:
  name: throttle
  version: 1
  key: [id]
  fields:
    id:    {type: int}
    name:  {type: string}
    email: {type: string}
  resolve:
    authority: file
sources:
  file: {type: file, path: items.ndjson}
  api:
    type: http
    url: %s/items
    items: data
    page_param: page
    limit_param: limit
    limit: 500
    item_url: "%s/items/{id}"
    writable: true
`

func main() {
	ops := flag.Int("ops", 80, "items, each with one update to apply")
	dir := flag.String("dir", "bench/data/throttle", "working folder")
	flag.Parse()
	if err := run(*ops, *dir, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "throttle:", err)
		os.Exit(1)
	}
}

func run(n int, dir string, runs []string) error {
	if len(runs) == 0 {
		return fmt.Errorf("name at least one run: NAME=PATH[:PARALLEL]")
	}
	a := &api{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go http.Serve(ln, a) //nolint:errcheck // ends with the process
	base := "http://" + ln.Addr().String()
	if err := setup(dir, base, n); err != nil {
		return err
	}
	a.reset(n)
	bin, _, _ := strings.Cut(strings.SplitN(runs[len(runs)-1], "=", 2)[1], ":")
	if out, err := exec.Command(bin, "plan", "-c", filepath.Join(dir, "drift.yaml"), "-o", filepath.Join(dir, "plan.json")).CombinedOutput(); err != nil {
		return fmt.Errorf("plan: %v\n%s", err, out)
	}
	fmt.Printf("%-6s %-9s %-9s %-9s %s\n", "build", "parallel", "ops", "wall", "requests (429s)")
	for _, r := range runs {
		name, spec, _ := strings.Cut(r, "=")
		path, parallel, _ := strings.Cut(spec, ":")
		args := []string{"apply", filepath.Join(dir, "plan.json"), "--yes"}
		if parallel != "" {
			args = append(args, "--parallel", parallel)
		}
		a.reset(n)
		os.RemoveAll(filepath.Join(dir, ".drift"))
		start := time.Now()
		out, err := exec.Command(path, args...).CombinedOutput()
		wall := time.Since(start)
		if err != nil {
			return fmt.Errorf("%s: %v\n%s", name, err, out)
		}
		fmt.Printf("%-6s %-9s %-9d %-9s %d (%d)   %s\n", name, or(parallel, "default"), n,
			wall.Round(10*time.Millisecond), a.requests, a.throttled, lastLine(out))
	}
	return nil
}

// lastLine is the run's summary line.
func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

func or(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// setup writes the config and the authority's NDJSON file.
func setup(dir, base string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "drift.yaml"), []byte(fmt.Sprintf(config, base, base)), 0o644); err != nil {
		return err
	}
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `{"id": %d, "name": "item %d", "email": "new%d@example.com"}`+"\n", i, i, i)
	}
	return os.WriteFile(filepath.Join(dir, "items.ndjson"), []byte(b.String()), 0o644)
}

// api is a JSON API of items: GET /items?page=&limit= (records under
// "data"), GET, PUT and DELETE /items/{id}. Every fourth request is
// answered 429 with Retry-After: 1.
type api struct {
	mu        sync.Mutex
	items     map[int]map[string]any
	requests  int
	throttled int
}

func (a *api) reset(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.items = map[int]map[string]any{}
	for i := 1; i <= n; i++ {
		a.items[i] = map[string]any{"id": i, "name": fmt.Sprintf("item %d", i), "email": fmt.Sprintf("old%d@example.com", i)}
	}
	a.requests, a.throttled = 0, 0
}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.requests++; a.requests%4 == 0 {
		a.throttled++
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	if r.URL.Path == "/items" {
		a.page(w, r)
		return
	}
	id, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/items/"))
	if err != nil {
		http.Error(w, "no route", http.StatusNotFound)
		return
	}
	it, ok := a.items[id]
	switch r.Method {
	case http.MethodGet:
		if !ok {
			http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
			return
		}
		writeJSON(w, it)
	case http.MethodPut:
		var doc map[string]any
		if err := json.NewDecoder(r.Body).Decode(&doc); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		a.items[id] = doc
		w.WriteHeader(http.StatusNoContent)
	case http.MethodDelete:
		delete(a.items, id)
		w.WriteHeader(http.StatusNoContent)
	}
}

func (a *api) page(w http.ResponseWriter, r *http.Request) {
	ids := make([]int, 0, len(a.items))
	for id := range a.items {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	data := []any{}
	for i := (page - 1) * limit; i >= 0 && i < page*limit && i < len(ids); i++ {
		data = append(data, a.items[ids[i]])
	}
	writeJSON(w, map[string]any{"data": data})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
