package chart

import (
	"math"
	"strconv"
	"strings"
)

// UnitKind is how values read.
type UnitKind int

const (
	Number  UnitKind = iota
	Percent          // values are fractions: 0.053 reads "5.3%"
	Money            // values are major units: 12.5 EUR reads "€12.50"
)

// Unit says how to show values. Charts take float64 because they only draw:
// callers convert money from int64 minor units with MajorUnits, and nothing
// drawn is summed back.
type Unit struct {
	Kind     UnitKind
	Currency string // ISO 4217, for Money
	Label    string // for Number: "clicks"; shown after values in tooltips
}

// MajorUnits converts an amount in minor units to major units for drawing.
func MajorUnits(minor int64, currency string) float64 {
	return float64(minor) / math.Pow(10, float64(currencyDecimals(currency)))
}

func currencyDecimals(code string) int {
	switch strings.ToUpper(code) {
	case "JPY", "KRW", "ISK", "CLP", "VND", "HUF":
		return 0
	case "BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD":
		return 3
	}
	return 2
}

func currencySymbol(code string) (sym string, ok bool) {
	switch strings.ToUpper(code) {
	case "EUR":
		return "€", true
	case "USD":
		return "$", true
	case "GBP":
		return "£", true
	case "JPY":
		return "¥", true
	}
	return "", false
}

// Value formats v exactly enough for a tooltip: money to the cent, percent
// to a tenth, numbers to two decimals at most.
func (u Unit) Value(v float64) string {
	switch u.Kind {
	case Percent:
		return number(v*100, 1, true) + "%"
	case Money:
		return u.money(number(math.Abs(v), currencyDecimals(u.Currency), false), v < 0)
	}
	s := number(v, 2, true)
	if u.Label != "" {
		s += " " + u.Label
	}
	return s
}

// tickLabels formats axis values given the step between them: only the
// decimals the step needs, and thousands as "k", millions as "M" when the
// largest tick reaches 10,000 or 1,000,000, the same for every tick.
func (u Unit) tickLabels(ticks []float64, step float64) []string {
	mul := 1.0
	if u.Kind == Percent {
		mul = 100
	}
	top := step * mul
	for _, v := range ticks {
		top = math.Max(top, math.Abs(v*mul))
	}
	div, suffix := 1.0, ""
	switch {
	case top >= 1e6:
		div, suffix = 1e6, "M"
	case top >= 1e4:
		div, suffix = 1e3, "k"
	}
	dec := decimalsFor(step * mul / div)
	labels := make([]string, len(ticks))
	for i, v := range ticks {
		v = v * mul / div
		s := number(math.Abs(v), dec, false) + suffix
		if v == 0 {
			s = "0" // not "0.0k"
		}
		switch u.Kind {
		case Percent:
			s = sign(v) + s + "%"
		case Money:
			s = u.money(s, v < 0)
		default:
			s = sign(v) + s
		}
		labels[i] = s
	}
	return labels
}

func sign(v float64) string {
	if v < 0 {
		return "-"
	}
	return ""
}

func (u Unit) money(amount string, negative bool) string {
	neg := ""
	if negative {
		neg = "-"
	}
	if sym, ok := currencySymbol(u.Currency); ok {
		return neg + sym + amount
	}
	return neg + amount + " " + strings.ToUpper(u.Currency)
}

// number formats v with dec decimals and thousands separators; trim drops
// trailing zeros ("2.50" -> "2.5", "3.00" -> "3").
func number(v float64, dec int, trim bool) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if trim {
		frac = strings.TrimRight(frac, "0")
	}
	var b strings.Builder
	if neg && strings.Trim(whole+frac, "0") != "" {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
