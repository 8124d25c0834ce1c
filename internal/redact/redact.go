// Package redact removes passwords from connection strings and from the
// error messages that mention them, so that secrets never reach output,
// logs, reports or plan files.
package redact

import (
	"net/url"
	"regexp"
	"strings"
)

// Mask replaces a secret in redacted text.
const Mask = "xxxxx"

// keyValuePassword matches password settings in key=value DSNs and in URL
// query strings: password=..., sslpassword='...'.
var keyValuePassword = regexp.MustCompile(`(?i)\b((?:ssl)?password)(\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*)`)

// DSN returns s with every password replaced by Mask. It understands URLs
// (postgres://user:pass@host/db?password=...), key=value DSNs
// (host=h password=p) and MySQL DSNs (user:pass@tcp(host:3306)/db). Text
// with no password is returned unchanged.
func DSN(s string) string {
	s = keyValuePassword.ReplaceAllString(s, "${1}${2}"+Mask)
	if i := strings.Index(s, "://"); i >= 0 {
		return s[:i+3] + redactUserinfo(s[i+3:], lastAt(s[i+3:]))
	}
	if at := mysqlAt(s); at >= 0 {
		return redactUserinfo(s, at)
	}
	return s
}

// Passwords returns every password that s carries in the forms DSN
// understands, as written and decoded, for scrubbing messages that may echo
// them.
func Passwords(s string) []string {
	var out []string
	for _, m := range keyValuePassword.FindAllStringSubmatch(s, -1) {
		out = appendSecret(out, strings.Trim(m[3], "'"))
	}
	rest, at := s, mysqlAt(s)
	if i := strings.Index(s, "://"); i >= 0 {
		rest, at = s[i+3:], lastAt(s[i+3:])
	}
	if at < 0 {
		return out
	}
	if _, pass, ok := strings.Cut(rest[:at], ":"); ok {
		out = appendSecret(out, pass)
		if dec, err := url.PathUnescape(pass); err == nil {
			out = appendSecret(out, dec)
		}
	}
	return out
}

func appendSecret(out []string, p string) []string {
	if p == "" || p == Mask {
		return out
	}
	for _, q := range out {
		if q == p {
			return out
		}
	}
	return append(out, p)
}

// lastAt returns the index of the '@' that ends the userinfo of a URL
// without its scheme, or -1. A password may itself contain '@', so it is the
// last one before the path.
func lastAt(rest string) int {
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return -1
	}
	if q := strings.IndexAny(rest, "?"); q >= 0 && q < at {
		if a := strings.LastIndex(rest[:q], "@"); a >= 0 {
			return a
		}
	}
	return at
}

// mysqlAt returns the index of the '@' that ends the user:password part of a
// MySQL DSN (user:pass@tcp(host)/db), or -1.
func mysqlAt(s string) int {
	slash := strings.LastIndex(s, "/")
	if slash < 0 {
		return -1
	}
	at := strings.LastIndex(s[:slash], "@")
	if at < 0 {
		return -1
	}
	user, _, _ := strings.Cut(s[:at], ":")
	if strings.ContainsAny(user, "= \t") {
		return -1
	}
	return at
}

// redactUserinfo masks the password in s[:at], the "user:password" part.
func redactUserinfo(s string, at int) string {
	if at < 0 {
		return s
	}
	user, _, ok := strings.Cut(s[:at], ":")
	if !ok {
		return s
	}
	return user + ":" + Mask + s[at:]
}
