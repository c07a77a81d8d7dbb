package survey

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// words splits an answer into lower-case words: '@' and punctuation
// separate, possessives go ("Maya's" reads "maya"), and '_', '.' and
// apostrophes inside a word stay so that handles survive ("maya.fit").
func words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		w := b.String()
		b.Reset()
		w = strings.TrimRight(w, "._'")
		w = strings.TrimSuffix(w, "'s")
		w = strings.TrimRight(w, "'")
		if w != "" {
			out = append(out, w)
		}
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsMark(r) && b.Len() > 0:
			// A combining accent belongs to its letter; matching drops it.
		case (r == '.' || r == '\'' || r == '’') && b.Len() > 0 && i+utf8.RuneLen(r) < len(s):
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if !unicode.IsLetter(next) && !unicode.IsDigit(next) && next != '_' {
				flush()
				continue
			}
			if r == '’' {
				r = '\''
			}
			b.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// compact drops the separators inside a word, so "maya_fit", "maya.fit" and
// "mayafit" compare equal.
func compact(w string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '.' || r == '\'' {
			return -1
		}
		return r
	}, w)
}

// stopWord reports whether w is too common to stand for a first or last name
// on its own. Handles and full names still match it.
func stopWord(w string) bool {
	switch w {
	case "a", "an", "the", "i", "me", "my", "on", "in", "at", "of", "by", "from", "via", "to", "it", "its",
		"and", "or", "with", "was", "is", "saw", "seen", "see", "heard", "hear", "about", "through", "your",
		"her", "his", "their", "our", "video", "videos", "post", "posts", "story", "stories", "ad", "ads",
		"page", "channel", "account", "some", "one", "girl", "guy", "influencer", "creator", "online",
		"social", "media", "review", "reviews", "blog", "reel", "reels", "live", "stream", "think", "not",
		"sure", "word", "will", "can", "may", "don't", "know", "remember", "recommended", "recommendation":
		return true
	}
	return false
}

// query is one string to look up: a word, or two adjacent words run
// together for handles and full names typed with a space ("maya fit").
type query struct {
	text      string // compacted
	nameParts bool   // may match a first or last name alone
}

func queries(ws []string, used []bool) []query {
	var qs []query
	for i, w := range ws {
		if used[i] {
			continue
		}
		if c := compact(w); c != "" {
			qs = append(qs, query{text: c, nameParts: !stopWord(w)})
		}
		if i+1 < len(ws) && !used[i+1] {
			qs = append(qs, query{text: compact(w + ws[i+1])})
		}
	}
	return qs
}
