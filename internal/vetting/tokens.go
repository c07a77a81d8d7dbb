package vetting

import (
	"html"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Placeholder tokens: what generalises from one video to the next is that a
// comment has a link or a number, not which link or number.
const (
	tokURL       = "<url>"
	tokVideoURL  = "<video>"     // a link to a YouTube video
	tokTimestamp = "<timestamp>" // a link to a moment of a video
	tokNum       = "<num>"
	tokEmoji     = "<emoji>"
)

// lineBreaks turns the HTML line breaks of the YouTube export into spaces
// and drops byte-order marks.
var lineBreaks = strings.NewReplacer("<br />", " ", "<br/>", " ", "<br>", " ", "\ufeff", "")

// normalise lower-cases text and resolves HTML entities (the YouTube export
// keeps &#39; and <br />).
func normalise(text string) string {
	text = html.UnescapeString(strings.ToLower(text))
	return lineBreaks.Replace(text)
}

// tokenWords splits normalised text into word tokens: links become <url>,
// <video> or <timestamp> (see linkToken), numbers <num>, each emoji or
// pictograph <emoji>; apostrophes vanish ("don't" -> "dont") and letters
// repeated more than twice are cut to two ("sooo" -> "soo"), so spellings of
// one shout meet.
func tokenWords(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() == 0 {
			return
		}
		w := b.String()
		b.Reset()
		if isNumber(w) {
			w = tokNum
		}
		out = append(out, w)
	}
	for _, chunk := range strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '<' || r == '>' }) {
		if isURL(chunk) {
			out = append(out, linkToken(chunk))
			continue
		}
		var last rune
		repeat := 0
		for _, r := range chunk {
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
				if r == last {
					repeat++
				} else {
					last, repeat = r, 1
				}
				if repeat <= 2 {
					b.WriteRune(r)
				}
			case r == '\'' || r == '’':
			default:
				flush()
				last, repeat = 0, 0
				if unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) && r > 0x2000 {
					out = append(out, tokEmoji)
				}
			}
		}
		flush()
	}
	return out
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// linkToken tells links to a video and to a moment in one, which viewers
// share as readily as spammers post links, from other links.
func linkToken(link string) string {
	if !strings.Contains(link, "youtu.be/") && !strings.Contains(link, "youtube.com/watch") {
		return tokURL
	}
	if strings.Contains(link, "t=") {
		return tokTimestamp
	}
	return tokVideoURL
}

// tlds are the endings that make "word.ending" a link in a comment; a closed
// list, so "e.g" or "lol.so" are not links.
var tlds = map[string]bool{
	"com": true, "net": true, "org": true, "ly": true, "be": true, "tk": true, "ru": true,
	"info": true, "co": true, "me": true, "tv": true, "us": true, "uk": true, "de": true,
	"io": true, "biz": true, "gl": true, "fm": true, "to": true, "in": true, "eu": true,
	"xyz": true, "shop": true, "store": true, "link": true, "site": true, "online": true,
}

// isURL reports whether a whitespace-separated chunk is a web address.
func isURL(chunk string) bool {
	if strings.Contains(chunk, "://") || strings.Contains(chunk, "www.") || strings.Contains(chunk, "href=") {
		return true
	}
	host := strings.TrimFunc(chunk, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if i := strings.IndexByte(host, '/'); i >= 0 {
		host = host[:i]
	}
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || dot == len(host)-1 {
		return false
	}
	return tlds[host[dot+1:]]
}

// grams returns the distinct unigrams and bigrams of a comment's words.
// Bigrams are written "a b".
func grams(w []string) []string {
	out := make([]string, 0, 2*len(w))
	seen := make(map[string]bool, 2*len(w))
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for i, t := range w {
		add(t)
		if i > 0 {
			add(w[i-1] + " " + t)
		}
	}
	return out
}

// Cue features: the habits of comment spam that no vocabulary learns from
// three videos, measured directly.
const (
	cueURL       = iota // links somewhere other than a YouTube video
	cueCheckOut         // "check out", "check my", "check it"
	cueSubscribe        // "subscribe", "sub to", "sub me"
	cueMyChannel        // "my channel", "my video", "my page", …
	cueDigits           // digits / characters
	cueCaps             // upper-case / letters
	cueLength           // log(1+characters)
	cueExclaim          // log(1+exclamation marks)
	cueBait             // "like this comment", "thumbs up if", "like 4 like", …
	cueOffer            // "free", "gift card", "earn money", "$", …
	numCues
)

var cueNames = [numCues]string{
	"outside_link", "check_out", "subscribe", "my_channel", "digit_share", "caps_share", "log_length", "log_exclamations", "engagement_bait", "offer",
}

// offerPhrases promise money or gifts.
var offerPhrases = []string{
	"free", "gift card", "gift cards", "giftcard", "earn", "earning", "money", "cash", "paypal", "bitcoin",
	"giveaway", "win a", "make money", "income", "prize", "coupon code",
}

// baitPhrases ask for likes, shares or follows for their own sake.
var baitPhrases = []string{
	"like this comment", "thumbs up if", "like if", "like this if", "give it a like", "share this",
	"like <num> like", "like for like", "follow <num> follow", "follow for follow", "sub <num> sub", "sub for sub",
	"l4l", "f4f", "s4s", "sub4sub", "like my comment", "please like", "pls like",
}

var myThings = []string{"channel", "video", "videos", "vid", "vids", "page", "music", "song", "songs", "track", "tracks",
	"playlist", "cover", "covers", "youtube", "instagram", "facebook", "twitter", "blog", "website", "site", "new", "band", "rap", "account"}

// cues measures the cue features of a comment; raw is the text as written
// (for capitals), norm its normalised form.
func cues(raw, norm string, toks []string) [numCues]float64 {
	var c [numCues]float64
	for _, w := range toks {
		if w == tokURL {
			c[cueURL] = 1
		}
	}
	if strings.Contains(norm, "check out") || strings.Contains(norm, "check my") || strings.Contains(norm, "check it") ||
		strings.Contains(norm, "checkout") || strings.Contains(norm, "check this") || strings.Contains(norm, "check me") {
		c[cueCheckOut] = 1
	}
	if strings.Contains(norm, "subscrib") || strings.Contains(norm, "sub to") || strings.Contains(norm, "sub me") || strings.Contains(norm, "sub 4 sub") {
		c[cueSubscribe] = 1
	}
	for i := 0; i+1 < len(toks); i++ {
		if toks[i] == "my" && contains(myThings, toks[i+1]) {
			c[cueMyChannel] = 1
			break
		}
	}
	padded := " " + strings.Join(toks, " ") + " "
	for _, b := range baitPhrases {
		if strings.Contains(padded, " "+b+" ") {
			c[cueBait] = 1
			break
		}
	}
	for _, o := range offerPhrases {
		if strings.Contains(padded, " "+o+" ") {
			c[cueOffer] = 1
			break
		}
	}
	if strings.Contains(norm, "$") || strings.Contains(norm, "€") || strings.Contains(norm, "£") {
		c[cueOffer] = 1
	}
	var n, digits, letters, upper, excl int
	for _, r := range raw {
		n++
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsUpper(r):
			upper++
			letters++
		case unicode.IsLetter(r):
			letters++
		case r == '!':
			excl++
		}
	}
	c[cueDigits] = share(digits, n)
	c[cueCaps] = share(upper, letters)
	c[cueLength] = math.Log1p(float64(utf8.RuneCountInString(raw)))
	c[cueExclaim] = math.Log1p(float64(excl))
	return c
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
