package sqltest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Backend describes one SQL server for the shared tests.
type Backend struct {
	// Type is the plugin's config type.
	Type string
	// Conn is the source block's connection option, e.g. `dsn: "..."`.
	Conn string
	// Exec runs one setup statement on the server, with bound args.
	Exec func(t testing.TB, stmt string, args ...any)
	// Quote quotes an identifier the way the dialect does.
	Quote func(string) string
	// Columns is the column list of the standard table: one column per
	// field of Contract, plus a column `extra` the contract does not declare.
	Columns string
	// Tags is the SQL literal of the set {a, b} in the tags column.
	Tags string
}

// Table creates the standard table with two rows, drops it when the test
// ends, and returns its name.
func (b Backend) Table(t testing.TB) string {
	t.Helper()
	name := Name("accounts")
	q := b.Quote(name)
	b.Exec(t, fmt.Sprintf("CREATE TABLE %s (%s)", q, b.Columns))
	t.Cleanup(func() { b.Exec(t, "DROP TABLE IF EXISTS "+q) })
	b.Exec(t, fmt.Sprintf(`INSERT INTO %s (id, name, balance, ratio, active, updated_at, tags, attrs, extra)
		VALUES (1, 'Ann', 1.50, 0.25, 1=1, '2024-05-01 10:00:00', %s, '{"a": 1.0}', 'x'),
		       (2, 'Bob', 20.00, 0.5, 1=0, '2024-05-02 11:30:00', %s, '[1, 2]', 'y')`, q, b.Tags, b.Tags))
	return name
}

// Source makes the plugin for the given source options (table: or query:
// lines, writable ...), over Contract.
func (b Backend) Source(t testing.TB, opts string) sources.Source {
	t.Helper()
	body := Contract + "sources:\n  db:\n    type: " + b.Type + "\n    " + b.Conn + "\n"
	for _, line := range strings.Split(opts, "\n") {
		body += "    " + line + "\n"
	}
	return New(t, Config(t, t.TempDir(), body))
}

// Init makes the plugin like Source but returns Init's error.
func (b Backend) Init(t testing.TB, opts string) (sources.Source, error) {
	t.Helper()
	body := Contract + "sources:\n  db:\n    type: " + b.Type + "\n    " + b.Conn + "\n    " + opts + "\n"
	cfg := Config(t, t.TempDir(), body)
	src, _ := sources.New(cfg.Type)
	return src, src.Init(cfg)
}

// Canon parses a raw record into canonical JSON per field name.
func Canon(c *contract.Contract, rec contract.Record) map[string]string {
	out := map[string]string{}
	for _, f := range c.Fields {
		out[f.Name] = f.Parse(rec.Values[f.Index]).JSON
	}
	return out
}

// FetchErr runs Fetch and returns its error.
func FetchErr(src sources.Source) error {
	_, err := src.Fetch(context.Background(), func(contract.Record) error { return nil })
	return err
}

// NoSecret fails when err's message shows secret: a password from a DSN
// must never reach an error.
func NoSecret(t testing.TB, err error, secret string) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), secret) {
		t.Errorf("error shows the password: %v", err)
	}
}

// FetchWithin fetches src and fails when that takes longer than limit (a
// timeout that did not hold); it returns the fetch's error.
func FetchWithin(t testing.TB, src sources.Source, limit time.Duration) error {
	t.Helper()
	start := time.Now()
	err := FetchErr(src)
	if d := time.Since(start); d > limit {
		t.Errorf("Fetch took %s, want at most %s", d, limit)
	}
	return err
}

// MustContain fails unless err's message holds every part.
func MustContain(t testing.TB, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error containing %q, got nil", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}

// IsConflict fails unless err wraps sources.ErrConflict.
func IsConflict(t testing.TB, err error) {
	t.Helper()
	if !errors.Is(err, sources.ErrConflict) {
		t.Errorf("want a conflict, got %v", err)
	}
}

// SilentServer listens on a local port, accepts connections and never
// answers, for timeout tests. It returns the address.
func SilentServer(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}
