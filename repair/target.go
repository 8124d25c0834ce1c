package repair

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/sources"
)

// verdict is what to do with an op once its target has been re-read.
type verdict uint8

const (
	verdictWrite    verdict = iota + 1 // the target holds what the plan expected
	verdictDone                        // the target already holds the result
	verdictConflict                    // the target changed since the plan
)

// target is an op's target as re-read, and the write that would apply it.
type target struct {
	verdict verdict
	before  json.RawMessage // canonical record found; nil when absent
	after   json.RawMessage // the record once written; nil for a delete
	writer  sources.Writer
	write   sources.WriteOp
}

// look re-reads an op's target and decides.
func (x *executor) look(ctx context.Context, op Op) (target, error) {
	w, ok := x.targets[op.Source]
	if !ok {
		return target{}, fmt.Errorf("source %q is not writable in this config; set writable: true on it", op.Source)
	}
	t := target{writer: w}
	key, err := x.opKey(op)
	if err != nil {
		return t, err
	}
	t.write = sources.WriteOp{Action: op.Action, Key: key}
	raw, found, err := w.Get(ctx, key)
	if err != nil {
		return t, fmt.Errorf("re-reading %s %s: %w", op.Source, keyText(op), err)
	}
	// Only the fields the op compares are parsed into values; the
	// before-image takes the others straight from their text (see
	// imageOf). An update not already applied parses them all: its
	// after-image, journaled for a write or a conflict alike, is the
	// whole record with its set.
	var cur []contract.Value
	var parsed []bool
	if found {
		// The values live as long as this read: they go back to the
		// pool for the next op's (what they hold is copied out, into
		// the images and the verdict).
		sc := scratchPool.Get().(*recordScratch)
		defer scratchPool.Put(sc)
		cur, parsed = x.parseFields(raw, op, sc)
	}
	t.verdict, err = x.decide(op, cur, found)
	if err != nil {
		return t, err
	}
	if t.verdict == verdictWrite {
		// Only a write needs the op's values decoded.
		t.write = x.writeOpKey(op, key)
	}
	if found && t.verdict != verdictDone && op.Action == sources.ActionUpdate {
		x.parseRest(raw, cur, parsed)
	}
	if found {
		t.before = x.imageOf(raw, cur, parsed)
	}
	if err := x.whole(ctx, op, &t); err != nil {
		return t, fmt.Errorf("re-reading %s %s whole: %w", op.Source, keyText(op), err)
	}
	switch {
	case t.verdict == verdictDone:
		// Nothing is written: the record after the op is the one read.
		t.after = t.before
	case op.Action == sources.ActionInsert:
		t.after, _ = op.Record.MarshalJSON()
	case op.Action == sources.ActionUpdate && found:
		t.after = x.image(x.with(cur, op.Set))
	}
	return t, nil
}

// whole keeps the record as the source holds it in the before-image of an
// update or delete about to be written, and gives a rollback's write the
// record it kept: an insert puts it back whole, an update writes each of
// its fields back exactly as it was held.
func (x *executor) whole(ctx context.Context, op Op, t *target) error {
	if t.verdict != verdictWrite {
		return nil
	}
	if kept, ok := x.wholes[op.ID]; ok {
		if _, can := t.writer.(sources.WholeRecorder); can && op.Action != sources.ActionDelete {
			t.write.Whole = kept
		}
	}
	if op.Action == sources.ActionInsert {
		return nil
	}
	var err error
	t.before, err = x.withWhole(ctx, t.writer, t.write.Key, t.before)
	return err
}

func keyText(op Op) string {
	b, _ := op.Key.MarshalJSON()
	return string(b)
}

