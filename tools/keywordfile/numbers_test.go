package keywordfile

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		value   float64
		ok      bool
		isRange bool
		err     bool
	}{
		{"1,300", 1300, true, false, false},
		{"1.300", 1300, true, false, false},
		{"1 300", 1300, true, false, false},
		{"1\u00a0300", 1300, true, false, false},
		{"1\u202f300", 1300, true, false, false},
		{"39,5", 39.5, true, false, false},
		{"0,300", 0.3, true, false, false},
		{"0.45", 0.45, true, false, false},
		{"1,234,567", 1234567, true, false, false},
		{"1.234.567", 1234567, true, false, false},
		{"1.234,56", 1234.56, true, false, false},
		{"1,234.56", 1234.56, true, false, false},
		{"$1.20", 1.2, true, false, false},
		{"€0,80", 0.8, true, false, false},
		{"45%", 45, true, false, false},
		{"1.5K", 1500, true, false, false},
		{"2M", 2e6, true, false, false},
		{"", 0, false, false, false},
		{"-", 0, false, false, false},
		{"n/a", 0, false, false, false},
		// ranges: the midpoint rounded, an open range's bound (rangeValue)
		{"1K – 10K", 5500, true, true, false},
		{"100 – 1K", 550, true, true, false},
		{"10K-100K", 55000, true, true, false},
		{"4,301-6,500", 5401, true, true, false},
		{"1M+", 1e6, true, true, false},
		{"<10", 10, true, true, false},
		{"abc", 0, false, false, true},
		{"1,2,3", 0, false, false, true},
		{"12abc", 0, false, false, true},
		{"1..2", 0, false, false, true},
	}
	for _, c := range cases {
		v, err := parseNumber(c.in)
		if c.err {
			if !errors.Is(err, errNotNumber) {
				t.Fatalf("%q: want errNotNumber, got %v (%+v)", c.in, err, v)
			}
			continue
		}
		if err != nil || v.value != c.value || v.ok != c.ok || v.isRange != c.isRange {
			t.Fatalf("%q: got %+v, %v; want value %v ok %v range %v", c.in, v, err, c.value, c.ok, c.isRange)
		}
		if c.isRange && v.raw != c.in {
			t.Fatalf("%q: range raw %q", c.in, v.raw)
		}
	}
}

// FuzzParseNumber: a metric cell from any vendor's export. A value is finite,
// a range keeps its text, an error is a cell error, and nothing panics.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1,300", "1.300", "1 300", "39,5", "$1.20", "45%", "1.5K", "1K – 10K", "10K+", "<10", "-", "n/a", "1e309", "0x10", "１２３", "1,2,3", "..5", "∞"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseNumber(s)
		if err != nil {
			if !errors.Is(err, errNotNumber) && !strings.Contains(err.Error(), "is ") {
				t.Fatalf("unexpected error shape for %q: %v", s, err)
			}
			return
		}
		if v.ok && (math.IsNaN(v.value) || math.IsInf(v.value, 0)) {
			t.Fatalf("%q parsed to %v", s, v.value)
		}
		if v.isRange && (!v.ok || v.raw == "" || v.value < 0) {
			t.Fatalf("range %q: %+v", s, v)
		}
		if v2, err2 := parseNumber(s); err2 != nil || v2 != v {
			t.Fatalf("not deterministic for %q", s)
		}
	})
}
