package sources

import (
	"context"
	"errors"
	"fmt"

	"github.com/drift-sh/drift/contract"
)

// Checksummer is implemented by sources that can compare their records by
// key range inside their database (SPEC "Big tables"): a scan asks each
// source for the count and hash of a range, and reads only the ranges
// whose counts or hashes differ.
//
// BeginChecksum opens one read snapshot and returns a session over it; it
// returns an error wrapping ErrNoChecksum when this source, as configured,
// cannot (a query source, `checksum: off`, a column type it cannot hash
// exactly); the scan then reads every record.
type Checksummer interface {
	BeginChecksum(ctx context.Context) (ChecksumSession, error)
}

// ErrNoChecksum marks a source that cannot compare by checksum; the error
// wrapping it says why.
var ErrNoChecksum = errors.New("checksum pushdown not available")

// NoChecksum returns an error wrapping ErrNoChecksum with the reason.
func NoChecksum(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNoChecksum, fmt.Sprintf(format, args...))
}

// Bound is a key in contract key order, as the database holds it (the
// values a session's Split returns): ranges start and end at bounds.
type Bound []any

// Range is the records whose key k has Lo <= k < Hi in the database's key
// order; a nil Lo or Hi is unbounded. The range with a nil Lo also holds
// the records whose key has a null part.
type Range struct {
	Lo, Hi Bound
}

// Sum is what a database computed over one range: its row count, the sum
// of a 128-bit hash of each row's canonical text (in four 28-bit parts, so
// that every database sums them exactly), and how many rows must be read
// to be diffed because their checks could fail (a null in a required
// field, a value that may not parse, a duplicate key). Two ranges with
// equal counts and hashes and no suspect rows hold the same records.
type Sum struct {
	Rows    int64
	Hash    [4]int64
	Suspect int64
}

// Agrees reports whether s and o say the range holds the same records, so
// that nothing in it needs reading.
func (s Sum) Agrees(o Sum) bool {
	return s.Rows == o.Rows && s.Hash == o.Hash && s.Suspect == 0 && o.Suspect == 0
}

// ChecksumSession compares ranges of one source inside one read snapshot.
//
// Sums returns the sums of the parts of r split at bounds (sorted, inside
// r): len(bounds)+1 sums. Split returns up to n-1 bounds that cut r into
// n parts of about equal row counts, in key order. Next returns the key
// size rows after lo in key order (after the first key when lo is nil),
// and false when there are not that many. Fetch emits every record of r,
// as Fetch would read it. Close ends the snapshot.
//
// Hashes lists the row hashes the session can sum, fastest first; UseHash
// picks one before the first Sums or Buckets (HashMD5, which every source
// has, by default). Two sessions compare only under the same hash.
//
// When the key is one integer column (IntKey), a scan sweeps it instead:
// IntSpan returns the smallest key at or after from (every key when from
// is nil) and the largest key, false when there is none; Buckets returns,
// in one statement, the sums of the rows whose key k has lo <= k < hi,
// grouped by (k - lo) / step, one Bucket per non-empty group in any order.
type ChecksumSession interface {
	Snapshot() Snapshot
	Options() ChecksumOptions
	Next(ctx context.Context, lo Bound, size int64) (Bound, bool, error)
	Sums(ctx context.Context, r Range, bounds []Bound) ([]Sum, error)
	Split(ctx context.Context, r Range, n int) ([]Bound, error)
	Fetch(ctx context.Context, r Range, emit func(contract.Record) error) (int, error)
	Hashes() []string
	UseHash(name string) error
	IntKey() bool
	IntSpan(ctx context.Context, from *int64) (lo, hi int64, ok bool, err error)
	Buckets(ctx context.Context, lo, hi, step int64) ([]Bucket, error)
	Close()
}

// HashMD5 is the row hash every checksum session computes alike: the md5
// of the row's canonical text.
const HashMD5 = "md5"

// Bucket is one group of a Buckets call: the rows whose key k has
// lo + Index*step <= k < lo + (Index+1)*step.
type Bucket struct {
	Index int64
	Sum
}

// ChecksumOptions are the options of every source that can checksum.
type ChecksumOptions struct {
	// Checksum is auto (compare ranges in the database when every source
	// of the scan can) or off (read every record).
	Checksum string `yaml:"checksum"`
	// BisectFactor is how many parts an unequal range is split into.
	BisectFactor int `yaml:"bisect_factor"`
	// BisectThreshold is the row count under which an unequal range is
	// read and diffed instead of split.
	BisectThreshold int `yaml:"bisect_threshold"`
}

// Checksum defaults, as SPEC gives them.
const (
	DefaultBisectFactor    = 32
	DefaultBisectThreshold = 16384
)

// Check validates the options and fills in the defaults. It returns the
// offending key and a message, or "" when the options are valid.
func (o *ChecksumOptions) Check() (key, msg string) {
	switch {
	case o.Checksum == "":
		// Off unless asked for: on a loaded 2-core machine a pushed-down
		// scan of two 1M-row PostgreSQL tables took 1.4x a full read, and
		// of a PostgreSQL table and its MariaDB copy 1.8x (see the README's
		// benchmark): hashing every row in the database costs about what
		// sending it does, so it is opt-in until it is faster.
		o.Checksum = "off"
	case o.Checksum != "auto" && o.Checksum != "off":
		return "checksum", fmt.Sprintf("checksum %q is not auto or off", contract.Excerpt(o.Checksum))
	}
	switch {
	case o.BisectFactor == 0:
		o.BisectFactor = DefaultBisectFactor
	case o.BisectFactor < 2:
		return "bisect_factor", fmt.Sprintf("bisect_factor %d is below 2; use 2 or more (default %d)", o.BisectFactor, DefaultBisectFactor)
	}
	switch {
	case o.BisectThreshold == 0:
		o.BisectThreshold = DefaultBisectThreshold
	case o.BisectThreshold < 1:
		return "bisect_threshold", fmt.Sprintf("bisect_threshold %d is below 1; use a row count such as %d", o.BisectThreshold, DefaultBisectThreshold)
	}
	return "", ""
}
