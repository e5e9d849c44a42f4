package keywordfile

import (
	"errors"
	"io"
)

// Table is one table of an upload. Open reads it from its start again (the
// import reads a table twice when it checks it before writing); Info is the
// parser of the first opening, for the header, columns and source.
type Table struct {
	Name string
	Info *Parser
	open func() (*Parser, func(), error)
}

// Open starts a fresh read of the table; call done when finished.
func (t *Table) Open() (p *Parser, done func(), err error) { return t.open() }

// CountRows reads the table through without writing: its row count, or the
// fatal error that would end its import.
func (t *Table) CountRows() (int, error) {
	p, done, err := t.Open()
	if err != nil {
		return 0, err
	}
	defer done()
	n := 0
	for {
		if _, _, err := p.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return 0, err
		}
		n++
	}
}
