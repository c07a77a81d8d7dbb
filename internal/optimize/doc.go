// Package optimize turns campaign results into decisions: scale, keep or
// pause each creator and each variant, with a budget share from Thompson
// sampling; plan how many creators per tier a budget buys; and score how
// consistently a creator performs across campaigns.
//
// The models, priors, thresholds and built-in benchmarks are documented in
// docs/statistics.md.
package optimize
