package repair

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/drift-sh/drift/diff"
)

// Choice is what a person decided about one drift in a repair session.
type Choice uint8

// The choices. Undecided is the zero value: a drift without a decision is
// left as it is.
const (
	Undecided Choice = iota
	// ChoiceAccept takes the planner's proposal for the drift.
	ChoiceAccept
	// ChoiceSource makes the other sources look like Decision.Source: its
	// value of a changed field, or its whole record for a missing key.
	ChoiceSource
	// ChoiceEdit writes Decision.Value to a changed field.
	ChoiceEdit
	// ChoiceSkip leaves the drift as it is.
	ChoiceSkip
	// ChoiceManual leaves the drift to a person, as a manual item.
	ChoiceManual
)

var choiceNames = [...]string{"", "accept", "source", "edit", "skip", "manual"}

// String is the choice's name ("accept", "source", ...); "" for Undecided.
func (c Choice) String() string {
	if int(c) < len(choiceNames) {
		return choiceNames[c]
	}
	return fmt.Sprintf("choice(%d)", c)
}

// Decision is a person's decision on one changed or missing drift of a
// scan, as a repair session takes it; Amend turns decisions into a plan.
type Decision struct {
	Drift  string // the drift's id
	Choice Choice
	// Source is the source whose value or record wins, for ChoiceSource.
	Source string
	// Value is the value to write for ChoiceEdit, as JSON; it is parsed
	// with the field's type, as a JSON source's value is.
	Value json.RawMessage
}

// sessionManualWhy is the reason of a manual item a person asked for.
const sessionManualWhy = "sent to manual in a repair session"

// KeyText shows a key as its values joined by "/": "eu/a-17".
func KeyText(k diff.Key) string {
	parts := make([]string, len(k))
	for i, p := range k {
		parts[i] = Plain(p.Value)
	}
	return strings.Join(parts, "/")
}

// Plain shows a canonical JSON value: a string without its quotes, null
// (or nothing) as "null", anything else as its JSON text.
func Plain(v json.RawMessage) string {
	var s string
	if len(v) > 0 && v[0] == '"' && json.Unmarshal(v, &s) == nil {
		return s
	}
	if len(v) == 0 {
		return "null"
	}
	return string(v)
}
