package analytics

import "time"

// Post is one post's latest metric snapshot with what a report needs around
// it. Counts the platform did not report are zero.
type Post struct {
	ID              int64     `json:"id"`
	CollaborationID int64     `json:"collaboration_id"`
	Platform        string    `json:"platform"`
	URL             string    `json:"url"`
	PublishedAt     time.Time `json:"published_at"`
	// Followers of the posting account when known; ER is n/a without them.
	Followers   int64 `json:"followers"`
	Views       int64 `json:"views"`
	Impressions int64 `json:"impressions"`
	Reach       int64 `json:"reach"`
	Likes       int64 `json:"likes"`
	Comments    int64 `json:"comments"`
	Saves       int64 `json:"saves"`
	Shares      int64 `json:"shares"`
	WatchTimeS  int64 `json:"watch_time_s"`
	LinkClicks  int64 `json:"link_clicks"`
	// Completion is the completion rate of views when reported.
	Completion    float64 `json:"completion"`
	HasCompletion bool    `json:"has_completion"`
	// CommentsClassified are the post's comments the comment model has
	// judged, CommentsGenuine those it found genuine (not spam).
	CommentsClassified int64 `json:"comments_classified"`
	CommentsGenuine    int64 `json:"comments_genuine"`
}

// Collaboration is one creator in one campaign with its terms and what the
// rollups counted for it.
type Collaboration struct {
	ID         int64  `json:"id"`
	CampaignID int64  `json:"campaign_id"`
	Campaign   string `json:"campaign"`
	CreatorID  int64  `json:"creator_id"`
	Creator    string `json:"creator"`
	VariantID  int64  `json:"variant_id"` // 0: none
	Variant    string `json:"variant"`
	// Followers of the creator's largest account: it decides the tier.
	Followers int64 `json:"followers"`
	Terms
	// Clicks are human clicks on the collaboration's tracked links.
	Clicks int64 `json:"clicks"`
	// Orders, NewCustomers and Revenue are attributed to the collaboration
	// under the report's attribution model.
	Orders       int64 `json:"orders"`
	NewCustomers int64 `json:"new_customers"`
	Revenue      int64 `json:"revenue"`
}

// Totals are additive counts behind a report row. Ratios are never summed:
// they are computed from totals by Metrics.
type Totals struct {
	Creators       int   `json:"creators"`
	Collaborations int   `json:"collaborations"`
	Posts          int   `json:"posts"`
	Followers      int64 `json:"followers"` // summed per post: ER's denominator
	Views          int64 `json:"views"`
	Impressions    int64 `json:"impressions"`
	Reach          int64 `json:"reach"`
	Likes          int64 `json:"likes"`
	Comments       int64 `json:"comments"`
	Saves          int64 `json:"saves"`
	Shares         int64 `json:"shares"`
	WatchTimeS     int64 `json:"watch_time_s"`
	// LinkClicks are the clicks the platform reports on the posts; Clicks
	// are the human clicks Chorus counted on the tracked links.
	LinkClicks int64 `json:"link_clicks"`
	// CompletedViews = Σ completion rate x views over the posts that report
	// a completion rate, whose views are CompletionViews.
	CompletedViews  float64 `json:"completed_views"`
	CompletionViews int64   `json:"completion_views"`
	// CommentsClassified and CommentsGenuine give comment quality.
	CommentsClassified int64 `json:"comments_classified"`
	CommentsGenuine    int64 `json:"comments_genuine"`
	Clicks             int64 `json:"clicks"`
	Orders             int64 `json:"orders"`
	NewCustomers       int64 `json:"new_customers"`
	Revenue            int64 `json:"revenue"`
	Cost               int64 `json:"cost"`
	// NoCost marks rows whose cost is not defined (a single post: the fee
	// pays for the collaboration, not for one of its posts).
	NoCost bool `json:"no_cost"`
}

// Engagements are likes, comments, saves and shares.
func (t Totals) Engagements() int64 { return Engagements(t.Likes, t.Comments, t.Saves, t.Shares) }

func (t *Totals) addPost(p Post) {
	t.Posts++
	t.Followers += p.Followers
	t.Views += p.Views
	t.Impressions += p.Impressions
	t.Reach += p.Reach
	t.Likes += p.Likes
	t.Comments += p.Comments
	t.Saves += p.Saves
	t.Shares += p.Shares
	t.WatchTimeS += p.WatchTimeS
	t.LinkClicks += p.LinkClicks
	t.CommentsClassified += p.CommentsClassified
	t.CommentsGenuine += p.CommentsGenuine
	if p.HasCompletion {
		t.CompletedViews += p.Completion * float64(p.Views)
		t.CompletionViews += p.Views
	}
}

func (t *Totals) addCollab(k Collaboration) {
	t.Collaborations++
	t.Clicks += k.Clicks
	t.Orders += k.Orders
	t.NewCustomers += k.NewCustomers
	t.Revenue += k.Revenue
	t.Cost += k.Cost(k.Revenue)
}

// Metrics are the ratios of one report row.
type Metrics struct {
	ER         Ratio `json:"er"`
	ERByViews  Ratio `json:"er_by_views"`
	CTR        Ratio `json:"ctr"`
	Completion Ratio `json:"completion"`
	// AvgWatchS is the average watch time per view in seconds.
	AvgWatchS Ratio `json:"avg_watch_s"`
	// CommentQuality is the share of judged comments that are genuine.
	CommentQuality Ratio `json:"comment_quality"`
	// CVR is orders per click.
	CVR  Ratio `json:"cvr"`
	CPM  Ratio `json:"cpm"`
	CPE  Ratio `json:"cpe"`
	CPC  Ratio `json:"cpc"`
	CPA  Ratio `json:"cpa"`
	ROAS Ratio `json:"roas"`
	ROI  Ratio `json:"roi"`
	AOV  Ratio `json:"aov"`
}

// Metrics computes every ratio of t; marginBps is the workspace's gross
// margin for ROI.
func (t Totals) Metrics(marginBps int64) Metrics {
	e := t.Engagements()
	m := Metrics{
		ER:             ER(e, t.Followers),
		ERByViews:      ERByViews(e, t.Views),
		CTR:            CTR(t.Clicks, t.Impressions, t.Views),
		Completion:     Completion(t.CompletedViews, t.CompletionViews),
		AvgWatchS:      Of(float64(t.WatchTimeS), float64(t.Views)),
		CommentQuality: CommentQuality(t.CommentsGenuine, t.CommentsClassified),
		CVR:            Of(float64(t.Orders), float64(t.Clicks)),
		AOV:            AOV(t.Revenue, t.Orders),
	}
	if !t.NoCost {
		m.CPM = CPM(t.Cost, t.Impressions)
		m.CPE = CPE(t.Cost, e)
		m.CPC = CPC(t.Cost, t.Clicks)
		m.CPA = CPA(t.Cost, t.Orders)
		m.ROAS = ROAS(t.Revenue, t.Cost)
		m.ROI = ROI(t.Revenue, marginBps, t.Cost)
	}
	return m
}
