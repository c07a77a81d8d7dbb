package sim

import (
	"iter"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// CommentKind is the hidden label of a comment.
type CommentKind uint8

const (
	Question CommentKind = iota
	PurchaseIntent
	Praise
	Complaint
	EmojiOnly
	Generic
	Spam // bots, often with a link
	Pod  // engagement-pod members commenting in the first minutes
)

var commentKindNames = [...]string{"question", "purchase_intent", "praise", "complaint", "emoji", "generic", "spam", "pod"}

func (k CommentKind) String() string { return commentKindNames[k] }

// Genuine reports whether a real audience member wrote it.
func (k CommentKind) Genuine() bool { return k != Spam && k != Pod }

// Comment is one comment, in the DESIGN.md comments JSON Lines shape; Kind
// is the hidden label and is not serialised.
type Comment struct {
	ID        string      `json:"id"`
	Author    string      `json:"author"`
	Text      string      `json:"text"`
	CreatedAt time.Time   `json:"created_at"`
	PostID    string      `json:"post_id"`
	Kind      CommentKind `json:"-"`
}

var commentTexts = [...][]string{
	Question: {"where is this from?", "what shade is this?", "does it ship to canada?", "how long until you saw results?",
		"is it worth the price?", "what size are you wearing?", "link??", "do you have a code?", "is this vegan?", "how do you use it?"},
	PurchaseIntent: {"just ordered mine!!", "need this asap", "adding to cart 🛒", "ok you convinced me, buying", "ordered with your code 🙌",
		"take my money", "buying this for my sister", "just used your link!"},
	Praise: {"love this so much", "you always nail it", "this is gorgeous 😍", "obsessed with this", "so helpful thank you",
		"great tips!", "your content is the best", "saving this for later"},
	Complaint: {"mine arrived broken", "too expensive tbh", "another ad...", "customer service never replied", "didn't work for me",
		"shipping took 3 weeks", "unfollowing, too many ads", "the code doesn't work"},
	EmojiOnly: {"😍😍😍", "🔥🔥", "👏👏👏", "❤️", "🙌", "😂😂", "💯", "😍🔥"},
	Generic:   {"nice", "cool post", "amazing", "wow", "love it", "great", "so cute", "beautiful"},
	Spam: {"💰 Earn $500 a day from home, see my bio", "Promote it on @{spam} 🚀", "DM us to collab! 📩 https://spam.example/{x}",
		"free followers 👉 https://spam.example/{x}", "check my page for crypto tips 📈", "Send this to @{spam} for a feature ✨"},
	Pod: {"🔥🔥 love this!", "so good!! 💯", "obsessed 😍 great content", "yesss 🙌🙌", "this!!! 🔥", "goals 😍"},
}

// Comments streams a sample of a post's comments (at most
// MaxCommentsPerPost), oldest first. Pod members comment within minutes of
// publishing; everyone else arrives along the post's growth curve.
func (w *World) Comments(p Post) iter.Seq[Comment] {
	return func(yield func(Comment) bool) {
		r := newRand(w.seed, streamComments, p.key, 1)
		n := int(min(p.comments, int64(w.cfg.MaxCommentsPerPost)))
		weights := []float64{12, 6, 30, 4, 18, 15, 2 + 100*p.botShare, 0}
		if p.Sponsored {
			weights[PurchaseIntent], weights[Complaint] = 15, 7
		}
		pods := 0
		if p.pod > 0 {
			pods = min(n, 3+r.IntN(6))
		}
		at := p.PublishedAt
		full := growthFull(p.tau)
		for k := range n {
			kind := CommentKind(pick(r, weights))
			var author string
			if k < pods {
				kind = Pod
				at = at.Add(time.Duration(20+r.IntN(120)) * time.Second)
				author = w.podMember(p.pod, r.IntN(podSize))
			} else {
				// Comment k of n arrives at the k/n quantile of the growth
				// curve, jittered, which keeps them in order.
				g := (float64(k-pods) + r.Float64()) / float64(n-pods+1)
				if t := p.PublishedAt.Add(growthInverse(g, p.tau, full)); t.After(at) {
					at = t
				}
				author = commentAuthor(r, kind)
			}
			if !at.Before(w.end) {
				return
			}
			c := Comment{
				ID:        p.ID + "c" + strconv.Itoa(k),
				Author:    author,
				Text:      commentText(r, kind),
				CreatedAt: at.Truncate(time.Second),
				PostID:    p.ID,
				Kind:      kind,
			}
			if !yield(c) {
				return
			}
		}
	}
}

const podSize = 12

// podMember returns the handle of member m of engagement pod id: the same
// accounts show up first under every post of the pod's creators.
func (w *World) podMember(id, m int) string {
	r := newRand(w.seed, streamComments, uint64(id), uint64(1<<40|m))
	return oneOf(r, firstNames) + "." + oneOf(r, niches[r.IntN(len(niches))].words) + strconv.Itoa(r.IntN(100))
}

func commentAuthor(r *rand.Rand, kind CommentKind) string {
	if kind == Spam {
		return oneOf(r, spamWords) + "_" + oneOf(r, spamWords) + strconv.Itoa(r.IntN(10000))
	}
	return oneOf(r, firstNames) + oneOf(r, []string{"", ".", "_"}) + oneOf(r, lastNames) + strconv.Itoa(r.IntN(100))
}

func commentText(r *rand.Rand, kind CommentKind) string {
	t := oneOf(r, commentTexts[kind])
	if kind == Spam {
		t = strings.ReplaceAll(t, "{spam}", oneOf(r, spamWords)+"."+oneOf(r, spamWords))
		t = strings.ReplaceAll(t, "{x}", randomLetters(r, 5))
	}
	return t
}
