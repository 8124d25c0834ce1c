package repair

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/drift-sh/drift/diff"
)

func TestChunkOf(t *testing.T) {
	op := func(src string, id int) Op {
		return Op{Source: src, Key: diff.Key{{Field: "id", Value: json.RawMessage(fmt.Sprint(id))}}}
	}
	many := make([]Op, maxChunk+10)
	for i := range many {
		many[i] = op("db", i)
	}
	for _, tt := range []struct {
		name string
		ops  []Op
		want int
	}{
		{"distinct records run together", []Op{op("db", 1), op("db", 2), op("db", 3)}, 3},
		{"a record seen already waits for the next chunk", []Op{op("db", 1), op("db", 2), op("db", 1), op("db", 3)}, 2},
		{"another source ends the chunk", []Op{op("db", 1), op("api", 2), op("db", 3)}, 1},
		{"at most maxChunk", many, maxChunk},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := chunkOf(tt.ops); got != tt.want {
				t.Errorf("chunkOf = %d, want %d", got, tt.want)
			}
		})
	}
}
