package file_test

import (
	"strings"
	"testing"
)

func TestFetchErrors(t *testing.T) {
	tests := []struct {
		name, file, opts, text string
		want                   string // the whole message, or its start when it ends with "…"
	}{
		{"missing file", "", "path: data/none.csv", "",
			"data/none.csv: file not found (looked for …"},
		{"csv row with too many cells", "a.csv", "path: a.csv", "id,name\n1,Ann\n2,Bob,extra\n",
			"a.csv: line 3: wrong number of fields: the row has 3 cells, the header 2; quote cells that contain the separator"},
		{"csv bare quote", "a.csv", "path: a.csv", "id,name\n1,An\"n\n",
			"a.csv: line 2, column 5: bare \" in non-quoted-field"},
		{"csv duplicate header column", "a.csv", "path: a.csv", "id,id\n1,2\n",
			`a.csv: line 1: column "id" appears twice in the header; rename one`},
		{"json syntax error", "a.json", "path: a.json", "[\n  {\"id\": 1},\n  {\"id\": 2,}\n]",
			"a.json: byte 26 (line 3, column 12): invalid character '}' looking for beginning of object key string"},
		{"json missing comma", "a.json", "path: a.json", `[{"id": 1} {"id": 2}]`,
			"a.json: byte 11 (line 1, column 12): invalid character '{' after array element"},
		{"json cut short", "a.json", "path: a.json", `[{"id": 1}, {"id": 2`,
			"a.json: byte 20 (line 1, column 21): unexpected end of file; the document is cut short"},
		{"json trailing data", "a.json", "path: a.json", `[{"id": 1}] x`,
			"a.json: byte 12 (line 1, column 13): invalid character 'x' after top-level value"},
		{"json not an array", "a.json", "path: a.json", `{"data": []}`,
			"a.json: byte 0: the document is an object, not an array of records; set `items:` to the dotted path of the records array"},
		{"json items path not found", "a.json", "{path: a.json, items: page.data}", `{"page": {"rows": []}}`,
			`a.json: byte 9: items path "page.data" not found: "page" has no key "data"`},
		{"json items path through a non-object", "a.json", "{path: a.json, items: page.data}", `{"page": [1]}`,
			`a.json: byte 9: items path "page.data": "page" is an array, not an object`},
		{"json items path not an array", "a.json", "{path: a.json, items: page}", `{"page": {"a": 1}}`,
			`a.json: byte 9: items path "page" holds an object, not an array of records`},
		{"json record not an object", "a.json", "path: a.json", `[{"id": 1}, [2]]`,
			"a.json: record 2 (byte offset 12): a record must be a JSON object, not an array"},
		{"ndjson syntax error", "a.ndjson", "path: a.ndjson", "{\"id\": 1}\n{\"id\": }\n",
			"a.ndjson: line 2: column 8: invalid character '}' looking for beginning of value; each line must hold one JSON object"},
		{"ndjson two values on a line", "a.ndjson", "path: a.ndjson", "{\"id\": 1} {\"id\": 2}\n",
			"a.ndjson: line 1: column 11: invalid character '{' after top-level value; each line must hold one JSON object"},
		{"ndjson record not an object", "a.ndjson", "path: a.ndjson", "{\"id\": 1}\n\n\"x\"\n",
			"a.ndjson: line 3: a record must be a JSON object, not a string"},
		{"yaml syntax error", "a.yaml", "path: a.yaml", "- id: 1\n  name: [x\n",
			"a.yaml: line 1: did not find expected ',' or ']'"},
		{"yaml not a list", "a.yaml", "path: a.yaml", "id: 1\n",
			"a.yaml: line 1: the document is not a list of records; set `items:` to the dotted path of the records list"},
		{"yaml items path not found", "a.yaml", "{path: a.yaml, items: data}", "rows: []\n",
			`a.yaml: line 1: items path "data" not found: the document has no key "data"`},
		{"yaml record not a mapping", "a.yaml", "path: a.yaml", "- id: 1\n- 2\n",
			`a.yaml: line 2: a record must be a mapping, not the scalar "2"`},
		{"csv header without the key column", "a.csv", "path: a.csv", "ID,name\n1,Ann\n2,Bob\n",
			"a.csv: line 1: the header has no column \"id\" for key field \"id\"; add the column, or map the field to one of the header's columns with `fields:` in the source's config (the header has \"ID\", \"name\")"},
		{"tsv header without the key column", "a.tsv", "path: a.tsv", "name\nAnn\n",
			"a.tsv: line 1: the header has no column \"id\" for key field \"id\"; add the column, …"},
		{"json duplicate member", "a.json", "path: a.json", `[{"id": 1}, {"id": 2, "name": "a", "name": "b"}]`,
			`a.json: record 2 (byte offset 12): member "name" appears twice in one object; keep one, a reader would take only the last`},
		{"json duplicate member nested, escaped", "a.json", "path: a.json", `[{"id": 1, "contact": {"email": "a", "em\u0061il": "b"}}]`,
			`a.json: record 1 (byte offset 1): member "email" appears twice in one object; …`},
		{"ndjson duplicate member", "a.ndjson", "path: a.ndjson", "{\"id\": 1}\n{\"id\": 2, \"id\": 3}\n",
			`a.ndjson: line 2: member "id" appears twice in one object; keep one, a reader would take only the last`},
		{"yaml duplicate key", "a.yaml", "path: a.yaml", "- id: 1\n- id: 2\n  name: a\n  name: b\n",
			`a.yaml: line 4: key "name" appears twice in one mapping (first at line 3); keep one`},
		{"yaml second document", "a.yaml", "path: a.yaml", "- id: 1\n---\n- id: 2\n",
			"a.yaml: line 2: a second YAML document; put every record in one list"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.file != "" {
				dir = tempCopy(t, tc.file, tc.text)
			}
			recs, _, err := fetchAll(t, mustSource(t, dir, tc.opts, nil))
			if err == nil {
				t.Fatalf("Fetch read %d records and no error; want %q", len(recs), tc.want)
			}
			if !matches(err.Error(), tc.want) {
				t.Errorf("error:\n got %s\nwant %s", err, tc.want)
			}
		})
	}
}

