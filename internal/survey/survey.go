// Package survey reads answers to the post-purchase question "Where did you
// hear about us?": which creator the buyer names, if any, and which platform.
// Attribution uses it as the weakest signal, after codes and clicks.
package survey

import (
	"slices"
	"strings"
)

// Platform is where the buyer says they heard of the brand.
type Platform string

const (
	Unknown   Platform = ""
	Instagram Platform = "instagram"
	TikTok    Platform = "tiktok"
	YouTube   Platform = "youtube"
	Facebook  Platform = "facebook"
	Podcast   Platform = "podcast"
	Friend    Platform = "friend" // word of mouth
	Search    Platform = "search"
)

// Candidate is a creator the answer may name: one collaboration of the
// campaign or workspace the order belongs to.
type Candidate struct {
	CollaborationID string
	Name            string   // "Maya Lopez"
	Handles         []string // "@maya_fit", "mayalopez"
}

// Match is what an answer says.
type Match struct {
	// CollaborationID is the creator's collaboration, "" when the answer
	// names none or is ambiguous.
	CollaborationID string
	Matched         string  // the handle or name that matched, as the candidate spells it
	Confidence      float64 // 0 to 1; 1 is a handle spelled exactly
	Platform        Platform
	// Ambiguous lists the collaborations that matched equally well, when
	// more than one did; then CollaborationID is "".
	Ambiguous []string
}

// Scores of the kinds of match, in hundredths so that ties compare exactly.
// A typo costs per edit; a first or last name alone is weaker than a handle,
// because names repeat.
const (
	scoreHandle   = 100
	scoreFullName = 95
	scoreNamePart = 70
	costPerEdit   = 15
	ambiguityGap  = 10 // a runner-up this close to the best makes it ambiguous
)

// Match reads answer against the index.
func (ix *Index) Match(answer string) Match {
	ws := words(answer)
	p, used := platform(ws)
	m := Match{Platform: p}
	best := map[int]scored{} // candidate -> its best match
	for _, q := range queries(ws, used) {
		ix.lookup(q, func(k *key, d int) {
			if !q.nameParts && k.kind == kindNamePart {
				return
			}
			s := score(k.kind, d)
			if b, ok := best[k.cand]; !ok || s > b.score {
				best[k.cand] = scored{s, k.display}
			}
		})
	}
	if len(best) == 0 {
		return m
	}
	order := make([]int, 0, len(best))
	for c := range best {
		order = append(order, c)
	}
	slices.SortFunc(order, func(a, b int) int {
		if d := best[b].score - best[a].score; d != 0 {
			return d
		}
		return strings.Compare(ix.cands[a].CollaborationID, ix.cands[b].CollaborationID)
	})
	top := best[order[0]]
	var tied []string
	for _, c := range order {
		if best[c].score > top.score-ambiguityGap {
			tied = append(tied, ix.cands[c].CollaborationID)
		}
	}
	if len(tied) > 1 {
		m.Ambiguous = tied
		return m
	}
	m.CollaborationID = ix.cands[order[0]].CollaborationID
	m.Matched = top.display
	m.Confidence = float64(top.score) / 100
	return m
}

type scored struct {
	score   int
	display string
}

func score(k kind, edits int) int {
	base := scoreHandle
	switch k {
	case kindFullName:
		base = scoreFullName
	case kindNamePart:
		base = scoreNamePart
	}
	return base - costPerEdit*edits
}

// maxEdits is the typo tolerance for a word of n characters: none for short
// words, where one edit makes another name ("jon", "jan"), one for 4 to 6,
// two beyond.
func maxEdits(n int) int {
	switch {
	case n < 4:
		return 0
	case n <= 6:
		return 1
	}
	return 2
}
