package tracking

import (
	"errors"
	"strings"
	"testing"
)

func TestNewSlug(t *testing.T) {
	for _, n := range []int{0, 1, 7, 22, 64} {
		s, err := NewSlug(n)
		if err != nil {
			t.Fatalf("NewSlug(%d): %v", n, err)
		}
		want := n
		if n == 0 {
			want = DefaultSlugLen
		}
		if len(s) != want {
			t.Errorf("NewSlug(%d) = %q, length %d, want %d", n, s, len(s), want)
		}
		for _, c := range s {
			if !strings.ContainsRune(base62, c) {
				t.Errorf("NewSlug(%d) = %q has non-base62 %q", n, s, c)
			}
		}
		if n > 0 {
			if err := ValidateSlug(s); err != nil {
				t.Errorf("generated slug %q fails validation: %v", s, err)
			}
		}
	}
	if _, err := NewSlug(65); err == nil {
		t.Error("NewSlug(65): want error")
	}
}

// TestNewSlugSpread draws 62*200 characters: each of the 62 symbols is
// expected 200 times; a symbol never drawn (or the mod-62 bias toward the
// first 8 symbols that rejection sampling avoids, which would give them
// about 5/4 of the share) would show as counts far from 200.
func TestNewSlugSpread(t *testing.T) {
	counts := map[rune]int{}
	for range 200 {
		s, err := NewSlug(62)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range s {
			counts[c]++
		}
	}
	if len(counts) != 62 {
		t.Fatalf("saw %d distinct symbols, want 62", len(counts))
	}
	// With p=1/62 and 12400 draws, sd = sqrt(12400*(1/62)*(61/62)) ~= 14;
	// 100..300 is about 7 sd either side.
	for c, n := range counts {
		if n < 100 || n > 300 {
			t.Errorf("symbol %q drawn %d times, want about 200", c, n)
		}
	}
}

func TestNewSlugUnique(t *testing.T) {
	seen := map[string]bool{}
	for range 10000 {
		s, err := NewSlug(0)
		if err != nil {
			t.Fatal(err)
		}
		if seen[s] {
			t.Fatalf("duplicate slug %q", s)
		}
		seen[s] = true
	}
}

func TestValidateSlug(t *testing.T) {
	tests := []struct {
		slug    string
		wantErr string // substring; "" means valid
	}{
		{"a", ""},
		{"Summer-Sale_2026", ""},
		{"x7Gq2Lp", ""},
		{strings.Repeat("a", 64), ""},
		{"", "empty"},
		{strings.Repeat("a", 65), "65 characters"},
		{"summer sale", `' ' at byte 7`},
		{"a/b", `'/' at byte 2`},
		{"café", `'é' at byte 4`},
		{"a.b", `'.' at byte 2`},
		{"api", "reserved"},
		{"API", "reserved"},
		{"Static", "reserved"},
		{"admin", "reserved"},
		{"apis", ""},
	}
	for _, tt := range tests {
		err := ValidateSlug(tt.slug)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("ValidateSlug(%q) = %v, want nil", tt.slug, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ValidateSlug(%q) = %v, want error containing %q", tt.slug, err, tt.wantErr)
		}
		if !errors.Is(err, ErrInvalidSlug) {
			t.Errorf("ValidateSlug(%q) error does not wrap ErrInvalidSlug", tt.slug)
		}
	}
}

func BenchmarkNewSlug(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewSlug(0); err != nil {
			b.Fatal(err)
		}
	}
}