func TestInitErrors(t *testing.T) {
	tests := []struct{ name, opts, want string }{
		{"no path", "format: csv", "drift.yaml:1: source \"replica\": `path` is required; give the data file, relative to the config's folder"},
		{"unknown extension", "path: data.txt", `drift.yaml:1: source "replica": cannot tell the format of "data.txt" from its extension; add ` + "`format:` (csv, tsv, json, ndjson, yaml)"},
		{"unknown format", "{path: data.txt, format: xml}", `drift.yaml:1: source "replica": unknown format "xml"; use csv, tsv, json, ndjson, jsonl, yaml or yml`},
		{"items on csv", "{path: a.csv, items: data}", "drift.yaml:1: source \"replica\": `items` applies only to json and yaml files, not csv; remove it"},
		{"unknown option", "path: a.csv\npaht: b.csv", `source "replica": drift.yaml:2:1: unknown key "paht" in source options; did you mean "path"?`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newSource(t, t.TempDir(), tc.opts, nil)
			if err == nil || err.Error() != tc.want {
				t.Errorf("Init error:\n got %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestInitDoesNoIO(t *testing.T) {
	if _, err := newSource(t, "/nonexistent/folder", "path: missing.csv", nil); err != nil {
		t.Fatalf("Init of a missing file = %v; the file is read by Fetch, not Init", err)
	}
}

// matches compares a message with want, which may end with "…" to match
// a prefix.
func matches(got, want string) bool {
	if prefix, ok := strings.CutSuffix(want, "…"); ok {
		return strings.HasPrefix(got, prefix)
	}
	return got == want
}
