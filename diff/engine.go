package diff

import (
	"hash/maphash"
	"slices"
	"strings"
	"sync"

	"github.com/drift-sh/drift/contract"
)

// RuleViolation is a named rule broken by one record.
type RuleViolation struct {
	Rule    string
	Field   string
	Message string
	// Severity is the rule's severity: "error" or "warning"; empty means error.
	Severity string
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
// It streams: per source it keeps, per key, 24 bytes (see keyset.go): an
// 80-bit hash of the key string, a 64-bit hash of the record's compact
// canonical row (see row.go) mixed with 48 more bits of the key's hash,
// and the record's position, plus the row itself for a source that is not
// located (see WithLocated). Two records match when their key hashes are
// equal and agree when their row hashes are equal. A false "equal" needs
// either two keys that collide in all 144 bits (80 of the key, 64 of the
// row, mixed with the other 48 of the key) — never, in practice — or one
// key whose rows differ but hash alike: a 2^-64 chance per key compared,
// so under 10^-12 for a scan of 10^7 keys, and the hash seeds are new on
// every run. Two keys colliding in 80 bits (about n²/2^81: 4·10^-11 for
// 10^7 keys) never make rows agree, as their row hashes differ: they are
// compared field by field, where their key strings tell them apart.
// Only the keys that differ are compared field by field, from the rows.
//
// The hashes are appended as records come (see keyset.go); the first call
// to Needs, AddDetail, Keys or Result sorts them per source, settles
// duplicate keys (see dups.go) and matches the sources by a merge (see
// merge.go).
//
// Add and Fail may be called concurrently for different sources, never for
// the same one; so may AddDetail. Needs, Result, Keys and Record must be
// called after every Add has returned.
type Engine struct {
	c       *contract.Contract
	names   []string
	checker Checker
	// cols are the indexes of the compared fields: declared, not ignored,
	// not part of the key (the key string holds the key fields).
	cols []int
	// byName lists the places in cols by field name: the order of a
	// key's changed drifts in a report.
	byName []int
	isKey  []bool
	// keyCells and rowCells are what fastRow does with the cells of the
	// key fields, in key order, and of the compared fields (cols).
	keyCells, rowCells []cellOp
	sources            []*sourceIndex
	seeds              [3]maphash.Seed
	located            []int
	cache              *candidateCache
	// sealMu serializes seal, which Needs and AddDetail may call at once.
	sealMu sync.Mutex
	// agreed counts the keys that every source holds with the same row,
	// found equal without being read (see AddAgreed).
	agreed int
}

// hkey is the hash of a key string: 64 bits, then 16 more in the top bits
// of the second word (see keyHash).
type hkey [2]uint64

// sourceIndex is everything the engine holds for one source. Only Add for
// that source touches it, so sources need no locking.
type sourceIndex struct {
	name    string
	failed  bool
	located bool
	keys    keyset
	// dupRecs holds, for a located source, the second record of each key
	// seal found more than once, by position (see dups.go).
	dupRecs []dupRecord
	// detail holds the key string and row of every record of a source
	// that is not located, and of the re-read records of one that is.
	detail details
	// dups holds keys already reported as duplicate-key, for a source
	// that is not located.
	dups       map[hkey]bool
	violations []violation
	// seenBad dedupes violations of records with an unusable key.
	seenBad map[string]bool
	vals    []contract.Value // reused per record
	buf     []byte           // reused per record: the row
	kbuf    []byte           // reused per record: the key string
	scratch []byte           // reused per record: canonical cells
	spans   []span           // reused per record: each field in scratch
	cells   []string         // reused per record read again: its cells
	// want is the entries Needs asked for, by position, and wantAt how
	// far AddDetail has come through them.
	want   []entry
	wantAt int
	// The fields above are written for every record by the goroutine that
	// reads the source; the pad keeps the next object in memory (another
	// source's index, say) off their cache lines.
	_ [64]byte
}

// violation is one broken rule found by Add. key is the record's key
// string; for a record whose key could not be parsed (bad), it is the JSON
// object text of raw, the key as given. A key string is a JSON array, so
// the two never collide.
type violation struct {
	key      string
	pos      int64 // the record's position, when not bad
	bad      bool
	raw      Key
	sortKey  []contract.Value
	rule     string
	field    string
	message  string
	severity string // "warning" for a warning-level named rule
}

// Option configures an Engine.
type Option func(*Engine)

// WithChecker adds named-rule checks.
func WithChecker(c Checker) Option { return func(e *Engine) { e.checker = c } }

// WithLocated names the sources whose records carry a Pos by which they
// can be read again (sources.Rereader). For them the engine keeps only
// hashes and positions; Needs says which records to read again, and
// AddDetail takes them, before Result. A located source's positions must
// grow from record to record, and fit in 48 bits: of a key read twice,
// the record at the lower position counts.
func WithLocated(srcs ...int) Option {
	return func(e *Engine) { e.located = append(e.located, srcs...) }
}

// New makes an engine for the named sources, in config order.
func New(c *contract.Contract, sources []string, opts ...Option) *Engine {
	e := &Engine{c: c, names: append([]string(nil), sources...)}
	e.seeds = [3]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed(), maphash.MakeSeed()}
	e.isKey = make([]bool, len(c.Fields))
	for _, k := range c.Key {
		e.isKey[k] = true
		e.keyCells = append(e.keyCells, newCellOp(c, k))
	}
	for i, f := range c.Fields {
		if !f.Ignore && !e.isKey[i] {
			e.byName = append(e.byName, len(e.cols))
			e.cols = append(e.cols, i)
			e.rowCells = append(e.rowCells, newCellOp(c, i))
		}
	}
	slices.SortFunc(e.byName, func(a, b int) int { return strings.Compare(c.Fields[e.cols[a]].Name, c.Fields[e.cols[b]].Name) })
	for _, name := range sources {
		e.sources = append(e.sources, &sourceIndex{
			name:    name,
			detail:  newDetails(0),
			dups:    map[hkey]bool{},
			seenBad: map[string]bool{},
			vals:    make([]contract.Value, len(c.Fields)),
			spans:   make([]span, len(c.Fields)),
		})
	}
	for _, o := range opts {
		o(e)
	}
	for _, src := range e.located {
		if src >= 0 && src < len(e.sources) {
			e.sources[src].located = true
		}
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
	s := e.source(src)
	if s == nil {
		return
	}
	if rec.Values == nil && (e.fastRow(s, &rec) || e.fastColumns(s, &rec)) {
		e.index(s, &rec, nil)
		return
	}
	vals := e.parse(s, &rec)
	if !e.keyUsable(vals) {
		e.badKey(s, rec, vals)
		return
	}
	s.kbuf = e.appendKey(s.kbuf[:0], vals)
	s.buf = encodeRow(s.buf[:0], vals, e.cols)
	e.index(s, &rec, vals)
}

func (e *Engine) source(src int) *sourceIndex {
	if src < 0 || src >= len(e.sources) || e.sources[src].failed {
		return nil
	}
	return e.sources[src]
}

// hashes returns the hash of a key string and of a row: the row's 64-bit
// hash mixed with the key's 48 bits that the key hash drops, so that the
// rows of two keys whose hashes collide still differ.
func (e *Engine) hashes(key, row []byte) (hkey, uint64) {
	k0, k1 := maphash.Bytes(e.seeds[0], key), maphash.Bytes(e.seeds[1], key)
	return hkey{k0, k1 &^ posMask}, maphash.Bytes(e.seeds[2], row) ^ k1&posMask
}

// keyHash is the hash of a key string, as hashes gives it.
func (e *Engine) keyHash(key []byte) hkey {
	return hkey{maphash.Bytes(e.seeds[0], key), maphash.Bytes(e.seeds[1], key) &^ posMask}
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
	s.keys.free()
	s.keys, s.detail, s.violations = keyset{}, newDetails(0), nil
	s.dupRecs, s.want = nil, nil
	s.dups, s.seenBad = map[hkey]bool{}, map[string]bool{}
}

// Reserve tells the engine that source src will hold about n records, so
// its index is allocated once instead of growing as records arrive. It is
// only a hint: a wrong n costs memory or growth, never correctness. Call it
// before the source's first Add.
func (e *Engine) Reserve(src, n int) {
	if src < 0 || src >= len(e.sources) || n <= 0 {
		return
	}
	e.sources[src].keys.reserve(n)
}

// AddAgreed counts n keys that every source holds, once each and with
// the same valid row, which a scan found equal inside the databases
// without reading them: they add to the summary's keys and to nothing
// else. Call it before Result.
func (e *Engine) AddAgreed(n int) { e.agreed += n }

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
