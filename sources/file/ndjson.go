package file

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/drift-sh/drift/contract"
)

// scanNDJSON streams the records of an NDJSON file: one object a line;
// blank lines are skipped.
func (s *Source) scanNDJSON(r *bufio.Reader, emit func(contract.Record) error) error {
	var buf []byte
	for n := 1; ; n++ {
		line, err := readLine(r, buf[:0])
		buf = line
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: line %d: %w", s.name, n, err)
		}
		if body := bytes.TrimSpace(line); len(body) > 0 {
			m, perr := parseObjectLine(body)
			if perr != nil {
				return fmt.Errorf("%s: line %d: %w", s.name, n, perr)
			}
			if eerr := emit(s.recordFromMap(m, "line "+strconv.Itoa(n))); eerr != nil {
				return eerr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

// readLine appends the next line (with its newline) to buf; at the end of
// the input it returns what is left and io.EOF.
func readLine(r *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		part, err := r.ReadSlice('\n')
		buf = append(buf, part...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return buf, err
		}
		if len(buf) > maxLine {
			return buf, errTooLong
		}
	}
}

// parseObjectLine decodes one NDJSON line, which must hold exactly one
// JSON object.
func parseObjectLine(body []byte) (map[string]any, error) {
	var raw json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("column %d: %s; each line must hold one JSON object", se.Offset, se.Error())
		}
		return nil, fmt.Errorf("%w; each line must hold one JSON object", err)
	}
	if body[0] != '{' {
		return nil, fmt.Errorf("a record must be a JSON object, not %s", describeRaw(body))
	}
	return decodeObject(body)
}
