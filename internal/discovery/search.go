package discovery

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/store"
)

// Searcher finds creators. *store.DB implements it on both engines; the
// engines differ only in store's textMatch helper.
type Searcher interface {
	SearchCreators(ctx context.Context, ws int64, f store.SearchFilter) ([]store.SearchHit, bool, error)
}

var _ Searcher = (*store.DB)(nil)

// FieldError is one bad filter value.
type FieldError struct {
	Field string `json:"field"`
	Msg   string `json:"message"`
}

// MaxLimit is the largest page a search returns.
const MaxLimit = 200

// ParseFilter reads a search from query parameters: q, platform, tier
// (repeatable or comma-separated), min_followers, max_followers, min_er and
// max_er (percent), country with min_country_share (percent), tag
// (repeatable or comma-separated), min_real (percent of real followers),
// min_score (0-100), sort (score, followers, er, real_share, name), order
// (asc, desc), limit, page. Every bad value is reported.
func ParseFilter(v url.Values) (store.SearchFilter, []FieldError) {
	var f store.SearchFilter
	var errs []FieldError
	bad := func(field, format string, a ...any) {
		errs = append(errs, FieldError{field, fmt.Sprintf(format, a...)})
	}
	f.Text = strings.TrimSpace(v.Get("q"))
	if p := strings.ToLower(strings.TrimSpace(v.Get("platform"))); p != "" {
		if !slices.Contains(creators.Platforms, p) {
			bad("platform", "%q is not one of %s", p, strings.Join(creators.Platforms, ", "))
		}
		f.Platform = p
	}
	tiers := engagement.AllTiers()
	for _, t := range list(v["tier"]) {
		if !slices.Contains(tiers[:], engagement.Tier(t)) {
			bad("tier", "%q is not one of nano, micro, mid, macro, mega", t)
			continue
		}
		f.Tiers = append(f.Tiers, t)
	}
	f.Tags = list(v["tag"])
	intField := func(name string) int64 {
		s := strings.ReplaceAll(strings.TrimSpace(v.Get(name)), ",", "")
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			bad(name, "%q is not a whole number of at least 0", v.Get(name))
			return 0
		}
		return n
	}
	f.MinFollowers, f.MaxFollowers = intField("min_followers"), intField("max_followers")
	if f.MaxFollowers > 0 && f.MinFollowers > f.MaxFollowers {
		bad("max_followers", "%d is below min_followers %d", f.MaxFollowers, f.MinFollowers)
	}
	// pct reads a percentage and returns it as a share (0..1), or as is
	// when scale is 1.
	pct := func(name string, hi, scale float64) *float64 {
		s := strings.TrimSuffix(strings.TrimSpace(v.Get(name)), "%")
		if s == "" {
			return nil
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || x < 0 || x > hi || x != x {
			bad(name, "%q is not a number from 0 to %g", v.Get(name), hi)
			return nil
		}
		x /= scale
		return &x
	}
	f.MinER, f.MaxER = pct("min_er", 100, 100), pct("max_er", 100, 100)
	if f.MinER != nil && f.MaxER != nil && *f.MinER > *f.MaxER {
		bad("max_er", "is below min_er")
	}
	f.MinRealShare = pct("min_real", 100, 100)
	f.MinScore = pct("min_score", 100, 1)
	if c := strings.TrimSpace(v.Get("country")); c != "" {
		if len(c) != 2 {
			bad("country", "%q is not a two-letter country code", c)
		}
		f.Country = strings.ToUpper(c)
		if s := pct("min_country_share", 100, 100); s != nil {
			f.MinCountryShare = *s
		}
	} else if v.Get("min_country_share") != "" {
		bad("country", "is required with min_country_share")
	}
	f.Sort = v.Get("sort")
	if f.Sort != "" && !slices.Contains(store.SortKeys, f.Sort) {
		bad("sort", "%q is not one of %s", f.Sort, strings.Join(store.SortKeys, ", "))
	}
	switch v.Get("order") {
	case "", "desc":
	case "asc":
		f.Asc = true
	default:
		bad("order", "%q is not asc or desc", v.Get("order"))
	}
	f.Limit = int(intField("limit"))
	if f.Limit == 0 {
		f.Limit = 50
	} else if f.Limit > MaxLimit {
		bad("limit", "%d is above %d", f.Limit, MaxLimit)
	}
	if page := intField("page"); page > 1 {
		f.Offset = int(page-1) * f.Limit
	}
	return f, errs
}

// list flattens repeated and comma-separated values, lower-cased.
func list(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.ToLower(strings.TrimSpace(p)); p != "" && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}
