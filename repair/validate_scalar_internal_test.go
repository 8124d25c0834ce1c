package repair

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

// jsonScalar decodes exactly what a Decoder with UseNumber decodes, for
// every value it takes; it leaves objects, arrays and anything but one
// valid value to the Decoder.
func TestJSONScalarMatchesDecoder(t *testing.T) {
	for _, raw := range []string{
		`"a"`, `""`, `"caf\u00e9 \"q\""`, `"line\nbreak"`, `0`, `-12.50`, `1e9`, `123456789012345678901234567890`,
		`true`, `false`, `null`, ` 7 `, `{"a":1}`, `[1,2]`, `nul`, `"open`, `01`, `-`, ``, `1 2`,
		`"plain text"`, `"café"`, "\"caf\xc3\"", "\"\xff\xfe\"", "\"tab\there\"", `"a\\b"`, `"\u00e9\ud83d\ude00"`, `"\ud800"`, `" lead "`,
	} {
		got, ok := jsonScalar(json.RawMessage(raw))
		dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
		dec.UseNumber()
		var want any
		err := dec.Decode(&want)
		switch {
		case !ok:
			// Left to the Decoder itself.
		case err != nil:
			t.Errorf("%q: decoded %#v, the Decoder fails: %v", raw, got, err)
		case !reflect.DeepEqual(got, want):
			t.Errorf("%q: got %#v, the Decoder gives %#v", raw, got, want)
		}
	}
}

// The values a plan holds take the fast path.
func TestJSONScalarTakesScalars(t *testing.T) {
	for _, raw := range []string{`"a"`, `-1.5`, `true`, `false`, `null`} {
		if _, ok := jsonScalar(json.RawMessage(raw)); !ok {
			t.Errorf("%q: left to the Decoder", raw)
		}
	}
}

// TestJSONScalarMatchesDecoderOnStrings: any text quoted, with or without
// escapes, and any bytes between quotes, decode as the Decoder decodes
// them, or are left to it.
func TestJSONScalarMatchesDecoderOnStrings(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var raw []byte
		if rapid.Bool().Draw(t, "marshaled") {
			raw, _ = json.Marshal(rapid.String().Draw(t, "text"))
		} else {
			raw = append(append([]byte{'"'}, rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")...), '"')
		}
		got, ok := jsonScalar(raw)
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var want any
		err := dec.Decode(&want)
		if ok && (err != nil || !reflect.DeepEqual(got, want)) {
			t.Fatalf("%q: got %#v, the Decoder gives %#v, %v", raw, got, want, err)
		}
	})
}
