package fit

import (
	"fmt"
	"strings"
	"unicode"
)

// Signal is a mark of a clear hook and story in a caption.
type Signal string

// The signals ContentClarity looks for.
const (
	LeadsWithPoint Signal = "leads with the point" // first sentence short and concrete
	HowTo          Signal = "how-to"               // tutorial, steps, tips, recipe
	BeforeAfter    Signal = "before/after"         // a result shown against a start
	ProsCons       Signal = "honest pros/cons"     // review language, downsides named
	Numbers        Signal = "numbers"              // specifics: prices, days, steps
	Question       Signal = "question"             // invites an answer
)

// clarityWeights sum to 1. The lead weighs most: a viewer decides in the
// first line whether to read on.
func clarityWeights() []struct {
	s Signal
	w float64
} {
	return []struct {
		s Signal
		w float64
	}{{LeadsWithPoint, 0.30}, {HowTo, 0.20}, {ProsCons, 0.15}, {Numbers, 0.15}, {BeforeAfter, 0.10}, {Question, 0.10}}
}

// SignalCount is how many captions show a signal.
type SignalCount struct {
	Signal   Signal  `json:"signal"`
	Weight   float64 `json:"weight"`
	Captions int     `json:"captions"`
}

// Clarity is the content clarity of a creator's captions.
type Clarity struct {
	// Score is the mean over captions of the summed weights of the signals
	// each shows, 0..1.
	Score    float64       `json:"score"`
	Captions int           `json:"captions"`
	Signals  []SignalCount `json:"signals"`
}

// Evidence says, per signal found, in how many captions, e.g.
// "how-to in 5 of 12 captions".
func (c Clarity) Evidence() []string {
	var out []string
	for _, s := range c.Signals {
		if s.Captions > 0 {
			out = append(out, fmt.Sprintf("%s in %d of %d captions", s.Signal, s.Captions, c.Captions))
		}
	}
	return out
}

// ContentClarity scores captions by the signals they show; empty captions
// are skipped. ok is false when none is left.
func ContentClarity(captions []string) (Clarity, bool) {
	ws := clarityWeights()
	c := Clarity{Signals: make([]SignalCount, len(ws))}
	for i, w := range ws {
		c.Signals[i] = SignalCount{Signal: w.s, Weight: w.w}
	}
	var sum float64
	for _, text := range captions {
		if strings.TrimSpace(text) == "" {
			continue
		}
		c.Captions++
		found := CaptionSignals(text)
		for i, w := range ws {
			if found[w.s] {
				c.Signals[i].Captions++
				sum += w.w
			}
		}
	}
	if c.Captions == 0 {
		return c, false
	}
	c.Score = sum / float64(c.Captions)
	return c, true
}

// CaptionSignals returns the signals one caption shows.
func CaptionSignals(text string) map[Signal]bool {
	lower := strings.ToLower(text)
	words := make(map[string]bool)
	for _, w := range rawWords(lower) {
		words[w.text] = true
	}
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(w, " ") && strings.Contains(lower, w) || words[w] {
				return true
			}
		}
		return false
	}
	return map[Signal]bool{
		LeadsWithPoint: leadsWithPoint(text),
		HowTo:          has("how to", "how i", "tutorial", "step", "steps", "guide", "tip", "tips", "learn", "diy", "recipe", "hack", "hacks", "walkthrough"),
		BeforeAfter:    words["before"] && words["after"] || has("transformation", "vs", "results"),
		ProsCons:       has("pros", "cons", "honest", "honestly", "downside", "downsides", "drawback", "drawbacks", "not for everyone", "worth it", "review"),
		Numbers:        strings.ContainsFunc(text, unicode.IsDigit),
		Question:       strings.Contains(text, "?"),
	}
}

// leadsWithPoint reports whether the first sentence is short (3 to 15
// words) and concrete: it does not open with filler ("hey guys", "so",
// "omg") and holds a number or at least two content words.
func leadsWithPoint(text string) bool {
	first := text
	if i := strings.IndexAny(text, ".!?\n"); i >= 0 {
		first = text[:i]
	}
	ws := rawWords(strings.ToLower(first))
	if len(ws) < 3 || len(ws) > 15 {
		return false
	}
	switch ws[0].text {
	case "hey", "hi", "hello", "so", "ok", "okay", "omg", "lol", "guys", "well", "just", "um", "soo", "yall":
		return false
	}
	content := 0
	for _, w := range ws {
		if !w.hashtag && len(w.text) >= 3 && !isStopWord(w.text) {
			content++
		}
	}
	return content >= 2 || strings.ContainsFunc(first, unicode.IsDigit)
}
