package redis

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	goredis "github.com/redis/go-redis/v9"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

var _ sources.Streamer = (*Source)(nil)

// Stream implements sources.Streamer: it is Fetch (Redis records cannot
// be read again by position, so located changes nothing), with each
// hash's record in one reused Columns buffer, its values as cells. The
// json encoding is read with Fetch.
func (s *Source) Stream(ctx context.Context, _ bool, emit func(contract.Record) error) (sources.Snapshot, error) {
	if s.opts.Encoding == encodingJSON {
		return s.Fetch(ctx, emit)
	}
	return s.fetch(ctx, make([]contract.Column, len(s.paths)), emit)
}

// emitHash emits the record of one HGETALL reply in cols, as hashRecord
// builds it; found is false when the key no longer exists.
func (s *Source) emitHash(cmd *goredis.MapStringStringCmd, rkey string, cols []contract.Column, emit func(contract.Record) error) (found bool, err error) {
	h, err := cmd.Result()
	if err != nil {
		return false, s.readError(rkey, err)
	}
	if len(h) == 0 {
		return false, nil
	}
	return true, emit(s.hashColumns(h, rkey, cols))
}

// hashColumns is hashRecord in the Columns form: a hash value is a
// ColCell, a key part taken from the redis key a ColString.
func (s *Source) hashColumns(h map[string]string, rkey string, cols []contract.Column) contract.Record {
	rec := contract.Record{Columns: cols, Loc: "key " + strconv.Quote(rkey)}
	for i, p := range s.paths {
		cols[i] = contract.Column{}
		if v, ok := h[p[0]]; ok {
			cols[i] = contract.Column{Kind: contract.ColCell, Text: readOnly(v)}
		}
	}
	if s.hasUnknown(h) {
		for k := range h {
			if !s.known[k] {
				rec.Unknown = append(rec.Unknown, k)
			}
		}
		sort.Strings(rec.Unknown)
	}
	var parts []string
	for i, k := range s.cfg.Contract.Key {
		if cols[k].Kind != contract.ColNull {
			continue
		}
		if parts == nil {
			parts = strings.SplitN(strings.TrimPrefix(rkey, s.opts.Prefix), ":", len(s.cfg.Contract.Key))
		}
		if i < len(parts) {
			cols[k] = contract.Column{Kind: contract.ColString, Text: readOnly(parts[i])}
		}
	}
	return rec
}

// hasUnknown reports whether h has a field the contract does not read.
func (s *Source) hasUnknown(h map[string]string) bool {
	for k := range h {
		if !s.known[k] {
			return true
		}
	}
	return false
}

// readOnly views a string's bytes without copying them: the column's
// readers (contract.Field.AppendColumn, Column.Raw) never write to Text.
func readOnly(v string) []byte {
	return unsafe.Slice(unsafe.StringData(v), len(v))
}
