// Package redis is the source plugin for a Redis cache: one key per record,
// named prefix + the key fields joined by ":", holding either a hash
// (HGETALL; every value a string) or a JSON object in a string (GET).
// Reads SCAN the prefix in batches; writes are compare-and-set under WATCH.
package redis

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/drift-sh/drift/internal/redact"
	"github.com/drift-sh/drift/sources"
)

func init() {
	sources.Add("redis", func() sources.Source { return &Source{} })
	// go-redis would print its own unstructured lines (failed dials) to
	// stderr; drift reports every failure as an error instead.
	goredis.SetLogger(quiet{})
}

// quiet is a go-redis logger that drops every line.
type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

// DefaultTimeout bounds connecting and each command when `timeout` is unset.
const DefaultTimeout = 10 * time.Second

// scanCount is the COUNT hint of each SCAN call, and so the batch size of
// the pipelined reads that follow it.
const scanCount = 1000

// The values of the `encoding` option.
const (
	encodingHash = "hash"
	encodingJSON = "json"
)

// options are the keys of a redis source block.
type options struct {
	// Addr is host:port, or a redis:// URL (whose password and database
	// the password and db keys override when set).
	Addr     string        `yaml:"addr"`
	DB       *int          `yaml:"db"`
	Password string        `yaml:"password"`
	Prefix   string        `yaml:"prefix"`
	Encoding string        `yaml:"encoding"`
	Timeout  time.Duration `yaml:"timeout"`
}

// Source reads and writes the records of one key prefix.
type Source struct {
	cfg   sources.Config
	opts  options
	redis *goredis.Options
	// paths holds where each contract field is read: a hash field name
	// (taken literally), or a dotted path into the JSON object, split.
	paths [][]string
	known map[string]bool
	now   func() time.Time
	// beforeExec, when set, runs between a write's checks and its EXEC,
	// so tests can change the key inside the WATCH window.
	beforeExec func()

	mu     sync.Mutex
	client *goredis.Client // opened on first use
}

var (
	_ sources.Source = (*Source)(nil)
	_ sources.Writer = (*Source)(nil)
	_ sources.Closer = (*Source)(nil)
)

// Init validates the options. It does not connect.
func (s *Source) Init(cfg sources.Config) error {
	var o options
	if err := cfg.Options.Decode(&o); err != nil {
		return fmt.Errorf("source %q: %w", cfg.Name, err)
	}
	s.cfg, s.opts, s.now = cfg, o, time.Now
	if cfg.Contract == nil {
		return s.initError("type", "no contract to read records for")
	}
	if err := s.checkOptions(); err != nil {
		return err
	}
	ro, err := s.clientOptions()
	if err != nil {
		return err
	}
	s.redis = ro
	s.paths = make([][]string, len(cfg.Contract.Fields))
	s.known = make(map[string]bool, len(cfg.Contract.Fields))
	for i, f := range cfg.Contract.Fields {
		p := cfg.Path(f)
		s.paths[i] = []string{p}
		if s.opts.Encoding == encodingJSON {
			s.paths[i] = strings.Split(p, ".")
		}
		s.known[s.paths[i][0]] = true
	}
	return nil
}

// checkOptions validates the options and fills in the defaults.
func (s *Source) checkOptions() error {
	o := &s.opts
	switch {
	case strings.TrimSpace(o.Addr) == "":
		return s.initError("type", `addr is required: give host:port, such as "127.0.0.1:6379"`)
	case o.DB != nil && *o.DB < 0:
		return s.initError("db", "db %d is negative; use a database number such as 0", *o.DB)
	case o.Timeout < 0:
		return s.initError("timeout", "timeout %s is negative; use a positive duration such as 10s", o.Timeout)
	}
	switch o.Encoding {
	case "":
		o.Encoding = encodingHash
	case encodingHash, encodingJSON:
	default:
		return s.initError("encoding", "unknown encoding %q; use hash (one hash per key) or json (a JSON object per key)", o.Encoding)
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	return nil
}

// clientOptions builds the go-redis options from addr, db and password.
func (s *Source) clientOptions() (*goredis.Options, error) {
	o := s.opts
	ro := &goredis.Options{Addr: o.Addr}
	if strings.Contains(o.Addr, "://") {
		parsed, err := goredis.ParseURL(o.Addr)
		if err != nil {
			return nil, s.initError("addr", "addr %s is not a valid redis:// URL: %v", redact.DSN(o.Addr), s.scrub(err))
		}
		ro = parsed
	}
	if o.DB != nil {
		ro.DB = *o.DB
	}
	if o.Password != "" {
		ro.Password = o.Password
	}
	ro.DialTimeout, ro.ReadTimeout, ro.WriteTimeout = o.Timeout, o.Timeout, o.Timeout
	ro.MaxRetries, ro.DialerRetries = 1, 1
	return ro, nil
}

// conn returns the client, opening it on first use.
func (s *Source) conn() *goredis.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil {
		s.client = goredis.NewClient(s.redis)
	}
	return s.client
}

// Close closes the client, if one was opened.
func (s *Source) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil {
		return nil
	}
	err := s.client.Close()
	s.client = nil
	return err
}

// initError names the config file, the line of key and the source.
func (s *Source) initError(key, format string, args ...any) error {
	return fmt.Errorf("%s:%d: source %q (redis): %s", s.cfg.Options.File, s.cfg.Options.Line(key),
		s.cfg.Name, fmt.Sprintf(format, args...))
}

// errorf returns a runtime error naming the source and its address, with
// every password masked.
func (s *Source) errorf(format string, args ...any) error {
	err := fmt.Errorf("source %q (redis %s, prefix %q): %w", s.cfg.Name, redact.DSN(s.opts.Addr), s.opts.Prefix,
		fmt.Errorf(format, args...))
	return s.scrub(err)
}

// scrub removes the addr's password and the password option from err's
// message; the result still unwraps to err.
func (s *Source) scrub(err error) error {
	err = redact.Error(err, s.opts.Addr)
	if err == nil || s.opts.Password == "" || !strings.Contains(err.Error(), s.opts.Password) {
		return err
	}
	return &scrubbed{msg: strings.ReplaceAll(err.Error(), s.opts.Password, redact.Mask), err: err}
}

// scrubbed is an error whose message had a secret removed.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }
