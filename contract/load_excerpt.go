package contract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/drift-sh/drift/internal/redact"
)

// ExcerptLen is the most characters of a config's own text that one
// message quotes.
const ExcerptLen = 40

// secretAssign matches NAME=VALUE and NAME: VALUE where NAME suggests a
// secret; the value is masked.
var secretAssign = regexp.MustCompile(`(?i)([\w.-]*(?:pass|pwd|secret|token|key|auth|credential|private|dsn)[\w.-]*\s*(?:=|:\s)\s*)(\S+)`)

// Excerpt is the part of a config's text s that an error message may
// quote: the first line, at most ExcerptLen characters, cut with "…". The
// value of every NAME=VALUE or NAME: VALUE whose name suggests a secret
// (password, pass, pwd, secret, token, key, auth, credential, private,
// dsn) and the password of a connection string are masked, so that a file
// given by mistake (`-c .env`) never reaches the output.
func Excerpt(s string) string {
	line, rest, cut := strings.Cut(s, "\n")
	line = strings.TrimSuffix(line, "\r")
	line = secretAssign.ReplaceAllString(line, "${1}"+redact.Mask)
	line = redact.DSN(line)
	if cut && strings.TrimSpace(rest) != "" {
		line += "…"
	}
	return clip(line, ExcerptLen)
}

// clip cuts s to at most n characters, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSuffix(string([]rune(s)[:n]), "…") + "…"
}
