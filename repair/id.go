package repair

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/drift-sh/drift/internal/runs"
)

// compactJSON marshals v without HTML escaping and without a newline, so
// that a value hashes the same when written and when read back.
func compactJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// computeID is the plan id: "sha256:" and the hash of every member that
// decides what apply writes and where: the schema, the config path (apply
// reads the sources' settings from it), the contract (name, version and
// digest, which runs record), the source versions, the ops and the manual
// items, and the filter of a narrowed plan, as compact JSON. Only the
// creation time is left out, so the same inputs give the same id.
//
// The body is hashed a member and an op at a time, never held whole: it
// is as large as the plan file.
func (p *Plan) computeID() (string, error) {
	h := sha256.New()
	write := func(prefix string, v any) error {
		b, err := compactJSON(v)
		if err != nil {
			return fmt.Errorf("hashing plan: %w", err)
		}
		h.Write([]byte(prefix))
		h.Write(b)
		return nil
	}
	head := []struct {
		prefix string
		v      any
	}{{`{"schema":`, p.Schema}, {`,"config":`, p.Config}, {`,"contract":`, p.Contract}, {`,"sources":`, p.Sources}}
	for _, m := range head {
		if err := write(m.prefix, m.v); err != nil {
			return "", err
		}
	}
	if err := p.hashOps(h, write); err != nil {
		return "", err
	}
	if err := write(`,"manual":`, p.Manual); err != nil {
		return "", err
	}
	if p.Filter != nil {
		if err := write(`,"filter":`, p.Filter); err != nil {
			return "", err
		}
	}
	h.Write([]byte("}"))
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// hashOps writes the "ops" member of the plan id's body. The ops are
// turned into compact JSON on every core, a run of them per goroutine, and
// written to h in order: the first run's straight to h, the others' once
// it is done.
func (p *Plan) hashOps(h io.Writer, write func(prefix string, v any) error) error {
	if p.Ops == nil {
		return write(`,"ops":`, nil)
	}
	_, _ = io.WriteString(h, `,"ops":[`)
	outs := make([]opsWriter, runs.Max())
	errs := make([]error, len(outs))
	n := runs.Each(len(p.Ops), func(run, lo, hi int) {
		out := &outs[run]
		out.sep = run > 0
		if run == 0 {
			out.to = h
		}
		var b []byte
		for i := lo; i < hi; i++ {
			var err error
			if b, err = appendOp(b[:0], &p.Ops[i]); err != nil {
				errs[run] = fmt.Errorf("hashing plan: op %d: %w", i+1, err)
				return
			}
			_, _ = out.Write(b)
		}
	})
	outs = outs[:n]
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, out := range outs {
		for _, b := range out.blocks {
			_, _ = h.Write(b)
		}
	}
	_, _ = io.WriteString(h, "]")
	return nil
}

// opsWriter gathers ops, one Write an op (a trailing newline dropped), as
// compactJSON has them: comma separated (before the first too when sep is
// set), in blocks that are never copied to grow, or written straight to
// to when it is set.
type opsWriter struct {
	blocks [][]byte
	sep    bool
	to     io.Writer
}

const opsBlock = 1 << 20

func (w *opsWriter) Write(p []byte) (int, error) {
	n := len(p)
	p = bytes.TrimSuffix(p, []byte("\n"))
	if w.sep {
		w.add([]byte{','})
	}
	w.sep = true
	w.add(p)
	return n, nil
}

func (w *opsWriter) add(p []byte) {
	if w.to != nil {
		_, _ = w.to.Write(p)
		return
	}
	for len(p) > 0 {
		if len(w.blocks) == 0 || len(w.blocks[len(w.blocks)-1]) == opsBlock {
			w.blocks = append(w.blocks, make([]byte, 0, opsBlock))
		}
		last := &w.blocks[len(w.blocks)-1]
		k := min(len(p), opsBlock-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
}

// OpID is an op's stable id: the first 16 hex digits of the hash of its
// source, key, action, set, expect and record. Plans built outside the
// planner (a repair session's decisions) use it too.
func OpID(op Op) string {
	body := struct {
		Source string `json:"source"`
		Key    any    `json:"key"`
		Action string `json:"action"`
		Set    Fields `json:"set"`
		Expect Fields `json:"expect"`
		Record Fields `json:"record"`
	}{op.Source, op.Key, string(op.Action), op.Set, op.Expect, op.Record}
	b, _ := compactJSON(body)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:16]
}

// Seal sets the plan's id from its content, for plans built outside the
// planner; apply refuses a plan whose id does not match. Ops and manual
// items left nil become empty lists first, as Marshal writes them, so that
// the plan written reads back with its id.
func (p *Plan) Seal() error {
	p.fillLists()
	id, err := p.computeID()
	if err != nil {
		return err
	}
	p.PlanID = id
	return nil
}

// fillLists makes the plan's nil ops and manual items empty lists, as
// Marshal writes them.
func (p *Plan) fillLists() {
	if p.Ops == nil {
		p.Ops = []Op{}
	}
	if p.Manual == nil {
		p.Manual = []Manual{}
	}
}

// Marshal writes the plan as JSON with one op and one manual item a line,
// so that plans read well and diff well; it ends with a newline.
func (p *Plan) Marshal() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{\n")
	head := []struct {
		name string
		v    any
		skip bool
	}{
		{"schema", p.Schema, false},
		{"plan_id", p.PlanID, false},
		{"created_at", p.CreatedAt, p.CreatedAt == nil},
		{"config", p.Config, p.Config == ""},
		{"contract", p.Contract, false},
		{"sources", p.Sources, false},
		{"filter", p.Filter, p.Filter == nil},
	}
	for _, h := range head {
		if h.skip {
			continue
		}
		v, err := compactJSON(h.v)
		if err != nil {
			return nil, fmt.Errorf("encoding plan %s: %w", h.name, err)
		}
		fmt.Fprintf(&b, "  %q: %s,\n", h.name, v)
	}
	if err := writeList(&b, "ops", p.Ops, ","); err != nil {
		return nil, err
	}
	if err := writeList(&b, "manual", p.Manual, ""); err != nil {
		return nil, err
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

func writeList[T any](b *bytes.Buffer, name string, items []T, trail string) error {
	if len(items) == 0 {
		fmt.Fprintf(b, "  %q: []%s\n", name, trail)
		return nil
	}
	fmt.Fprintf(b, "  %q: [\n", name)
	for i, it := range items {
		v, err := compactJSON(it)
		if err != nil {
			return fmt.Errorf("encoding plan %s: %w", name, err)
		}
		sep := ","
		if i == len(items)-1 {
			sep = ""
		}
		fmt.Fprintf(b, "    %s%s\n", v, sep)
	}
	fmt.Fprintf(b, "  ]%s\n", trail)
	return nil
}
