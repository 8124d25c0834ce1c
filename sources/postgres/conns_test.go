package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource/sqltest"
)

// TestWritesSideBySide: Gets and Writes called side by side (apply
// --parallel) each run on a connection of their own, and all land.
func TestWritesSideBySide(t *testing.T) {
	b := backend(t)
	name := b.Table(t)
	for i := 1; i <= 8; i++ { // the table holds a few rows already
		b.Exec(t, fmt.Sprintf("INSERT INTO %s (id, name) VALUES (%d, 'old') ON CONFLICT (id) DO UPDATE SET name = 'old'", b.Quote(name), i))
	}
	w := b.Source(t, "table: "+name+"\nwritable: true").(sources.Writer)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := []any{json.Number(fmt.Sprint(i + 1))}
			if _, _, err := w.Get(ctx, key); err != nil {
				errs[i] = err
				return
			}
			errs[i] = w.Write(ctx, sources.WriteOp{Action: sources.ActionUpdate, Key: key,
				Set: map[string]any{"name": fmt.Sprint("new", i+1)}, Expect: map[string]any{"name": "old"}})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("write %d: %v", i+1, err)
		}
	}
	recs, _ := sqltest.Fetch(t, b.Source(t, "table: "+name))
	for _, r := range recs {
		if id := fmt.Sprint(r.Values[0]); r.Values[1] != "new"+id {
			t.Errorf("row %s: name %v, want new%s", id, r.Values[1], id)
		}
	}
}
