package attribution

import (
	"slices"
	"time"
)

// A Touch is one contact of a visitor with a channel: a click on a creator's
// link, a view of a post. At is zero when the input does not say.
type Touch struct {
	Channel string
	At      time.Time
}

// A Path is a sequence of touches and what came of it. Aggregated inputs (the
// path CSV) put many journeys with the same touches into one Path; journeys
// read from JSON Lines give one Path per conversion. Conversions and Nulls are
// counts of journeys that did and did not convert; they are float64 so that
// weighted or sampled data can be used as is.
type Path struct {
	Touches     []Touch
	ConvertedAt time.Time // zero when unknown or when the path did not convert
	Conversions float64
	Value       float64 // total value of the Conversions, in the shop's currency
	Nulls       float64
}

// Totals returns the conversions and value that every model's credit sums to.
func Totals(paths []Path) (conversions, value float64) {
	for _, p := range paths {
		conversions += p.Conversions
		value += p.Value
	}
	return conversions, value
}

// Channels returns the names of all channels touched by paths, sorted, and an
// index from name to position in that list.
func Channels(paths []Path) ([]string, map[string]int) {
	seen := make(map[string]int)
	for _, p := range paths {
		for _, t := range p.Touches {
			seen[t.Channel] = 0
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	for i, n := range names {
		seen[n] = i
	}
	return names, seen
}
