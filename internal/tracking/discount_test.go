package tracking

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestNewDiscountCode(t *testing.T) {
	tests := []struct {
		handle string
		offer  int
		want   string
	}{
		{"maya_fit", 15, "MAYA15"},
		{"@maya_fit", 15, "MAYA15"},
		{"MayaFit", 20, "MAYAFIT20"},
		{"jo_smith", 10, "JOSMITH10"},   // first run "jo" is short: all letters
		{"zoë.k", 5, "ZOE5"},            // accent removed
		{"the.skincare.edit", 0, "THE"}, // no offer, first run of 3
		{"superlongcreatorname", 25, "SUPERLONGC25"},
		{"x_y", 30, "XY30"},
		{"1234_5678", 15, "CODE15"},
		{"", 15, "CODE15"},
		{"Ĺukasz", 10, "LUKASZ10"},
		{"josé_müller", 12, "JOSE12"},
	}
	for _, tt := range tests {
		got, err := NewDiscountCode(tt.handle, tt.offer, func(string) (bool, error) { return false, nil })
		if err != nil || got != tt.want {
			t.Errorf("NewDiscountCode(%q, %d) = %q, %v; want %q", tt.handle, tt.offer, got, err, tt.want)
		}
	}
}

func TestNewDiscountCodeTaken(t *testing.T) {
	// taken returns an exists func for the first n candidates being in use.
	taken := func(n int) (func(string) (bool, error), *[]string) {
		var asked []string
		return func(code string) (bool, error) {
			asked = append(asked, code)
			return len(asked) <= n, nil
		}, &asked
	}
	tests := []struct {
		taken int
		want  string
	}{
		{0, "MAYA15"},
		{1, "MAYA15B"},
		{2, "MAYA15C"},
		{25, "MAYA15Z"}, // base + B..Y taken: 1 + 24
		{26, "MAYA15-2"},
		{27, "MAYA15-3"},
		{123, "MAYA15-99"}, // 1 + 25 + 97
	}
	for _, tt := range tests {
		exists, asked := taken(tt.taken)
		got, err := NewDiscountCode("maya_fit", 15, exists)
		if err != nil || got != tt.want {
			t.Errorf("with %d taken: %q, %v; want %q", tt.taken, got, err, tt.want)
		}
		if len(*asked) != tt.taken+1 {
			t.Errorf("with %d taken: asked %d times, want %d", tt.taken, len(*asked), tt.taken+1)
		}
	}
	exists, _ := taken(1000)
	if _, err := NewDiscountCode("maya_fit", 15, exists); !errors.Is(err, ErrCodeTaken) {
		t.Errorf("all taken: err = %v, want ErrCodeTaken", err)
	}
}

func TestNewDiscountCodeErrors(t *testing.T) {
	dbErr := errors.New("database is locked")
	_, err := NewDiscountCode("maya_fit", 15, func(string) (bool, error) { return false, dbErr })
	if !errors.Is(err, dbErr) || !strings.Contains(err.Error(), "MAYA15") {
		t.Errorf("exists error: got %v, want it wrapped with the code", err)
	}
	free := func(string) (bool, error) { return false, nil }
	if _, err := NewDiscountCode("maya", -5, free); err == nil {
		t.Error("negative offer: want error")
	}
	if _, err := NewDiscountCode("maya", 1<<62, free); err != nil {
		t.Errorf("big offer: %v", err) // "MAYA" + 19 digits + 3 = 26 <= 32
	}
}

func TestNormalizeCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"MAYA15", "MAYA15"},
		{" maya15 ", "MAYA15"},
		{"Maya15-2", "MAYA15-2"},
		{"ＭＡＹＡ１５", "MAYA15"}, // full-width, as some phone keyboards type
		{"\tmaya15\n", "MAYA15"},
	}
	for _, tt := range tests {
		if got := NormalizeCode(tt.in); got != tt.want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Generated codes are already normal.
	for _, h := range []string{"maya_fit", "zoë.k", "jo_smith"} {
		code, err := NewDiscountCode(h, 15, func(string) (bool, error) { return false, nil })
		if err != nil {
			t.Fatal(err)
		}
		if NormalizeCode(code) != code {
			t.Errorf("code %q is not normal", code)
		}
	}
}

func BenchmarkNewDiscountCode(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := NewDiscountCode(fmt.Sprint("maya_fit", i%10), 15, func(string) (bool, error) { return false, nil }); err != nil {
			b.Fatal(err)
		}
	}
}
