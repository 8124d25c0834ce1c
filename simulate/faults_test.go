package simulate_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/drift-sh/drift/simulate"
)

// TestFaults replays the fixture scan under its own contract with each
// source unreadable and each clock off by the skew and ten times it; the
// table and markdown outputs are golden files.
func TestFaults(t *testing.T) {
	r := record(t, "testdata/scan")
	c := r.cfg.Contract
	res, err := simulate.Run(simulate.Input{Recording: r.rec, Records: r.records, Current: c, Candidate: c, Faults: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 0 {
		t.Errorf("the contract against itself has items: %+v", res.Items)
	}
	if len(res.Faults) != 3+3*4 {
		t.Fatalf("%d fault scenarios, want 3 unreadable sources and 4 clock shifts of each of 3 sources", len(res.Faults))
	}
	changed := map[string]int{}
	for _, f := range res.Faults {
		changed[f.Scenario] = len(f.Items)
	}
	// The cache's clock 20s ahead makes its total of o-6 the latest.
	if changed["source cache clock (updated_at) 20s ahead"] == 0 || changed["source cache clock (updated_at) 2s ahead"] != 0 {
		t.Errorf("clock scenarios: %v", changed)
	}
	if !res.Changes() {
		t.Error("faults that change ops are a change")
	}
	for format, file := range map[string]string{"table": "faults.txt", "markdown": "faults.md"} {
		w, err := simulate.NewWriter(format)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := w.Write(&b, res); err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("testdata", file), b.Bytes())
	}
}

// TestRefusesWhatWasNotRecorded: a key field the scan did not read, or an
// authority it did not scan, cannot be simulated.
func TestRefusesWhatWasNotRecorded(t *testing.T) {
	r := record(t, "testdata/scan")
	for name, want := range map[string]string{
		"testdata/refused/new-key.yaml":       `contract orders: key field "sku" was not read by the recorded scan 20260101T000000Z-fixture; record a scan whose contract declares it (drift scan --record)`,
		"testdata/refused/new-authority.yaml": `contract orders: resolve.authority names source "archive", which the recorded scan 20260101T000000Z-fixture did not read (its sources: primary, replica, cache)`,
	} {
		cand := loadContract(t, name)
		_, err := simulate.Run(simulate.Input{Recording: r.rec, Records: r.records, Current: r.cfg.Contract, Candidate: cand})
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v\nwant %s", name, err, want)
		}
	}
}
