// Package httpsource is the source plugin for a JSON HTTP API: it reads the
// records page by page (following a `next` link or counting pages), retries
// with backoff on network errors, 429 and 5xx, paces itself to `rate`, and
// repairs records with PUT, PATCH or DELETE on `item_url`, guarded by
// If-Match when the API gives ETags.
package httpsource

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/drift-sh/drift/sources"
)

func init() {
	sources.Add("http", func() sources.Source { return &Source{} })
}

// Defaults of the options.
const (
	DefaultTimeout = 10 * time.Second
	DefaultRetries = 5
)

// options are the keys of an http source block.
type options struct {
	URL         string            `yaml:"url"`
	Items       string            `yaml:"items"`
	Next        string            `yaml:"next"`
	PageParam   string            `yaml:"page_param"`
	LimitParam  string            `yaml:"limit_param"`
	Limit       int               `yaml:"limit"`
	Headers     map[string]string `yaml:"headers"`
	Timeout     time.Duration     `yaml:"timeout"`
	Retries     *int              `yaml:"retries"`
	Rate        float64           `yaml:"rate"`
	ItemURL     string            `yaml:"item_url"`
	WriteMethod string            `yaml:"write_method"`
}

// Source reads and writes the records of one API collection.
type Source struct {
	cfg   sources.Config
	opts  options
	first *url.URL
	items []string // dotted path to the records array; nil: the body
	next  []string // dotted path to the next page's URL; nil: no links
	// paths holds each contract field's dotted path, split; known the
	// top-level members that some field reads.
	paths [][]string
	known map[string]bool
	item  *template
	// itemOrigin is item_url's origin, where headers may go besides url's.
	itemOrigin origin
	secrets    []string // header values, masked in every message

	transport *http.Transport
	client    *http.Client
	retry     retryPolicy
	pace      *pacer
}

var (
	_ sources.Source = (*Source)(nil)
	_ sources.Writer = (*Source)(nil)
	_ sources.Closer = (*Source)(nil)
)

// Init validates the options. It sends no request.
func (s *Source) Init(cfg sources.Config) error {
	var o options
	if err := cfg.Options.Decode(&o); err != nil {
		return fmt.Errorf("source %q: %w", cfg.Name, err)
	}
	s.cfg, s.opts = cfg, o
	if cfg.Contract == nil {
		return s.initError("type", "no contract to read records for")
	}
	if err := s.checkOptions(); err != nil {
		return err
	}
	s.items, s.next = splitPath(o.Items), splitPath(o.Next)
	s.paths = make([][]string, len(cfg.Contract.Fields))
	s.known = make(map[string]bool, len(cfg.Contract.Fields))
	for i, f := range cfg.Contract.Fields {
		s.paths[i] = strings.Split(cfg.Path(f), ".")
		s.known[s.paths[i][0]] = true
	}
	s.secrets = secretsOf(o.Headers)
	s.transport = http.DefaultTransport.(*http.Transport).Clone()
	s.client = &http.Client{Transport: s.transport, CheckRedirect: checkRedirect}
	s.retry = defaultRetry(*s.opts.Retries)
	s.pace = newPacer(o.Rate, s.retry.now, s.retry.sleep)
	return nil
}

// checkOptions validates the options and fills in the defaults.
func (s *Source) checkOptions() error {
	o := &s.opts
	u, err := absURL(o.URL)
	if err != nil {
		return s.initError("url", "url: %v", err)
	}
	s.first = u
	if err := s.checkPaging(); err != nil {
		return err
	}
	switch {
	case o.Timeout < 0:
		return s.initError("timeout", "timeout %s is negative; use a duration such as 10s", o.Timeout)
	case o.Retries != nil && *o.Retries < 0:
		return s.initError("retries", "retries %d is negative; use 0 for no retries", *o.Retries)
	case o.Rate < 0:
		return s.initError("rate", "rate %g is negative; give the most requests per second, or leave it out", o.Rate)
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Retries == nil {
		n := DefaultRetries
		o.Retries = &n
	}
	return s.checkWrites()
}

// checkPaging refuses a mix of the two kinds of pagination.
func (s *Source) checkPaging() error {
	o := s.opts
	switch {
	case o.Next != "" && (o.PageParam != "" || o.LimitParam != ""):
		return s.initError("next", "set either next (a link to the next page) or page_param/limit_param, not both")
	case o.LimitParam != "" && o.PageParam == "":
		return s.initError("limit_param", "limit_param needs page_param: drift counts pages 1, 2, 3 in it")
	case (o.LimitParam == "") != (o.Limit == 0):
		return s.initError("limit", "set limit_param and limit together (limit_param: limit, limit: 100)")
	case o.Limit < 0:
		return s.initError("limit", "limit %d is negative; give the page size, such as 100", o.Limit)
	}
	return nil
}

// checkWrites checks item_url and write_method.
func (s *Source) checkWrites() error {
	o := &s.opts
	switch strings.ToUpper(o.WriteMethod) {
	case "", http.MethodPut:
		o.WriteMethod = http.MethodPut
	case http.MethodPatch:
		o.WriteMethod = http.MethodPatch
	default:
		return s.initError("write_method", "unknown write_method %q; use PUT (whole record) or PATCH (changed fields)", o.WriteMethod)
	}
	if o.ItemURL == "" {
		if s.cfg.Writable {
			return s.initError("writable", `a writable http source needs item_url, such as "https://api.example.com/v1/accounts/{id}"`)
		}
		return nil
	}
	t, err := parseTemplate(o.ItemURL, s.cfg.Contract)
	if err != nil {
		return s.initError("item_url", "item_url: %v", err)
	}
	if s.itemOrigin, err = templateOrigin(t); err != nil {
		return s.initError("item_url", "item_url: %v", err)
	}
	s.item = t
	return nil
}

// Close drops the idle connections.
func (s *Source) Close() error {
	if s.transport != nil {
		s.transport.CloseIdleConnections()
	}
	return nil
}

// initError names the config file, the line of key and the source.
func (s *Source) initError(key, format string, args ...any) error {
	return fmt.Errorf("%s:%d: source %q (http): %s", s.cfg.Options.File, s.cfg.Options.Line(key),
		s.cfg.Name, fmt.Sprintf(format, args...))
}

// absURL parses an absolute http or https URL.
func absURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, fmt.Errorf(`missing; give the first page's address, such as "https://api.example.com/v1/accounts"`)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute http or https URL", redactURL(raw))
	}
	return u, nil
}

func splitPath(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, ".")
}
