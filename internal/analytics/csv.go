package analytics

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// csvHeader names the columns of WriteCSV. Money is in minor units of the
// currency column, exactly as stored; ratios of money (cpm_minor, ...) are
// minor units too. Undefined ratios read "n/a".
var csvHeader = []string{"key", "label", "tier", "currency", "creators", "collaborations", "posts", "followers", "views",
	"impressions", "reach", "likes", "comments", "saves", "shares", "watch_time_s", "link_clicks", "clicks", "orders",
	"new_customers", "revenue_minor", "cost_minor", "er", "er_by_views", "ctr", "completion", "avg_watch_s", "comment_quality", "cvr",
	"cpm_minor", "cpe_minor", "cpc_minor", "cpa_minor", "roas", "roi", "aov_minor"}

// WriteCSV writes rows as CSV with a header line.
func WriteCSV(w io.Writer, currency string, rows []Row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	i := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, r := range rows {
		m := r.Metrics
		cost := i(r.Cost)
		if r.NoCost {
			cost = "n/a"
		}
		rec := []string{r.Key, r.Label, r.Tier, currency, strconv.Itoa(r.Creators), strconv.Itoa(r.Collaborations),
			strconv.Itoa(r.Posts), i(r.Followers), i(r.Views), i(r.Impressions), i(r.Reach), i(r.Likes), i(r.Comments),
			i(r.Saves), i(r.Shares), i(r.WatchTimeS), i(r.LinkClicks), i(r.Clicks), i(r.Orders), i(r.NewCustomers),
			i(r.Revenue), cost, m.ER.Fixed(6), m.ERByViews.Fixed(6), m.CTR.Fixed(6), m.Completion.Fixed(6),
			m.AvgWatchS.Fixed(2), m.CommentQuality.Fixed(6), m.CVR.Fixed(6), m.CPM.Fixed(2), m.CPE.Fixed(2), m.CPC.Fixed(2), m.CPA.Fixed(2),
			m.ROAS.Fixed(4), m.ROI.Fixed(4), m.AOV.Fixed(2)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
