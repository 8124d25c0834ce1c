package diff

import (
	"encoding/json"
	"testing"
)

// AppendName writes every string exactly as json.Marshal does.
func FuzzAppendName(f *testing.F) {
	for _, s := range []string{"", "id", "account_id", "a b", `q"uote`, `back\slash`, "<b>&", "tab\t", "é", "\u2028", "\xff", "~\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendName([]byte("x"), s); string(got) != "x"+string(want) {
			t.Fatalf("AppendName(%q) = %s, json.Marshal gives %s", s, got[1:], want)
		}
	})
}
