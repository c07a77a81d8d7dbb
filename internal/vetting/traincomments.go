package vetting

import (
	"errors"
	"fmt"
	"math"
)

// Comment-model defaults, chosen by leave-one-video-out validation
// (docs/models.md).
const (
	defaultCommentLambda = 0.003
	minTokenDocs         = 2 // a token seen once is noise
	minTokenWeight       = 0.1
)

// commentDoc is a comment reduced to its features.
type commentDoc struct {
	grams  []string
	cues   [numCues]float64
	spam   bool
	set    int
	weight float64
}

func newCommentDoc(text string) commentDoc {
	norm := normalise(text)
	w := tokenWords(norm)
	return commentDoc{grams: grams(w), cues: cues(text, norm, w)}
}

// TrainComments fits the comment model. With two or more sets (videos) it
// validates leave-one-set-out, the honest test for comments on a video the
// model has not seen; with one it uses stratified k-fold. Each set weighs the
// same and, within a set, spam and genuine weigh the same. The threshold
// maximises the mean F1 over held-out sets.
func TrainComments(sets []CommentSet, opt TrainOptions) (*CommentModel, error) {
	opt = opt.withDefaults(defaultCommentLambda)
	if len(sets) == 0 {
		return nil, errors.New("train comments: no data sets")
	}
	var docs []commentDoc
	var sources []DataSet
	for si, s := range sets {
		wSpam, wGenuine, err := balance(s.Source, LabelSpam, LabelGenuine)
		if err != nil {
			return nil, fmt.Errorf("train comments: %w", err)
		}
		for _, c := range s.Comments {
			d := newCommentDoc(c.Text)
			d.spam, d.set, d.weight = c.Spam, si, wGenuine
			if c.Spam {
				d.weight = wSpam
			}
			docs = append(docs, d)
		}
		sources = append(sources, uniqueName(s.Source, sources))
	}

	// Hold out one set at a time, or one fold at a time when there is one set.
	fold := make([]int, len(docs))
	nfolds := len(sets)
	method := "leave-one-set-out (train on the others, test on the held-out set)"
	if len(sets) == 1 {
		spam := make([]bool, len(docs))
		for i, d := range docs {
			spam[i] = d.spam
		}
		fold, nfolds = stratifiedFolds(spam, opt.Folds, opt.Seed), opt.Folds
		method = fmt.Sprintf("%d-fold stratified cross-validation (seed %d)", opt.Folds, opt.Seed)
	} else {
		for i, d := range docs {
			fold[i] = d.set
		}
	}
	oof := make([]float64, len(docs))
	for f := range nfolds {
		var train []commentDoc
		for i, d := range docs {
			if fold[i] != f {
				train = append(train, d)
			}
		}
		p, err := fitComments(train, opt.Lambda)
		if err != nil {
			return nil, fmt.Errorf("fold %d: %w", f+1, err)
		}
		p.Kind, p.Threshold = "comments", 0.5
		m, err := newCommentModel(p)
		if err != nil {
			return nil, err
		}
		for i, d := range docs {
			if fold[i] == f {
				oof[i] = m.docProb(&d)
			}
		}
	}
	v := heldOut{p: oof, truth: make([]bool, len(docs)), set: make([]int, len(docs))}
	for i, d := range docs {
		v.truth[i], v.set[i] = d.spam, d.set
	}
	threshold, cv := v.evaluate(sources, method)

	p, err := fitComments(docs, opt.Lambda)
	if err != nil {
		return nil, err
	}
	p.Meta = Meta{Kind: "comments", Version: 1, TrainedAt: opt.Now, Data: sources, Lambda: opt.Lambda, Threshold: threshold, Intercept: p.Intercept}
	p.CV = cv
	return newCommentModel(p)
}

func (m *CommentModel) docProb(d *commentDoc) float64 {
	z := m.params.Intercept
	for i, v := range d.cues {
		z += m.weight[i] * (v - m.mean[i]) * m.inv[i]
	}
	for _, t := range d.grams {
		z += m.params.Tokens[t]
	}
	return sigmoid(z)
}

// fitComments builds the vocabulary from docs, fits, and prunes tokens whose
// weight is too small to matter.
func fitComments(docs []commentDoc, lambda float64) (CommentParams, error) {
	df := map[string]int{}
	for _, d := range docs {
		for _, t := range d.grams {
			df[t]++
		}
	}
	index := map[string]int32{}
	var vocab []string
	for _, d := range docs {
		for _, t := range d.grams {
			if _, ok := index[t]; !ok && df[t] >= minTokenDocs {
				index[t] = int32(numCues + len(vocab))
				vocab = append(vocab, t)
			}
		}
	}
	var ws [numCues]Weight
	for j := range ws {
		var sum, sq float64
		for _, d := range docs {
			sum += d.cues[j]
			sq += d.cues[j] * d.cues[j]
		}
		n := float64(len(docs))
		ws[j] = Weight{Name: cueNames[j], Mean: sum / n, Scale: 1}
		if v := sq/n - ws[j].Mean*ws[j].Mean; v > 1e-12 {
			ws[j].Scale = math.Sqrt(v)
		}
	}
	ex := make([]example, len(docs))
	for i, d := range docs {
		x := make([]entry, 0, numCues+len(d.grams))
		for j := range ws {
			x = append(x, entry{int32(j), (d.cues[j] - ws[j].Mean) / ws[j].Scale})
		}
		for _, t := range d.grams {
			if j, ok := index[t]; ok {
				x = append(x, entry{j, 1})
			}
		}
		ex[i] = example{x: x, y: b2f(d.spam), weight: d.weight}
	}
	w, b, err := fitLogistic(ex, numCues+len(vocab), lambda)
	if err != nil {
		return CommentParams{}, fmt.Errorf("train comments: %w", err)
	}
	p := CommentParams{Tokens: map[string]float64{}, Meta: Meta{Intercept: round6(b)}}
	for j := range ws {
		ws[j].Weight = round6(w[j])
		ws[j].Mean, ws[j].Scale = round6(ws[j].Mean), round6(ws[j].Scale)
		p.Cues = append(p.Cues, ws[j])
	}
	for k, t := range vocab {
		if v := w[numCues+k]; math.Abs(v) >= minTokenWeight {
			p.Tokens[t] = round6(v)
		}
	}
	return p, nil
}
