package file

import (
	"bytes"
	"io"
	"os"
)

// estimateSample is how much of the file EstimateRecords reads to learn
// the length of a line.
const estimateSample = 64 << 10

var _ interface{ EstimateRecords() int } = (*Source)(nil)

// EstimateRecords guesses the number of records of a line-based file
// (CSV, TSV, NDJSON) from its size and the average length of its first
// lines, so the diff engine can size its index once. It returns 0 when it
// cannot tell (other formats, an unreadable or tiny file); the real read
// reports any error.
func (s *Source) EstimateRecords() int {
	if s.format != formatCSV && s.format != formatTSV && s.format != formatNDJSON {
		return 0
	}
	f, err := os.Open(s.path)
	if err != nil {
		return 0
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() < estimateSample {
		return 0
	}
	buf := make([]byte, estimateSample)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return 0
	}
	lines := bytes.Count(buf[:n], []byte{'\n'})
	if lines < 2 {
		return 0
	}
	return int(st.Size() / int64(n/lines))
}
