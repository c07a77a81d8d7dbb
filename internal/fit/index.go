package fit

import (
	"cmp"
	"container/heap"
	"math"
	"slices"
	"sort"
)

// BM25 parameters: k1 sets how fast repeated terms saturate, b how much a
// long text is discounted. These are the usual defaults.
const (
	K1 = 1.2
	B  = 0.75
)

// Doc is one creator's own words.
type Doc struct {
	ID       string   `json:"id"`
	Bio      string   `json:"bio"`
	Captions []string `json:"captions"`
	Hashtags []string `json:"hashtags"` // with or without "#"
}

type posting struct {
	doc int32
	tf  int32
}

// Index is a BM25 index over creators' text, built once and queried many
// times. It is safe for concurrent queries.
type Index struct {
	ids      []string
	byID     map[string]int32
	lens     []int32
	avgLen   float64
	norm     []float64            // k1 x (1 - b + b x len/avgLen), per doc
	postings map[string][]posting // by term, ascending doc
	tk       tokenizer
}

// NewIndex indexes docs. It reads the corpus twice: once to learn the
// plain words that all-lowercase hashtags can be split into, once to index.
func NewIndex(docs []Doc) *Index {
	vocab := make(map[string]bool)
	for _, d := range docs {
		addVocab(vocab, d.Bio, false)
		for _, c := range d.Captions {
			addVocab(vocab, c, false)
		}
		for _, h := range d.Hashtags {
			addVocab(vocab, h, true)
		}
	}
	ix := &Index{
		ids:      make([]string, len(docs)),
		byID:     make(map[string]int32, len(docs)),
		lens:     make([]int32, len(docs)),
		postings: make(map[string][]posting),
		tk:       tokenizer{vocab: vocab},
	}
	var total int64
	tf := make(map[string]int32)
	for i, d := range docs {
		clear(tf)
		n := int32(0)
		emit := func(t string) { tf[t]++; n++ }
		ix.tk.terms(d.Bio, false, emit)
		for _, c := range d.Captions {
			ix.tk.terms(c, false, emit)
		}
		for _, h := range d.Hashtags {
			ix.tk.terms(h, true, emit)
		}
		ix.ids[i] = d.ID
		ix.byID[d.ID] = int32(i)
		ix.lens[i] = n
		total += int64(n)
		for t, c := range tf {
			ix.postings[t] = append(ix.postings[t], posting{int32(i), c})
		}
	}
	if len(docs) > 0 {
		ix.avgLen = float64(total) / float64(len(docs))
	}
	ix.norm = make([]float64, len(docs))
	for i, n := range ix.lens {
		ix.norm[i] = K1 * (1 - B + B*float64(n)/ix.avgLen)
	}
	return ix
}

// Len is the number of indexed creators.
func (ix *Index) Len() int { return len(ix.ids) }

// Query is what a brief asks for. Keywords weigh twice what words found
// only in the description do: the brief's author chose them.
type Query struct {
	Keywords    []string `json:"keywords"`
	Description string   `json:"description"`
}

const (
	keywordWeight     = 2.0
	descriptionWeight = 1.0
)

// queryTerm is one distinct term of a compiled query.
type queryTerm struct {
	term   string
	weight float64
	idf    float64
	list   []posting
}

// compile turns q into distinct weighted terms with their IDF and the best
// raw score any text could reach: each term's weight x IDF x (k1 + 1),
// the limit of BM25's term frequency part as the term repeats.
func (ix *Index) compile(q Query) ([]queryTerm, float64) {
	weights := make(map[string]float64)
	var order []string
	add := func(w float64) func(string) {
		return func(t string) {
			if _, ok := weights[t]; !ok {
				order = append(order, t)
			}
			weights[t] = max(weights[t], w)
		}
	}
	for _, k := range q.Keywords {
		ix.tk.terms(k, true, add(keywordWeight))
	}
	ix.tk.terms(q.Description, false, add(descriptionWeight))
	n := float64(len(ix.ids))
	terms := make([]queryTerm, len(order))
	var best float64
	for i, t := range order {
		list := ix.postings[t]
		df := float64(len(list))
		// Lucene's IDF: never negative, even for a term in most texts.
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		terms[i] = queryTerm{t, weights[t], idf, list}
		best += weights[t] * idf * (K1 + 1)
	}
	return terms, best
}

// part is one term's BM25 contribution to doc.
func (ix *Index) part(qt queryTerm, tf int32, doc int32) float64 {
	f := float64(tf)
	return qt.weight * qt.idf * f * (K1 + 1) / (f + ix.norm[doc])
}

