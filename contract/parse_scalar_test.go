package contract

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseBool(t *testing.T) {
	b := field(TypeBool)
	runParseCases(t, []parseCase{
		{name: "true", field: b, raw: true, state: Valid, json: "true"},
		{name: "false", field: b, raw: false, state: Valid, json: "false"},
		{name: "text true", field: b, raw: "true", state: Valid, json: "true"},
		{name: "text false", field: b, raw: "false", state: Valid, json: "false"},
		{name: "text 1", field: b, raw: Cell("1"), state: Valid, json: "true"},
		{name: "text 0", field: b, raw: Cell("0"), state: Valid, json: "false"},
		{name: "yes", field: b, raw: "yes", state: Valid, json: "true"},
		{name: "no", field: b, raw: "no", state: Valid, json: "false"},
		{name: "t", field: b, raw: "t", state: Valid, json: "true"},
		{name: "f", field: b, raw: "f", state: Valid, json: "false"},
		{name: "any letter case, spaces trimmed", field: b, raw: " TRUE ", state: Valid, json: "true"},
		{name: "Yes capitalized", field: b, raw: "Yes", state: Valid, json: "true"},
		{name: "JSON number 1", field: b, raw: json.Number("1"), state: Valid, json: "true"},
		{name: "int64 0", field: b, raw: int64(0), state: Valid, json: "false"},
		{name: "empty cell is null", field: b, raw: Cell(""), state: Null, json: "null"},
		{name: "empty JSON string is a type violation", field: b, raw: "", state: Invalid, json: `""`, rule: "type"},
		{name: "2 is not a bool", field: b, raw: json.Number("2"), state: Invalid, json: `"2"`, rule: "type", problem: `"2" is not a bool`},
		{name: "y is not a bool", field: b, raw: "y", state: Invalid, json: `"y"`, rule: "type"},
		{name: "on is not a bool", field: b, raw: "on", state: Invalid, json: `"on"`, rule: "type"},
	})
}

func TestParseEnum(t *testing.T) {
	status := Field{Name: "status", Type: TypeEnum, Values: []string{"active", "suspended", "closed"}}
	lowered := status
	lowered.Normalize = []Normalizer{NormTrim, NormLower}
	nullable := status
	nullable.Normalize = []Normalizer{NormTrim, NormEmptyIsNull}
	runParseCases(t, []parseCase{
		{name: "declared value", field: status, raw: "active", state: Valid, json: `"active"`},
		{name: "enum normalized then checked", field: lowered, raw: " ACTIVE ", state: Valid, json: `"active"`},
		{name: "case matters without lower", field: status, raw: "Active", state: Invalid, json: `"Active"`, rule: "enum", problem: "active, suspended, closed"},
		{name: "outside the values keeps raw text", field: lowered, raw: " Gone ", state: Invalid, json: `" Gone "`, rule: "enum", problem: `"gone" is not one of the values of "status"`},
		{name: "null is not an enum violation", field: status, raw: nil, state: Null, json: "null"},
		{name: "empty cell is null", field: status, raw: Cell(""), state: Null, json: "null"},
		{name: "empty JSON string is a type violation", field: status, raw: "", state: Invalid, json: `""`, rule: "type"},
		{name: "blank is null after trim and empty_is_null", field: nullable, raw: "  ", state: Null, json: "null"},
		{name: "number as its literal text", field: Field{Type: TypeEnum, Values: []string{"1", "2"}}, raw: json.Number("2"), state: Valid, json: `"2"`},
		{name: "array is a type violation", field: status, raw: []any{"active"}, state: Invalid, json: `"[\"active\"]"`, rule: "type"},
	})
}

