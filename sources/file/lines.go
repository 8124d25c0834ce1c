package file

import (
	"bytes"
)

// load reads a whole file into the document of the source's format.
func (s *Source) load(data []byte) (document, error) {
	switch s.format {
	case formatCSV, formatTSV:
		return s.loadCSV(data)
	case formatJSON:
		return s.loadJSON(data)
	case formatNDJSON:
		return s.loadNDJSON(data)
	default:
		return s.loadYAML(data)
	}
}

// lineEdits are the changes to a file that holds one record per line (or
// per CSV row): records replaced or removed, and records appended.
type lineEdits struct {
	replaced map[int][]byte // new text with its line ending
	removed  map[int]bool
	appended [][]byte
	nl       string // the file's line ending
}

func newLineEdits(data []byte) lineEdits {
	return lineEdits{replaced: map[int][]byte{}, removed: map[int]bool{}, nl: newline(data)}
}

// splice rebuilds data with the edits; spans are the records' byte ranges,
// line endings included. Every byte outside an edited span is kept.
func (e lineEdits) splice(data []byte, spans [][2]int) []byte {
	var out bytes.Buffer
	out.Grow(len(data) + 256)
	pos := 0
	for i, sp := range spans {
		r, changed := e.replaced[i]
		if !changed && !e.removed[i] {
			continue
		}
		out.Write(data[pos:sp[0]])
		if !e.removed[i] {
			if !bytes.HasSuffix(data[sp[0]:sp[1]], []byte("\n")) {
				r = bytes.TrimSuffix(r, []byte(e.nl))
			}
			out.Write(r)
		}
		pos = sp[1]
	}
	out.Write(data[pos:])
	if len(e.appended) > 0 && out.Len() > 0 && !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
		out.WriteString(e.nl)
	}
	for _, a := range e.appended {
		out.Write(a)
	}
	return out.Bytes()
}

// newline returns the line ending the file uses: that of its first line.
func newline(data []byte) string {
	if i := bytes.IndexByte(data, '\n'); i > 0 && data[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// skipBlank returns how many line-ending bytes start b: blank lines that
// belong before a record, not to it.
func skipBlank(b []byte) int {
	n := 0
	for n < len(b) && (b[n] == '\n' || b[n] == '\r') {
		n++
	}
	return n
}
