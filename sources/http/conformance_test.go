package httpsource

import (
	"fmt"
	"testing"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourcetest"
)

func TestConformance(t *testing.T) {
	for _, method := range []string{"PUT", "PATCH"} {
		t.Run(method, func(t *testing.T) {
			sourcetest.Run(t, sourcetest.Harness{Setup: func(t *testing.T, seed sourcetest.Seed) sources.Config {
				_, srv := newAPI(t, seed.Records)
				opts := fmt.Sprintf("url: %s/items\nitems: data\npage_param: page\nlimit_param: limit\nlimit: 2\n"+
					"item_url: \"%s/items/{id}\"\nwrite_method: %s\n", srv.URL, srv.URL, method)
				return sources.Config{Name: "api", Type: "http", Writable: true, Fields: seed.Fields,
					Contract: seed.Contract, Options: block(t, opts)}
			}})
		})
	}
}