func TestParseTimestamp(t *testing.T) {
	ts := field(TypeTimestamp)
	sec := Field{Type: TypeTimestamp, Precision: time.Second}
	hour := Field{Type: TypeTimestamp, Precision: time.Hour}
	runParseCases(t, []parseCase{
		{name: "RFC 3339 UTC", field: ts, raw: "2024-05-01T10:00:00Z", state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "RFC 3339 with offset converted to UTC", field: ts, raw: "2024-05-01T12:00:00+02:00", state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "negative offset crosses midnight", field: ts, raw: "2024-04-30T23:30:00-01:00", state: Valid, json: `"2024-05-01T00:30:00Z"`},
		{name: "timestamp with space separator", field: ts, raw: "2024-05-01 10:00:00Z", state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "no offset means UTC", field: ts, raw: "2024-05-01 10:00:00", state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "no offset with T means UTC", field: ts, raw: "2024-05-01T10:00:00", state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "fraction kept to the microsecond by default", field: ts, raw: "2024-05-01 10:00:00.1234567", state: Valid, json: `"2024-05-01T10:00:00.123456Z"`},
		{name: "trailing zeros of the fraction dropped", field: ts, raw: "2024-05-01T10:00:00.500Z", state: Valid, json: `"2024-05-01T10:00:00.5Z"`},
		{name: "precision 1s floors", field: sec, raw: "2024-05-01T10:00:00.999Z", state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "precision 1h floors", field: hour, raw: "2024-05-01T10:59:59Z", state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "lowercase t and z", field: ts, raw: "2024-05-01t10:00:00z", state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "surrounding spaces trimmed", field: ts, raw: Cell(" 2024-05-01T10:00:00Z "), state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "unix seconds number", field: ts, raw: json.Number("1714557600"), state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "unix seconds string with fraction", field: ts, raw: "1714557600.25", state: Valid, json: `"2024-05-01T10:00:00.25Z"`},
		{name: "unix seconds fraction is exact, not float", field: ts, raw: json.Number("1714557600.000001"), state: Valid, json: `"2024-05-01T10:00:00.000001Z"`},
		{name: "unix seconds in exponent form", field: ts, raw: json.Number("1.7145576e9"), state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "negative unix seconds floor to precision", field: sec, raw: json.Number("-1.5"), state: Valid, json: `"1969-12-31T23:59:58Z"`},
		{name: "unix int64", field: ts, raw: int64(0), state: Valid, json: `"1970-01-01T00:00:00Z"`},
		{name: "time.Time in another zone", field: ts, raw: time.Date(2024, 5, 1, 3, 0, 0, 999, time.FixedZone("PDT", -7*3600)), state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "offset without colon", field: ts, raw: "2024-05-01 12:00:00+0200", state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "offset in hours only", field: ts, raw: "2024-05-01 12:00:00.5+02", state: Valid, json: `"2024-05-01T10:00:00.5Z"`},
		{name: "leap day", field: ts, raw: "2024-02-29T00:00:00Z", state: Valid, json: `"2024-02-29T00:00:00Z"`},
		{name: "empty cell is null", field: ts, raw: Cell(""), state: Null, json: "null"},
		{name: "empty JSON string is a type violation", field: ts, raw: "", state: Invalid, json: `""`, rule: "type"},
		{name: "no leap day in 2023", field: ts, raw: "2023-02-29T00:00:00Z", state: Invalid, json: `"2023-02-29T00:00:00Z"`, rule: "type", problem: "is not a timestamp"},
		{name: "hour 24 is invalid", field: ts, raw: "2024-05-01T24:00:00Z", state: Invalid, json: `"2024-05-01T24:00:00Z"`, rule: "type"},
		{name: "date only is invalid", field: ts, raw: "2024-05-01", state: Invalid, json: `"2024-05-01"`, rule: "type"},
		{name: "garbage after the zone is invalid", field: ts, raw: "2024-05-01T10:00:00Zx", state: Invalid, json: `"2024-05-01T10:00:00Zx"`, rule: "type"},
		{name: "words are invalid", field: ts, raw: "yesterday", state: Invalid, json: `"yesterday"`, rule: "type"},
		{name: "beyond year 9999 is invalid", field: ts, raw: json.Number("1e12"), state: Invalid, json: `"1e12"`, rule: "type"},
		{name: "bool is invalid", field: ts, raw: true, state: Invalid, json: `"true"`, rule: "type"},
	})
}
