package ops

import (
	"fmt"
	"slices"
	"strings"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/compliance"
)

// Format is a kind of content a brief may ask for.
type Format struct {
	Key   string
	Label string
}

// Formats are the content formats a brief can ask for, in the order shown.
var Formats = []Format{
	{"demo", "Demo or tutorial"},
	{"day_in_the_life", "Day in the life"},
	{"before_after", "Before/after"},
	{"review", "Honest pros/cons review"},
	{"ugc_story", "UGC-style story"},
}

// FormatLabel is the label of a format key, or the key itself when unknown.
func FormatLabel(key string) string {
	for _, f := range Formats {
		if f.Key == key {
			return f.Label
		}
	}
	return key
}

// ValidateBrief checks the parts of a brief that come from fixed lists:
// the formats and the claim categories.
func ValidateBrief(b campaigns.Brief) []campaigns.FieldError {
	var errs []campaigns.FieldError
	for _, f := range b.Formats {
		if !slices.ContainsFunc(Formats, func(x Format) bool { return x.Key == f }) {
			keys := make([]string, len(Formats))
			for i, x := range Formats {
				keys[i] = x.Key
			}
			errs = append(errs, campaigns.FieldError{Field: "formats", Msg: fmt.Sprintf("%q is not one of %s", f, strings.Join(keys, ", "))})
		}
	}
	cats := compliance.DefaultCategories()
	for _, c := range b.ClaimCategories {
		if !slices.Contains(cats, c) {
			errs = append(errs, campaigns.FieldError{Field: "claim_categories", Msg: fmt.Sprintf("%q is not one of %s", c, strings.Join(cats, ", "))})
		}
	}
	return errs
}
