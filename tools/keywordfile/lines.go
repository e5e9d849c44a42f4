package keywordfile

import "io"

// Source is a stream of rows: a file's [Parser] or pasted [Lines]. A
// rejected row comes back as a *RowError with a nil fatal error; the end of
// input is io.EOF; anything else is fatal.
type Source interface {
	Next() (Row, *RowError, error)
}

// Lines turns pasted lines into rows: a keyword per line (no other
// columns), blank lines skipped, each row numbered by its line.
type Lines struct {
	lines []string
	i     int
}

// NewLines reads lines as pasted keywords.
func NewLines(lines []string) *Lines { return &Lines{lines: lines} }

// Next returns the next pasted keyword.
func (s *Lines) Next() (Row, *RowError, error) {
	for s.i < len(s.lines) {
		s.i++
		kw, n, reason := CleanKeyword(s.lines[s.i-1])
		switch reason {
		case "":
			return Row{Line: s.i, Keyword: kw, Normalized: n}, nil, nil
		case ReasonKeywordEmpty:
			continue
		default:
			return Row{}, &RowError{Line: s.i, Reason: reason}, nil
		}
	}
	return Row{}, nil, io.EOF
}
