// Package tracking holds the building blocks of a tracked link: slugs,
// destination checks and redirect locations, click ids, user-agent
// classification, daily-salted IP hashes, optional GeoIP, group commit of
// clicks, discount codes and QR codes.
//
// Nothing here knows about HTTP handlers or SQL; the redirect handler and the
// store put the pieces together. The functions on the click path (Redirect.Location,
// NewClickID, Classifier.Classify, IPHasher.Hash, Batcher.Add) are written to
// allocate little and are benchmarked.
package tracking
