package repair

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// readPlanFast decodes what one Decode of the whole file decodes, and
// leaves to it every file it does not take as is.
func TestReadPlanFastMatchesWholeDecode(t *testing.T) {
	op := `{"id":"a1","source":"s","key":{"id":1},"action":"update","set":{"f":"x"},"expect":{"f":"y"},"reason":{"strategy":"lww","drift":"d"}}`
	for name, doc := range map[string]string{
		"plan":         `{"schema":"s","plan_id":"p","ops":[` + op + `,` + op + `],"manual":[]}`,
		"indented":     "{\n  \"schema\": \"s\",\n  \"ops\": [\n    " + op + ",\n    " + op + "\n  ]\n}\n",
		"ops first":    `{"ops":[` + op + `],"schema":"s","sources":[{"name":"a","version":"v"}]}`,
		"no ops":       `{"schema":"s","ops":[]}`,
		"empty":        `{}`,
		"null ops":     `{"schema":"s","ops":null}`,
		"ops twice":    `{"ops":[` + op + `],"ops":[]}`,
		"unknown":      `{"schema":"s","target":"x","ops":[]}`,
		"unknown op":   `{"ops":[{"id":"a","path":"/etc"}]}`,
		"odd op":       `{"ops":[{"ID":"a","key":{"id":1,"id":2}}]}`,
		"bad op":       `{"ops":[{"id":"a","key":{"id":01}}]}`,
		"trailing":     `{"ops":[]} {}`,
		"not object":   `[]`,
		"broken":       `{"ops":[`,
		"broken value": `{"schema":"s,"ops":[]}`,
		"no comma":     `{"schema":"s" "ops":[]}`,
		"escaped key":  `{"op\u0073":[` + op + `]}`,
		"Ops after":    `{"ops":[` + op + `],"Ops":[]}`,
		"OPS null":     `{"ops":[` + op + `],"OPS":null}`,
		"folded s":     `{"ops":[` + op + `],"opſ":[]}`,
	} {
		got, ok := readPlanFast([]byte(doc))
		var want Plan
		dec := newPlanDecoder([]byte(doc))
		err := dec.Decode(&want)
		whole := err == nil && !dec.More()
		switch {
		case ok && !whole:
			t.Errorf("%s: taken, a whole decode fails (%v)", name, err)
		case ok && !reflect.DeepEqual(*got, want):
			t.Errorf("%s: decoded %+v, a whole decode gives %+v", name, *got, want)
		case !ok && whole && name != "null ops" && name != "ops twice" && name != "escaped key" &&
			name != "Ops after" && name != "OPS null" && name != "folded s":
			t.Errorf("%s: not taken, a whole decode takes it", name)
		}
	}
}

// A real plan is taken, every op by the fast decoder.
func TestReadPlanFastTakesPlans(t *testing.T) {
	var buf bytes.Buffer
	p := &Plan{Schema: PlanSchema, Ops: []Op{{ID: "x", Source: "s", Action: "delete", Reason: Reason{Strategy: "lww"}}}, Manual: []Manual{}}
	if err := json.NewEncoder(&buf).Encode(p); err != nil {
		t.Fatal(err)
	}
	if _, ok := readPlanFast(buf.Bytes()); !ok {
		t.Errorf("a plan drift writes is not taken:\n%s", buf.Bytes())
	}
	for _, op := range fastOps {
		d := opDecoder{jsonScan: jsonScan{b: []byte(op)}}
		var got Op
		if d.op(&got) != wantFast(op) {
			t.Errorf("fast decoder takes %s: %v, want %v", op, !wantFast(op), wantFast(op))
		}
	}
}

