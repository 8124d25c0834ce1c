package queue

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/sources"
)

// Versioner is implemented by sources that can tell their current
// snapshot version cheaply, without reading every record. A worker uses
// it for monotonic reads: a source whose version went backwards since the
// job was made (a replica that lags) is not trusted, and the job is
// retried later.
type Versioner interface {
	Version(ctx context.Context) (string, error)
}

// reread is the key as every source holds it now.
type reread struct {
	engine   *diff.Engine
	versions []string
}

// reread reads the key again from every source (never the job's copy).
// A source that cannot be read, or whose version went backwards, is an
// error: the job is retried later.
func (h *Handler) reread(ctx context.Context, a Args, key []any) (*reread, error) {
	names := make([]string, len(h.Sources))
	for i, o := range h.Sources {
		names[i] = o.Name
	}
	rd := &reread{engine: diff.New(h.Contract, names, diff.WithChecker(h.Rules)), versions: make([]string, len(h.Sources))}
	if h.Rules == nil {
		rd.engine = diff.New(h.Contract, names)
	}
	seen := map[string]Seen{}
	for _, s := range a.Sources {
		seen[s.Source] = s
	}
	for i, o := range h.Sources {
		rec, found, version, err := readKey(ctx, o, key)
		if err != nil {
			return nil, fmt.Errorf("source %q could not be read: %s; the job is retried", o.Name, scan.Scrub(err.Error(), o.Secrets))
		}
		if was := seen[o.Name].Version; behind(version, was) {
			return nil, fmt.Errorf("source %q is at version %s, behind the %s the job was made at (a lagging replica?); the job is retried", o.Name, version, was)
		}
		rd.versions[i] = version
		if found {
			rd.engine.Add(i, rec)
		}
	}
	return rd, nil
}

// readKey reads one record by key, and the source's version when it can
// tell it.
func readKey(ctx context.Context, o *scan.Opened, key []any) (contract.Record, bool, string, error) {
	w, ok := o.Source.(sources.Writer)
	if !ok {
		return contract.Record{}, false, "", fmt.Errorf("a %s source cannot read one key", o.Type)
	}
	version := ""
	if v, ok := o.Source.(Versioner); ok {
		var err error
		if version, err = v.Version(ctx); err != nil {
			return contract.Record{}, false, "", err
		}
	}
	rec, found, err := w.Get(ctx, key)
	return rec, found, version, err
}

// keyValues decodes a job's key into the values Writer.Get takes, in the
// contract's key order; a key that no longer fits the contract is an
// error for a person.
func keyValues(c *contract.Contract, k diff.Key) ([]any, error) {
	kfs := c.KeyFields()
	if len(kfs) != len(k) {
		return nil, fmt.Errorf("the job's key %s does not fit the contract's key fields; the contract's key changed since the job was made", keyText(k))
	}
	out := make([]any, len(kfs))
	for i, f := range kfs {
		if k[i].Field != f.Name {
			return nil, fmt.Errorf("the job's key %s does not fit the contract's key fields; the contract's key changed since the job was made", keyText(k))
		}
		dec := json.NewDecoder(bytes.NewReader(k[i].Value))
		dec.UseNumber()
		if err := dec.Decode(&out[i]); err != nil {
			return nil, fmt.Errorf("the job's key %s: field %s: %w", keyText(k), f.Name, err)
		}
	}
	return out, nil
}

func keyText(k diff.Key) string {
	b, _ := k.MarshalJSON()
	return string(b)
}

var lsn = regexp.MustCompile(`^([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})$`)

// behind reports whether version now is older than version was. Only
// versions with an order are compared: PostgreSQL WAL positions (X/Y) and
// plain integers; a hash, or an empty or unknown version, never is.
func behind(now, was string) bool {
	a, okA := ordinal(now)
	b, okB := ordinal(was)
	return okA && okB && a.Cmp(b) < 0
}

func ordinal(v string) (*big.Int, bool) {
	if m := lsn.FindStringSubmatch(v); m != nil {
		hi, _ := strconv.ParseUint(m[1], 16, 64)
		lo, _ := strconv.ParseUint(m[2], 16, 64)
		return new(big.Int).SetUint64(hi<<32 | lo), true
	}
	if strings.TrimLeft(v, "0123456789") == "" && v != "" {
		return new(big.Int).SetString(v, 10)
	}
	return nil, false
}
