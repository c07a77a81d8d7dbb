package vetting

import (
	"strings"
	"unicode"
)

// Intent is what a genuine comment wants, found by the rules in intentOf.
type Intent string

// Intents, in the order the rules try them: the first that matches wins.
const (
	IntentEmojiOnly Intent = "emoji_only"      // nothing but emoji and symbols
	IntentPurchase  Intent = "purchase_intent" // asks where, how much, which size, for the link
	IntentQuestion  Intent = "question"        // any other question
	IntentComplaint Intent = "complaint"       // reports a fault or dislike
	IntentPraise    Intent = "praise"          // likes it
	IntentGeneric   Intent = "generic"         // none of the above
)

// HighIntent reports whether a comment of this intent is one a brand would
// answer first: a question, or a question about buying.
func (i Intent) HighIntent() bool { return i == IntentPurchase || i == IntentQuestion }

// IntentOf names the intent of a comment by rule; see docs/models.md for the
// lists. It does not judge spam: classify with CommentModel first.
func IntentOf(text string) Intent {
	norm := normalise(text)
	return intentOf(norm, tokenWords(norm))
}

// Phrases are matched on whole words of the normalised text, where "don't"
// is "dont" and numbers are <num>.
var (
	purchasePhrases = []string{
		"where can i buy", "where can i get", "where to buy", "where do i buy", "where do i get",
		"where did you get", "where did you buy", "where you get", "wheres it from", "where is it from",
		"how much", "price", "prices", "pricing", "cost", "costs", "is it worth", "worth it", "worth the money",
		"which size", "what size", "sizes", "size guide", "link", "link pls", "link please",
		"in stock", "restock", "ship to", "shipping", "deliver to", "discount", "promo code", "coupon",
		"buy", "buying", "bought", "to order", "order one", "preorder", "pre order", "ordered", "purchase", "want one", "need one", "need this",
		"add to cart", "sold out", "available in", "does it come in", "on sale",
	}
	questionStarts = []string{
		"who", "what", "whats", "when", "where", "why", "how", "which", "is", "are", "do", "does", "did",
		"can", "could", "should", "would", "will", "anyone", "any",
	}
	complaintPhrases = []string{
		"hate", "hated", "worst", "terrible", "awful", "horrible", "broke", "broken", "refund", "scam",
		"disappointed", "disappointing", "waste", "doesnt work", "didnt work", "not working",
		"stopped working", "poor quality", "cheap quality", "rip off", "ripoff", "never arrived",
		"never came", "returned it", "return it", "sucks", "overpriced", "boring", "dislike", "annoying",
		"garbage", "trash", "bad", "ugly", "fell apart", "not worth", "dont buy", "dont waste",
	}
	notComplaints = []string{"not bad", "too bad", "so bad i", "bad ass", "badass"}
	praisePhrases = []string{
		"love", "loved", "loving", "lovely", "amazing", "awesome", "great", "beautiful", "best",
		"perfect", "nice", "cool", "gorgeous", "fantastic", "excellent", "wow", "favorite", "favourite",
		"good", "brilliant", "epic", "legend", "legendary", "stunning", "obsessed", "incredible",
		"masterpiece", "genius", "talented", "thank you", "thanks", "<3", "fire", "goat", "slay",
	}
	praiseEmoji = "❤♥😍🔥👏💯🙌😘🥰💕💖💗👍😻🤩✨💜💙💚🧡"
)

// intentOf applies the rules to normalised text and its words.
func intentOf(norm string, toks []string) Intent {
	letters := false
	for _, r := range strings.ReplaceAll(norm, "<3", "") {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letters = true
			break
		}
	}
	if !letters {
		for _, t := range toks {
			if t == tokEmoji {
				return IntentEmojiOnly
			}
		}
		if strings.Contains(norm, "<3") {
			return IntentEmojiOnly
		}
	}
	padded := " " + strings.Join(toks, " ") + " "
	has := func(list []string) bool {
		for _, p := range list {
			if strings.Contains(padded, " "+p+" ") {
				return true
			}
		}
		return false
	}
	switch {
	case has(purchasePhrases):
		return IntentPurchase
	case strings.ContainsRune(norm, '?') || len(toks) > 1 && contains(questionStarts, toks[0]):
		return IntentQuestion
	case has(complaintPhrases) && !has(notComplaints):
		return IntentComplaint
	case has(praisePhrases) || strings.Contains(norm, "<3") || strings.ContainsAny(norm, praiseEmoji):
		return IntentPraise
	}
	return IntentGeneric
}
