package httpsource

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// origin is the scheme, host and port that a URL's requests go to; the
// configured headers are sent to the origins of url and item_url only.
type origin struct {
	scheme, host, port string
}

// originOf returns u's origin with the scheme and host lowercased and the
// default port filled in, so http://API.example.com and
// http://api.example.com:80 are one origin.
func originOf(u *url.URL) origin {
	o := origin{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname()), port: u.Port()}
	if o.port == "" {
		switch o.scheme {
		case "http":
			o.port = "80"
		case "https":
			o.port = "443"
		}
	}
	return o
}

// name is the host and port as a message names them, with the scheme
// when other shows that the schemes differ.
func (o origin) name(other origin) string {
	host := o.host
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if o.scheme != other.scheme {
		return o.scheme + "://" + host + ":" + o.port
	}
	return host + ":" + o.port
}

// crossOrigin is the refusal of a request or redirect to an origin that
// must not receive the configured headers. It is not retried.
type crossOrigin struct {
	what        string // "next link …", "redirect to …", "request to …"
	to, allowed origin
	allowedWhat string // "url" or "item_url"
}

func (e *crossOrigin) Error() string {
	return fmt.Sprintf("%s points to another host (%s) than %s (%s); drift does not follow it, so credentials stay with the API",
		e.what, e.to.name(e.allowed), e.allowedWhat, e.allowed.name(e.to))
}

// checkOrigin refuses a URL whose origin is neither url's nor item_url's.
func (s *Source) checkOrigin(what, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	o := originOf(u)
	if o == originOf(s.first) || (s.item != nil && o == s.itemOrigin) {
		return nil
	}
	return &crossOrigin{what: what, to: o, allowed: originOf(s.first), allowedWhat: "url"}
}

// checkRedirect follows a redirect only within the origin of the request
// it answers, so no header, custom ones included, reaches another host.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	from := originOf(via[0].URL)
	if to := originOf(req.URL); to != from {
		return &crossOrigin{what: "a redirect to " + redactURL(req.URL.String()), to: to, allowed: from, allowedWhat: "the request"}
	}
	return nil
}

// templateOrigin is the origin of item_url, which no placeholder may be
// part of: the headers must go to one known host.
func templateOrigin(t *template) (origin, error) {
	a, err := absURL(strings.Join(t.parts, "a"))
	if err != nil {
		return origin{}, err
	}
	b, err := absURL(strings.Join(t.parts, "b"))
	if err != nil {
		return origin{}, err
	}
	if originOf(a) != originOf(b) {
		return origin{}, errors.New("a placeholder is in the scheme, host or port; put placeholders in the path or query so requests, and headers, go to one host")
	}
	return originOf(a), nil
}
