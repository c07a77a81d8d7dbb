package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// NewToken returns a random secret with a readable prefix (e.g. "chs_" for
// sessions, "cht_" for API tokens) and 256 bits of entropy.
func NewToken(prefix string) string {
	return prefix + rand.Text() + rand.Text()
}

// HashToken is how token secrets are stored: they are long and random, so a
// fast hash is enough and lets lookups use an index.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// MinPasswordLen is the shortest password accepted, after NIST SP 800-63B.
const MinPasswordLen = 10

// CheckPasswordRules says what is wrong with a new password, if anything.
func CheckPasswordRules(pw, email string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return fmt.Errorf("password: must be at least %d characters", MinPasswordLen)
	case len(pw) > 72:
		// bcrypt reads only 72 bytes; a longer password would silently lose its tail.
		return errors.New("password: must be at most 72 bytes")
	case email != "" && strings.EqualFold(pw, email):
		return errors.New("password: must not be the e-mail address")
	}
	return nil
}

// HashPassword hashes pw with bcrypt at the given cost (bcrypt.DefaultCost in
// production; tests pass bcrypt.MinCost).
func HashPassword(pw string, cost int) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), cost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether pw matches hash, in constant time.
func CheckPassword(hash, pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}