// TermContribution is one query term's share of a creator's niche fit.
type TermContribution struct {
	Term   string  `json:"term"`
	TF     int     `json:"tf"`
	IDF    float64 `json:"idf"`
	Weight float64 `json:"weight"`
	// Points is this term's part of Score; the Points of a Match sum to
	// its Score.
	Points float64 `json:"points"`
}

// Match is a creator's niche fit to a query.
type Match struct {
	ID string `json:"id"`
	// Score is the BM25 score over the best any text could reach for this
	// query, 0..1.
	Score float64 `json:"score"`
	Raw   float64 `json:"raw"`
	Best  float64 `json:"best"`
	// Terms are the query terms the creator's text holds, largest first.
	Terms []TermContribution `json:"terms"`
	// Absent are the query terms it does not hold.
	Absent []string `json:"absent,omitempty"`
}

// Search returns the limit best-fitting creators, best first (ties by
// index order). Only creators holding at least one query term are scored.
func (ix *Index) Search(q Query, limit int) []Match {
	terms, best := ix.compile(q)
	if limit <= 0 || best == 0 {
		return nil
	}
	// A dense accumulator beats a map by far when common terms touch
	// most of the corpus; touched keeps collecting cheap when they do not.
	scores := make([]float64, len(ix.ids))
	var touched []int32
	for _, qt := range terms {
		for _, p := range qt.list {
			if scores[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			scores[p.doc] += ix.part(qt, p.tf, p.doc)
		}
	}
	hits := topK(touched, scores, limit)
	out := make([]Match, len(hits))
	for i, h := range hits {
		out[i] = ix.explain(terms, best, h)
	}
	return out
}

// Match scores one creator by ID against q; ok is false for an unknown ID.
func (ix *Index) Match(id string, q Query) (Match, bool) {
	d, ok := ix.byID[id]
	if !ok {
		return Match{}, false
	}
	terms, best := ix.compile(q)
	return ix.explain(terms, best, d), true
}

// explain scores doc term by term.
func (ix *Index) explain(terms []queryTerm, best float64, doc int32) Match {
	m := Match{ID: ix.ids[doc], Best: best}
	for _, qt := range terms {
		i := sort.Search(len(qt.list), func(i int) bool { return qt.list[i].doc >= doc })
		if i == len(qt.list) || qt.list[i].doc != doc {
			m.Absent = append(m.Absent, qt.term)
			continue
		}
		raw := ix.part(qt, qt.list[i].tf, doc)
		m.Raw += raw
		m.Terms = append(m.Terms, TermContribution{Term: qt.term, TF: int(qt.list[i].tf), IDF: qt.idf, Weight: qt.weight, Points: raw / best})
	}
	if best > 0 {
		m.Score = m.Raw / best
	}
	slices.SortStableFunc(m.Terms, func(a, b TermContribution) int { return cmp.Compare(b.Points, a.Points) })
	return m
}

// topK returns the k docs of touched with the highest scores, best first,
// ties broken by lower doc; a heap of k keeps it O(n log k).
func topK(touched []int32, scores []float64, k int) []int32 {
	h := &minHeap{scores: scores}
	for _, d := range touched {
		if len(h.docs) < k {
			heap.Push(h, d)
		} else if h.less(h.docs[0], d) {
			h.docs[0] = d
			heap.Fix(h, 0)
		}
	}
	out := h.docs
	slices.SortFunc(out, func(a, b int32) int {
		if h.less(a, b) {
			return 1
		}
		if h.less(b, a) {
			return -1
		}
		return 0
	})
	return out
}

// minHeap keeps the worst kept doc on top.
type minHeap struct {
	docs   []int32
	scores []float64
}

// less reports whether a ranks below b: a lower score, or the same score
// and a later doc.
func (h *minHeap) less(a, b int32) bool {
	if h.scores[a] != h.scores[b] {
		return h.scores[a] < h.scores[b]
	}
	return a > b
}

func (h *minHeap) Len() int           { return len(h.docs) }
func (h *minHeap) Less(i, j int) bool { return h.less(h.docs[i], h.docs[j]) }
func (h *minHeap) Swap(i, j int)      { h.docs[i], h.docs[j] = h.docs[j], h.docs[i] }
func (h *minHeap) Push(x any)         { h.docs = append(h.docs, x.(int32)) }
func (h *minHeap) Pop() any {
	x := h.docs[len(h.docs)-1]
	h.docs = h.docs[:len(h.docs)-1]
	return x
}
