package conversions

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// VerifyHMAC reports whether signature is base64(HMAC-SHA256(secret, body)),
// the scheme both Shopify (X-Shopify-Hmac-Sha256) and WooCommerce
// (X-WC-Webhook-Signature) sign deliveries with. The comparison takes the
// same time wherever the first difference is. An empty secret never
// verifies: a workspace without one must not accept forged orders.
func VerifyHMAC(secret, body []byte, signature string) bool {
	if len(secret) == 0 || signature == "" {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}
