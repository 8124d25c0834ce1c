package httpsource

import (
	"strings"
	"testing"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourcetest"
)

func TestInitErrors(t *testing.T) {
	tests := []struct {
		name, opts string
		writable   bool
		want       string
	}{
		{"no url", "items: data\n", false, `drift.yaml:1: source "api" (http): url: missing`},
		{"relative url", "url: /v1/x\n", false, `url: "/v1/x" is not an absolute http or https URL`},
		{"password masked", "url: \"ftp://u:pw-s3cret@h/x\"\n", false, `"ftp://u:xxxxx@h/x"`},
		{"unknown key", "url: http://h/x\npage_size: 3\n", false, `drift.yaml:2:1: unknown key "page_size" in source options; known keys: headers,`},
		{"next and page", "url: http://h/x\nnext: links.next\npage_param: page\n", false, "set either next"},
		{"limit without limit_param", "url: http://h/x\npage_param: p\nlimit: 10\n", false, "drift.yaml:3: source \"api\" (http): set limit_param and limit together"},
		{"limit_param without page_param", "url: http://h/x\nlimit_param: l\nlimit: 10\n", false, "limit_param needs page_param"},
		{"negative retries", "url: http://h/x\nretries: -1\n", false, "retries -1 is negative"},
		{"negative rate", "url: http://h/x\nrate: -2\n", false, "rate -2 is negative"},
		{"bad method", "url: http://h/x\nwrite_method: POST\n", false, `unknown write_method "POST"`},
		{"writable without item_url", "url: http://h/x\n", true, "a writable http source needs item_url"},
		{"item_url without the key", "url: http://h/x\nitem_url: http://h/x/{name}\n", true, "{name} is not a key field"},
		{"item_url placeholder in the host", "url: http://h/x\nitem_url: \"http://{id}.h/x\"\n", true, "drift.yaml:2: source \"api\" (http): item_url: a placeholder is in the scheme, host or port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Source{}
			err := s.Init(sources.Config{Name: "api", Type: "http", Writable: tt.writable,
				Contract: sourcetest.Contract(), Options: block(t, tt.opts)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Init = %v, want an error containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "pw-s3cret") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

func TestInitDefaults(t *testing.T) {
	s := &Source{}
	err := s.Init(sources.Config{Name: "api", Type: "http", Contract: sourcetest.Contract(),
		Options: block(t, "url: http://h/x\nwrite_method: patch\n")})
	if err != nil {
		t.Fatal(err)
	}
	if s.opts.Timeout != DefaultTimeout || *s.opts.Retries != DefaultRetries || s.opts.WriteMethod != "PATCH" || s.pace.interval != 0 {
		t.Errorf("timeout %s retries %d method %s interval %s; want the defaults", s.opts.Timeout, *s.opts.Retries, s.opts.WriteMethod, s.pace.interval)
	}
}
