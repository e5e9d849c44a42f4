package wpimport

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// errNotSerialized means the text is not a PHP serialize() value.
var errNotSerialized = errors.New("not a serialized PHP value")

// maxPHPDepth bounds nesting so a hostile option cannot exhaust the stack.
const maxPHPDepth = 64

// looksSerialized is the cheap test WordPress's own is_serialized makes.
func looksSerialized(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 2 {
		return false
	}
	if s == "N;" || s == "b:0;" || s == "b:1;" {
		return true
	}
	if s[1] != ':' {
		return false
	}
	switch s[0] {
	case 'a', 'O':
		return strings.HasSuffix(s, "}")
	case 's':
		return strings.HasSuffix(s, ";")
	case 'i', 'd', 'b':
		return strings.HasSuffix(s, ";")
	}
	return false
}

// unserializePHP decodes what PHP's serialize() writes (WordPress stores
// arrays in options and post meta this way) into JSON-ready Go values:
// arrays with keys 0..n-1 become lists, other arrays and objects maps.
// Lengths are byte counts, as PHP writes them.
func unserializePHP(s string) (any, error) {
	s = strings.TrimSpace(s)
	p := &phpParser{s: s}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if p.i != len(p.s) {
		return nil, fmt.Errorf("%w: %d bytes left over", errNotSerialized, len(p.s)-p.i)
	}
	return v, nil
}

type phpParser struct {
	s string
	i int
}

func (p *phpParser) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d", errNotSerialized, what, p.i)
}

func (p *phpParser) until(b byte) (string, error) {
	j := strings.IndexByte(p.s[p.i:], b)
	if j < 0 {
		return "", p.fail("missing " + string(b))
	}
	out := p.s[p.i : p.i+j]
	p.i += j + 1
	return out, nil
}

func (p *phpParser) expect(b byte) error {
	if p.i >= len(p.s) || p.s[p.i] != b {
		return p.fail("expected " + string(b))
	}
	p.i++
	return nil
}

func (p *phpParser) value(depth int) (any, error) {
	if depth > maxPHPDepth {
		return nil, p.fail("nested too deep")
	}
	if p.i+1 >= len(p.s) {
		return nil, p.fail("unexpected end")
	}
	t := p.s[p.i]
	if t == 'N' {
		p.i++
		return nil, p.expect(';')
	}
	p.i++
	if err := p.expect(':'); err != nil {
		return nil, err
	}
	switch t {
	case 'b':
		v, err := p.until(';')
		if err != nil {
			return nil, err
		}
		return v == "1", nil
	case 'i':
		v, err := p.until(';')
		if err != nil {
			return nil, err
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, p.fail("bad integer")
		}
		return n, nil
	case 'd':
		v, err := p.until(';')
		if err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, p.fail("bad float")
		}
		return f, nil
	case 's':
		return p.str()
	case 'a':
		return p.array(depth)
	case 'O':
		// O:8:"stdClass":2:{...}: the class name, then the properties.
		if _, err := p.until(':'); err != nil {
			return nil, err
		}
		class, err := p.quoted()
		if err != nil {
			return nil, err
		}
		if err := p.expect(':'); err != nil {
			return nil, err
		}
		v, err := p.array(depth)
		if err != nil {
			return nil, err
		}
		m, ok := v.(map[string]any)
		if !ok {
			m = map[string]any{}
			for i, x := range v.([]any) {
				m[strconv.Itoa(i)] = x
			}
		}
		m["__class"] = class
		return m, nil
	}
	return nil, p.fail("unknown type " + string(t))
}

// str reads `N:"bytes";` after the `s:` prefix.
func (p *phpParser) str() (string, error) {
	v, err := p.quotedLen()
	if err != nil {
		return "", err
	}
	return v, p.expect(';')
}

func (p *phpParser) quotedLen() (string, error) {
	ls, err := p.until(':')
	if err != nil {
		return "", err
	}
	n, err := strconv.Atoi(ls)
	if err != nil || n < 0 || p.i+n+2 > len(p.s) {
		return "", p.fail("bad string length")
	}
	if p.s[p.i] != '"' || p.s[p.i+1+n] != '"' {
		return "", p.fail("string length does not match")
	}
	out := p.s[p.i+1 : p.i+1+n]
	p.i += n + 2
	return out, nil
}

func (p *phpParser) quoted() (string, error) {
	if err := p.expect('"'); err != nil {
		return "", err
	}
	return p.until('"')
}

func (p *phpParser) array(depth int) (any, error) {
	ns, err := p.until(':')
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(ns)
	if err != nil || n < 0 || n > len(p.s) {
		return nil, p.fail("bad array length")
	}
	if err := p.expect('{'); err != nil {
		return nil, err
	}
	keys := make([]string, 0, n)
	vals := make([]any, 0, n)
	list := true
	for k := 0; k < n; k++ {
		key, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		var ks string
		switch kv := key.(type) {
		case int64:
			ks = strconv.FormatInt(kv, 10)
			if kv != int64(k) {
				list = false
			}
		case string:
			ks, list = kv, false
		default:
			return nil, p.fail("bad array key")
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		keys, vals = append(keys, ks), append(vals, v)
	}
	if err := p.expect('}'); err != nil {
		return nil, err
	}
	if list {
		return vals, nil
	}
	m := make(map[string]any, n)
	for i, k := range keys {
		m[k] = vals[i]
	}
	return m, nil
}
