package file_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEstimateRecords(t *testing.T) {
	dir := t.TempDir()
	row := "1,customer 123,user1@example.com,Lisbon,12,345,67.89\n"
	big := "id,name,email,city,qty,score,price\n" + strings.Repeat(row, 100_000)
	for _, tc := range []struct {
		name, file, body string
		min, max         int
	}{
		{"csv of 100k rows", "a.csv", big, 95_000, 105_000},
		{"small file: no guess", "b.csv", "id\n1\n", 0, 0},
		{"json: no guess", "c.json", "[" + strings.Repeat(`{"id":1},`, 20_000) + `{"id":2}]`, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.file)
			if err := os.WriteFile(p, []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			s := mustSource(t, dir, "path: "+tc.file, nil).(interface{ EstimateRecords() int })
			if got := s.EstimateRecords(); got < tc.min || got > tc.max {
				t.Errorf("EstimateRecords() = %d, want %d..%d", got, tc.min, tc.max)
			}
		})
	}
}
