package incrementality

import (
	"errors"
	"fmt"
	"math"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/chorushq/chorus/internal/conversions"
)

// Day is the store's orders on one calendar day (UTC date).
type Day struct {
	Date   time.Time
	Orders float64
}

// PrePostInput asks what a campaign added to the store's daily orders.
type PrePostInput struct {
	Pre      []Day // the weeks before the campaign: at least MinPreDays
	Campaign []Day // the campaign period
	Cost     int64 // the campaign's cost, minor units of Currency
	Currency string
	Level    float64 // of the intervals; zero: 0.95
}

// MinPreDays is the shortest baseline: three of each weekday, leaving 13
// degrees of freedom for the 8 coefficients.
const MinPreDays = 21

// PrePostResult is the counterfactual estimate over the campaign period.
type PrePostResult struct {
	Actual float64
	// Forecast is the baseline's prediction of the period's orders, with the
	// prediction interval of the actual orders had there been no campaign.
	Forecast, ForecastLow, ForecastHigh float64
	// Incremental = Actual - Forecast, with its interval.
	Incremental, IncrementalLow, IncrementalHigh float64
	// CPA = Cost / Incremental in minor units, with its interval. CPAHigh
	// is +Inf and CPA may be NaN when the interval of Incremental reaches 0.
	CPA, CPALow, CPAHigh float64
	Significant          bool
	// ResidualSD is the baseline's daily residual standard deviation;
	// DF its degrees of freedom.
	ResidualSD float64
	DF         int
	Verdict    string
}

// PrePost fits orders = a + b·t + Σ_d c_d·[weekday = d] (six weekday
// dummies, Sunday the base) by least squares on the pre-period, forecasts
// the campaign days, and takes the sum over the campaign of the difference.
// The prediction variance of the sum is σ²·(h + sᵀ(XᵀX)⁻¹s), with h the
// number of campaign days and s the sum of their design rows, and the
// interval uses Student's t with n - 8 degrees of freedom. It assumes
// independent, equally noisy days; weekly seasonality beyond weekdays,
// holidays and autocorrelation widen the true uncertainty.
func PrePost(in PrePostInput) (PrePostResult, error) {
	if in.Level == 0 {
		in.Level = 0.95
	}
	if err := in.validate(); err != nil {
		return PrePostResult{}, err
	}
	origin := in.Pre[0].Date
	n, p := len(in.Pre), 8
	x := mat.NewDense(n, p, nil)
	y := mat.NewVecDense(n, nil)
	for i, d := range in.Pre {
		x.SetRow(i, design(d.Date, origin))
		y.SetVec(i, d.Orders)
	}
	var xtx mat.SymDense
	xtx.SymOuterK(1, x.T())
	var chol mat.Cholesky
	if !chol.Factorize(&xtx) {
		return PrePostResult{}, errors.New("pre-period: the baseline cannot be fitted (every weekday must appear)")
	}
	var xty, beta mat.VecDense
	xty.MulVec(x.T(), y)
	if err := chol.SolveVecTo(&beta, &xty); err != nil {
		return PrePostResult{}, fmt.Errorf("pre-period: fitting the baseline: %w", err)
	}
	var fitted mat.VecDense
	fitted.MulVec(x, &beta)
	var rss float64
	for i := range n {
		e := y.AtVec(i) - fitted.AtVec(i)
		rss += e * e
	}
	df := n - p
	sigma2 := rss / float64(df)

	s := mat.NewVecDense(p, nil)
	var r PrePostResult
	for _, d := range in.Campaign {
		row := mat.NewVecDense(p, design(d.Date, origin))
		r.Forecast += mat.Dot(row, &beta)
		s.AddVec(s, row)
		r.Actual += d.Orders
	}
	var inv mat.VecDense
	if err := chol.SolveVecTo(&inv, s); err != nil {
		return PrePostResult{}, fmt.Errorf("forecast variance: %w", err)
	}
	h := float64(len(in.Campaign))
	se := math.Sqrt(sigma2 * (h + mat.Dot(s, &inv)))
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(1 - (1-in.Level)/2)

	r.ResidualSD, r.DF = math.Sqrt(sigma2), df
	r.ForecastLow, r.ForecastHigh = r.Forecast-q*se, r.Forecast+q*se
	r.Incremental = r.Actual - r.Forecast
	r.IncrementalLow, r.IncrementalHigh = r.Incremental-q*se, r.Incremental+q*se
	r.Significant = r.IncrementalLow > 0 || r.IncrementalHigh < 0
	cost := float64(in.Cost)
	r.CPA, r.CPALow, r.CPAHigh = math.NaN(), math.NaN(), math.Inf(1)
	if r.Incremental > 0 {
		r.CPA = cost / r.Incremental
		r.CPALow = cost / r.IncrementalHigh
	}
	if r.IncrementalLow > 0 {
		r.CPAHigh = cost / r.IncrementalLow
	}
	r.Verdict = r.verdict(in)
	return r, nil
}

