package report

import (
	"encoding/json"
	"testing"
)

func TestDisplayValueLookalikes(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"NFC text as is", "café", "café"},
		{"NFD text escaped, letter with its mark", "cafe\u0301", `"caf\u0065\u0301"`},
		{"any script in NFC as is", "Ελλάδα 日本 हिन्दी", "Ελλάδα 日本 हिन्दी"},
		{"a singleton decomposition (angstrom sign)", "\u212b", `"\u212b"`},
		{"zero-width space", "a\u200bb", `"a\u200bb"`},
		{"no-break space", "a\u00a0b", `"a\u00a0b"`},
		{"bidi override", "\u202eabc", `"\u202eabc"`},
		{"variation selector with its base", "\u2764\ufe0f", `"\u2764\ufe0f"`},
		{"Hangul jamo that compose: all non-ASCII escaped", "\u1100\u1161", `"\u1100\u1161"`},
		{"a mark after a quote leaves the quote alone", "\"\u0301\u200b", `"\"\u0301\u200b"`},
		{"a leading quote is quoted", `"x"`, `"\"x\""`},
		{"plain ASCII as is", "a-17", "a-17"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw, _ := json.Marshal(tc.in)
			if got, _ := displayValue(raw); got != tc.want {
				t.Errorf("displayValue(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestDisplayValueLookalikesInArrays(t *testing.T) {
	raw := json.RawMessage("[\"cafe\u0301\",\"x\u200by\",\"ok\"]")
	want := `["caf\u0065\u0301","x\u200by","ok"]`
	if got, _ := displayValue(raw); got != want {
		t.Errorf("displayValue(%s) = %s, want %s", raw, got, want)
	}
}
