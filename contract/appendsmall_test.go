package contract

import (
	"strings"
	"testing"
)

// TestAppendSmall holds appendSmall to append for every length around
// the words it copies, with and without room in dst, and checks that it
// writes nothing past what it appends.
func TestAppendSmall(t *testing.T) {
	text := "0123456789abcdefghijklmnopqrstuvwxyz"
	for n := 0; n <= len(text); n++ {
		for _, room := range []int{0, 7, 15, 16, 40} {
			dst := make([]byte, 3+room)
			copy(dst, strings.Repeat("#", len(dst)))
			dst = dst[:3]
			got := appendSmall(dst, text[:n])
			if want := "###" + text[:n]; string(got) != want {
				t.Fatalf("n %d, room %d: got %q, want %q", n, room, got, want)
			}
			if n <= room {
				if rest := string(got[len(got):cap(got)]); strings.Trim(rest, "#") != "" {
					t.Fatalf("n %d, room %d: wrote past the end: %q", n, room, rest)
				}
			}
		}
	}
}