// decide compares the current record with the op's set, expect or record.
func (x *executor) decide(op Op, cur []contract.Value, found bool) (verdict, error) {
	switch op.Action {
	case sources.ActionUpdate:
		if !found {
			return verdictConflict, nil
		}
		return x.pick(cur, op.Set, op.Expect)
	case sources.ActionInsert:
		if !found {
			return verdictWrite, nil
		}
		done, err := x.holds(cur, op.Record)
		if err != nil || !done {
			return verdictConflict, err
		}
		return verdictDone, nil
	case sources.ActionDelete:
		if !found {
			return verdictDone, nil
		}
		ok, err := x.holds(cur, op.Expect)
		if err != nil || !ok {
			return verdictConflict, err
		}
		return verdictWrite, nil
	}
	return 0, fmt.Errorf("op %s: unknown action %q; use update, insert or delete", op.ID, op.Action)
}

func (x *executor) pick(cur []contract.Value, set, expect Fields) (verdict, error) {
	done, err := x.holds(cur, set)
	if err != nil {
		return 0, err
	}
	if done {
		return verdictDone, nil
	}
	ok, err := x.holds(cur, expect)
	if err != nil {
		return 0, err
	}
	if ok {
		return verdictWrite, nil
	}
	return verdictConflict, nil
}

// holds reports whether the record holds every given value, compared as
// the contract compares values.
func (x *executor) holds(cur []contract.Value, fs Fields) (bool, error) {
	for _, fv := range fs {
		f, want, err := x.value(fv)
		if err != nil {
			return false, err
		}
		if !f.Equal([]contract.Value{want, cur[f.Index]}) {
			return false, nil
		}
	}
	return true, nil
}

// value parses one plan value with its field.
func (x *executor) value(fv FieldValue) (*contract.Field, contract.Value, error) {
	f := x.c.FieldByName(fv.Field)
	if f == nil {
		return nil, contract.Value{}, fmt.Errorf("field %q is not in contract %s; the plan was made under another contract", fv.Field, x.c.Name)
	}
	return f, f.Parse(decode(fv.Value)), nil
}

// decode turns canonical JSON into the plain Go value writers take.
func decode(js json.RawMessage) any {
	return contract.Value{State: contract.Valid, JSON: string(js)}.Decode()
}

// parse reads a raw record into canonical values, ignored fields null.
func (x *executor) parse(rec contract.Record) []contract.Value {
	out := make([]contract.Value, len(x.c.Fields))
	for i, f := range x.c.Fields {
		out[i] = x.parseField(f, rec)
	}
	return out
}

// recordScratch holds the values of a record an op reads: each op's
// would be a new allocation of about 900 bytes otherwise.
type recordScratch struct {
	cur    []contract.Value
	parsed []bool
}

var scratchPool = sync.Pool{New: func() any { return new(recordScratch) }}

// take returns n zero values and flags, reusing sc's.
func (sc *recordScratch) take(n int) ([]contract.Value, []bool) {
	if cap(sc.cur) < n {
		sc.cur, sc.parsed = make([]contract.Value, n), make([]bool, n)
	}
	sc.cur, sc.parsed = sc.cur[:n], sc.parsed[:n]
	clear(sc.cur)
	clear(sc.parsed)
	return sc.cur, sc.parsed
}

// parseFields parses the fields of a raw record that deciding op reads
// (its set, expect and record fields) into values indexed like the
// contract's fields, in sc's, and marks them in parsed; the others are
// left zero.
func (x *executor) parseFields(rec contract.Record, op Op, sc *recordScratch) (cur []contract.Value, parsed []bool) {
	cur, parsed = sc.take(len(x.c.Fields))
	for _, fs := range [...]Fields{op.Set, op.Expect, op.Record} {
		for _, fv := range fs {
			if f := x.c.FieldByName(fv.Field); f != nil && !parsed[f.Index] {
				cur[f.Index], parsed[f.Index] = x.parseField(f, rec), true
			}
		}
	}
	return cur, parsed
}

// parseRest parses the fields parseFields left, so that cur is what parse
// gives.
func (x *executor) parseRest(rec contract.Record, cur []contract.Value, parsed []bool) {
	for i, f := range x.c.Fields {
		if !parsed[i] {
			cur[i], parsed[i] = x.parseField(f, rec), true
		}
	}
}

