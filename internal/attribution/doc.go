// Package attribution credits conversions to the channels (creators,
// collaborations, platforms) that led to them.
//
// It has two halves. The multi-touch models (FirstTouch, LastTouch, Linear,
// PositionBased, TimeDecay, Markov, Shapley) spread the conversions and value
// of many journeys over the channels touched on the way; each returns one
// Credit per channel, and the credits of every model sum to the conversions
// and value of the paths given. Decide is the default rule for a single
// order: the creator's discount code, else the last human click within the
// lookback window, else the post-purchase survey. Reverse undoes credit when
// an order is refunded.
//
// The package knows nothing of HTTP or SQL; docs/attribution.md states the
// formulas and the input formats.
package attribution
