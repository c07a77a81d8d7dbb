package survey

import (
	"math/bits"
	"unicode"
)

type kind uint8

const (
	kindHandle kind = iota
	kindFullName
	kindNamePart
)

// key is one way an answer may name a candidate.
type key struct {
	text    string // compacted, lower case
	runes   []rune
	mask    uint64 // which characters occur, for a cheap filter before edit distance
	cand    int
	kind    kind
	display string
}

// Index holds the candidates ready for matching. Build it once per set of
// candidates; Match is then safe for concurrent use.
type Index struct {
	cands []Candidate
	keys  []key
	exact map[string][]int // text -> keys
	byLen [][]int          // rune length -> keys
}

// NewIndex indexes the candidates' handles, full names and name parts.
func NewIndex(cands []Candidate) *Index {
	ix := &Index{cands: cands, exact: map[string][]int{}}
	add := func(text string, c int, k kind, display string) {
		if text == "" {
			return
		}
		for _, i := range ix.exact[text] {
			if ix.keys[i].cand == c {
				if k < ix.keys[i].kind { // a handle outranks a name spelled the same
					ix.keys[i].kind, ix.keys[i].display = k, display
				}
				return
			}
		}
		r := []rune(text)
		ix.keys = append(ix.keys, key{text: text, runes: r, mask: mask(r), cand: c, kind: k, display: display})
		i := len(ix.keys) - 1
		ix.exact[text] = append(ix.exact[text], i)
		for len(ix.byLen) <= len(r) {
			ix.byLen = append(ix.byLen, nil)
		}
		ix.byLen[len(r)] = append(ix.byLen[len(r)], i)
	}
	for c, cand := range cands {
		for _, h := range cand.Handles {
			add(compact(joinWords(h)), c, kindHandle, h)
		}
		parts := words(cand.Name)
		if len(parts) > 1 {
			add(compact(joinWords(cand.Name)), c, kindFullName, cand.Name)
		}
		for _, p := range parts {
			if len([]rune(p)) >= 2 {
				add(compact(p), c, kindNamePart, cand.Name)
			}
		}
	}
	return ix
}

func joinWords(s string) string {
	var out string
	for _, w := range words(s) {
		out += w
	}
	return out
}

// lookup calls fn for every key within the typo tolerance of q, with the
// edit distance.
func (ix *Index) lookup(q query, fn func(k *key, d int)) {
	for _, i := range ix.exact[q.text] {
		fn(&ix.keys[i], 0)
	}
	qr := []rune(q.text)
	if maxEdits(len(qr)) == 0 {
		return
	}
	qm := mask(qr)
	var buf []int
	for l := max(4, len(qr)-2); l <= len(qr)+2 && l < len(ix.byLen); l++ {
		limit := maxEdits(min(l, len(qr)))
		if abs(l-len(qr)) > limit {
			continue
		}
		for _, i := range ix.byLen[l] {
			k := &ix.keys[i]
			// Each edit changes at most two characters' presence.
			if bits.OnesCount64(qm^k.mask) > 2*limit || k.text == q.text {
				continue
			}
			var d int
			if d, buf = osa(qr, k.runes, limit, buf); d <= limit {
				fn(k, d)
			}
		}
	}
}

func mask(r []rune) uint64 {
	var m uint64
	for _, c := range r {
		switch {
		case 'a' <= c && c <= 'z':
			m |= 1 << (c - 'a')
		case unicode.IsDigit(c):
			m |= 1 << 26
		default:
			m |= 1 << (27 + uint(c)%37)
		}
	}
	return m
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// osa is the Damerau-Levenshtein distance in its optimal string alignment
// form (insert, delete, substitute, swap two neighbours), giving up with
// limit+1 once no alignment can stay within limit.
//
// buf is scratch space, grown as needed and returned for the next call.
func osa(a, b []rune, limit int, buf []int) (int, []int) {
	if abs(len(a)-len(b)) > limit {
		return limit + 1, buf
	}
	n := len(b) + 1
	if cap(buf) < 3*n {
		buf = make([]int, 3*n)
	}
	buf = buf[:3*n]
	prev2, prev, cur := buf[:n], buf[n:2*n], buf[2*n:]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		if rowMin > limit {
			return limit + 1, buf
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1), buf
}
