package vetting

import (
	"math"
	"unicode"
	"unicode/utf8"
)

// Account features. Every one is a property any platform shows on a profile
// page, and counts enter as logarithms, so the weights carry over between
// platforms and between a nano account and a mega one.
const (
	featFollowers      = iota // log(1+followers)
	featFollowRatio           // log((1+following)/(1+followers))
	featPosts                 // log(1+posts)
	featProfilePic            // 1 has a profile picture
	featPrivate               // 1 private
	featBioLength             // log(1+characters of biography)
	featUserDigitShare        // digits / characters of username
	featUserLength            // characters of username
	featExternalURL           // 1 has a link in the profile
	featNameWords             // words in the full name
	featNameIsUser            // 1 full name equals username
	featNameDigitShare        // digits / characters of full name
	numAccountFeatures
)

// accountFeatureNames are the names in the params file, in feature order.
var accountFeatureNames = [numAccountFeatures]string{
	"log_followers", "log_follow_ratio", "log_posts", "has_profile_pic", "is_private",
	"log_bio_length", "username_digit_share", "username_length", "has_external_url",
	"full_name_words", "name_equals_username", "full_name_digit_share",
}

// accountFacts are the raw facts of one profile, with which are known. The
// reasons are phrased from these, not from the transformed features.
type accountFacts struct {
	known                       [numAccountFeatures]bool
	x                           [numAccountFeatures]float64
	followers, following, posts float64
	bioLength                   float64
}

// facts extracts the features of p without allocating: scoring a million
// profiles must stay cheap.
func facts(p *Profile) accountFacts {
	var f accountFacts
	set := func(i int, v float64) { f.x[i], f.known[i] = v, true }
	if p.FollowerCount != nil {
		f.followers = float64(*p.FollowerCount)
		set(featFollowers, math.Log1p(f.followers))
	}
	if p.FollowingCount != nil {
		f.following = float64(*p.FollowingCount)
	}
	if p.FollowerCount != nil && p.FollowingCount != nil {
		set(featFollowRatio, math.Log((1+f.following)/(1+f.followers)))
	}
	if p.MediaCount != nil {
		f.posts = float64(*p.MediaCount)
		set(featPosts, math.Log1p(f.posts))
	}
	if p.HasProfilePic != nil {
		set(featProfilePic, b2f(*p.HasProfilePic))
	}
	if p.IsPrivate != nil {
		set(featPrivate, b2f(*p.IsPrivate))
	}
	switch {
	case p.Biography != nil:
		f.bioLength = float64(utf8.RuneCountInString(*p.Biography))
		set(featBioLength, math.Log1p(f.bioLength))
	case p.BiographyLength != nil:
		f.bioLength = float64(*p.BiographyLength)
		set(featBioLength, math.Log1p(f.bioLength))
	}
	switch {
	case p.Username != nil:
		n, d := shape(*p.Username)
		set(featUserLength, float64(n))
		set(featUserDigitShare, share(d, n))
	default:
		if p.UsernameLength != nil {
			set(featUserLength, float64(*p.UsernameLength))
		}
		switch {
		case p.UsernameDigitShare != nil:
			set(featUserDigitShare, *p.UsernameDigitShare)
		case p.UsernameDigitCount != nil && p.UsernameLength != nil:
			set(featUserDigitShare, share(int(*p.UsernameDigitCount), int(*p.UsernameLength)))
		}
	}
	switch {
	case p.ExternalURL != nil:
		set(featExternalURL, b2f(*p.ExternalURL != ""))
	case p.HasExternalURL != nil:
		set(featExternalURL, b2f(*p.HasExternalURL))
	}
	switch {
	case p.FullName != nil:
		n, d := shape(*p.FullName)
		set(featNameWords, float64(words(*p.FullName)))
		set(featNameDigitShare, share(d, n))
	default:
		if p.FullNameWords != nil {
			set(featNameWords, float64(*p.FullNameWords))
		}
		switch {
		case p.FullNameDigitShare != nil:
			set(featNameDigitShare, *p.FullNameDigitShare)
		case p.FullNameDigitCount != nil && p.FullNameLength != nil:
			set(featNameDigitShare, share(int(*p.FullNameDigitCount), int(*p.FullNameLength)))
		}
	}
	switch {
	case p.FullName != nil && p.Username != nil:
		set(featNameIsUser, b2f(sameName(*p.FullName, *p.Username)))
	case p.NameEqualsUsername != nil:
		set(featNameIsUser, b2f(*p.NameEqualsUsername))
	}
	return f
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// share is d/n, 0 for an empty string (as the Kaggle set records it).
func share(d, n int) float64 {
	if n <= 0 {
		return 0
	}
	return float64(d) / float64(n)
}

// shape counts the characters and digits of s.
func shape(s string) (n, digits int) {
	for _, r := range s {
		n++
		if unicode.IsDigit(r) {
			digits++
		}
	}
	return n, digits
}

// words counts space-separated words without allocating.
func words(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// sameName reports whether a full name is the username written out: equal
// letters and digits, ignoring case, spaces, dots and underscores. An empty
// name is not the username.
func sameName(full, user string) bool {
	i, j := 0, 0
	matched := false
	for {
		r1, n1 := nextAlnum(full, i)
		r2, n2 := nextAlnum(user, j)
		if r1 < 0 || r2 < 0 {
			return r1 < 0 && r2 < 0 && matched
		}
		if unicode.ToLower(r1) != unicode.ToLower(r2) {
			return false
		}
		matched = true
		i, j = n1, n2
	}
}

// nextAlnum returns the next letter or digit of s at or after i and the index
// after it, or -1 at the end.
func nextAlnum(s string, i int) (rune, int) {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r, i
		}
	}
	return -1, i
}
