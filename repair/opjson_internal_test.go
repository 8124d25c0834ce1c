package repair

import (
	"bytes"
	"encoding/json"
	"testing"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/jsonw/jsonwtest"
	"github.com/drift-sh/drift/sources"
)

// opFields draws up to three field values.
func opFields(t *rapid.T, label string) Fields {
	var fs Fields
	for range rapid.IntRange(0, 3).Draw(t, label+" count") {
		fs = append(fs, FieldValue{Field: jsonwtest.Text(t, label+" field"), Value: jsonwtest.Value(t, label+" value")})
	}
	return fs
}

// TestAppendOpIsEncode: appendOp writes what an Encoder without HTML
// escaping writes for an op (its newline aside), and fails where it fails;
// appendReason likewise for a reason.
func TestAppendOpIsEncode(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		op := Op{ID: jsonwtest.Text(t, "id"), Source: jsonwtest.Text(t, "source"), Action: sources.Action(jsonwtest.Text(t, "action")),
			Set: opFields(t, "set"), Expect: opFields(t, "expect"), Record: opFields(t, "record"),
			Reason: Reason{Strategy: jsonwtest.Text(t, "strategy"), From: jsonwtest.Text(t, "from"), Drift: jsonwtest.Text(t, "drift")}}
		for _, kv := range opFields(t, "key") {
			op.Key = append(op.Key, diff.KeyPart{Field: kv.Field, Value: kv.Value})
		}
		for range rapid.IntRange(0, 2).Draw(t, "field reasons") {
			op.Reason.Fields = append(op.Reason.Fields, FieldReason{Field: jsonwtest.Text(t, "rf"), Strategy: jsonwtest.Text(t, "rs"), From: jsonwtest.Text(t, "rfrom"), Drift: jsonwtest.Text(t, "rd")})
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
