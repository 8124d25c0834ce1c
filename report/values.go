package report

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/drift-sh/drift/diff"
)

// keyString renders a key the way people type it: `region=eu,account_id=a-17`.
func keyString(k diff.Key) string {
	parts := make([]string, len(k))
	for i, p := range k {
		v, _ := displayValue(p.Value)
		parts[i] = p.Field + "=" + v
	}
	return strings.Join(parts, ",")
}

// displayValue renders a canonical JSON value for people. Strings lose their
// quotes unless that would make them ambiguous (empty, "null", surrounding
// spaces, a leading quote, control characters, text that could look like
// another: see lookalike); everything else stays JSON text, lookalike text
// in it escaped. The bool is true for null.
func displayValue(raw json.RawMessage) (string, bool) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return "null", true
	}
	if s[0] != '"' {
		if lookalike(s) {
			return escapeLookalike(s), false
		}
		return oneLine(s), false
	}
	var str string
	if err := json.Unmarshal(raw, &str); err != nil {
		return oneLine(s), false
	}
	if lookalike(str) {
		return escapeLookalike(s), false
	}
	if needsQuotes(str) {
		return s, false
	}
	return str, false
}

func needsQuotes(s string) bool {
	if s == "" || s == "null" || s[0] == '"' || strings.TrimSpace(s) != s {
		return true
	}
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

// oneLine replaces control characters (newlines, tabs) with spaces so a
// message cannot break a table row.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// formatAge renders how long ago t was, in the largest whole unit: 45s, 12m,
// 3h, 2d.
func formatAge(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 0:
		return "0s"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}

// keyGroup is the drifts of one key, in report order.
type keyGroup struct {
	key    string
	drifts []diff.Drift
}

// groupByKey groups drifts by key, keeping the order in which keys first
// appear (the report is sorted by key, so groups are contiguous).
func groupByKey(drifts []diff.Drift) []keyGroup {
	var out []keyGroup
	index := map[string]int{}
	for _, d := range drifts {
		k := keyString(d.Key)
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, keyGroup{key: k})
		}
		out[i].drifts = append(out[i].drifts, d)
	}
	return out
}

// thousands renders n with comma separators: 12,034.
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
