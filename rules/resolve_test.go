package rules

import (
	"encoding/json"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
)

func TestResolve(t *testing.T) {
	tail := `  resolve:
    fields:
      balance: {strategy: expr, expr: "values.a + values.b"}
      count:   {strategy: expr, expr: "has(values.a) ? values.a : records.b.count * 10"}
      name:    {strategy: expr, expr: "records.a.name + '/' + records.b.name"}
      at:      {strategy: expr, expr: "values.a > values.b ? values.a : values.b"}
      tags:    {strategy: expr, expr: "values.a + values.b"}
      ratio:   {strategy: expr, expr: "values.a * 2.5"}
      limit:   {strategy: expr, expr: "values.a / 0"}
`
	r, c := compile(t, tail)
	recA := record(c, map[string]any{"id": "k", "name": "x", "balance": json.Number("0.1"), "at": "2024-01-02T00:00:00Z", "tags": []any{"p"}, "ratio": json.Number("1"), "limit": json.Number("1")})
	recB := record(c, map[string]any{"id": "k", "name": "y", "count": json.Number("4"), "balance": json.Number("0.2"), "at": "2024-01-01T00:00:00Z", "tags": []any{"q"}, "ratio": json.Number("0")})
	recs := map[string][]contract.Value{"a": recA, "b": recB}
	values := func(f string) map[string]contract.Value {
		i := c.FieldByName(f).Index
		return map[string]contract.Value{"a": recA[i], "b": recB[i]}
	}
	tests := []struct {
		field   string
		want    any
		wantErr string
	}{
		{"balance", big.NewRat(3, 10), ""},
		{"count", int64(40), ""},
		{"name", "x/y", ""},
		{"at", time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), ""},
		{"tags", []any{"p", "q"}, ""},
		{"ratio", float64(2.5), ""},
		{"limit", nil, "division by zero"},
		{"status", nil, `"status" has no expr strategy`},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			got, err := r.Resolve(tt.field, values(tt.field), recs)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, %v; want error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if w, ok := tt.want.(*big.Rat); ok {
				if g, ok := got.(*big.Rat); !ok || g.Cmp(w) != 0 {
					t.Fatalf("got %v, want %v", got, w)
				}
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
			if v := c.FieldByName(tt.field).Parse(got); v.State != contract.Valid {
				t.Fatalf("the result does not parse back: %+v", v)
			}
		})
	}
}