// design is the row [1, t, Mon, Tue, Wed, Thu, Fri, Sat] of date, t being
// whole days since origin.
func design(date, origin time.Time) []float64 {
	row := make([]float64, 8)
	row[0] = 1
	row[1] = math.Round(date.Sub(origin).Hours() / 24)
	if wd := date.Weekday(); wd != time.Sunday {
		row[1+int(wd)] = 1
	}
	return row
}

func (in PrePostInput) validate() error {
	var errs []error
	if in.Level <= 0 || in.Level >= 1 {
		errs = append(errs, fmt.Errorf("level %g: must be between 0 and 1", in.Level))
	}
	if _, err := conversions.Exponent(in.Currency); err != nil {
		errs = append(errs, err)
	}
	if in.Cost < 0 {
		errs = append(errs, fmt.Errorf("cost %d: must not be negative", in.Cost))
	}
	if len(in.Pre) < MinPreDays {
		errs = append(errs, fmt.Errorf("pre-period: %d days, need at least %d", len(in.Pre), MinPreDays))
	}
	if len(in.Campaign) == 0 {
		errs = append(errs, errors.New("campaign period: no days"))
	}
	seen := map[string]string{}
	check := func(period string, ds []Day) {
		for i, d := range ds {
			key := d.Date.UTC().Format(time.DateOnly)
			if prev, ok := seen[key]; ok {
				errs = append(errs, fmt.Errorf("%s day %d: %s already given in the %s", period, i+1, key, prev))
			}
			seen[key] = period
			if d.Orders < 0 || math.IsNaN(d.Orders) || math.IsInf(d.Orders, 0) {
				errs = append(errs, fmt.Errorf("%s day %d (%s): orders %g", period, i+1, key, d.Orders))
			}
		}
	}
	check("pre-period", in.Pre)
	check("campaign period", in.Campaign)
	return errors.Join(errs...)
}

func (r PrePostResult) verdict(in PrePostInput) string {
	lvl := 100 * in.Level
	en := message.NewPrinter(language.English)
	if !r.Significant {
		return en.Sprintf("Not significant: the campaign period had %.0f orders against %.0f forecast; the %.0f%% interval of incremental orders, %.0f to %.0f, includes zero",
			r.Actual, r.Forecast, lvl, r.IncrementalLow, r.IncrementalHigh)
	}
	if r.Incremental < 0 {
		return en.Sprintf("Orders fell: %.0f fewer than forecast (%.0f%% interval %.0f to %.0f)", -r.Incremental, lvl, -r.IncrementalHigh, -r.IncrementalLow)
	}
	return en.Sprintf("The campaign added about %.0f orders (%.0f%% interval %.0f to %.0f); incremental CPA %s (%s to %s)",
		r.Incremental, lvl, r.IncrementalLow, r.IncrementalHigh, money(r.CPA, in.Currency), money(r.CPALow, in.Currency), money(r.CPAHigh, in.Currency))
}

func money(minor float64, currency string) string {
	s, err := conversions.FormatAmount(int64(math.Round(minor)), currency)
	if err != nil {
		return fmt.Sprintf("%.0f", minor)
	}
	return s + " " + currency
}
