package diff

import (
	"math/big"
	"strconv"
	"testing"

	"github.com/drift-sh/drift/contract"
)

// benchContract has ten fields, as a typical table.
func benchContract() *contract.Contract {
	lower := []contract.Normalizer{contract.NormTrim, contract.NormLower}
	fields := []*contract.Field{
		{Name: "id", Type: contract.TypeInt},
		{Name: "name", Type: contract.TypeString},
		{Name: "email", Type: contract.TypeString, Normalize: lower},
		{Name: "balance", Type: contract.TypeDecimal, Tolerance: big.NewRat(1, 100)},
		{Name: "status", Type: contract.TypeEnum, Values: []string{"active", "suspended", "closed"}, Required: true},
		{Name: "visits", Type: contract.TypeInt},
		{Name: "tags", Type: contract.TypeSet},
		{Name: "city", Type: contract.TypeString},
		{Name: "limit", Type: contract.TypeDecimal},
		{Name: "note", Type: contract.TypeString, Ignore: true},
	}
	for i, f := range fields {
		f.Index = i
	}
	return &contract.Contract{Name: "bench", Version: 1, Key: []int{0}, Fields: fields}
}

// benchRecords makes n CSV-like records per source; about 1% of the
// replicas' records differ in one field and 0.5% are missing.
func benchRecords(n, sources int) [][]contract.Record {
	out := make([][]contract.Record, sources)
	statuses := []string{"active", "suspended", "closed"}
	for s := range out {
		out[s] = make([]contract.Record, 0, n)
		for i := range n {
			if s > 0 && i%200 == s {
				continue
			}
			id := strconv.Itoa(i)
			name := "user " + id
			if s > 0 && i%100 == s+50 {
				name = "renamed " + id
			}
			out[s] = append(out[s], contract.Record{Loc: "line " + id, Values: []any{
				contract.Cell(id), contract.Cell(name), contract.Cell(" User" + id + "@Example.com"),
				contract.Cell(strconv.Itoa(i%1000) + ".25"), contract.Cell(statuses[i%3]),
				contract.Cell(strconv.Itoa(i % 77)), contract.Cell("b;a;c"), contract.Cell("Paris"),
				contract.Cell("100.00"), contract.Cell("free text"),
			}})
		}
	}
	return out
}

// BenchmarkEngine scans 100k records from each of 3 sources.
func BenchmarkEngine(b *testing.B) {
	c := benchContract()
	recs := benchRecords(100_000, 3)
	b.ReportAllocs()
	for b.Loop() {
		e := New(c, []string{"primary", "replica", "cache"})
		for s, rs := range recs {
			for _, r := range rs {
				e.Add(s, r)
			}
		}
		drifts, _ := e.Result()
		if len(drifts) == 0 {
			b.Fatal("no drifts")
		}
	}
}

// BenchmarkEngineResult measures Result alone over 100k keys in 3 sources.
func BenchmarkEngineResult(b *testing.B) {
	c := benchContract()
	e := New(c, []string{"primary", "replica", "cache"})
	for s, rs := range benchRecords(100_000, 3) {
		for _, r := range rs {
			e.Add(s, r)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		e.Result()
	}
}
