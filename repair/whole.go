package repair

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/drift-sh/drift/sources"
)

// wholeMember names the member of an update's or a delete's before-image
// that holds the record as the source held it: every column or member,
// declared by the contract or not, each value as stored, from
// sources.WholeRecorder. The image's other members are the contract
// fields in canonical form, as for any op, so explain and history read it
// as before; rollback takes the member out and writes the stored values
// back: the record whole for a delete, the changed fields for an update.
// A contract that declares a field of this name gets no such member.
const wholeMember = "$record"

// withWhole adds to an update's or a delete's before-image the record as w holds it, when
// w can read it whole.
func (x *executor) withWhole(ctx context.Context, w sources.Writer, key []any, image json.RawMessage) (json.RawMessage, error) {
	wr, ok := w.(sources.WholeRecorder)
	if !ok || x.c.FieldByName(wholeMember) != nil {
		return image, nil
	}
	whole, found, err := wr.GetWhole(ctx, key)
	if err != nil || !found {
		return image, err
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, whole); err != nil || buf.Len() == 0 || buf.Bytes()[0] != '{' {
		return nil, fmt.Errorf("the source returned a whole record that is not a JSON object: %.60q", whole)
	}
	out := append([]byte(nil), bytes.TrimSuffix(image, []byte("}"))...)
	if len(out) > 1 {
		out = append(out, ',')
	}
	name, _ := json.Marshal(wholeMember)
	out = append(append(append(out, name...), ':'), buf.Bytes()...)
	return append(out, '}'), nil
}

// splitWhole takes the whole record out of a before-image read back from
// the journal: it returns the contract fields and the record, nil when the
// image has none.
func (x *executor) splitWhole(before Fields) (Fields, json.RawMessage) {
	n := len(before)
	if n == 0 || before[n-1].Field != wholeMember || x.c.FieldByName(wholeMember) != nil {
		return before, nil
	}
	return before[:n-1], before[n-1].Value
}
