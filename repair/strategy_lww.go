package repair

import (
	"fmt"
	"strconv"
	"time"

	"github.com/drift-sh/drift/contract"
)

func init() { Register("lww", StrategyFunc(byClock)) }

// timeOf reads a canonical timestamp value.
func timeOf(v contract.Value) (time.Time, bool) {
	if v.State != contract.Valid {
		return time.Time{}, false
	}
	s, err := strconv.Unquote(v.JSON)
	if err != nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// byClock is last-writer-wins: the value of the source whose record clock
// is newest. Sources whose clocks are within skew of the newest must agree,
// or the decision goes to manual.
func byClock(in FieldInput) (Resolved, error) {
	c, f := in.Contract, in.Field
	cf := c.FieldByName(c.Resolve.Clock.Field)
	if cf == nil {
		return Resolved{}, fmt.Errorf("lww: the contract names no resolve.clock field")
	}
	clocks := make([]time.Time, len(in.Holders))
	newest := 0
	for n, h := range in.Holders {
		t, ok := timeOf(in.Records[h][cf.Index])
		if !ok {
			return Resolved{}, fmt.Errorf("lww: source %q has no valid clock (%s)", in.Name(h), cf.Name)
		}
		clocks[n] = t
		if t.After(clocks[newest]) {
			newest = n
		}
	}
	skew := c.Resolve.Clock.Skew
	win := in.Value(in.Holders[newest])
	for n, h := range in.Holders {
		gap := clocks[newest].Sub(clocks[n])
		if n == newest || gap > skew || f.Equal([]contract.Value{win, in.Value(h)}) {
			continue
		}
		return Resolved{}, fmt.Errorf("lww: clocks %s apart, within skew %s", gap, skew)
	}
	return Resolved{Value: win, From: in.Name(in.Holders[newest])}, nil
}
