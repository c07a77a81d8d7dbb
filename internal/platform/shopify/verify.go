package shopify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// Verify reports whether hmacHeader (the X-Shopify-Hmac-Sha256 header) is the
// base64 HMAC-SHA256 of the raw body under the app's client secret. The
// comparison takes the same time wherever the first difference is. An empty
// secret never verifies: a misconfigured workspace must not accept forged
// orders.
func Verify(secret, body []byte, hmacHeader string) bool {
	if len(secret) == 0 || hmacHeader == "" {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(hmacHeader)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}
