package file_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/drift-sh/drift/contract"
)

var (
	wantAnn = map[string]string{"id": `1`, "name": `"Ann"`, "email": `"ann@x.io"`, "score": `"12.5"`, "tags": `["a","b"]`}
	wantBob = map[string]string{"id": `2`, "name": `"Bob, Jr."`, "email": `"bob@x.io"`, "score": `"0.1"`, "tags": `null`}
)

func TestFetchFormats(t *testing.T) {
	tests := []struct {
		name, opts string
		rename     string // the column or path email is read from
		wantLocs   []string
		wantScore  any // the raw value of Ann's score
	}{
		{"csv", "path: accounts.csv", "contact.email", []string{"line 2", "line 3"}, contract.Cell("12.50")},
		{"tsv", "path: accounts.tsv", "contact.email", []string{"line 2", "line 3"}, contract.Cell("12.50")},
		{"json", "path: accounts.json", "contact.email",
			[]string{"record 1 (byte offset 4)", "record 2 (byte offset 119)"}, json.Number("12.50")},
		{"json items", "{path: items.json, items: page.data}", "contact.email",
			[]string{"record 1 (byte offset 72)", "record 2 (byte offset 187)"}, json.Number("12.50")},
		{"ndjson", "path: accounts.ndjson", "contact.email", []string{"line 1", "line 3"}, json.Number("12.50")},
		{"jsonl by format option", "{path: accounts.ndjson, format: jsonl}", "contact.email", []string{"line 1", "line 3"}, json.Number("12.50")},
		{"yaml", "path: accounts.yaml", "contact.email", []string{"line 2", "line 8"}, json.Number("12.50")},
		{"yaml items", "{path: items.yml, items: list.records}", "contact.email", []string{"line 4", "line 10"}, json.Number("12.50")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := mustSource(t, "testdata/fetch", tc.opts, map[string]string{"email": tc.rename})
			recs, snap, err := fetchAll(t, src)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 2 || snap.Records != 2 {
				t.Fatalf("read %d records, snapshot %d; want 2", len(recs), snap.Records)
			}
			for i, want := range []map[string]string{wantAnn, wantBob} {
				if got := canonical(testContract(), recs[i]); !reflect.DeepEqual(got, want) {
					t.Errorf("record %d = %v, want %v", i+1, got, want)
				}
				if !reflect.DeepEqual(recs[i].Unknown, []string{"note"}) {
					t.Errorf("record %d: Unknown = %q, want [note]", i+1, recs[i].Unknown)
				}
				if recs[i].Where() != tc.wantLocs[i] {
					t.Errorf("record %d: Where = %q, want %q", i+1, recs[i].Where(), tc.wantLocs[i])
				}
			}
			if got := recs[0].Values[3]; got != tc.wantScore {
				t.Errorf("raw score = %#v, want %#v: numbers keep their literal text", got, tc.wantScore)
			}
		})
	}
}

func TestFetchSnapshotVersionIsSHA256OfBytes(t *testing.T) {
	data, err := os.ReadFile("testdata/fetch/accounts.json")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	_, snap, err := fetchAll(t, mustSource(t, "testdata/fetch", "path: accounts.json", map[string]string{"email": "contact.email"}))
	if err != nil {
		t.Fatal(err)
	}
	if want := "sha256:" + hex.EncodeToString(sum[:]); snap.Version != want {
		t.Errorf("Version = %s, want %s", snap.Version, want)
	}
}

