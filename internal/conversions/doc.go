// Package conversions holds the neutral order and refund types that every
// store adapter (Shopify, WooCommerce, the JSON API) maps into, so that
// attribution never needs to know which shop an order came from.
//
// Money is always an int64 count of the currency's minor unit (cents for USD,
// yen for JPY, fils for KWD) next to its ISO 4217 code; decimal strings from
// the outside are converted exactly, never through a float.
package conversions
