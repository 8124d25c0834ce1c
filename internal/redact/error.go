package redact

import (
	"net/url"
	"strings"
)

// Error returns err with every password of dsn, and dsn itself, removed from
// its message. The result unwraps to err so that errors.Is still works; only
// its message is scrubbed. A nil err gives nil.
func Error(err error, dsn string) error {
	if err == nil {
		return nil
	}
	msg := Text(err.Error(), dsn)
	if msg == err.Error() {
		return err
	}
	return &scrubbed{msg: msg, err: err}
}

// Text returns msg with dsn replaced by its redacted form and every password
// of dsn, raw or URL-escaped, replaced by Mask.
func Text(msg, dsn string) string {
	if dsn != "" {
		msg = strings.ReplaceAll(msg, dsn, DSN(dsn))
	}
	for _, p := range Passwords(dsn) {
		for _, form := range []string{p, url.QueryEscape(p), url.PathEscape(p)} {
			msg = strings.ReplaceAll(msg, form, Mask)
		}
	}
	return msg
}

type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }
