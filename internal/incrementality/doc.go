// Package incrementality estimates how many conversions a campaign caused,
// beyond those that would have happened anyway: by comparing treated with
// held-out regions or time windows, and by forecasting the store's daily
// orders from the weeks before the campaign.
//
// The models and their limits are documented in docs/statistics.md.
package incrementality