func TestFetchRecords(t *testing.T) {
	tests := []struct {
		name, file, text string
		fields           map[string]string
		want             []map[string]string
		wantUnknown      [][]string
	}{
		{"csv empty cell is a cell, missing column is nil", "a.csv", "id,name,score\n1,,\n",
			nil, []map[string]string{{"id": `1`, "name": `""`, "email": `null`, "score": `null`, "tags": `null`}}, [][]string{nil}},
		{"csv with a BOM", "a.csv", "\xef\xbb\xbfid,name\n1,Ann\n",
			nil, []map[string]string{{"id": `1`, "name": `"Ann"`, "email": `null`, "score": `null`, "tags": `null`}}, [][]string{nil}},
		{"csv column names are literal, not dotted", "a.csv", "id,a.b\n1,x\n",
			map[string]string{"name": "a.b"}, []map[string]string{{"id": `1`, "name": `"x"`, "email": `null`, "score": `null`, "tags": `null`}}, [][]string{nil}},
		{"json with a BOM", "a.json", "\xef\xbb\xbf[{\"id\": 1}]",
			nil, []map[string]string{{"id": `1`, "name": `null`, "email": `null`, "score": `null`, "tags": `null`}}, [][]string{nil}},
		{"renamed field is not read under its contract name", "a.json", `[{"id": 1, "name": "decoy", "full": "Ann"}]`,
			map[string]string{"name": "full"}, []map[string]string{{"id": `1`, "name": `"Ann"`, "email": `null`, "score": `null`, "tags": `null`}}, [][]string{{"name"}}},
		{"dotted path through a non-object is absent", "a.json", `[{"id": 1, "a": "flat"}]`,
			map[string]string{"name": "a.b"}, []map[string]string{{"id": `1`, "name": `null`, "email": `null`, "score": `null`, "tags": `null`}}, [][]string{nil}},
		{"unknown keys are sorted", "a.ndjson", `{"z": 1, "id": 1, "b": 2}`,
			nil, []map[string]string{{"id": `1`, "name": `null`, "email": `null`, "score": `null`, "tags": `null`}}, [][]string{{"b", "z"}}},
		{"duplicate keys are emitted twice", "a.csv", "id,name\n1,Ann\n1,Ann again\n", nil,
			[]map[string]string{{"id": `1`, "name": `"Ann"`, "email": `null`, "score": `null`, "tags": `null`},
				{"id": `1`, "name": `"Ann again"`, "email": `null`, "score": `null`, "tags": `null`}}, [][]string{nil, nil}},
		{"empty json array", "a.json", " [ ] ", nil, nil, nil},
		{"empty csv", "a.csv", "", nil, nil, nil},
		{"empty yaml", "a.yaml", "", nil, nil, nil},
		{"yaml anchors and merge keys", "a.yaml", "- &a {id: 1, name: Ann}\n- <<: *a\n  id: 2\n", nil,
			[]map[string]string{{"id": `1`, "name": `"Ann"`, "email": `null`, "score": `null`, "tags": `null`},
				{"id": `2`, "name": `"Ann"`, "email": `null`, "score": `null`, "tags": `null`}}, [][]string{nil, nil}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := tempCopy(t, tc.file, tc.text)
			recs, snap, err := fetchAll(t, mustSource(t, dir, "path: "+tc.file, tc.fields))
			if err != nil {
				t.Fatal(err)
			}
			if snap.Records != len(tc.want) || len(recs) != len(tc.want) {
				t.Fatalf("read %d records (snapshot %d), want %d", len(recs), snap.Records, len(tc.want))
			}
			for i, want := range tc.want {
				if got := canonical(testContract(), recs[i]); !reflect.DeepEqual(got, want) {
					t.Errorf("record %d = %v, want %v", i+1, got, want)
				}
				if !reflect.DeepEqual(recs[i].Unknown, tc.wantUnknown[i]) {
					t.Errorf("record %d: Unknown = %q, want %q", i+1, recs[i].Unknown, tc.wantUnknown[i])
				}
			}
		})
	}
}

func TestFetchYAMLScalarTypes(t *testing.T) {
	dir := tempCopy(t, "a.yaml", "- id: 1\n  raw: {i: +1_000, h: 0x1f, f: 1.50, e: 1e3, inf: .inf, b: true, y: yes, n: ~, d: 2024-05-01, s: '7', l: [1, x]}\n")
	recs, _, err := fetchAll(t, mustSource(t, dir, "path: a.yaml", map[string]string{"name": "raw"}))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"i": contract.Literal{Text: "+1_000", Number: "1000"}, "h": contract.Literal{Text: "0x1f", Number: "31"}, "f": json.Number("1.50"),
		"e": json.Number("1e3"), "inf": ".inf", "b": true, "y": "yes", "n": nil, "d": "2024-05-01", "s": "7",
		"l": []any{json.Number("1"), "x"}}
	if got := recs[0].Values[1]; !reflect.DeepEqual(got, want) {
		t.Errorf("raw = %#v\nwant %#v", got, want)
	}
}

func TestFetchStreamsFromConfigDir(t *testing.T) {
	dir := tempCopy(t, "a.csv", "id\n1\n")
	abs := filepath.Join(dir, "a.csv")
	recs, _, err := fetchAll(t, mustSource(t, "/nonexistent", "path: "+abs, nil))
	if err != nil || len(recs) != 1 {
		t.Fatalf("an absolute path is used as is: got %d records, %v", len(recs), err)
	}
}
