package httpsource

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxBody bounds one response body.
const maxBody = 256 << 20

// request is one call to the API; body is resent on every attempt.
type request struct {
	method, url string
	body        []byte
	header      http.Header
}

// response is a whole response, read within the request's timeout.
type response struct {
	status   int
	header   http.Header
	body     []byte
	attempts int
}

// do sends the request, retrying on network errors, 429 and 5xx with
// backoff (or the server's Retry-After) up to the retries option. It
// returns the last response whatever its status; err is set only when no
// response came, and names the URL without its password.
func (s *Source) do(ctx context.Context, r request) (*response, error) {
	for attempt := 0; ; attempt++ {
		if err := s.pace.wait(ctx); err != nil {
			return nil, err
		}
		resp, err := s.once(ctx, r)
		if ctx.Err() != nil {
			return nil, s.errorf("%s %s: %w", r.method, redactURL(r.url), ctx.Err())
		}
		if cross := (*crossOrigin)(nil); errors.As(err, &cross) {
			return nil, s.errorf("%s %s: %w", r.method, redactURL(r.url), cross)
		}
		last := attempt >= s.retry.retries
		if err == nil && (!retryable(resp.status) || last) {
			resp.attempts = attempt + 1
			return resp, nil
		}
		if err != nil && last {
			return nil, s.errorf("%s %s: %v (after %d attempts); check url and that the API is reachable",
				r.method, redactURL(r.url), err, attempt+1)
		}
		wait := s.retry.backoff(attempt)
		if err == nil {
			if d, ok := s.retry.retryAfter(resp.header); ok {
				wait = d
			}
		}
		if err := s.retry.sleep(ctx, wait); err != nil {
			return nil, s.errorf("%s %s: %w", r.method, redactURL(r.url), err)
		}
	}
}

// once makes one attempt within the timeout, reading the whole body.
func (s *Source) once(ctx context.Context, r request) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	if err := s.checkOrigin("the request to "+redactURL(r.url), r.url); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	for k, v := range s.opts.Headers {
		req.Header.Set(k, v)
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, s.netError(ctx, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err == nil && len(data) > maxBody {
		err = fmt.Errorf("response body larger than %d MiB", maxBody>>20)
	}
	if err != nil {
		return nil, s.netError(ctx, err)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// netError drops the URL that net/http puts in its errors (the caller
// names it, redacted) and says when the timeout was hit.
func (s *Source) netError(ctx context.Context, err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no answer within the timeout of %s (raise timeout if the API is slow)", s.opts.Timeout)
	}
	return err
}

// statusError describes an unexpected status with a snippet of the body.
func (s *Source) statusError(r request, resp *response, hint string) error {
	after := ""
	if resp.attempts > 1 {
		after = " after " + strconv.Itoa(resp.attempts) + " attempts"
	}
	return s.errorf("%s %s: %d %s%s: %s%s", r.method, redactURL(r.url), resp.status,
		http.StatusText(resp.status), after, snippet(resp.body), hint)
}

// errorf returns an error naming the source, with header values masked.
func (s *Source) errorf(format string, args ...any) error {
	err := fmt.Errorf("source %q (http): %w", s.cfg.Name, fmt.Errorf(format, args...))
	msg := err.Error()
	for _, sec := range s.secrets {
		msg = strings.ReplaceAll(msg, sec, "xxxxx")
	}
	if msg == err.Error() {
		return err
	}
	return &scrubbed{msg: msg, err: err}
}

// scrubbed is an error whose message had a secret removed.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// secretsOf lists the header values to mask: each whole value, and the
// credential after a scheme such as "Bearer".
func secretsOf(headers map[string]string) []string {
	var out []string
	for _, v := range headers {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		out = append(out, v)
		if f := strings.Fields(v); len(f) > 1 {
			out = append(out, f[len(f)-1])
		}
	}
	return out
}

// redactURL masks the password of a URL's userinfo.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

// snippet is the start of a body, quoted, for a message.
func snippet(body []byte) string {
	const limit = 200
	text := strings.Join(strings.Fields(string(body)), " ")
	if text == "" {
		return "empty body"
	}
	if len(text) > limit {
		cut := limit
		for cut > 0 && text[cut]&0xC0 == 0x80 {
			cut--
		}
		return strconv.Quote(text[:cut]) + "…"
	}
	return strconv.Quote(text)
}
