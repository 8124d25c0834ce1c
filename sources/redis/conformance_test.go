package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourcetest"
)

func TestConformance(t *testing.T) {
	for _, enc := range []string{encodingHash, encodingJSON} {
		t.Run(enc, func(t *testing.T) {
			sourcetest.Run(t, sourcetest.Harness{Setup: func(t *testing.T, seed sourcetest.Seed) sources.Config {
				addr, c, prefix := server(t)
				ctx := context.Background()
				for _, r := range seed.Records {
					key := prefix + fmt.Sprint(r["id"])
					if enc == encodingJSON {
						b, err := json.Marshal(r)
						if err != nil {
							t.Fatal(err)
						}
						c.Set(ctx, key, b, 0)
						continue
					}
					var args []any
					for k, v := range r {
						if text, ok := seedValue(v); ok {
							args = append(args, k, text)
						}
					}
					c.HSet(ctx, key, args...)
				}
				opts := fmt.Sprintf("addr: %q\nprefix: %q\nencoding: %s\n", addr, prefix, enc)
				return sources.Config{Name: "cache", Type: "redis", Writable: true, Fields: seed.Fields,
					Contract: seed.Contract, Options: block(t, opts)}
			}})
		})
	}
}
