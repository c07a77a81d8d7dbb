// Package shopify receives Shopify order webhooks and creates discount codes
// through the Admin GraphQL API.
//
// A webhook handler reads the raw body once, checks it with Verify, reads
// the delivery headers with DeliveryFrom and maps the body with Parse into a
// conversions.Event. Nothing here stores anything or answers HTTP.
package shopify
