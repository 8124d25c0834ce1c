package diff

import (
	"github.com/drift-sh/drift/contract"
)

// RuleViolation is a named rule broken by one record.
type RuleViolation struct {
	Rule    string
	Field   string
	Message string
}

// Checker evaluates the contract's named rules (CEL invariants and
// transitions) over one parsed record of one source. It is optional.
//
// Check is called from Add, so it may run concurrently for different
// sources. values is indexed like Contract.Fields (ignored fields are Null)
// and is only valid during the call: the engine reuses it for the next
// record, so a Checker that keeps values must copy them.
type Checker interface {
	Check(source string, values []contract.Value) []RuleViolation
}

// Engine diffs records from several sources against one contract.
//
// It streams: per source it keeps one compact canonical row per key (the
// state and canonical JSON of each compared field, see row.go), never the
// raw records. Add and Fail may be called concurrently for different
// sources, never for the same one; Result, Keys and Record must be called
// after every Add has returned.
type Engine struct {
	c       *contract.Contract
	names   []string
	checker Checker
	// cols are the indexes of the compared fields: declared, not ignored,
	// not part of the key (the key string holds the key fields).
	cols    []int
	isKey   []bool
	sources []*sourceIndex
}

// sourceIndex is everything the engine holds for one source. Only Add for
// that source touches it, so sources need no locking.
type sourceIndex struct {
	name   string
	failed bool
	// rows maps a key string (see KeyString) to the encoded canonical row
	// of the first record with that key.
	rows map[string]string
	// dups holds keys already reported as duplicate-key.
	dups       map[string]bool
	violations []violation
	// seenBad dedupes violations of records with an unusable key.
	seenBad map[string]bool
	vals    []contract.Value // reused per record
	buf     []byte           // reused per record: the row
	kbuf    []byte           // reused per record: the key string
}

// violation is one broken rule found by Add. key is the record's key
// string; for a record whose key could not be parsed (bad), it is the JSON
// object text of raw, the key as given. A key string is a JSON array, so
// the two never collide.
type violation struct {
	key     string
	bad     bool
	raw     Key
	sortKey []contract.Value
	rule    string
	field   string
	message string
}

// Option configures an Engine.
type Option func(*Engine)

// WithChecker adds named-rule checks.
func WithChecker(c Checker) Option { return func(e *Engine) { e.checker = c } }

// New makes an engine for the named sources, in config order.
func New(c *contract.Contract, sources []string, opts ...Option) *Engine {
	e := &Engine{c: c, names: append([]string(nil), sources...)}
	e.isKey = make([]bool, len(c.Fields))
	for _, k := range c.Key {
		e.isKey[k] = true
	}
	for i, f := range c.Fields {
		if !f.Ignore && !e.isKey[i] {
			e.cols = append(e.cols, i)
		}
	}
	for _, name := range sources {
		e.sources = append(e.sources, &sourceIndex{
			name:    name,
			rows:    map[string]string{},
			dups:    map[string]bool{},
			seenBad: map[string]bool{},
			vals:    make([]contract.Value, len(c.Fields)),
		})
	}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Add parses, validates and indexes one record of source src (an index
// into the sources given to New). A record whose key field is null or
// invalid yields a required or type violation and nothing else; a key seen
// before in the same source yields one duplicate-key violation per key, and
// the copy is not checked. Records of a failed source, or an unknown src,
// are dropped.
func (e *Engine) Add(src int, rec contract.Record) {
	if src < 0 || src >= len(e.sources) || e.sources[src].failed {
		return
	}
	s := e.sources[src]
	vals := s.vals
	for i, f := range e.c.Fields {
		vals[i] = contract.NullValue
		if !f.Ignore && i < len(rec.Values) {
			vals[i] = f.Parse(rec.Values[i])
		}
	}
	if !e.keyUsable(vals) {
		e.badKey(s, rec, vals)
		return
	}
	s.kbuf = e.appendKey(s.kbuf[:0], vals)
	if _, seen := s.rows[string(s.kbuf)]; seen {
		e.duplicate(s, string(s.kbuf), rec)
		return
	}
	key := string(s.kbuf)
	s.buf = encodeRow(s.buf[:0], vals, e.cols)
	s.rows[key] = string(s.buf)
	s.violations = append(s.violations, e.check(s, key, rec, vals)...)
}

// Fail marks source src as unreadable. A failed source takes no further
// part in the result: it contributes no missing, changed or violation
// drifts, is not counted as lacking a key, and what it read is dropped.
func (e *Engine) Fail(src int) {
	if src < 0 || src >= len(e.sources) {
		return
	}
	s := e.sources[src]
	s.failed = true
	s.rows, s.dups, s.seenBad, s.violations = map[string]string{}, map[string]bool{}, map[string]bool{}, nil
}

// Sources returns the source names given to New, in config order.
func (e *Engine) Sources() []string { return append([]string(nil), e.names...) }

func (e *Engine) keyUsable(vals []contract.Value) bool {
	for _, k := range e.c.Key {
		if vals[k].State != contract.Valid {
			return false
		}
	}
	return true
}

// appendKey appends the key string of a record's values (indexed like
// Contract.Fields); see KeyString.
func (e *Engine) appendKey(b []byte, vals []contract.Value) []byte {
	b = append(b, '[')
	for i, k := range e.c.Key {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, vals[k].JSON...)
	}
	return append(b, ']')
}

// live returns the indexes of the sources that did not fail.
func (e *Engine) live() []int {
	var out []int
	for i, s := range e.sources {
		if !s.failed {
			out = append(out, i)
		}
	}
	return out
}
