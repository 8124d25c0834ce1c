package history

import (
	"bytes"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/state"
)

func TestWarnUnbumped(t *testing.T) {
	const a, b = "sha256:aaaaaaaaaaaaaaaaaaaaaaaa", "sha256:bbbbbbbbbbbbbbbbbbbbbbbb"
	cur := &contract.Contract{Name: "accounts", Version: 3, Digest: b}
	tests := []struct {
		name string
		prev state.Contract
		want string
	}{
		{"changed without a bump", state.Contract{Version: 3, Digest: a},
			"drift: contract accounts changed (sha256:aaaaaaaaaaaa → sha256:bbbbbbbbbbbb) but its version is still 3; bump contract.version\n"},
		{"unchanged", state.Contract{Version: 3, Digest: b}, ""},
		{"changed and bumped", state.Contract{Version: 2, Digest: a}, ""},
		{"no previous digest", state.Contract{Version: 3}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			WarnUnbumped(&buf, tt.prev, cur)
			if buf.String() != tt.want {
				t.Errorf("warning = %q, want %q", buf.String(), tt.want)
			}
		})
	}
}
