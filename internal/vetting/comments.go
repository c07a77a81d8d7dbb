package vetting

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// Labels the comment model gives.
const (
	LabelSpam    = "spam"
	LabelGenuine = "genuine"
)

// CommentParams is the JSON form of a fitted comment model: weights for cue
// features (standardised) and for tokens (present or not).
type CommentParams struct {
	Meta
	Cues   []Weight           `json:"cues"`
	Tokens map[string]float64 `json:"tokens"`
	CV     Evaluation         `json:"cv"`
}

// CommentModel classifies comments. It is safe for concurrent use.
type CommentModel struct {
	params CommentParams
	mean   [numCues]float64
	inv    [numCues]float64
	weight [numCues]float64
}

// CommentResult is the verdict on one comment.
type CommentResult struct {
	PSpam  float64
	Spam   bool
	Label  string // LabelSpam or LabelGenuine
	Intent Intent // what the comment wants, by rule; see Intent
}

// LoadCommentModel returns the model fitted on the public YouTube spam set
// that ships with Chorus.
func LoadCommentModel() (*CommentModel, error) {
	f, err := shipped.Open("params/comments.json")
	if err != nil {
		return nil, fmt.Errorf("load comment model: %w", err)
	}
	defer f.Close()
	return ReadCommentModel(f)
}

// ReadCommentModel reads parameters written by WriteJSON or `chorus vet train`.
func ReadCommentModel(r io.Reader) (*CommentModel, error) {
	var p CommentParams
	if err := json.NewDecoder(r).Decode(&p); err != nil {
		return nil, fmt.Errorf("read comment params: %w", err)
	}
	return newCommentModel(p)
}

func newCommentModel(p CommentParams) (*CommentModel, error) {
	if p.Kind != "comments" {
		return nil, fmt.Errorf("comment params: kind is %q, want \"comments\"", p.Kind)
	}
	if err := p.Meta.check(); err != nil {
		return nil, fmt.Errorf("comment params: %w", err)
	}
	m := &CommentModel{params: p}
	if err := loadWeights("comment params: cue", p.Cues, cueNames[:], m.mean[:], m.inv[:], m.weight[:]); err != nil {
		return nil, err
	}
	for t, w := range p.Tokens {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("comment params: token %q: weight is not finite", t)
		}
	}
	return m, nil
}

// Params returns the model's parameters.
func (m *CommentModel) Params() CommentParams { return m.params }

// WriteJSON writes the parameters in the form ReadCommentModel reads.
func (m *CommentModel) WriteJSON(w io.Writer) error { return writeParams(w, m.params) }

// Classify rates one comment and names its intent.
func (m *CommentModel) Classify(text string) CommentResult {
	norm := normalise(text)
	w := tokenWords(norm)
	d := commentDoc{grams: grams(w), cues: cues(text, norm, w)}
	r := CommentResult{PSpam: m.docProb(&d), Intent: intentOf(norm, w)}
	r.Spam = r.PSpam >= m.params.Threshold
	r.Label = LabelGenuine
	if r.Spam {
		r.Label = LabelSpam
	}
	return r
}