// fastOps are ops as drift writes them and as people or other tools might
// edit them; an entry prefixed with "slow:" is one the fast decoder leaves
// to encoding/json.
var fastOps = []string{
	`{"id":"cc12e45ea9aa2f0d","source":"right","key":{"id":1},"action":"update","set":{"city":"Lisbon"},"expect":{"city":"Lisbon9"},"reason":{"strategy":"authority","from":"left","drift":"f679918d3ac7b21b"}}`,
	`{"id":"2","source":"r","key":{"region":"eu","id":"a-1"},"action":"update","set":{"email":"u@x.io","updated":"2026-04-20T09:27:50.547Z"},"expect":{"email":null,"updated":"2026-04-21T09:08:10Z"},"reason":{"strategy":"authority","from":"left","drift":"24","fields":[{"field":"email","strategy":"authority","from":"left","drift":"24"},{"field":"updated","strategy":"lww","drift":"7f"}]}}`,
	`{"id":"3","source":"r","key":{"id":-1.5e+3},"action":"insert","record":{"id":-1.5e+3,"tags":["a","b"],"attrs":{"k":[1,{"z":null}],"e":{}},"ok":true,"no":false,"n":0.25}}`,
	` { "id" : "4" , "source":"r" ,"key" : { "id" : 2 } , "action" : "delete" , "expect" : { "n" : [ 1 , 2 ] , "o" : { "a" : "b" } } , "reason" : { "strategy" : "authority" , "fields" : [ ] } } `,
	`{"id":"5","source":"r","key":{"id":"caf\u00e9 \"q\" \\ \/ \n"},"action":"update","set":{"s":"São Paulo ✓"},"expect":{},"reason":{}}`,
	`{}`,
	`{"key":{}}`,
	`slow:{"id":"a\u0062"}`,
	`slow:{"ID":"a"}`,
	`slow:{"id":"a","id":"b"}`,
	`slow:{"key":{"id":1,"id":2}}`,
	`slow:{"key":null}`,
	`slow:{"set":null}`,
	`slow:{"reason":{"fields":null}}`,
	`slow:{"reason":{"strategy":"x","strategy":"y"}}`,
	`slow:{"key":{"id":01}}`,
	`slow:{"key":{"id":1.}}`,
	`slow:{"key":{"id":.5}}`,
	`slow:{"key":{"id":1e}}`,
	`slow:{"key":{"id":-}}`,
	`slow:{"key":{"id":+1}}`,
	`slow:{"key":{"id":tru}}`,
	`slow:{"key":{"id":"a` + "\x01" + `"}}`,
	`slow:{"key":{"id":"\x"}}`,
	`slow:{"key":{"id":"\u12"}}`,
	`slow:{"key":{"id":"` + "\xff" + `"}}`,
	`slow:{"source":"` + "\xc3" + `"}`,
	`slow:{"key":{"id":[1,]}}`,
	`slow:{"key":{"id":{"a":1]}}}`,
	`slow:{"key":{"id":1},}`,
	`slow:{"key":{"id":1} "source":"r"}`,
	`slow:{"path":"/etc"}`,
	`slow:{"id":"a"}x`,
	`slow:{"id":"a"`,
	`slow:[]`,
	`slow:{}}`,
	`slow:{"id":"a"} {"id":"b"}`,
	`slow:{"id":"a"}]`,
}

func wantFast(op string) bool { return !strings.HasPrefix(op, "slow:") }

// opDecoder.decode gives what encoding/json gives, on ops the fast decoder takes
// and on those it leaves: the same op, or a failure for both; text after
// the op (another value, a stray bracket) fails both.
func TestDecodeOpMatchesEncodingJSON(t *testing.T) {
	for _, op := range fastOps {
		checkDecodeOp(t, []byte(strings.TrimPrefix(op, "slow:")))
	}
}

func FuzzDecodeOp(f *testing.F) {
	for _, op := range fastOps {
		f.Add(strings.TrimPrefix(op, "slow:"))
	}
	f.Fuzz(func(t *testing.T, op string) { checkDecodeOp(t, []byte(op)) })
}

