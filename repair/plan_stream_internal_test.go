package repair

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// streamPlan decodes what one Decode of the whole file decodes, and
// leaves to it every file it does not take as is.
func TestStreamPlanMatchesWholeDecode(t *testing.T) {
	op := `{"id":"a1","source":"s","key":[1],"action":"update","set":[{"field":"f","value":"x"}],"reason":{"strategy":"lww","drift":"d"}}`
	for name, doc := range map[string]string{
		"plan":        `{"schema":"s","plan_id":"p","ops":[` + op + `,` + op + `],"manual":[]}`,
		"ops first":   `{"ops":[` + op + `],"schema":"s","sources":[{"name":"a","version":"v"}]}`,
		"no ops":      `{"schema":"s","ops":[]}`,
		"null ops":    `{"schema":"s","ops":null}`,
		"ops twice":   `{"ops":[` + op + `],"ops":[]}`,
		"unknown":     `{"schema":"s","target":"x","ops":[]}`,
		"unknown op":  `{"ops":[{"id":"a","path":"/etc"}]}`,
		"trailing":    `{"ops":[]} {}`,
		"not object":  `[]`,
		"broken":      `{"ops":[`,
		"escaped key": `{"op\u0073":[` + op + `]}`,
	} {
		got, ok := streamPlan([]byte(doc))
		var want Plan
		dec := newPlanDecoder([]byte(doc))
		err := dec.Decode(&want)
		whole := err == nil && !dec.More()
		switch {
		case ok && !whole:
			t.Errorf("%s: streamed, a whole decode fails (%v)", name, err)
		case ok && !reflect.DeepEqual(*got, want):
			t.Errorf("%s: streamed %+v, a whole decode gives %+v", name, *got, want)
		case !ok && whole && name != "null ops":
			t.Errorf("%s: not streamed, a whole decode takes it", name)
		}
	}
}

// A real plan streams.
func TestStreamPlanTakesPlans(t *testing.T) {
	var buf bytes.Buffer
	p := &Plan{Schema: PlanSchema, Ops: []Op{{ID: "x", Source: "s", Action: "delete", Reason: Reason{Strategy: "lww"}}}, Manual: []Manual{}}
	if err := json.NewEncoder(&buf).Encode(p); err != nil {
		t.Fatal(err)
	}
	if _, ok := streamPlan(buf.Bytes()); !ok {
		t.Errorf("a plan drift writes is not streamed:\n%s", buf.Bytes())
	}
}
