package repair

import (
	"bytes"
	"encoding/json"
	"testing"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/sources"
)

// opRaw are raw values of every shape an op holds: plain scalars written
// as they are, and values encoding/json compacts or refuses.
var opRaw = []string{
	`0`, `-0`, `12.50`, `-3.25`, `1e5`, `-1.5E-3`, `01`, `true`, `false`, `null`,
	`"plain"`, `""`, `"tab\there"`, `"quote \" inside"`, `"é"`, `"a<b>&c"`, "\"\u2028\"",
	`{}`, `[]`, `{"a":1}`, `{ "a" : [1, {"b": null}], "c": "x" }`, ` 7 `, "\t\"x\"\n", `{`, `1 2`,
}

func opText(t *rapid.T, label string) string {
	return rapid.OneOf(
		rapid.Just(""),
		rapid.StringMatching(`[a-z0-9_.-]{1,12}`),
		rapid.String(),
		rapid.Map(rapid.SliceOfN(rapid.Byte(), 0, 8), func(b []byte) string { return string(b) }),
	).Draw(t, label)
}

func opFields(t *rapid.T, label string) Fields {
	var fs Fields
	for range rapid.IntRange(0, 3).Draw(t, label+" count") {
		fs = append(fs, FieldValue{Field: opText(t, label+" field"), Value: json.RawMessage(rapid.SampledFrom(opRaw).Draw(t, label+" value"))})
	}
	return fs
}

// TestAppendOpIsEncode: appendOp writes what an Encoder without HTML
// escaping writes for an op (its newline aside), and fails where it fails;
// appendReason likewise for a reason.
func TestAppendOpIsEncode(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		op := Op{ID: opText(t, "id"), Source: opText(t, "source"), Action: sources.Action(opText(t, "action")),
			Set: opFields(t, "set"), Expect: opFields(t, "expect"), Record: opFields(t, "record"),
			Reason: Reason{Strategy: opText(t, "strategy"), From: opText(t, "from"), Drift: opText(t, "drift")}}
		for _, kv := range opFields(t, "key") {
			op.Key = append(op.Key, diff.KeyPart{Field: kv.Field, Value: kv.Value})
		}
		for range rapid.IntRange(0, 2).Draw(t, "field reasons") {
			op.Reason.Fields = append(op.Reason.Fields, FieldReason{Field: opText(t, "rf"), Strategy: opText(t, "rs"), From: opText(t, "rfrom"), Drift: opText(t, "rd")})
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		werr := enc.Encode(op)
		got, err := appendOp(nil, &op)
		if (err != nil) != (werr != nil) {
			t.Fatalf("appendOp: %v; Encode: %v", err, werr)
		}
		if err == nil && !bytes.Equal(append(got, '\n'), want.Bytes()) {
			t.Fatalf("appendOp differs from Encode:\n got %q\nwant %q", got, want.Bytes())
		}
		wantReason, err := compactJSON(op.Reason)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendReason(nil, &op.Reason); !bytes.Equal(got, wantReason) {
			t.Fatalf("appendReason differs from Encode:\n got %q\nwant %q", got, wantReason)
		}
	})
}