func checkDecodeOp(t *testing.T, b []byte) {
	t.Helper()
	var got, want Op
	var d opDecoder
	// A name read before is shared, not read again wrong.
	var warm Op
	d.decode([]byte(strings.TrimPrefix(fastOps[1], "slow:")), &warm)
	ok := d.decode(b, &got)
	// One op and nothing else: a span of an array is one element.
	dec := newPlanDecoder(b)
	wantOK := dec.Decode(&want) == nil && len(bytes.Trim(b[dec.InputOffset():], " \t\r\n")) == 0
	if ok != wantOK {
		t.Fatalf("decodeOp(%q) ok = %v, encoding/json %v", b, ok, wantOK)
	}
	if ok && !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeOp(%q) = %#v\nencoding/json gives %#v", b, got, want)
	}
}

// readPlanFast never takes a file that a whole decode refuses, and
// decodes what it takes as a whole decode does.
func FuzzReadPlanFast(f *testing.F) {
	op := strings.TrimPrefix(fastOps[1], "slow:")
	f.Add(`{"schema":"s","plan_id":"p","ops":[` + op + `,` + fastOps[2] + `],"manual":[]}`)
	f.Add("{\n \"ops\": [\n  " + op + "\n ],\n \"sources\": [{\"name\":\"a\",\"version\":\"v\"}]\n}\n")
	f.Add(`{"ops":[` + op + `],"Ops":[]}`)
	// Ops a line each, as drift writes them (lineSpans), and layouts
	// that only look like it: a trailing comma, a missing one, blank
	// lines, two ops on a line, the bracket on an op's line, no ops.
	op2 := strings.TrimPrefix(fastOps[2], "slow:")
	for _, ops := range []string{
		"[\n    " + op + ",\n    " + op2 + "\n  ]",
		"[\n    " + op + ",\n    " + op2 + ",\n  ]",
		"[\n    " + op + "\n    " + op2 + "\n  ]",
		"[\r\n\n    " + op + " ,\r\n\n\t" + op2 + "\r\n  ]",
		"[\n    " + op + ", " + op2 + "\n  ]",
		"[\n    " + op + ", " + op2 + ",\n    " + op + "\n  ]",
		"[\n    " + op + "]",
		"[" + op + ",\n" + op2 + "]",
		"[\n  ]",
		"[\n  ,\n  ]",
		"[\n    " + op + ",\n    [],\n    " + op2 + "\n  ]",
	} {
		f.Add("{\n  \"schema\": \"s\",\n  \"ops\": " + ops + ",\n  \"manual\": []\n}\n")
		f.Add("{\n  \"ops\": " + ops + "}")
	}
	f.Add(`{"ops":[` + op + `],"opſ":null}`)
	f.Fuzz(func(t *testing.T, doc string) {
		got, ok := readPlanFast([]byte(doc))
		if !ok {
			return
		}
		var want Plan
		dec := newPlanDecoder([]byte(doc))
		if err := dec.Decode(&want); err != nil || dec.More() {
			t.Fatalf("readPlanFast takes %q, a whole decode refuses it (%v)", doc, err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("readPlanFast(%q) = %#v\nwhole decode gives %#v", doc, *got, want)
		}
	})
}

// A plan with a second ops member under another case ("Ops") is the
// edited plan a whole decode sees: its last ops do not hash to the plan
// id, so ReadPlan refuses it.
func TestReadPlanRefusesCaseFoldedOps(t *testing.T) {
	p := &Plan{Schema: PlanSchema, Ops: []Op{{ID: "x", Source: "s", Action: "delete", Reason: Reason{Strategy: "lww"}}}, Manual: []Manual{}}
	if err := p.Seal(); err != nil {
		t.Fatal(err)
	}
	b, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	edited := append(bytes.TrimSuffix(b, []byte("}\n")), []byte(`,"Ops":[]}`)...)
	if got, err := ReadPlan(edited); err == nil {
		t.Fatalf("ReadPlan took an edited plan (%d ops)", len(got.Ops))
	}
}
