package scan

import (
	"net/url"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// secretKeys are option keys whose whole value is a secret.
var secretKeys = map[string]bool{"password": true, "token": true, "secret": true, "api_key": true}

// Secrets collects the secret strings of one source's config block: values
// of password-like keys, passwords inside DSNs and URLs, and header values.
// They are scrubbed from every error before it is shown.
func Secrets(node *yaml.Node) []string {
	var out []string
	if node == nil || node.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i].Value, node.Content[i+1]
		switch {
		case k == "headers" && v.Kind == yaml.MappingNode:
			for j := 1; j < len(v.Content); j += 2 {
				out = append(out, headerSecret(v.Content[j].Value)...)
			}
		case v.Kind != yaml.ScalarNode:
		case secretKeys[strings.ToLower(k)]:
			out = append(out, v.Value)
		default:
			out = append(out, DSNPasswords(v.Value)...)
		}
	}
	return nonEmpty(out)
}

// headerSecret returns a header value, and its credential part when it has a
// scheme such as "Bearer".
func headerSecret(v string) []string {
	out := []string{v}
	if _, cred, ok := strings.Cut(v, " "); ok {
		out = append(out, strings.TrimSpace(cred))
	}
	return out
}

var (
	kvPassword    = regexp.MustCompile(`(?i)\bpassword\s*=\s*('([^']*)'|(\S+))`)
	mysqlPassword = regexp.MustCompile(`^[^:/@\s]*:([^@]*)@`)
)

// DSNPasswords finds passwords in a connection string: a URL's user info,
// a key=value DSN's password=, or a MySQL DSN's user:password@.
func DSNPasswords(s string) []string {
	var out []string
	if u, err := url.Parse(s); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			out = append(out, p, url.QueryEscape(p), url.PathEscape(p))
		}
	}
	for _, m := range kvPassword.FindAllStringSubmatch(s, -1) {
		out = append(out, m[2], m[3])
	}
	if m := mysqlPassword.FindStringSubmatch(s); m != nil {
		out = append(out, m[1])
	}
	return nonEmpty(out)
}

// Scrub replaces every secret in s with "****".
func Scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) >= 3 {
			s = strings.ReplaceAll(s, sec, "****")
		}
	}
	return s
}

func nonEmpty(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
