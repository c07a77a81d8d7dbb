package vetting

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// TrainOptions tune a fit. The zero value picks the defaults the shipped
// parameters were fitted with.
type TrainOptions struct {
	Lambda float64   // L2 strength; 0 means the model's default
	Folds  int       // cross-validation folds; 0 means 5
	Seed   uint64    // fold shuffle
	Now    time.Time // stamped into the params; zero means time.Now
}

// Defaults, chosen by cross-validation across data sets (docs/models.md).
const (
	defaultAccountLambda = 0.01
	defaultFolds         = 5
)

func (o TrainOptions) withDefaults(lambda float64) TrainOptions {
	if o.Lambda <= 0 {
		o.Lambda = lambda
	}
	if o.Folds <= 1 {
		o.Folds = defaultFolds
	}
	if o.Now.IsZero() {
		o.Now = time.Now().UTC()
	}
	return o
}

// accountRow is a profile reduced to its features, with its set and weight.
type accountRow struct {
	f      accountFacts
	fake   bool
	set    int
	weight float64
}

// TrainAccounts fits the account model on labelled sets. Every set weighs
// the same in the fit and, within a set, fakes and reals weigh the same: the
// share of fakes differs wildly between samples (17% in InstaFake, 50% in
// Kaggle) and says nothing about the next audience. The threshold is the one
// that maximises the mean F1 over sets on out-of-fold predictions, and the
// cross-validated metrics are stored in the params.
func TrainAccounts(sets []AccountSet, opt TrainOptions) (*AccountModel, error) {
	opt = opt.withDefaults(defaultAccountLambda)
	if len(sets) == 0 {
		return nil, errors.New("train accounts: no data sets")
	}
	var rows []accountRow
	var sources []DataSet
	for si, s := range sets {
		wFake, wReal, err := balance(s.Source, LabelFake, LabelReal)
		if err != nil {
			return nil, fmt.Errorf("train accounts: %w", err)
		}
		for _, p := range s.Profiles {
			w := wReal
			if p.Fake {
				w = wFake
			}
			rows = append(rows, accountRow{f: facts(&p.Profile), fake: p.Fake, set: si, weight: w})
		}
		sources = append(sources, uniqueName(s.Source, sources))
	}

	oof, err := crossValidateAccounts(rows, opt)
	if err != nil {
		return nil, err
	}
	v := heldOut{p: oof, truth: make([]bool, len(rows)), set: make([]int, len(rows))}
	for i, r := range rows {
		v.truth[i], v.set[i] = r.fake, r.set
	}
	threshold, cv := v.evaluate(sources, fmt.Sprintf("%d-fold stratified cross-validation (seed %d)", opt.Folds, opt.Seed))

	p, err := fitAccounts(rows, opt.Lambda)
	if err != nil {
		return nil, err
	}
	p.Meta = Meta{Kind: "accounts", Version: 1, TrainedAt: opt.Now, Data: sources, Lambda: opt.Lambda, Threshold: threshold, Intercept: p.Intercept}
	p.CV = cv
	return newAccountModel(p)
}

// balance returns the weights of a positive and a negative row of set s so
// that each class of each set weighs one half in the fit.
func balance(s DataSet, positive, negative string) (wPos, wNeg float64, err error) {
	pos, neg := s.Positives, s.Rows-s.Positives
	if pos == 0 || neg == 0 {
		return 0, 0, fmt.Errorf("%s needs both %s and %s rows (has %d %s, %d %s)", s.File, positive, negative, pos, positive, neg, negative)
	}
	return 1 / (2 * float64(pos)), 1 / (2 * float64(neg)), nil
}

// uniqueName renames a set whose name is taken (two InstaFake-format files)
// to its file name, so metrics per set do not merge.
func uniqueName(s DataSet, have []DataSet) DataSet {
	for _, h := range have {
		if h.Name == s.Name {
			s.Name = s.File
		}
	}
	return s
}

// crossValidateAccounts returns each row's out-of-fold probability of fake.
func crossValidateAccounts(rows []accountRow, opt TrainOptions) ([]float64, error) {
	// Stratify by set and label together, so every fold looks like the whole.
	strata := map[[2]int][]int{}
	for i, r := range rows {
		k := [2]int{r.set, int(b2f(r.fake))}
		strata[k] = append(strata[k], i)
	}
	fold := make([]int, len(rows))
	for k, idx := range strata {
		pos := make([]bool, len(idx))
		for j, f := range stratifiedFolds(pos, opt.Folds, opt.Seed+uint64(k[0]*2+k[1])) {
			fold[idx[j]] = f
		}
	}
	oof := make([]float64, len(rows))
	for f := range opt.Folds {
		var train []accountRow
		for i, r := range rows {
			if fold[i] != f {
				train = append(train, r)
			}
		}
		p, err := fitAccounts(train, opt.Lambda)
		if err != nil {
			return nil, fmt.Errorf("fold %d: %w", f+1, err)
		}
		p.Meta.Kind, p.Meta.Threshold = "accounts", 0.5
		m, err := newAccountModel(p)
		if err != nil {
			return nil, err
		}
		for i, r := range rows {
			if fold[i] == f {
				oof[i] = m.prob(&r.f)
			}
		}
	}
	return oof, nil
}

// prob is the probability of fake for extracted facts.
func (m *AccountModel) prob(f *accountFacts) float64 {
	z := m.params.Intercept
	for i := range f.x {
		if f.known[i] {
			z += m.weight[i] * (f.x[i] - m.mean[i]) * m.inv[i]
		}
	}
	return sigmoid(z)
}

// fitAccounts standardises the features on rows where they are known and
// fits the weights. A feature never known in rows gets weight 0.
func fitAccounts(rows []accountRow, lambda float64) (AccountParams, error) {
	var ws [numAccountFeatures]Weight
	for j := range ws {
		var n, sum, sq float64
		for _, r := range rows {
			if r.f.known[j] {
				n++
				sum += r.f.x[j]
				sq += r.f.x[j] * r.f.x[j]
			}
		}
		ws[j] = Weight{Name: accountFeatureNames[j], Scale: 1}
		if n > 0 {
			ws[j].Mean = sum / n
			if v := sq/n - ws[j].Mean*ws[j].Mean; v > 1e-12 {
				ws[j].Scale = math.Sqrt(v)
			}
		}
	}
	ex := make([]example, len(rows))
	for i, r := range rows {
		x := make([]entry, 0, numAccountFeatures)
		for j := range ws {
			if r.f.known[j] {
				x = append(x, entry{int32(j), (r.f.x[j] - ws[j].Mean) / ws[j].Scale})
			}
		}
		ex[i] = example{x: x, y: b2f(r.fake), weight: r.weight}
	}
	w, b, err := fitLogistic(ex, numAccountFeatures, lambda)
	if err != nil {
		return AccountParams{}, fmt.Errorf("train accounts: %w", err)
	}
	var p AccountParams
	for j := range ws {
		ws[j].Weight = round6(w[j])
		ws[j].Mean, ws[j].Scale = round6(ws[j].Mean), round6(ws[j].Scale)
		p.Features = append(p.Features, ws[j])
	}
	p.Intercept = round6(b)
	return p, nil
}

// round6 keeps params files readable; six digits is far below any effect.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
