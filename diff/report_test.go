package diff

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
)

func TestMessages(t *testing.T) {
	strict := testContract()
	strict.Strict = true
	cases := []struct {
		name string
		recs []contract.Record
		want []string // substrings of the one message
	}{
		{"type names the location and raw value", []contract.Record{rec("line 12", "#1", "x", "abc", "active")}, []string{"line 12: ", `"abc"`}},
		{"enum names the location and raw value", []contract.Record{rec("line 3", "#1", "x", "1", "gone")}, []string{"line 3: ", "gone"}},
		{"required names the field and raw value", []contract.Record{rec("record 7", "#1", "x", "1", contract.Cell(""))}, []string{"record 7: ", `"status"`, `""`}},
		{"null key says it cannot be matched", []contract.Record{rec("line 2", nil, "x", "1", "active")}, []string{"line 2: ", `"id"`, "cannot be matched"}},
		{"invalid key gives its raw value", []contract.Record{rec("line 2", "x1", "x", "1", "active")}, []string{"line 2: ", `"x1"`, "cannot be matched"}},
		{"duplicate key names the key and source", []contract.Record{account("1", "x", "1"), account("1", "y", "1")}, []string{"line 1: ", `{"id":1}`, `"a"`, "first record counts"}},
		{"no location gives the bare message", []contract.Record{rec("", "#1", "x", "abc", "active")}, []string{`"abc"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			drifts, _ := run(t, testContract(), []string{"a"}, [][]contract.Record{tc.recs}, nil)
			if len(drifts) != 1 {
				t.Fatalf("got %d drifts %q, want 1", len(drifts), lines(drifts))
			}
			msg := drifts[0].Message
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if strings.HasPrefix(msg, ": ") {
				t.Errorf("message %q starts with an empty location", msg)
			}
		})
	}
	drifts, _ := run(t, strict, []string{"a"}, [][]contract.Record{{withUnknown(account("5", "x", "1"), "extra")}}, nil)
	if len(drifts) != 1 || !strings.Contains(drifts[0].Message, `"extra"`) || !strings.HasPrefix(drifts[0].Message, "line 5: ") {
		t.Errorf("unknown-field drifts %+v: want one message at line 5 naming \"extra\"", drifts)
	}
}

func TestDriftID(t *testing.T) {
	key := Key{{Field: "region", Value: json.RawMessage(`"eu"`)}, {Field: "id", Value: json.RawMessage(`17`)}}
	base := DriftID(Changed, key, "", "email", "")
	if len(base) != 16 || strings.Trim(base, "0123456789abcdef") != "" {
		t.Fatalf("id %q: want 16 lowercase hex digits", base)
	}
	if again := DriftID(Changed, append(Key(nil), key...), "", "email", ""); again != base {
		t.Errorf("same parts gave %q then %q", base, again)
	}
	others := map[string]string{
		"kind":         DriftID(Violation, key, "", "email", ""),
		"key value":    DriftID(Changed, Key{key[0], {Field: "id", Value: json.RawMessage(`18`)}}, "", "email", ""),
		"key order":    DriftID(Changed, Key{key[1], key[0]}, "", "email", ""),
		"source":       DriftID(Changed, key, "replica", "email", ""),
		"field":        DriftID(Changed, key, "", "name", ""),
		"rule":         DriftID(Changed, key, "", "email", "required"),
		"part borders": DriftID(Changed, key, "email", "", ""),
	}
	for name, id := range others {
		if id == base {
			t.Errorf("changing the %s kept the id %q", name, id)
		}
	}
	// Computed independently: sha256 over uvarint-length-prefixed
	// "missing", `{"id":1}`, "b", "", "".
	if got, want := DriftID(Missing, Key{{Field: "id", Value: json.RawMessage(`1`)}}, "b", "", ""), "644d2e78c6592c31"; got != want {
		t.Errorf("id %q, want %q: the id encoding changed, which breaks scan history", got, want)
	}
}

func TestResultIDsMatchDriftID(t *testing.T) {
	drifts, _ := run(t, testContract(), []string{"a", "b"}, [][]contract.Record{
		{account("1", "x", "1"), account("2", "x", "1"), rec("l3", "#3", "x", "1", "gone")},
		{account("1", "y", "1")},
	}, nil)
	seen := map[string]bool{}
	for _, d := range drifts {
		if want := DriftID(d.Kind, d.Key, d.Source, d.Field, d.Rule); d.ID != want {
			t.Errorf("%s: id %q, want %q", line(d), d.ID, want)
		}
		if seen[d.ID] {
			t.Errorf("%s: id %q repeats", line(d), d.ID)
		}
		seen[d.ID] = true
	}
	if len(drifts) != 4 {
		t.Errorf("got %q, want 4 drifts", lines(drifts))
	}
}

func TestReportJSONRoundTrip(t *testing.T) {
	drifts, _ := run(t, compositeContract(), []string{"zeta", "alpha"}, [][]contract.Record{
		{rec("", "us", "#1", "x"), rec("", "eu", "#2", "x")},
		{rec("", "us", "#1", "y"), rec("", nil, "#2", "x")},
	}, nil)
	b, err := json.MarshalIndent(drifts, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var back []Drift
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("reading back %s: %v", b, err)
	}
	if !reflect.DeepEqual(back, drifts) {
		t.Errorf("read back\n%+v\nwant\n%+v", back, drifts)
	}
	want := []string{
		`violation {"region":null,"n":2} source=alpha field=region rule=required`,
		`missing {"region":"eu","n":2} source=alpha`,
		`changed {"region":"us","n":1} field=name values={"zeta":"x","alpha":"y"}`,
	}
	if got := lines(back); !reflect.DeepEqual(got, want) {
		t.Errorf("read back as %q, want %q: key or values order lost", got, want)
	}
}

func TestUnmarshalErrors(t *testing.T) {
	cases := []struct {
		name, in string
		into     any
	}{
		{"key not an object", `["a"]`, new(Key)},
		{"values not an object", `"x"`, new(Values)},
		{"unknown kind", `"moved"`, new(Kind)},
		{"kind not a string", `3`, new(Kind)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := json.Unmarshal([]byte(tc.in), tc.into); err == nil {
				t.Errorf("%s into %T: no error", tc.in, tc.into)
			}
		})
	}
}

// TestDriftIDHashesItsParts pins DriftID to its definition: SHA-256 of
// each part preceded by its length as a uvarint, the first 16 hex digits.
func TestDriftIDHashesItsParts(t *testing.T) {
	long := strings.Repeat("x", 300) // a length of two uvarint bytes
	key := Key{{Field: "id", Value: json.RawMessage(`7`)}, {Field: "region", Value: json.RawMessage(`"eu"`)}}
	for _, tc := range []struct {
		kind                Kind
		source, field, rule string
	}{
		{Changed, "", "email", ""},
		{Missing, "replica", "", ""},
		{Violation, "primary", "balance", "positive"},
		{Changed, "", long, ""},
	} {
		keyJSON, _ := key.MarshalJSON()
		h := sha256.New()
		for _, part := range []string{tc.kind.String(), string(keyJSON), tc.source, tc.field, tc.rule} {
			h.Write(binary.AppendUvarint(nil, uint64(len(part))))
			h.Write([]byte(part))
		}
		want := hex.EncodeToString(h.Sum(nil))[:16]
		if got := DriftID(tc.kind, key, tc.source, tc.field, tc.rule); got != want {
			t.Errorf("DriftID(%v, %q, %q, %q) = %s, want %s", tc.kind, tc.source, tc.field, tc.rule, got, want)
		}
	}
}
