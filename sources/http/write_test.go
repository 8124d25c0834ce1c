package httpsource

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

func seedAPI(t *testing.T) (*api, string) {
	a, srv := newAPI(t, []map[string]any{
		{"id": 1, "name": "Ann", "balance": json.Number("12.50"), "extra": "x1", "meta": map[string]any{"v": 1}},
	})
	return a, srv.URL
}

func writer(t *testing.T, url, method string) *Source {
	s, _ := newSource(t, "url: "+url+"/items\nitem_url: \""+url+"/items/{id}\"\nwrite_method: "+method+"\n", true)
	return s
}

func TestWriteBodies(t *testing.T) {
	tests := []struct {
		name, method string
		set          map[string]any
		want         sent
	}{
		{"PUT sends the whole item, set fields merged", "PUT", map[string]any{"name": "Ann B.", "balance": "13.25"},
			sent{"PUT", "", "application/json", `{"balance":13.25,"extra":"x1","id":1,"meta":{"v":1},"name":"Ann B."}`}},
		{"PATCH sends only the changed fields", "PATCH", map[string]any{"name": "Ann B.", "balance": "12.5"},
			sent{"PATCH", "", "application/merge-patch+json", `{"name":"Ann B."}`}},
		{"PATCH null removes", "PATCH", map[string]any{"balance": nil},
			sent{"PATCH", "", "application/merge-patch+json", `{"balance":null}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, url := seedAPI(t)
			s := writer(t, url, tt.method)
			etag := etagOf(a.items["1"])
			tt.want.ifMatch = etag
			err := s.Write(context.Background(), sources.WriteOp{Action: sources.ActionUpdate, Key: []any{json.Number("1")},
				Set: tt.set, Expect: map[string]any{"name": "Ann"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(a.bodies) != 1 || a.bodies[0] != tt.want {
				t.Errorf("requests = %+v, want [%+v]", a.bodies, tt.want)
			}
		})
	}
}

func TestWriteNothingChanged(t *testing.T) {
	a, url := seedAPI(t)
	s := writer(t, url, "PUT")
	err := s.Write(context.Background(), sources.WriteOp{Action: sources.ActionUpdate, Key: []any{json.Number("1")},
		Set: map[string]any{"balance": "12.5"}, Expect: map[string]any{"balance": "12.5"}})
	if err != nil || len(a.bodies) != 0 {
		t.Errorf("Write = %v with %d write requests, want none: the item already holds the value", err, len(a.bodies))
	}
}

func TestWriteIfMatchConflict(t *testing.T) {
	for _, method := range []string{"PUT", "PATCH"} {
		t.Run(method, func(t *testing.T) {
			a, url := seedAPI(t)
			s := writer(t, url, method)
			a.afterGet = func(a *api, id string) { a.items[id]["extra"] = "changed by someone else" }
			err := s.Write(context.Background(), sources.WriteOp{Action: sources.ActionUpdate, Key: []any{json.Number("1")},
				Set: map[string]any{"name": "Ann B."}, Expect: map[string]any{"name": "Ann"}})
			if !errors.Is(err, sources.ErrConflict) || !strings.Contains(err.Error(), "412 Precondition Failed") {
				t.Fatalf("Write = %v, want a 412 conflict", err)
			}
			if a.bodies[0].ifMatch == "" || a.items["1"]["name"] != "Ann" {
				t.Errorf("If-Match %q, name %v; want the GET's ETag sent and nothing written", a.bodies[0].ifMatch, a.items["1"]["name"])
			}
		})
	}
}

func TestWriteWithoutETag(t *testing.T) {
	a, url := seedAPI(t)
	a.noETag = true
	s := writer(t, url, "PATCH")
	err := s.Write(context.Background(), sources.WriteOp{Action: sources.ActionDelete, Key: []any{json.Number("1")},
		Expect: map[string]any{"name": "Ann"}})
	if err != nil || len(a.bodies) != 1 || a.bodies[0].method != "DELETE" || a.bodies[0].ifMatch != "" {
		t.Fatalf("Write = %v, requests %+v; want one DELETE without If-Match", err, a.bodies)
	}
	if _, ok := a.items["1"]; ok {
		t.Error("item 1 still there after the delete")
	}
}

func TestWriteExpectBeforeSending(t *testing.T) {
	a, url := seedAPI(t)
	s := writer(t, url, "PUT")
	err := s.Write(context.Background(), sources.WriteOp{Action: sources.ActionUpdate, Key: []any{json.Number("1")},
		Set: map[string]any{"name": "X"}, Expect: map[string]any{"balance": "99"}})
	if !errors.Is(err, sources.ErrConflict) || !strings.Contains(err.Error(), `field "balance" holds "12.5", the plan expected "99"`) {
		t.Fatalf("Write = %v, want a conflict naming the field", err)
	}
	if len(a.bodies) != 0 {
		t.Errorf("a stale expectation still sent %+v", a.bodies)
	}
}

func TestItemURL(t *testing.T) {
	c := &contract.Contract{Name: "accounts", Key: []int{0, 1}, Fields: []*contract.Field{
		{Name: "region", Index: 0, Type: contract.TypeString},
		{Name: "id", Index: 1, Type: contract.TypeString},
		{Name: "email", Index: 2, Type: contract.TypeString},
	}}
	tests := []struct {
		name, tmpl, want, err string
	}{
		{"escaped values", "https://api/v1/{region}/accounts/{id}?full=1", "https://api/v1/eu%2Fwest/accounts/a%20b?full=1", ""},
		{"a key field left out", "https://api/v1/accounts/{id}", "", `key field "region" has no {region} placeholder`},
		{"not a key field", "https://api/{region}/{id}/{email}", "", "{email} is not a key field"},
		{"unclosed brace", "https://api/{region}/{id", "", "has a { without its }"},
		{"relative", "/v1/{region}/{id}", "", "not an absolute http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, err := parseTemplate(tt.tmpl, c)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("parseTemplate = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := tp.expand(c, []any{"eu/west", "a b"})
			if err != nil || got != tt.want {
				t.Errorf("expand = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
