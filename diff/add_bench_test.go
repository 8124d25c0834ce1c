package diff

import (
	"math/big"
	"strconv"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
)

// BenchmarkAddCells adds CSV records given as cells, as a located file
// source does, to one source of an engine: the per-record cost of a
// scan's indexing (canonical cells, hashes, the key index).
func BenchmarkAddCells(b *testing.B) {
	lower := []contract.Normalizer{contract.NormTrim, contract.NormLower}
	fields := []*contract.Field{
		{Name: "id", Type: contract.TypeInt},
		{Name: "name", Type: contract.TypeString},
		{Name: "email", Type: contract.TypeString, Normalize: lower},
		{Name: "city", Type: contract.TypeString},
		{Name: "qty", Type: contract.TypeInt},
		{Name: "score", Type: contract.TypeInt},
		{Name: "price", Type: contract.TypeDecimal, Tolerance: big.NewRat(1, 1000)},
		{Name: "balance", Type: contract.TypeDecimal},
		{Name: "created", Type: contract.TypeTimestamp, Precision: time.Second},
		{Name: "updated", Type: contract.TypeTimestamp},
	}
	for i, f := range fields {
		f.Index = i
	}
	c := &contract.Contract{Name: "bench", Version: 1, Key: []int{0}, Fields: fields}
	const n = 1 << 18
	recs := make([]contract.Record, n)
	for i := range recs {
		id := strconv.Itoa(i*7919%1000003 + 1)
		recs[i] = contract.Record{Pos: int64(i) * 130, Line: int64(i + 2), Cells: []string{
			id, "customer " + id, "user" + id + "@example.com", "Lisbon, PT", strconv.Itoa(i % 1000),
			strconv.Itoa(i%70000 - 35000), strconv.Itoa(i%99999) + "." + strconv.Itoa(10+i%90),
			"7506454.6827", "2026-08-10T00:34:13Z", "2026-08-10 01:03:19.701"}}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; {
		e := New(c, []string{"left"}, WithLocated(0))
		e.Reserve(0, n)
		for j := 0; j < n && i < b.N; j, i = j+1, i+1 {
			e.Add(0, recs[j])
		}
	}
}
