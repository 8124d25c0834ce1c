package file_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// aliasBomb is a small YAML file whose records reference an anchor nine
// levels deep: expanded, each record holds 10^9 nodes.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("defs:\n  - &l0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		refs := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", ")
		fmt.Fprintf(&b, "  - &l%d [%s]\n", i, refs)
	}
	b.WriteString("rows:\n")
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(&b, "  - {id: %d, name: *l9}\n", i)
	}
	return b.String()
}

// TestYAMLAliasBombIsRefused: without a bound the scan of this file takes
// tens of gigabytes; with it, it fails at once with an error naming the
// file.
func TestYAMLAliasBombIsRefused(t *testing.T) {
	text := aliasBomb()
	if len(text) > 1024 {
		t.Fatalf("the hostile file is %d bytes; it should stay tiny", len(text))
	}
	dir := tempCopy(t, "a.yaml", text)
	start := time.Now()
	recs, _, err := fetchAll(t, mustSource(t, dir, "{path: a.yaml, items: rows}", nil))
	if err == nil {
		t.Fatalf("Fetch read %d records and no error; want the aliases refused", len(recs))
	}
	want := "a.yaml: line 13: the records expand to more than"
	if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "without nested aliases") {
		t.Errorf("error:\n got %s\nwant %s…", err, want)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refusing the file took %s", d)
	}
}

// TestYAMLSharedDefaultsAreRead: an anchor merged into every record, the
// common use of aliases in data files, stays inside the bound.
func TestYAMLSharedDefaultsAreRead(t *testing.T) {
	var b strings.Builder
	b.WriteString("defaults: &d {name: x, email: e, score: 1, tags: [a, b, c, d, e, f, g, h]}\nrows:\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "  - {<<: *d, id: %d}\n", i)
	}
	dir := tempCopy(t, "a.yaml", b.String())
	recs, _, err := fetchAll(t, mustSource(t, dir, "{path: a.yaml, items: rows}", nil))
	if err != nil || len(recs) != 2000 {
		t.Fatalf("Fetch = %d records, %v; want 2000", len(recs), err)
	}
}
