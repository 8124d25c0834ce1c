package rules

import (
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/drift-sh/drift/contract"
)

// record builds the CEL map of one record: every declared field with a
// valid value, typed. Null fields are absent (test them with has()), and
// so are invalid ones: they are type violations already.
func (r *Rules) record(values []contract.Value) ref.Val {
	m := make(map[string]any, len(values))
	for i, f := range r.c.Fields {
		if i < len(values) && values[i].State == contract.Valid {
			m[f.Name] = celValue(values[i].Native)
		}
	}
	return types.NewStringInterfaceMap(types.DefaultTypeAdapter, m)
}

// celValue converts a Value's Native into a CEL value: decimals exact, json
// numbers as ints or exact decimals.
func celValue(native any) ref.Val {
	switch v := native.(type) {
	case *big.Rat:
		return Decimal{R: v}
	case json.Number:
		r, ok := new(big.Rat).SetString(string(v))
		if !ok {
			return types.String(string(v))
		}
		if r.IsInt() && r.Num().IsInt64() && !strings.ContainsAny(string(v), ".eE") {
			return types.Int(r.Num().Int64())
		}
		return Decimal{R: r}
	case []string:
		return types.NewStringList(types.DefaultTypeAdapter, v)
	case []any:
		out := make([]ref.Val, len(v))
		for i, e := range v {
			out[i] = celValue(e)
		}
		return types.NewRefValList(types.DefaultTypeAdapter, out)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = celValue(e)
		}
		return types.NewStringInterfaceMap(types.DefaultTypeAdapter, out)
	case time.Time:
		return types.Timestamp{Time: v}
	case nil:
		return types.NullValue
	}
	return types.DefaultTypeAdapter.NativeToValue(native)
}

// goValue converts a CEL result to the Go values contract.Field.Parse
// takes: *big.Rat for decimals, int64, float64, string, bool, time.Time,
// []any and map[string]any.
func goValue(v ref.Val) (any, error) {
	switch x := v.(type) {
	case Decimal:
		return new(big.Rat).Set(x.R), nil
	case types.Int:
		return int64(x), nil
	case types.Uint:
		return uint64(x), nil
	case types.Double:
		return float64(x), nil
	case types.String:
		return string(x), nil
	case types.Bool:
		return bool(x), nil
	case types.Timestamp:
		return x.Time.UTC(), nil
	case types.Null:
		return nil, nil
	case traits.Mapper:
		return goMap(x)
	case traits.Lister:
		return goList(x)
	}
	n, err := v.ConvertToNative(reflect.TypeOf((*any)(nil)).Elem())
	if err != nil {
		return nil, fmt.Errorf("a %s result cannot be a field value", v.Type().TypeName())
	}
	return n, nil
}

func goList(l traits.Lister) (any, error) {
	var out []any
	for it := l.Iterator(); it.HasNext() == types.True; {
		e, err := goValue(it.Next())
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func goMap(m traits.Mapper) (any, error) {
	out := map[string]any{}
	for it := m.Iterator(); it.HasNext() == types.True; {
		k := it.Next()
		ks, ok := k.(types.String)
		if !ok {
			return nil, fmt.Errorf("a map with %s keys cannot be a field value; use string keys", k.Type().TypeName())
		}
		e, err := goValue(m.Get(k))
		if err != nil {
			return nil, err
		}
		out[string(ks)] = e
	}
	return out, nil
}

// showLimit is the longest value text a message shows.
const showLimit = 80

// show is how a message prints a value: numbers bare, the rest as JSON,
// cut to showLimit bytes.
func show(v contract.Value) string {
	s := v.JSON
	if v.State == contract.Valid && v.Num != nil {
		s = strings.Trim(s, `"`)
	}
	if len(s) > showLimit {
		cut := showLimit
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
