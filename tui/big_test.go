package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bigDrifts is how many drifts the large fixture has.
const bigDrifts = 5100

// newBigFixture is two CSV files of bigDrifts accounts whose balance
// differs on every record: one changed drift per key. The keys are long
// (an id and a hash-like suffix, 24 columns) to show how the list shortens
// them.
func newBigFixture(t testing.TB) *fixture {
	t.Helper()
	dir := t.TempDir()
	var a, b strings.Builder
	a.WriteString("id,name,balance\n")
	b.WriteString("id,name,balance\n")
	for i := 1; i <= bigDrifts; i++ {
		id := fmt.Sprintf("cust-%05d-7f3c9e1a-%04x", i, i*7919%65536)
		fmt.Fprintf(&a, "%s,name %d,%d\n", id, i, i)
		fmt.Fprintf(&b, "%s,name %d,%d\n", id, i, i+1)
	}
	files := map[string]string{"a.csv": a.String(), "b.csv": b.String(), "drift.yaml": `version: 1
contract:
  name: big
  version: 1
  key: [id]
  fields:
    id: {type: string}
    name: {type: string}
    balance: {type: int}
  resolve:
    authority: primary
    missing: authority
sources:
  primary: {type: file, path: a.csv}
  replica: {type: file, path: b.csv, writable: true}
`}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return fixtureIn(t, dir)
}

// pageToEnd presses PgDn from the top until the cursor is on the last
// drift, drawing the screen after each key as the program does; it
// returns the model and how many keys it took.
func pageToEnd(t testing.TB, m Model) (Model, int) {
	return pageToEndDrawing(t, m, true)
}

// pageToEndDrawing is pageToEnd, drawing the screens or not.
func pageToEndDrawing(t testing.TB, m Model, draw bool) (Model, int) {
	m.list.cursor, m.list.offset = 0, 0
	calls := 0
	for m.list.cursor < len(m.list.visible)-1 {
		m, _ = update(t, m, keyMsg("pgdown"))
		if draw {
			_ = m.View()
		}
		if calls++; calls > bigDrifts {
			t.Fatal("PgDn does not reach the end")
		}
	}
	return m, calls
}

// Paging to the end of 5,100 drifts takes one key per page, each an
// Update and a View over the rows shown only. The model's time is logged
// (and measured by BenchmarkPageToTheEnd), not asserted.
func TestPageToTheEndOfManyDrifts(t *testing.T) {
	m := newBigFixture(t).scanned(t)
	if len(m.sess.items) != bigDrifts {
		t.Fatalf("%d drifts, want %d", len(m.sess.items), bigDrifts)
	}
	rows := m.listRows()
	start := time.Now()
	m, calls := pageToEnd(t, m)
	elapsed := time.Since(start)
	if want := (bigDrifts - 1 + rows - 1) / rows; calls != want {
		t.Errorf("%d PgDn to the end, want %d (one per page of %d rows)", calls, want, rows)
	}
	if pos := fmt.Sprintf("%d/%d", bigDrifts, bigDrifts); !strings.Contains(m.View(), pos) {
		t.Errorf("the position %s is not shown:\n%s", pos, m.View())
	}
	t.Logf("%d PgDn (Update and View) to the end of %d drifts: %v of model time", calls, bigDrifts, elapsed)
	m = press(t, m, "g")
	if m.list.cursor != 0 {
		t.Errorf("g: cursor %d, want 0", m.list.cursor)
	}
	if m = press(t, m, "G"); m.list.cursor != bigDrifts-1 {
		t.Errorf("G: cursor %d, want %d", m.list.cursor, bigDrifts-1)
	}
}

// BenchmarkPageToTheEnd is the model time of paging through 5,100 drifts
// at 80x24 with PgDn: the Updates alone, and with each screen drawn.
func BenchmarkPageToTheEnd(b *testing.B) {
	m := newBigFixture(b).scanned(b)
	for _, draw := range []bool{false, true} {
		name := "update"
		if draw {
			name = "update+view"
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				pageToEndDrawing(b, m, draw)
			}
		})
	}
}
