package sources_test

import (
	"testing"

	"github.com/drift-sh/drift/sources"
)

// TestChecksumIsOptIn: without `checksum:` a source reads every record;
// pushdown runs only with `checksum: auto`.
func TestChecksumIsOptIn(t *testing.T) {
	var o sources.ChecksumOptions
	if key, msg := o.Check(); key != "" {
		t.Fatalf("empty options: %s: %s", key, msg)
	}
	if o.Checksum != "off" || o.BisectFactor != sources.DefaultBisectFactor || o.BisectThreshold != sources.DefaultBisectThreshold {
		t.Errorf("defaults = %+v; want checksum off, bisect_factor %d, bisect_threshold %d",
			o, sources.DefaultBisectFactor, sources.DefaultBisectThreshold)
	}
}
