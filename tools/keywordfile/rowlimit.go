package keywordfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// CheckRowLimit refuses rs before anything is written when it has more rows
// than the limit, and leaves rs at its start. Counting newline bytes first
// (cheap) bounds the number of lines, hence of rows, in any of the encodings
// decode reads, so files under the limit in lines skip the parse; only a file
// with more lines than the limit is parsed once without writing (a quoted
// field over several lines or blank lines may still keep it under).
func CheckRowLimit(rs io.ReadSeeker, opts ParseOptions) error {
	opts = opts.withDefaults()
	lines, err := countNewlines(rs)
	if err == nil && lines > opts.MaxRows {
		err = scanAll(rs, opts)
	}
	if _, serr := rs.Seek(0, io.SeekStart); serr != nil && err == nil {
		err = fmt.Errorf("rewind the file: %w", serr)
	}
	return err
}

func countNewlines(rs io.ReadSeeker) (int, error) {
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("rewind the file: %w", err)
	}
	buf := make([]byte, 64<<10)
	n := 0
	for {
		k, err := rs.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return 0, fmt.Errorf("read file: %w", err)
		}
	}
}

// scanAll reads every row of rs and returns the first fatal error, if any.
func scanAll(rs io.ReadSeeker, opts ParseOptions) error {
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("rewind the file: %w", err)
	}
	p, err := NewParser(rs, opts)
	if err != nil {
		return err
	}
	for {
		if _, _, err := p.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}
