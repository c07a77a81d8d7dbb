package sim

import (
	"iter"
	"math/rand/v2"
	"strings"
	"time"
)

// SurveyQuestion is the post-purchase question every answer replies to.
const SurveyQuestion = "How did you hear about us?"

// SurveyAnswer is one post-purchase survey response, free text as typed.
type SurveyAnswer struct {
	OrderID string
	At      time.Time
	Answer  string
	// TrueCollaborationID is who really drove the order ("" if organic).
	TrueCollaborationID string
}

// Surveys streams the survey answers, in order time. About 30% of buyers
// answer; those a creator drove mostly name the creator (often misspelt)
// or the platform.
func (w *World) Surveys() iter.Seq[SurveyAnswer] {
	return func(yield func(SurveyAnswer) bool) {
		for o := range w.Orders() {
			r := newRand(w.seed, streamOrganic, o.key, 4)
			if r.Float64() >= 0.3 {
				continue
			}
			a := SurveyAnswer{
				OrderID:             o.ID,
				At:                  o.At.Add(time.Duration(30+r.IntN(600)) * time.Second),
				TrueCollaborationID: o.Truth.CollaborationID,
			}
			if o.Truth.CollaborationID != "" {
				co := &w.collabs[w.links[o.link].collab]
				a.Answer = creatorAnswer(r, co)
			} else {
				a.Answer = oneOf(r, organicAnswers)
			}
			if !yield(a) {
				return
			}
		}
	}
}

var organicAnswers = []string{"google", "Google search", "a friend", "friend told me", "saw an ad", "podcast", "don't remember", "instagram", "tiktok", "-"}

var platformAnswers = map[Platform][]string{
	Instagram: {"instagram", "Instagram", "insta", "IG", "on insta"},
	TikTok:    {"tiktok", "TikTok", "tik tok", "tiktock"},
	YouTube:   {"youtube", "YouTube", "yt", "a youtube video"},
}

func creatorAnswer(r *rand.Rand, co *Collaboration) string {
	first := strings.ToLower(strings.Fields(co.CreatorName)[0])
	switch pick(r, []float64{60, 25, 15}) {
	case 0:
		switch r.IntN(7) {
		case 0:
			return "@" + co.Handle
		case 1:
			return "saw it on @" + co.Handle
		case 2:
			return co.Handle
		case 3:
			return first
		case 4:
			return first + first[len(first)-1:] // "mayaa"
		case 5:
			return typo(r, co.Handle)
		default:
			return first + " on " + oneOf(r, platformAnswers[co.Platform])
		}
	case 1:
		return oneOf(r, platformAnswers[co.Platform])
	}
	return oneOf(r, organicAnswers)
}

// typo drops or doubles one character.
func typo(r *rand.Rand, s string) string {
	if len(s) < 3 {
		return s
	}
	i := 1 + r.IntN(len(s)-2)
	if r.IntN(2) == 0 {
		return s[:i] + s[i+1:]
	}
	return s[:i] + s[i:i+1] + s[i:]
}
