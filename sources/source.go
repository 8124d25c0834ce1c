// Package sources defines the Source interface that every plugin implements,
// and the registry that maps a config `type` to a plugin constructor.
package sources

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/drift-sh/drift/contract"
)

// Source is one replica of the data: a file, a table, a cache, an API.
//
// Init validates the configuration and does no I/O. Fetch reads every
// record once, calling emit for each in the order the source holds them, and
// returns the snapshot it read. Fetch must stream: it must not hold all
// records in memory.
type Source interface {
	Init(cfg Config) error
	Fetch(ctx context.Context, emit func(contract.Record) error) (Snapshot, error)
}

// Writer is implemented by sources that can be repaired. Get re-reads one
// record by key; Write applies one compare-and-set operation. Write returns
// an error wrapping ErrConflict when the current record does not match the
// operation's expectation, and writes nothing in that case.
type Writer interface {
	Get(ctx context.Context, key []any) (rec contract.Record, found bool, err error)
	Write(ctx context.Context, op WriteOp) error
}

// WholeRecorder is implemented by writers that can read a record whole:
// every column or member the source holds for it, declared by the contract
// or not, ignored fields included. Apply keeps that record as the
// before-image of a delete, so that a rollback inserts it again as it was
// rather than only its contract fields.
//
// GetWhole returns the record with the key (canonical values in contract
// key order) as one JSON object keyed by the source's own column names or
// top-level keys, members in the order the source holds them, each value
// as the source holds it (text as a string, numbers as written). Such an
// object, given back as WriteOp.Whole, must write the same record. In a
// batch, GetWhole reads the staged data, like Get.
type WholeRecorder interface {
	GetWhole(ctx context.Context, key []any) (whole json.RawMessage, found bool, err error)
}

// Batcher is implemented by writers for which one write costs about as
// much as many, such as a file rewritten whole and renamed into place.
//
// Between BeginBatch and FlushBatch, Get and Write work on a copy of the
// data staged in memory, loaded by BeginBatch or, record by record, when
// the batch first needs it (see Prefetcher): Write's compare-and-set
// checks the staged state, and changes only it. FlushBatch makes every
// staged write durable at once, all or nothing, after checking that the
// stored data is still exactly what the batch read; when another writer
// changed it, FlushBatch writes nothing and returns an error wrapping
// ErrConflict. AbortBatch drops the staged writes. FlushBatch and
// AbortBatch both end the batch, when called by its owner (below); outside
// a batch, Get and Write read and write the stored data as usual.
//
// A batch belongs to the context it was begun with: BeginBatch takes one
// made by BatchContext, and only calls whose context derives from it see
// the staged data. Every other caller of the same source (a worker
// re-reading another key while an apply's batch is open) reads and writes
// the stored data as if no batch were open, never what the batch staged
// and might yet drop; its FlushBatch is refused and its AbortBatch does
// nothing.
type Batcher interface {
	BeginBatch(ctx context.Context) error
	FlushBatch(ctx context.Context) error
	AbortBatch(ctx context.Context)
}

// batchKey is the context key of the batch a context belongs to.
type batchKey struct{}

// batchOwner is a batch's identity: a pointer to a value that is not of
// size zero, so that two are never equal.
type batchOwner struct{ _ byte }

// BatchContext returns ctx marked as the owner of a batch of its own:
// begin the batch with it, and make the batch's Get, Write and flush with
// it or a context derived from it.
func BatchContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, batchKey{}, &batchOwner{})
}

// BatchOf returns the batch ctx belongs to (BatchContext), or nil. A
// Batcher keeps the one BeginBatch got and compares the one of every
// later call with it.
func BatchOf(ctx context.Context) any {
	return ctx.Value(batchKey{})
}

// Prefetcher is implemented by Batchers whose Get in a batch costs a read
// of the whole source, such as a CSV file rewritten in a stream: the batch
// stages only the records it touches, and reads them when it first needs
// them. Prefetch, called after BeginBatch with the keys (canonical values
// in contract key order) of every op the batch will run, reads all of
// them in one pass, so the batch's Get, GetWhole and Write calls read
// nothing more. A key it was not given is still read on demand.
type Prefetcher interface {
	Prefetch(ctx context.Context, keys [][]any) error
}

