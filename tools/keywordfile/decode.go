package keywordfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// ErrBinary is returned for files that are not text (spreadsheets, images, archives).
var ErrBinary = errors.New("the file is not a text CSV/TSV file")

// sniffSize is how much of the file decides its encoding and whether it is text.
const sniffSize = 8192

// magic prefixes of binary formats people upload by mistake, with the hint we give.
var magic = []struct {
	prefix []byte
	what   string
}{
	{[]byte("PK\x03\x04"), "an Excel workbook or ZIP archive (.xlsx/.zip), which only the import route reads"},
	{[]byte("\xD0\xCF\x11\xE0"), "an old Excel workbook (.xls); save it as .xlsx or CSV"},
	{[]byte("%PDF"), "a PDF document"},
	{[]byte("\x89PNG"), "a PNG image"},
	{[]byte("\xFF\xD8\xFF"), "a JPEG image"},
	{[]byte("\x1F\x8B"), "a gzip archive; unpack it first"},
}

// decode detects the text encoding of r (UTF-8 with or without BOM, UTF-16 LE/BE
// with or without BOM, else Windows-1252 for legacy Excel exports) and returns a
// reader of UTF-8 text and the encoding's name. Non-text input is ErrBinary.
func decode(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", fmt.Errorf("read file: %w", err)
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		return textOrBinary(br, "utf-8-bom")
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		br.Discard(2)
		return utf16Reader(br, unicode.LittleEndian, "utf-16le")
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		br.Discard(2)
		return utf16Reader(br, unicode.BigEndian, "utf-16be")
	}
	for _, m := range magic {
		if bytes.HasPrefix(head, m.prefix) {
			return nil, "", fmt.Errorf("%w: it looks like %s", ErrBinary, m.what)
		}
	}
	// UTF-16 without BOM: ASCII text has a zero in every other byte.
	even, odd := 0, 0
	for i, b := range head {
		if b == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := len(head) / 2
	switch {
	case half > 0 && odd > half*3/10 && even < half/20+1:
		return utf16Reader(br, unicode.LittleEndian, "utf-16le")
	case half > 0 && even > half*3/10 && odd < half/20+1:
		return utf16Reader(br, unicode.BigEndian, "utf-16be")
	}
	return textOrBinary(br, "utf-8")
}

func utf16Reader(br *bufio.Reader, order unicode.Endianness, name string) (io.Reader, string, error) {
	dec := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder()
	out := bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize)
	head, _ := out.Peek(sniffSize / 2)
	if looksBinary(head) {
		return nil, "", fmt.Errorf("%w: it has control characters where text should be", ErrBinary)
	}
	return out, name, nil
}

// textOrBinary decides between UTF-8, Windows-1252 and binary for BOM-less input.
func textOrBinary(br *bufio.Reader, name string) (io.Reader, string, error) {
	head, _ := br.Peek(sniffSize)
	if looksBinary(head) {
		return nil, "", fmt.Errorf("%w: it has control characters where text should be", ErrBinary)
	}
	// A multi-byte rune may be cut at the end of the sample.
	valid := head
	for i := 0; i < utf8.UTFMax && len(valid) > 0 && !utf8.Valid(valid); i++ {
		valid = valid[:len(valid)-1]
	}
	if len(head) > 0 && !utf8.Valid(valid) {
		return transform.NewReader(br, charmap.Windows1252.NewDecoder()), "windows-1252", nil
	}
	return br, name, nil
}

// looksBinary reports NUL bytes or more than 1% of control characters other
// than tab, CR, LF and form feed.
func looksBinary(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	ctrl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f':
			ctrl++
		}
	}
	return ctrl*100 > len(b)
}
