// Package woocommerce receives WooCommerce order webhooks: it verifies the
// X-WC-Webhook-Signature, recognises the unsigned ping WooCommerce sends when
// a webhook is saved, and maps order JSON (REST API v3 shape) into
// conversions types.
package woocommerce
