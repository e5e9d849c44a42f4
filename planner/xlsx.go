package planner

import (
	"fmt"
	"io"
)

// openWorkbook opens an Excel workbook's sheet.
func openWorkbook(f io.ReaderAt, size int64, sheet string, opts ParseOptions) (*Upload, error) {
	return nil, fmt.Errorf("%w: it looks like an Excel workbook (.xlsx); export the sheet as CSV", ErrBinary)
}
