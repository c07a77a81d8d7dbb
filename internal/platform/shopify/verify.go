package shopify

import "github.com/chorushq/chorus/internal/conversions"

// Verify reports whether hmacHeader (the X-Shopify-Hmac-Sha256 header) is the
// base64 HMAC-SHA256 of the raw body under the app's client secret
// (https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook).
func Verify(secret, body []byte, hmacHeader string) bool {
	return conversions.VerifyHMAC(secret, body, hmacHeader)
}
