// Package experiment compares the variants of a campaign (hook, offer,
// format, call to action) with Bayesian A/B/n statistics: Beta-Binomial
// posteriors for rates such as CTR and conversion per click, a Bayesian
// bootstrap for revenue per click, the probability that each variant is best,
// the expected loss of choosing it, and a verdict in plain words.
//
// The models, priors and thresholds are documented in docs/statistics.md.
package experiment
