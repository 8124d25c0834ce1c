package jsonw_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/internal/jsonw"
	"github.com/drift-sh/drift/internal/jsonw/jsonwtest"
)

// TestPlainStringEveryByte: a string is plain exactly when each of its
// bytes is printable ASCII that neither JSON nor HTML escaping touches,
// wherever the byte is.
func TestPlainStringEveryByte(t *testing.T) {
	for c := range 256 {
		want := c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
		for _, s := range []string{string([]byte{byte(c)}), "ab" + string([]byte{byte(c)}) + "cd"} {
			if got := jsonw.PlainString(s); got != want {
				t.Errorf("PlainString(%q) = %v, want %v", s, got, want)
			}
		}
	}
	if !jsonw.PlainString("") {
		t.Error(`PlainString("") = false, want true`)
	}
}

// TestAppendStringMatchesEncoder: AppendString appends what an Encoder
// without HTML escaping writes for the string, plain or not.
func TestAppendStringMatchesEncoder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := jsonwtest.Text(t, "s")
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := "x" + string(bytes.TrimSuffix(out.Bytes(), []byte("\n")))
		if got := string(jsonw.AppendString([]byte("x"), s)); got != want {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}
