package fit

import (
	"strings"
	"unicode"
)

// word is a raw word of text before stop words and stemming.
type word struct {
	text    string // as written
	hashtag bool
}

// rawWords splits text into runs of letters and digits ('_' included so a
// hashtag like #skin_care stays one word to be split later). Apostrophes
// inside a word are dropped, so "I've" is the stop word "ive" and
// "creator's" stems like "creators".
func rawWords(text string) []word {
	var out []word
	start := -1
	hashtag := false
	end := func(i int) {
		w := text[start:i]
		if strings.ContainsAny(w, "'’") {
			w = strings.NewReplacer("'", "", "’", "").Replace(strings.TrimRight(w, "'’"))
		}
		out = append(out, word{w, hashtag})
		start = -1
	}
	for i, r := range text {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
		switch {
		case in && start < 0:
			start = i
			hashtag = i > 0 && text[i-1] == '#'
		case !in && start >= 0 && r != '\'' && r != '’':
			end(i)
		}
	}
	if start >= 0 {
		end(len(text))
	}
	return out
}

// splitHashtag splits a hashtag at underscores, lower-to-upper case
// changes, the end of a run of capitals before a capitalised word, and
// letter-digit changes: SkinCare_101 -> skin, care, 101; NYCFood -> nyc,
// food.
func splitHashtag(tag string) []string {
	rs := []rune(tag)
	var parts []string
	start := 0
	flush := func(end int) {
		if end > start {
			parts = append(parts, strings.ToLower(string(rs[start:end])))
		}
		start = end
	}
	for i, r := range rs {
		if r == '_' {
			flush(i)
			start = i + 1
			continue
		}
		if i == start {
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && unicode.IsLower(prev),
			unicode.IsDigit(r) != unicode.IsDigit(prev),
			unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			flush(i)
		}
	}
	flush(len(rs))
	return parts
}

// segment splits an all-lowercase run such as "skincareroutine" into the
// fewest words of vocab (each at least two letters), preferring a longer
// first word on ties. ok is false when no split covers the whole run.
func segment(s string, vocab map[string]bool) ([]string, bool) {
	n := len(s)
	// best[i] is the fewest pieces covering s[i:]; next[i] where the first
	// piece of that split ends.
	const none = 1 << 30
	best := make([]int, n+1)
	next := make([]int, n+1)
	for i := n - 1; i >= 0; i-- {
		best[i] = none
		for j := n; j >= i+2; j-- {
			if best[j] < none && best[j]+1 < best[i] && vocab[s[i:j]] {
				best[i], next[i] = best[j]+1, j
			}
		}
	}
	if best[0] >= none || best[0] < 2 {
		return nil, false
	}
	var out []string
	for i := 0; i < n; i = next[i] {
		out = append(out, s[i:next[i]])
	}
	return out, true
}

// stem is a light stemmer: Harman's S-stemmer for plurals, then -ing and
// -ed with a doubled consonant undone (running -> run). It merges the
// forms a brief and a caption most often disagree on without Porter's
// surprises; "baking" and "bake" stay apart.
func stem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "eies") && !strings.HasSuffix(w, "aies"):
		w = w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "aes") && !strings.HasSuffix(w, "ees") && !strings.HasSuffix(w, "oes"):
		w = w[:len(w)-1]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "ss"):
		w = w[:len(w)-1]
	}
	for _, suf := range []string{"ing", "ed"} {
		if len(w)-len(suf) >= 3 && strings.HasSuffix(w, suf) {
			w = w[:len(w)-len(suf)]
			if n := len(w); n >= 4 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
				w = w[:n-1]
			}
			break
		}
	}
	return w
}

// isStopWord reports common English words that say nothing about a niche,
// plus the filler of social captions ("link in bio").
func isStopWord(w string) bool {
	switch w {
	case "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
		"be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
		"did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
		"have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it",
		"its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on",
		"once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so",
		"some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they",
		"this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
		"when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
		"yours", "im", "ive", "dont", "get", "got", "link", "bio":
		return true
	}
	return false
}

// tokenizer turns text into index terms: lowercase, split hashtags, drop
// stop words, stem. vocab (raw lowercase words seen outside hashtags) lets
// it split all-lowercase hashtags; nil leaves them whole.
type tokenizer struct {
	vocab map[string]bool
}

// terms calls emit for each term of text. With asHashtags every word is
// split like a hashtag, for brief keywords such as "SkinCare".
func (tk tokenizer) terms(text string, asHashtags bool, emit func(string)) {
	for _, w := range rawWords(text) {
		parts := []string{strings.ToLower(w.text)}
		if w.hashtag || asHashtags {
			parts = splitHashtag(w.text)
			if len(parts) == 1 && !tk.vocab[parts[0]] {
				if seg, ok := segment(parts[0], tk.vocab); ok {
					parts = seg
				}
			}
		}
		for _, p := range parts {
			if len(p) < 2 || isStopWord(p) {
				continue
			}
			emit(stem(p))
		}
	}
}

// addVocab records the raw words of text that segmentation may use: plain
// words, and the parts of hashtags that split by case or underscore.
func addVocab(vocab map[string]bool, text string, allHashtags bool) {
	for _, w := range rawWords(text) {
		if !w.hashtag && !allHashtags {
			vocab[strings.ToLower(w.text)] = true
			continue
		}
		if parts := splitHashtag(w.text); len(parts) > 1 {
			for _, p := range parts {
				vocab[p] = true
			}
		}
	}
}