// parseField is one field of a raw record as parse reads it.
func (x *executor) parseField(f *contract.Field, rec contract.Record) contract.Value {
	if f.Ignore || f.Index >= rec.Len() {
		return contract.NullValue
	}
	return f.Parse(rec.Raw(f.Index))
}

// imageOf is the before-image Image gives of the raw record parse reads,
// built without a value for each field: a field parsed already is taken
// from cur, a CSV or TSV cell is canonicalized straight into the image
// (contract.Field.AppendCell gives the JSON Parse would), anything else
// is parsed.
func (x *executor) imageOf(rec contract.Record, cur []contract.Value, parsed []bool) json.RawMessage {
	b := make([]byte, 0, 256)
	b = append(b, '{')
	for i, f := range x.c.Fields {
		if f.Ignore {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(diff.AppendName(b, f.Name), ':')
		if !parsed[i] {
			if cell, ok := rec.CellText(i); ok {
				if out, st, ok := f.AppendCell(b, cell); ok && (st == contract.Valid || st == contract.Null) {
					if st == contract.Null {
						out = append(b, "null"...)
					}
					b = out
					continue
				}
			}
		}
		v := cur[i]
		if !parsed[i] {
			v = x.parseField(f, rec)
		}
		b = appendImageValue(b, v)
	}
	return append(b, '}')
}

// appendImageValue appends a value as Image writes it: its canonical JSON,
// or null.
func appendImageValue(b []byte, v contract.Value) []byte {
	if v.JSON != "" {
		return append(b, v.JSON...)
	}
	return append(b, "null"...)
}

// with returns the record with the fields set.
func (x *executor) with(cur []contract.Value, set Fields) []contract.Value {
	out := append([]contract.Value(nil), cur...)
	for _, fv := range set {
		if f, v, err := x.value(fv); err == nil {
			out[f.Index] = v
		}
	}
	return out
}

// image is a record's canonical JSON object, ignored fields left out.
func (x *executor) image(rec []contract.Value) json.RawMessage { return Image(x.c, rec) }

// Image is a record of canonical values (indexed like c.Fields) as the
// journal's before- and after-images write it: a JSON object in contract
// field order, ignored fields left out, a value missing from rec null.
func Image(c *contract.Contract, rec []contract.Value) json.RawMessage {
	b := make([]byte, 0, 256)
	b = append(b, '{')
	for _, f := range c.Fields {
		if f.Ignore {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(diff.AppendName(b, f.Name), ':')
		v := contract.NullValue
		if f.Index < len(rec) {
			v = rec[f.Index]
		}
		b = appendImageValue(b, v)
	}
	return append(b, '}')
}

// writeOp is the compare-and-set write of an op, values decoded.
func (x *executor) writeOp(op Op) (sources.WriteOp, error) {
	key, err := x.opKey(op)
	if err != nil {
		return sources.WriteOp{}, err
	}
	return x.writeOpKey(op, key), nil
}

// writeOpKey is writeOp with the op's key decoded already.
func (x *executor) writeOpKey(op Op, key []any) sources.WriteOp {
	return sources.WriteOp{Action: op.Action, Key: key,
		Set: decodeFields(op.Set), Expect: decodeFields(op.Expect), Record: decodeFields(op.Record)}
}

// opKey is the key of an op's record, values decoded in the contract's
// key order.
func (x *executor) opKey(op Op) ([]any, error) {
	kfs := x.c.KeyFields()
	key := make([]any, 0, len(kfs))
	for i, kf := range kfs {
		if i >= len(op.Key) || op.Key[i].Field != kf.Name {
			return nil, fmt.Errorf("op %s: key %s does not match the contract's key fields", op.ID, keyText(op))
		}
		key = append(key, decode(op.Key[i].Value))
	}
	return key, nil
}

func decodeFields(fs Fields) map[string]any {
	if fs == nil {
		return nil
	}
	out := make(map[string]any, len(fs))
	for _, fv := range fs {
		out[fv.Field] = decode(fv.Value)
	}
	return out
}
