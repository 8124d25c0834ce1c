package simulate_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/simulate"
)

// drawContract draws a variation of the fixture's contract: its
// authority, total's strategy and tolerance, email's normalizer, whether
// note is ignored, and whether an invariant holds total non-negative.
func drawContract(t *rapid.T, dir, label string) *contract.Contract {
	authority := rapid.SampledFrom([]string{"primary", "replica", "cache"}).Draw(t, label+" authority")
	strategy := rapid.SampledFrom([]string{"lww", "max", "min", "authority", "manual"}).Draw(t, label+" total strategy")
	tolerance := rapid.SampledFrom([]string{"0", "0.01", "1"}).Draw(t, label+" tolerance")
	email := rapid.SampledFrom([]string{"[]", "[lower]", "[trim, lower]"}).Draw(t, label+" email normalize")
	ignoreNote := rapid.Bool().Draw(t, label+" ignore note")
	invariant := rapid.Bool().Draw(t, label+" invariant")
	text := fmt.Sprintf(`name: orders
version: 1
key: [id]
fields:
  id:         {type: string}
  email:      {type: string, normalize: %s}
  total:      {type: decimal, tolerance: %s}
  status:     {type: enum, values: [open, paid, shipped]}
  updated_at: {type: timestamp, precision: 1s}
  note:       {type: string, normalize: [empty_is_null], ignore: %t}
`, email, tolerance, ignoreNote)
	if invariant {
		text += "invariants:\n  - name: non-negative-total\n    rule: self.total >= 0\n"
	}
	text += fmt.Sprintf("resolve:\n  authority: %s\n  clock: {field: updated_at, skew: 2s}\n  fields:\n    total: {strategy: %s}\n", authority, strategy)
	path := filepath.Join(dir, label+".yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := contract.LoadContract(path, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	return c
}

// TestSameContractChangesNothing: a contract simulated against itself
// reports no change.
func TestSameContractChangesNothing(t *testing.T) {
	r := record(t, "testdata/scan")
	dir := t.TempDir()
	rapid.Check(t, func(t *rapid.T) {
		a := drawContract(t, dir, "a")
		b, err := contract.LoadContract(filepath.Join(dir, "a.yaml"), nil) // an equal contract, loaded apart
		if err != nil {
			t.Fatal(err)
		}
		res, err := simulate.Run(simulate.Input{Recording: r.rec, Records: r.records, Current: a, Candidate: b})
		if err != nil {
			t.Fatal(err)
		}
		if res.Changes() || res.DriftedKeys.Current != res.DriftedKeys.Candidate {
			t.Fatalf("simulating a contract against itself changed things: %+v", res)
		}
	})
}

// TestSwapMirrors: simulating A → B and then B → A swaps added and
// removed, gained and lost, appears and disappears, and old and new.
func TestSwapMirrors(t *testing.T) {
	r := record(t, "testdata/scan")
	dir := t.TempDir()
	rapid.Check(t, func(t *rapid.T) {
		a, b := drawContract(t, dir, "a"), drawContract(t, dir, "b")
		ab, err := simulate.Run(simulate.Input{Recording: r.rec, Records: r.records, Current: a, Candidate: b})
		if err != nil {
			t.Fatal(err)
		}
		ba, err := simulate.Run(simulate.Input{Recording: r.rec, Records: r.records, Current: b, Candidate: a})
		if err != nil {
			t.Fatal(err)
		}
		if ab.Ops.Added != ba.Ops.Removed || ab.Ops.Removed != ba.Ops.Added || ab.Ops.Changed != ba.Ops.Changed ||
			ab.Manual.Gained != ba.Manual.Lost || ab.Violations.Gained != ba.Violations.Lost ||
			ab.DriftedKeys.Current != ba.DriftedKeys.Candidate {
			t.Fatalf("counts do not mirror:\nA→B %+v %+v %+v %+v\nB→A %+v %+v %+v %+v",
				ab.Ops, ab.Manual, ab.Violations, ab.DriftedKeys, ba.Ops, ba.Manual, ba.Violations, ba.DriftedKeys)
		}
		if got, want := itemTexts(ba.Items), itemTexts(mirror(ab.Items)); !slices.Equal(got, want) {
			t.Fatalf("items do not mirror:\nB→A %q\nmirrored A→B %q", got, want)
		}
	})
}

var opposite = map[string]string{
	simulate.Added: simulate.Removed, simulate.Removed: simulate.Added, simulate.Changed: simulate.Changed,
	simulate.Gained: simulate.Lost, simulate.Lost: simulate.Gained,
	simulate.Appears: simulate.Disappears, simulate.Disappears: simulate.Appears,
}

func mirror(items []simulate.Item) []simulate.Item {
	out := make([]simulate.Item, len(items))
	for i, it := range items {
		it.Change = opposite[it.Change]
		it.Old, it.New = it.New, it.Old
		out[i] = it
	}
	return out
}

func itemTexts(items []simulate.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		b, _ := json.Marshal(it)
		out[i] = string(b)
	}
	slices.Sort(out)
	return out
}
