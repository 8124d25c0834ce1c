package diff

import (
	"encoding/json"
	"testing"

	"github.com/drift-sh/drift/contract"
)

// A report key names the record the engine names with KeyString.
func TestEngineStringIsKeyString(t *testing.T) {
	vals := []contract.Value{{JSON: `"eu"`}, {JSON: `17`}}
	k := Key{{Field: "region", Value: json.RawMessage(`"eu"`)}, {Field: "id", Value: json.RawMessage(`17`)}}
	if got, want := k.EngineString(), KeyString(vals); got != want || got != `["eu",17]` {
		t.Errorf("EngineString = %s, KeyString = %s", got, want)
	}
}
