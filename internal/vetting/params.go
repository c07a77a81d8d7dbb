package vetting

import (
	"embed"
	"fmt"
	"math"
	"slices"
	"time"
)

// The shipped parameters; refit with `chorus vet train` (see docs/models.md).
//
//go:embed params/accounts.json params/comments.json
var shipped embed.FS

// DataSet says what a parameter set was fitted on, so its licence travels
// with it.
type DataSet struct {
	Name      string `json:"name"`
	File      string `json:"file"`
	Rows      int    `json:"rows"`
	Positives int    `json:"positives"`
	Licence   string `json:"licence"`
	Citation  string `json:"citation,omitempty"`
}

// Weight is one fitted feature: the model uses weight·(x-mean)/scale, and a
// feature that is unknown for a profile is taken to be at its mean, so it
// adds nothing.
type Weight struct {
	Name   string  `json:"name"`
	Mean   float64 `json:"mean"`
	Scale  float64 `json:"scale"`
	Weight float64 `json:"weight"`
}

// Evaluation is cross-validated quality recorded with the parameters.
type Evaluation struct {
	Method string             `json:"method"`
	Sets   map[string]Metrics `json:"sets"`
	Pooled Metrics            `json:"pooled"`
}

// Meta is what every parameter file carries besides the numbers.
type Meta struct {
	Kind      string    `json:"kind"` // "accounts" or "comments"
	Version   int       `json:"version"`
	TrainedAt time.Time `json:"trained_at"`
	Data      []DataSet `json:"data"`
	Lambda    float64   `json:"lambda"`
	Threshold float64   `json:"threshold"`
	Intercept float64   `json:"intercept"`
}

// Known public data sets, recognised by their format when training.
var (
	instaFakeSet = DataSet{Name: "instafake", Licence: "CC BY-NC 4.0 (non-commercial)",
		Citation: `Akyon & Kalfaoglu, "Instagram Fake and Automated Account Detection", ASYU 2019, arXiv:1910.03090; github.com/fcakyon/instafake-dataset`}
	kaggleSet = DataSet{Name: "kaggle-instagram", Licence: "not stated by the publisher",
		Citation: `B. Bakhshandeh, "Instagram fake spammer genuine accounts", Kaggle`}
	youtubeSet = DataSet{Name: "youtube-spam", Licence: "CC BY 4.0 (UCI Machine Learning Repository)",
		Citation: `Alberto, Lochter & Almeida, "TubeSpam: Comment Spam Filtering on YouTube", ICMLA 2015`}
	ownSet = DataSet{Licence: "supplied by the user"}
)

func (m Meta) check() error {
	if !(m.Threshold > 0 && m.Threshold < 1) {
		return fmt.Errorf("threshold %v is not inside 0..1", m.Threshold)
	}
	if math.IsNaN(m.Intercept) || math.IsInf(m.Intercept, 0) {
		return fmt.Errorf("intercept %v is not finite", m.Intercept)
	}
	return nil
}

// loadWeights checks ws and copies them by name into the model's arrays,
// which are parallel to names. A feature missing from ws keeps weight 0.
func loadWeights(what string, ws []Weight, names []string, mean, inv, weight []float64) error {
	for i := range inv {
		inv[i] = 1
	}
	for _, w := range ws {
		i := slices.Index(names, w.Name)
		if i < 0 {
			return fmt.Errorf("%s %q is unknown", what, w.Name)
		}
		if !(w.Scale > 0) || math.IsInf(w.Scale, 0) || math.IsNaN(w.Mean) || math.IsInf(w.Mean, 0) || math.IsNaN(w.Weight) || math.IsInf(w.Weight, 0) {
			return fmt.Errorf("%s %q: scale must be > 0 and all numbers finite", what, w.Name)
		}
		mean[i], inv[i], weight[i] = w.Mean, 1/w.Scale, w.Weight
	}
	return nil
}