// Rereader is implemented by sources that can read some of their records
// again, so that a scan need not hold every record in memory: it keeps a
// hash per record and reads back only the few that differ.
//
// FetchLocated is Fetch, except that every record carries in Pos where it
// starts, and may carry its raw values as Record.Cells (with Values nil).
// Reread emits the records that start at the given positions (taken from
// Pos, sorted ascending), in that order, each saying where it is as
// FetchLocated's record did (Record.Where gives the same text: a
// duplicate key's violation names the record read again). It fails when
// the source changed since FetchLocated: the positions may no longer hold
// the same records. Rereadable reports whether this source, as
// configured, can do so; when it cannot, use Fetch.
type Rereader interface {
	Rereadable() bool
	FetchLocated(ctx context.Context, emit func(contract.Record) error) (Snapshot, error)
	Reread(ctx context.Context, locs []int64, emit func(contract.Record) error) error
}

// Streamer is implemented by database sources that can hand a scan their
// rows without a boxed Go value per column: Stream is Fetch, or
// FetchLocated when located is true, except that every record carries its
// values as Record.Columns (Values nil) and says where it was read in
// Row rather than Loc. The columns, and the bytes they hold, are reused
// for the next record: a consumer that keeps a record must copy it.
type Streamer interface {
	Stream(ctx context.Context, located bool, emit func(contract.Record) error) (Snapshot, error)
}

// Releaser is implemented by Rereaders that hold a snapshot (an open
// transaction) between FetchLocated and Reread: Release ends it. The scan
// calls it once it needs no more re-reads; Close ends it too.
type Releaser interface {
	Release()
}

// Estimator is implemented by sources that can guess how many records a
// Fetch will read, cheaply and before it starts (a file's size over the
// length of its first lines), so the diff engine can size its index once.
// The guess may be wrong; it must not fail a scan.
type Estimator interface {
	EstimateRecords() int
}

// Closer is implemented by sources that hold connections.
type Closer interface {
	Close() error
}

// ErrConflict marks a compare-and-set that found the target changed.
var ErrConflict = errors.New("conflict: target changed since the plan")

// Action is what a write does to one record.
type Action string

// Write actions.
const (
	ActionUpdate Action = "update"
	ActionInsert Action = "insert"
	ActionDelete Action = "delete"
)

// WriteOp is one compare-and-set write against one record, with values in
// canonical form (the JSON text of contract.Value, decoded: string, number as
// json.Number, bool, []any, map[string]any, nil).
//
// update: fields in Expect must hold those values, then Set is written;
// or, when Whole is set (only for a WholeRecorder: a rollback restoring
// what an update overwrote), each field named in Set is written with the
// value Whole holds at that field's column, member or dotted path, exactly
// as held there (a CSV cell's text, a JSON token as written, a column's
// value with its type), never its canonical form and never skipped as
// "already equal"; a field Whole lacks is written as absent or null.
// insert: the key must be absent, then Record is written; or, when Whole
// is set (only for a WholeRecorder), Whole is written as it is: every
// column or member it holds and no other.
// delete: the record must hold Expect, then it is removed.
type WriteOp struct {
	Action Action
	Key    []any          // key field values, in contract key order
	Set    map[string]any // contract field name -> new value
	Expect map[string]any // contract field name -> value the record must hold
	Record map[string]any // the whole record to insert
	// Whole is a record as WholeRecorder.GetWhole returned it: a rollback
	// inserts a deleted record with it, or writes an updated record's
	// fields back as they were stored.
	Whole json.RawMessage
}

// Config is the part of a source's config common to all plugins, plus the
// plugin's own options as a YAML node to decode with Options.Decode.
type Config struct {
	Name     string
	Type     string
	Writable bool
	// Fields maps contract field names to the source's column or dotted path.
	Fields map[string]string
	// Dir is the config file's folder: relative paths are relative to it.
	Dir string
	// Contract is the contract the records are read for.
	Contract *contract.Contract
	// Options holds every key of the source's config block, ${VAR} expanded.
	Options Options
}

// Path returns where field f is read from in this source: its `fields`
// rename, or its contract name.
func (c Config) Path(f *contract.Field) string {
	if p, ok := c.Fields[f.Name]; ok {
		return p
	}
	return f.Name
}

// Snapshot describes what one Fetch read.
type Snapshot struct {
	// Version identifies the state that was read: a file hash, a WAL LSN, a
	// GTID set; empty when the source has none.
	Version string
	Records int
}

// Constructor makes a new, uninitialized source.
type Constructor func() Source

var (
	mu       sync.RWMutex
	registry = map[string]Constructor{}
)

// Add registers a plugin under its config `type`. It panics on a duplicate
// name: that is a programming error.
func Add(name string, c Constructor) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[name]; dup {
		panic(fmt.Sprintf("sources: plugin %q registered twice", name))
	}
	registry[name] = c
}

// New returns a fresh source of the given type.
func New(name string) (Source, bool) {
	mu.RLock()
	defer mu.RUnlock()
	c, ok := registry[name]
	if !ok {
		return nil, false
	}
	return c(), true
}

// Names lists the registered types, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
