package conversions

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// HashEmail returns a keyed hash of an e-mail address, so the same buyer is
// recognised across orders of one workspace without keeping the address.
// The salt is per workspace: the same address hashes differently in two
// workspaces, and the hash alone cannot be reversed by a dictionary of
// addresses without the salt. Addresses are trimmed and lower-cased first.
// An empty address gives an empty hash.
func HashEmail(salt []byte, email string) string {
	e := strings.ToLower(strings.TrimSpace(email))
	if e == "" {
		return ""
	}
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(e))
	return hex.EncodeToString(m.Sum(nil))
}
