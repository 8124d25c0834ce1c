package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const validateBase = `version: 1
contract:
  name: v
  version: 2
  key: [id]
  fields:
    id:     {type: string}
    amount: {type: decimal}
    owner:  {type: string, source: b}
`

func TestRunValidate(t *testing.T) {
	tests := []struct {
		name     string
		tail     string
		wantCode int
		want     []string // lines of stdout, in order
	}{
		{
			name:     "clean",
			tail:     "  invariants:\n    - {name: pos, rule: self.amount >= 0}\n",
			wantCode: ExitOK,
			want:     []string{"drift.yaml: ok: contract v@2, 2 sources, 1 invariant, 0 transitions, 0 warnings"},
		},
		{
			name:     "cel errors, all at once",
			tail:     "  invariants:\n    - {name: a, rule: self.amout >= 0}\n    - {name: b, rule: \"self.amount >= \"}\n",
			wantCode: ExitUsage,
			want: []string{
				`drift.yaml:11:23: rule "a": field "amout" is not declared under fields; did you mean "amount"?`,
				`drift.yaml:12:39: rule "b": Syntax error`,
			},
		},
		{
			name:     "unused source and redundant authority are warnings",
			tail:     "  resolve:\n    authority: a\n    fields:\n      owner: {strategy: manual}\n      amount: {strategy: authority, source: a}\n",
			wantCode: ExitOK,
			want: []string{
				`drift.yaml:9: warning: field "owner": source "b" is unused: its strategy is manual`,
				`drift.yaml:14: warning: resolve: fields: "amount": source "a" is already resolve.authority`,
				"2 warnings",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := validateBase + tt.tail + "sources:\n  a: {type: file, path: a.csv}\n  b: {type: file, path: b.csv}\n"
			if err := os.WriteFile(filepath.Join(dir, "drift.yaml"), []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			var out, errw bytes.Buffer
			sio := &IO{Out: &out, Err: &errw, In: strings.NewReader(""),
				Getenv: func(string) (string, bool) { return "", false }, Now: func() time.Time { return time.Unix(0, 0) }}
			err := runValidate(context.Background(), ValidateOptions{IO: sio, Config: "drift.yaml"})
			if code := ExitCode(err); code != tt.wantCode {
				t.Fatalf("exit %d, want %d (err %v)\n%s", code, tt.wantCode, err, out.String())
			}
			rest := out.String()
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("stdout lacks %q (in order):\n%s", w, out.String())
				}
				rest = rest[i+len(w):]
			}
		})
	}
}
