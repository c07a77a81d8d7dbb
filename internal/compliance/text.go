package compliance

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A token is a word, a number or a money/percent sign in a caption. Its text
// is folded so that matching ignores case and common accents, while start and
// end stay byte offsets into the original caption, so spans can be reported
// without mapping folded offsets back.
type token struct {
	text       string // folded
	start, end int    // bytes in the original; start includes the '#' of a hashtag
	hashtag    bool
	mention    bool
	symbol     bool
}

// symbols are kept as tokens of their own because claims such as "100%
// results" need them; all other punctuation only separates words.
const symbols = "%$€£¥"

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// tokenize splits s into tokens. Marks continue a word (combining accents,
// vowel signs) but never start one, so an emoji's variation selector does not
// become a word. An apostrophe between letters ("can't") and a '.' or ','
// between digits ("10.5") stay inside the word.
func tokenize(s string) []token {
	var toks []token
	i := 0
	prev := rune(-1) // the rune before i, -1 at the start
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			start := i
			j := i + size
			last := r
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if isWordRune(r2) || unicode.IsMark(r2) {
					j += n2
					last = r2
					continue
				}
				next, _ := utf8.DecodeRuneInString(s[j+n2:])
				if j+n2 < len(s) && joinsWord(last, r2, next) {
					j += n2
					last = r2
					continue
				}
				break
			}
			t := token{text: fold(s[start:j]), start: start, end: j}
			if prev == '#' || prev == '＃' || prev == '@' {
				at := start - utf8.RuneLen(prev)
				before, _ := utf8.DecodeLastRuneInString(s[:at])
				if at == 0 || !isWordRune(before) {
					t.start = at
					t.hashtag = prev != '@'
					t.mention = prev == '@'
				}
			}
			toks = append(toks, t)
			prev, _ = utf8.DecodeLastRuneInString(s[:j])
			i = j
			continue
		case strings.ContainsRune(symbols, r):
			toks = append(toks, token{text: string(r), start: i, end: i + size, symbol: true})
		}
		prev = r
		i += size
	}
	return toks
}

// joinsWord reports whether sep, found between last and next, belongs inside
// the word: "can't", "10.5", "1,000".
func joinsWord(last, sep, next rune) bool {
	switch {
	case isApostrophe(sep):
		return unicode.IsLetter(last) && unicode.IsLetter(next)
	case sep == '.' || sep == ',':
		return unicode.IsDigit(last) && unicode.IsDigit(next)
	}
	return false
}

// fold lowers case, straightens apostrophes and drops accents from common
// Latin letters, so "Publicité", "PUBLICITE" and a decomposed "publicite\u0301"
// all read "publicite".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsMark(r) {
			continue
		}
		if r == '’' {
			r = '\''
		}
		r = unicode.ToLower(r)
		if base, ok := latinBase(r); ok {
			b.WriteString(base)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// latinBase returns the bare letters for an accented lower-case Latin letter
// of the languages whose disclosure tags we know.
func latinBase(r rune) (string, bool) {
	if r < 0xC0 {
		return "", false
	}
	switch r {
	case 'ß':
		return "ss", true
	case 'æ':
		return "ae", true
	case 'œ':
		return "oe", true
	}
	for _, g := range [...]struct{ base, letters string }{
		{"a", "àáâãäåāăą"}, {"c", "çćč"}, {"e", "èéêëēęě"}, {"i", "ìíîïī"}, {"n", "ñń"},
		{"o", "òóôõöōø"}, {"u", "ùúûüūů"}, {"y", "ýÿ"}, {"s", "śš"}, {"z", "źżž"}, {"l", "ł"},
	} {
		if strings.ContainsRune(g.letters, r) {
			return g.base, true
		}
	}
	return "", false
}

// asciiLower lowers ASCII letters only, so byte offsets stay the same as in s.
// It is enough for URLs and discount codes, which are ASCII in practice.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// runeCount returns the number of characters in s[:byteOffset], the unit a
// reader (and Instagram's fold) counts in.
func runeCount(s string, byteOffset int) int {
	return utf8.RuneCountInString(s[:byteOffset])
}
