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

// secretWords are the parts of a name that suggest it holds a secret.
const secretWords = `pass|pwd|secret|token|key|auth|credential|private|dsn`

var (
	// secretAssign matches NAME=VALUE and NAME: VALUE where NAME suggests
	// a secret; the value is masked.
	secretAssign = regexp.MustCompile(`(?i)([\w.-]*(?:` + secretWords + `)[\w.-]*\s*(?:=|:\s)\s*)(\S+)`)
	secretName   = regexp.MustCompile(`(?i)` + secretWords)
)

// SecretName reports whether a key or variable name suggests that its
// value is a secret (DB_PASSWORD, api_key, dsn), so a message must not
// quote the value.
func SecretName(name string) bool { return secretName.MatchString(name) }

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
