package auth

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestRoleAtLeast(t *testing.T) {
	tests := []struct {
		r, min Role
		want   bool
	}{
		{Owner, Admin, true}, {Admin, Admin, true}, {Member, Admin, false},
		{Viewer, Viewer, true}, {Viewer, Member, false}, {Creator, Viewer, false},
		{Creator, Creator, true}, {Owner, Creator, false}, {"bogus", Viewer, false},
	}
	for _, tt := range tests {
		if got := tt.r.AtLeast(tt.min); got != tt.want {
			t.Errorf("%s.AtLeast(%s) = %v, want %v", tt.r, tt.min, got, tt.want)
		}
	}
}

func TestParseRole(t *testing.T) {
	for _, s := range []string{"owner", "admin", "member", "viewer", "creator"} {
		if _, err := ParseRole(s); err != nil {
			t.Errorf("ParseRole(%q): %v", s, err)
		}
	}
	if _, err := ParseRole("root"); err == nil || !strings.Contains(err.Error(), "root") {
		t.Errorf("ParseRole(root) error = %v, want one naming the role", err)
	}
}

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery", bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "correct horse battery") || CheckPassword(h, "correct horse batterY") {
		t.Error("CheckPassword does not tell the right password from a wrong one")
	}
	for _, tt := range []struct{ pw, email, want string }{
		{"short", "", "at least 10"},
		{strings.Repeat("x", 73), "", "at most 72"},
		{"me@example.com", "ME@example.com", "e-mail"},
		{"long enough pw", "a@b.c", ""},
	} {
		err := CheckPasswordRules(tt.pw, tt.email)
		if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("CheckPasswordRules(%q) = %v, want %q", tt.pw, err, tt.want)
		}
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken("cht_"), NewToken("cht_")
	if a == b || !strings.HasPrefix(a, "cht_") || len(a) < 4+50 {
		t.Errorf("tokens %q, %q: want distinct, prefixed, long", a, b)
	}
	if h1, h2 := HashToken(a), HashToken(a); HashToken(a) == HashToken(b) || h1 != h2 || len(h1) != 64 {
		t.Error("HashToken is not a stable 64-hex digest")
	}
}
