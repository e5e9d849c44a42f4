package keywordfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// lineReader reads physical lines (without the terminator) of at most max bytes.
type lineReader struct {
	br   *bufio.Reader
	max  int
	line int
	buf  []byte
}

func (l *lineReader) next() ([]byte, error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.br.ReadSlice('\n')
		if len(l.buf)+len(chunk) > l.max+2 {
			return nil, fmt.Errorf("%w: line %d is longer than %d bytes (is this a CSV file?)", ErrLineTooLong, l.line+1, l.max)
		}
		l.buf = append(l.buf, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read line %d: %w", l.line+1, err)
		}
		if errors.Is(err, io.EOF) && len(l.buf) == 0 {
			return nil, io.EOF
		}
		l.line++
		b := bytes.TrimSuffix(l.buf, []byte{'\n'})
		b = bytes.TrimSuffix(b, []byte{'\r'})
		if len(b) > l.max {
			return nil, fmt.Errorf("%w: line %d is longer than %d bytes (is this a CSV file?)", ErrLineTooLong, l.line, l.max)
		}
		return b, nil
	}
}

// splitLimits bound one record: cells kept (later ones must be empty), bytes
// per cell and bytes of the whole record across continuation lines.
type splitLimits struct {
	columns, fieldBytes, recordBytes int
}

// splitRecord splits one CSV record that starts on physical line at. A quoted
// field may continue on the next physical lines, fetched with more (nil: the
// line is the whole record). Quotes inside an unquoted field are literal, and
// text after a closing quote is kept. Only the first lim.columns cells become
// strings; a non-empty cell after them is ErrTooManyColumns (the cells
// before it are returned with the error), a cell over lim.fieldBytes is
// ErrFieldTooLong and a record over lim.recordBytes is ErrLineTooLong, each
// found before more of the record is read.
func splitRecord(line []byte, delim byte, more func() ([]byte, error), lim splitLimits, at int) ([]string, error) {
	var fields []string
	var f []byte
	total := len(line)
	col := 0
	tooLong := func() error {
		return fmt.Errorf("%w: line %d, column %d is longer than %d bytes (unbalanced quote?)", ErrFieldTooLong, at, col+1, lim.fieldBytes)
	}
	i := 0
	for {
		f = f[:0]
		if i < len(line) && line[i] == '"' {
			i++
			for {
				if i >= len(line) {
					if more == nil {
						break
					}
					next, err := more()
					if errors.Is(err, io.EOF) {
						break // an unterminated quote ends with the file
					}
					if err != nil {
						return nil, err
					}
					total += len(next) + 1
					if total > lim.recordBytes {
						return nil, fmt.Errorf("%w: the quoted field starting on line %d runs over more than %d bytes (unbalanced quote?)", ErrLineTooLong, at, lim.recordBytes)
					}
					f = append(f, '\n')
					if len(f) > lim.fieldBytes {
						return nil, tooLong()
					}
					line, i = next, 0
					continue
				}
				if len(f) > lim.fieldBytes {
					return nil, tooLong()
				}
				c := line[i]
				if c == '"' {
					if i+1 < len(line) && line[i+1] == '"' {
						f = append(f, '"')
						i += 2
						continue
					}
					i++
					break
				}
				f = append(f, c)
				i++
			}
		}
		j := bytes.IndexByte(line[i:], delim)
		last := j < 0
		if last {
			j = len(line) - i
		}
		if len(f)+j > lim.fieldBytes {
			return nil, tooLong()
		}
		f = append(f, line[i:i+j]...)
		col++
		if col <= lim.columns {
			fields = append(fields, string(f))
		} else if len(bytes.TrimSpace(f)) > 0 {
			return fields, fmt.Errorf("%w: line %d has a value in column %d; at most %d columns are read (is the delimiter right? delete the extra columns or export only the keyword columns)",
				ErrTooManyColumns, at, col, lim.columns)
		}
		if last {
			return fields, nil
		}
		i += j + 1
	}
}
