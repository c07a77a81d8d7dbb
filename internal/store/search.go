package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/engagement"
)

// SearchFilter selects creators for discovery. Zero fields do not filter.
// The figures are those of the creator's main account (most followers).
type SearchFilter struct {
	Text                       string   `json:"q,omitempty"` // every word must occur in bio, captions, hashtags, name or tags
	Platform                   string   `json:"platform,omitempty"`
	Tiers                      []string `json:"tiers,omitempty"`
	MinFollowers, MaxFollowers int64
	MinER, MaxER               *float64 // 0..1
	Country                    string   // with MinCountryShare: audience share of this country
	MinCountryShare            float64  // 0..1
	Tags                       []string // niche tags, all required
	MinRealShare               *float64 // audience quality, 0..1
	MinScore                   *float64 // the campaign-free score, 0..100
	Sort                       string   // one of SortKeys; "" is score
	Asc                        bool
	Limit, Offset              int
}

// SortKeys are the figures search results can be sorted by.
var SortKeys = []string{"score", "followers", "er", "real_share", "name"}

var sortCols = map[string]string{"score": "s.score", "followers": "s.followers", "er": "s.er", "real_share": "s.real_share", "name": "c.name"}

// SearchHit is one creator found.
type SearchHit struct {
	CreatorID int64    `db:"creator_id" json:"creator_id"`
	Name      string   `db:"name" json:"name"`
	Platforms string   `db:"platforms" json:"platforms"`
	NicheTags string   `db:"niche_tags" json:"niche_tags"`
	Followers *int64   `db:"followers" json:"followers"`
	Tier      string   `db:"tier" json:"tier"`
	ER        *float64 `db:"er" json:"er"`
	RealShare *float64 `db:"real_share" json:"real_share"`
	Score     *float64 `db:"score" json:"score"`
}

// SearchTerms splits text into the lower-case words the full-text index
// holds: runs of letters and digits. Both engines' tokenizers split there,
// so a query built from these words means the same on both.
func SearchTerms(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// textMatch is the one place the engines differ in search: the condition
// that search row s holds every term, and its argument. SQLite asks the FTS5
// table for the matching rows as a list that the scan of the sort order's
// index probes, so a page of 50 stops after a few thousand index entries even
// for a word in a tenth of a million creators (starting from the matches
// instead sorts all of them: 40 times slower in bench/discovery.sh).
// PostgreSQL asks the tsvector column through its GIN index. Terms are
// letters and digits only, so neither query syntax can be injected.
func (d Dialect) textMatch(terms []string) (cond, arg string) {
	if d == Postgres {
		return "s.tsv @@ to_tsquery('simple', ?)", strings.Join(terms, " & ")
	}
	return "s.creator_id IN (SELECT rowid FROM creator_fts WHERE creator_fts MATCH ?)", ftsQuery(terms)
}

// countryShare is the audience share of country in the countries column
// col of a search row (see countriesText), NULL when the country is not
// there, with the argument its two placeholders take. Both engines read
// the share's text back as the number written.
func (d Dialect) countryShare(col, country string) (expr, key string) {
	key = " " + strings.ToUpper(country) + ":"
	if d == Postgres {
		return "(CASE WHEN strpos(" + col + ", ?) > 0 THEN CAST(split_part(substr(" + col + ", strpos(" + col + ", ?) + 4), ' ', 1) AS DOUBLE PRECISION) END)", key
	}
	// SQLite's CAST reads the longest number the text starts with.
	return "(CASE WHEN instr(" + col + ", ?) > 0 THEN CAST(substr(" + col + ", instr(" + col + ", ?) + 4) AS REAL) END)", key
}

// countriesText is the countries column of a search row: " US:0.35 BR:0.2",
// codes in order, each share in the shortest decimal that reads back as
// the same float64. Shares under 1% and the "other" bucket are never what a
// filter asks for and are left out; a code given twice ("us" and "US")
// keeps its larger share.
func countriesText(country map[string]float64) string {
	shares := make(map[string]float64, len(country))
	for k, v := range country {
		if k = strings.ToUpper(k); len(k) == 2 && v >= 0.01 && (v > shares[k]) {
			shares[k] = v
		}
	}
	codes := make([]string, 0, len(shares))
	for k := range shares {
		codes = append(codes, k)
	}
	slices.Sort(codes)
	var b []byte
	for _, k := range codes {
		b = append(b, ' ')
		b = append(b, k...)
		b = append(b, ':')
		b = strconv.AppendFloat(b, shares[k], 'g', -1, 64)
	}
	return string(b)
}

// ftsQuery is an FTS5 query holding every term.
func ftsQuery(terms []string) string {
	q := make([]string, len(terms))
	for i, t := range terms {
		q[i] = `"` + t + `"`
	}
	return strings.Join(q, " ")
}

// refreshBeforeSearch bounds the index work a search request does itself;
// a larger backlog (a big import) is left to RefreshSearch.
const refreshBeforeSearch = 2000

// SearchPlan is how a search reaches its rows on SQLite, whose planner knows
// neither how many rows hold a word nor how many fall in a follower range.
// Every plan returns the same rows in the same order; only the cost differs.
// PostgreSQL's planner, which has statistics, always gets PlanAuto's query.
type SearchPlan int

const (
	// PlanAuto picks one of the others from a few bounded counts.
	PlanAuto SearchPlan = iota
	// PlanIndex scans the sort order's index (within the tier when one tier
	// is asked for) and stops after a page: cheap while the filters keep
	// many of the rows it passes.
	PlanIndex
	// PlanMatches starts from the rows holding the words and sorts those
	// that pass the filters: cheap when the words are rare.
	PlanMatches
	// PlanRange starts from the follower range (within the tier when one
	// tier is asked for) and sorts it: cheap when the range is narrow.
	PlanRange
)

// fewRows is how many text matches or rows in a follower range PlanAuto
// still sorts whole rather than scanning the sort order's index. At a million
// creators sorting 5,000 rows costs a few milliseconds; scanning the index
// for a page of 50 among rows that keep 1 in 1,000 costs a hundred.
const fewRows = 5000

// SearchCreators finds creators matching f, sorted, one page, and whether
// more follow. It first brings up to date the rows of recently changed
// creators, so an edit shows at once.
func (db *DB) SearchCreators(ctx context.Context, ws int64, f SearchFilter) ([]SearchHit, bool, error) {
	return db.SearchCreatorsPlan(ctx, ws, f, PlanAuto)
}

// SearchCreatorsPlan is SearchCreators with the plan chosen by the caller:
// tests use it to check that every plan returns the same page.
func (db *DB) SearchCreatorsPlan(ctx context.Context, ws int64, f SearchFilter, plan SearchPlan) ([]SearchHit, bool, error) {
	if _, err := db.refreshSearch(ctx, ws, refreshBeforeSearch); err != nil {
		return nil, false, err
	}
	terms := SearchTerms(f.Text)
	if _, ok := sortCols[f.Sort]; !ok {
		f.Sort = "score"
	}
	hasRange := f.MinFollowers > 0 || f.MaxFollowers > 0
	if db.dialect != SQLite {
		plan = PlanAuto
	} else if plan == PlanAuto {
		var err error
		if plan, err = db.choosePlan(ctx, ws, f, terms, hasRange); err != nil {
			return nil, false, err
		}
	}
	if plan == PlanMatches && len(terms) == 0 || plan == PlanRange && !hasRange {
		plan = PlanIndex // nothing to start from
	}
	where := []string{"s.workspace_id = ?"}
	args := []any{ws}
	from := "creator_search s"
	switch {
	case len(terms) > 0 && plan == PlanMatches:
		// CROSS JOIN keeps SQLite's join order: the matches first.
		from = "creator_fts CROSS JOIN creator_search s ON s.creator_id = creator_fts.rowid"
		where = append(where, "creator_fts MATCH ?")
		args = append(args, ftsQuery(terms))
	case len(terms) > 0 && plan == PlanRange:
		// "+" hides the rowid: SQLite would otherwise start from the list
		// of matches, by rowid, rather than from the range.
		where = append(where, "+s.creator_id IN (SELECT rowid FROM creator_fts WHERE creator_fts MATCH ?)")
		args = append(args, ftsQuery(terms))
	case len(terms) > 0:
		cond, arg := db.dialect.textMatch(terms)
		where = append(where, cond)
		args = append(args, arg)
	}
	if f.Platform != "" {
		where = append(where, "(' ' || s.platforms || ' ') LIKE ?")
		args = append(args, "% "+f.Platform+" %")
	}
	if len(f.Tiers) > 0 {
		where = append(where, "s.tier IN ("+placeholders(len(f.Tiers))+")")
		for _, t := range f.Tiers {
			args = append(args, t)
		}
	}
	for _, t := range f.Tags {
		where = append(where, "(' ' || s.niche_tags || ' ') LIKE ?")
		args = append(args, "% "+t+" %")
	}
	num := func(col, op string, v any) {
		where = append(where, col+" "+op+" ?")
		args = append(args, v)
	}
	// Under PlanIndex a follower range must not be an index SQLite can
	// start from (it would, guessing the range narrow, and sort most of the
	// workspace); "+" keeps the condition and hides the index.
	fcol := "s.followers"
	if db.dialect == SQLite && plan == PlanIndex && f.Sort != "followers" {
		fcol = "+s.followers"
	}
	if f.MinFollowers > 0 {
		num(fcol, ">=", f.MinFollowers)
	}
	if f.MaxFollowers > 0 {
		num(fcol, "<=", f.MaxFollowers)
	}
	if f.MinER != nil {
		num("s.er", ">=", *f.MinER)
	}
	if f.MaxER != nil {
		num("s.er", "<=", *f.MaxER)
	}
	if f.MinRealShare != nil {
		num("s.real_share", ">=", *f.MinRealShare)
	}
	if f.MinScore != nil {
		num("s.score", ">=", *f.MinScore)
	}
	if f.Country != "" {
		cond, key := db.dialect.countryShare("s.countries", f.Country)
		where = append(where, cond+" >= ?")
		args = append(args, key, key, f.MinCountryShare)
	}
	col := sortCols[f.Sort]
	if db.dialect == SQLite && plan != PlanIndex && col != "c.name" {
		col = "+" + col // sort the rows found; do not scan the sort's index
	}
	// Ties are broken by id in the sort's own direction: the index on
	// (workspace_id, column) holds the id as its last key, so the scan
	// gives the whole order and stops after a page, where a tie-break the
	// other way would sort every row of a large tie (all unknown scores).
	dir, tie := "DESC NULLS LAST", "s.creator_id DESC"
	if f.Asc {
		dir, tie = "ASC NULLS LAST", "s.creator_id"
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	var hits []SearchHit
	err := db.sel(ctx, db.reader(), &hits, `SELECT s.creator_id, c.name, s.platforms, s.niche_tags, s.followers, s.tier, s.er, s.real_share, s.score
		FROM `+from+` JOIN creators c ON c.id = s.creator_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY `+col+` `+dir+`, `+tie+` LIMIT ? OFFSET ?`,
		append(args, f.Limit+1, f.Offset)...)
	if err != nil {
		return nil, false, fmt.Errorf("search creators: %w", err)
	}
	more := len(hits) > f.Limit
	if more {
		hits = hits[:f.Limit]
	}
	return hits, more, nil
}

// choosePlan picks SQLite's plan for a search from counts that stop at
// fewRows, so that choosing costs at most a few thousand index entries: the
// rows holding the words (across workspaces: an estimate is enough), then
// those in the follower range.
func (db *DB) choosePlan(ctx context.Context, ws int64, f SearchFilter, terms []string, hasRange bool) (SearchPlan, error) {
	if len(terms) > 0 {
		var n int
		if err := db.get(ctx, db.reader(), &n, `SELECT COUNT(*) FROM (SELECT rowid FROM creator_fts WHERE creator_fts MATCH ? LIMIT ?)`,
			ftsQuery(terms), fewRows); err != nil {
			return 0, fmt.Errorf("search creators: count matches: %w", err)
		}
		if n < fewRows {
			return PlanMatches, nil
		}
	}
	if !hasRange || f.Sort == "followers" {
		return PlanIndex, nil // the sort's index is the range's
	}
	where, args := "workspace_id = ?", []any{ws}
	if len(f.Tiers) == 1 {
		where, args = where+" AND tier = ?", append(args, f.Tiers[0])
	}
	if f.MinFollowers > 0 {
		where, args = where+" AND followers >= ?", append(args, f.MinFollowers)
	}
	if f.MaxFollowers > 0 {
		where, args = where+" AND followers <= ?", append(args, f.MaxFollowers)
	}
	var n int
	if err := db.get(ctx, db.reader(), &n, `SELECT COUNT(*) FROM (SELECT 1 FROM creator_search WHERE `+where+` LIMIT ?)`,
		append(args, fewRows)...); err != nil {
		return 0, fmt.Errorf("search creators: count follower range: %w", err)
	}
	if n < fewRows {
		return PlanRange, nil
	}
	return PlanIndex, nil
}

// RefreshSearch brings every changed creator's search row up to date and
// returns how many it rewrote.
func (db *DB) RefreshSearch(ctx context.Context, ws int64) (int, error) {
	return db.refreshSearch(ctx, ws, 0)
}

// MarkSearchDirty queues creators for RefreshSearch, for writes no trigger
// sees (vetting results).
func (tx *Tx) MarkSearchDirty(ctx context.Context, ws int64, creatorIDs []int64) error {
	for start := 0; start < len(creatorIDs); start += 500 {
		part := creatorIDs[start:min(start+500, len(creatorIDs))]
		args := []any{ws}
		args = append(args, ids(part)...)
		_, err := tx.db.exec(ctx, tx.q, `INSERT INTO search_dirty (creator_id, workspace_id) SELECT id, workspace_id FROM creators
			WHERE workspace_id = ? AND id IN (`+placeholders(len(part))+`) ON CONFLICT (creator_id) DO UPDATE SET seq = search_dirty.seq + 1`, args...)
		if err != nil {
			return fmt.Errorf("queue search refresh: %w", err)
		}
	}
	return nil
}

// queueSearch queues creators of workspace ws for RefreshSearch: the store
// code that inserts creators and accounts calls it, a statement per
// thousand, where a trigger would have run once per row.
func (tx *Tx) queueSearch(ctx context.Context, ws int64, creatorIDs []int64) error {
	const per = 500
	for start := 0; start < len(creatorIDs); start += per {
		part := creatorIDs[start:min(start+per, len(creatorIDs))]
		args := make([]any, 0, 2*len(part))
		for _, id := range part {
			args = append(args, id, ws)
		}
		q := `INSERT INTO search_dirty (creator_id, workspace_id) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?),", len(part)), ",") + ` ON CONFLICT (creator_id) DO UPDATE SET seq = search_dirty.seq + 1`
		var err error
		if len(part) == per {
			_, err = tx.db.exec(ctx, tx.q, q, args...)
		} else {
			// Not through a statement cache: an odd size is used once.
			_, err = tx.q.ExecContext(ctx, tx.db.rebind(q), args...)
		}
		if err != nil {
			return fmt.Errorf("queue search refresh: %w", err)
		}
	}
	return nil
}

// SetCreatorScores stores creators' campaign-free scores for search, a few
// hundred per statement.
func (tx *Tx) SetCreatorScores(ctx context.Context, ws int64, scores map[int64]float64) error {
	all := make([]int64, 0, len(scores))
	for id := range scores {
		all = append(all, id)
	}
	slices.Sort(all)
	for start := 0; start < len(all); start += 400 {
		part := all[start:min(start+400, len(all))]
		var b strings.Builder
		args := make([]any, 0, 3*len(part)+1)
		b.WriteString("UPDATE creator_search SET score = CASE creator_id")
		for _, id := range part {
			b.WriteString(" WHEN CAST(? AS BIGINT) THEN CAST(? AS DOUBLE PRECISION)")
			args = append(args, id, scores[id])
		}
		b.WriteString(" END WHERE +workspace_id = ? AND creator_id IN (" + placeholders(len(part)) + ")")
		args = append(args, ws)
		args = append(args, ids(part)...)
		if _, err := tx.db.exec(ctx, tx.q, b.String(), args...); err != nil {
			return fmt.Errorf("save creator scores: %w", err)
		}
	}
	return nil
}

// ClearCreatorScores forgets the workspace's campaign-free scores, before a
// vetting run sets them again for the creators that still have data.
func (tx *Tx) ClearCreatorScores(ctx context.Context, ws int64) error {
	if _, err := tx.db.exec(ctx, tx.q, `UPDATE creator_search SET score = NULL WHERE workspace_id = ? AND score IS NOT NULL`, ws); err != nil {
		return fmt.Errorf("clear creator scores: %w", err)
	}
	return nil
}

// SearchDocs returns the indexed words of creators, for ranking them
// against a brief.
func (db *DB) SearchDocs(ctx context.Context, ws int64, creatorIDs []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(creatorIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ID   int64  `db:"creator_id"`
		Body string `db:"body"`
	}
	if err := db.sel(ctx, db.reader(), &rows, `SELECT creator_id, body FROM creator_search WHERE +workspace_id = ? AND creator_id IN (`+
		placeholders(len(creatorIDs))+`)`, append([]any{ws}, ids(creatorIDs)...)...); err != nil {
		return nil, fmt.Errorf("search documents: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.Body
	}
	return out, nil
}

// searchBatch is how many creators one refresh transaction rewrites.
const searchBatch = 5000

// CaptionsPerAccount bounds the captions a creator's words hold: recent
// posts say what the creator is about now.
const CaptionsPerAccount = 12

// SearchSource is what a creator's search row is made of.
type SearchSource struct {
	CreatorID int64
	Name      string
	NicheTags string // space-separated
	Accounts  []SearchAccount
}

// SearchAccount is an account's part of its creator's search row, with its
// vetting result when it has one.
type SearchAccount struct {
	ID        int64
	Platform  string
	Handle    string
	Biography string
	Followers *int64
	Audience  string   // as stored: JSON
	Captions  []string // newest first, at most CaptionsPerAccount
	Vetted    bool
	Tier      string
	ER        *float64
	RealShare *float64
}

var searchCols = []string{"creator_id", "workspace_id", "body", "platforms", "niche_tags", "followers", "tier", "er", "real_share", "countries", "indexed_at"}

// searchRows makes the search rows of creators: the words of all accounts,
// the figures and audience countries of the main one (most followers,
// unknown last, then the oldest).
func searchRows(ws int64, th engagement.Thresholds, now int64, srcs []SearchSource) (rows [][]any, err error) {
	rows = make([][]any, 0, len(srcs))
	for _, c := range srcs {
		// The largest account first, in the words too: it is the main one.
		slices.SortFunc(c.Accounts, func(a, b SearchAccount) int {
			if moreFollowers(&a, &b) {
				return -1
			}
			if moreFollowers(&b, &a) {
				return 1
			}
			return 0
		})
		words := []string{c.Name, c.NicheTags}
		var platforms []string
		for _, a := range c.Accounts {
			words = append(words, a.Handle, a.Biography)
			words = append(words, a.Captions...)
			platforms = append(platforms, a.Platform)
		}
		sort.Strings(platforms)
		row := []any{c.CreatorID, ws, strings.Join(words, "\n"), strings.Join(slices.Compact(platforms), " "), c.NicheTags, nil, "", nil, nil, "", now}
		if len(c.Accounts) > 0 {
			main := &c.Accounts[0]
			row[5] = main.Followers
			if main.Followers != nil {
				row[6] = string(th.Tier(*main.Followers))
			}
			if main.Vetted {
				if main.Tier != "" {
					row[6] = main.Tier
				}
				row[7], row[8] = main.ER, main.RealShare
			}
			var aud creators.Audience
			if err := aud.Scan(main.Audience); err != nil {
				return nil, fmt.Errorf("audience of account %d: %w", main.ID, err)
			}
			row[9] = countriesText(aud.Country)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// moreFollowers orders a creator's accounts for the main one: most
// followers first, unknown counts last, then the oldest.
func moreFollowers(a, b *SearchAccount) bool {
	switch {
	case a.Followers == nil || b.Followers == nil:
		return a.Followers != nil || (b.Followers == nil && a.ID < b.ID)
	case *a.Followers != *b.Followers:
		return *a.Followers > *b.Followers
	}
	return a.ID < b.ID
}

// SearchRows are creators' search rows made ready to save, so that a
// writer can make them away from its write transaction.
type SearchRows struct {
	ids  []int64
	rows [][]any
}

// NewSearchRows makes the search rows of srcs for workspace ws, whose tier
// thresholds are th, indexed at now.
func NewSearchRows(ws int64, th engagement.Thresholds, now time.Time, srcs []SearchSource) (SearchRows, error) {
	rows, err := searchRows(ws, th, now.Unix(), srcs)
	if err != nil {
		return SearchRows{}, err
	}
	r := SearchRows{ids: make([]int64, len(srcs)), rows: rows}
	for i, c := range srcs {
		r.ids[i] = c.CreatorID
	}
	return r, nil
}

// Append is r followed by o, for a writer that saves several at once.
func (r SearchRows) Append(o SearchRows) SearchRows {
	return SearchRows{ids: append(r.ids, o.ids...), rows: append(r.rows, o.rows...)}
}

// writeSearch replaces creators' search rows.
func (tx *Tx) writeSearch(ctx context.Context, ws int64, r SearchRows) error {
	return tx.upsertMany(ctx, "creator_search", searchCols, "creator_id", r.rows)
}

// SearchMarks returns the queue entries of creators that are waiting for a
// refresh of their search rows, each with the count of writes that queued
// it. A writer that reads creators outside its transaction reads their
// marks first and hands them to SaveSearchRows.
func (db *DB) SearchMarks(ctx context.Context, ws int64, creatorIDs []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(creatorIDs))
	if len(creatorIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ID  int64 `db:"creator_id"`
		Seq int64 `db:"seq"`
	}
	if err := db.sel(ctx, db.reader(), &rows, `SELECT creator_id, seq FROM search_dirty WHERE +workspace_id = ? AND creator_id IN (`+
		placeholders(len(creatorIDs))+`)`, append([]any{ws}, ids(creatorIDs)...)...); err != nil {
		return nil, fmt.Errorf("search queue: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.Seq
	}
	return out, nil
}

// SaveSearchRows replaces creators' search rows, and takes off the queue
// the creators whose entries are still those of marks (read before what
// the rows were made of): a creator written to since stays queued, for
// RefreshSearch to make its row again from what is stored.
func (tx *Tx) SaveSearchRows(ctx context.Context, ws int64, r SearchRows, marks map[int64]int64) error {
	if err := tx.writeSearch(ctx, ws, r); err != nil {
		return fmt.Errorf("save search rows: %w", err)
	}
	var queued []int64
	for _, id := range r.ids {
		if _, ok := marks[id]; ok {
			queued = append(queued, id)
		}
	}
	// PostgreSQL types VALUES from its first row's parameters.
	pair := "(?, ?),"
	if tx.db.dialect == Postgres {
		pair = "(CAST(? AS BIGINT), CAST(? AS BIGINT)),"
	}
	const per = 1000
	for start := 0; start < len(queued); start += per {
		part := queued[start:min(start+per, len(queued))]
		args := make([]any, 0, 3*len(part))
		for _, id := range part {
			args = append(args, id)
		}
		for _, id := range part {
			args = append(args, id, marks[id])
		}
		// The id list is what SQLite finds the rows by; the pairs alone
		// would scan the queue (a million rows after an import) each time.
		q := `DELETE FROM search_dirty WHERE creator_id IN (` + placeholders(len(part)) + `) AND (creator_id, seq) IN (VALUES ` +
			strings.TrimSuffix(strings.Repeat(pair, len(part)), ",") + `)`
		if _, err := tx.db.exec(ctx, tx.q, q, args...); err != nil {
			return fmt.Errorf("search queue: %w", err)
		}
	}
	return nil
}

// refreshSearch rewrites the rows of up to max dirty creators (all when max
// is 0), a batch per transaction.
func (db *DB) refreshSearch(ctx context.Context, ws int64, max int) (int, error) {
	done := 0
	for max == 0 || done < max {
		n := searchBatch
		if max > 0 {
			n = min(n, max-done)
		}
		var got int
		err := db.Tx(ctx, func(tx *Tx) error {
			var err error
			got, err = tx.refreshBatch(ctx, ws, n)
			return err
		})
		if err != nil {
			return done, fmt.Errorf("refresh search: %w", err)
		}
		done += got
		if got < n {
			break
		}
	}
	return done, nil
}

func (tx *Tx) refreshBatch(ctx context.Context, ws int64, n int) (int, error) {
	db := tx.db
	var dirty []int64
	if err := db.sel(ctx, tx.q, &dirty, `SELECT creator_id FROM search_dirty WHERE +workspace_id = ? ORDER BY creator_id LIMIT ?`, ws, n); err != nil {
		return 0, err
	}
	if len(dirty) == 0 {
		return 0, nil
	}
	var w Workspace
	if err := db.get(ctx, tx.q, &w, `SELECT `+workspaceCols+` FROM workspaces WHERE id = ?`, ws); err != nil {
		return 0, err
	}
	th := engagement.Thresholds{Micro: w.TierMicro, Mid: w.TierMid, Macro: w.TierMacro, Mega: w.TierMega}
	in := "(" + placeholders(len(dirty)) + ")"
	args := append([]any{ws}, ids(dirty)...)
	var cs []struct {
		ID        int64  `db:"id"`
		Name      string `db:"name"`
		NicheTags string `db:"niche_tags"`
	}
	if err := db.sel(ctx, tx.q, &cs, `SELECT id, name, niche_tags FROM creators WHERE workspace_id = ? AND id IN `+in, args...); err != nil {
		return 0, err
	}
	// Only the columns the row is made of; the audience stays text until
	// the main account's is decoded.
	var accts []struct {
		ID        int64  `db:"id"`
		CreatorID int64  `db:"creator_id"`
		Platform  string `db:"platform"`
		Handle    string `db:"handle"`
		Biography string `db:"biography"`
		Followers *int64 `db:"followers"`
		Audience  string `db:"audience"`
	}
	if err := db.sel(ctx, tx.q, &accts, `SELECT id, creator_id, platform, handle, biography, followers, audience FROM accounts
		WHERE +workspace_id = ? AND creator_id IN `+in+` ORDER BY creator_id, id`, args...); err != nil {
		return 0, err
	}
	// Unlike the reads around it, this one wants the index that starts with
	// workspace_id: account_vetting has no other on creator_id, and without it
	// every batch scanned the whole table (quadratic: most of a vetting run's
	// time at a million creators).
	var vets []struct {
		AccountID int64    `db:"account_id"`
		Tier      string   `db:"tier"`
		ER        *float64 `db:"er"`
		RealShare *float64 `db:"real_share"`
	}
	if err := db.sel(ctx, tx.q, &vets, `SELECT account_id, tier, er, real_share FROM account_vetting WHERE workspace_id = ? AND creator_id IN `+in, args...); err != nil {
		return 0, err
	}
	var caps []struct {
		AccountID int64  `db:"account_id"`
		Caption   string `db:"caption"`
	}
	if err := db.sel(ctx, tx.q, &caps, `SELECT p.account_id, p.caption FROM posts p JOIN accounts a ON a.id = p.account_id
		WHERE +a.workspace_id = ? AND a.creator_id IN `+in+` ORDER BY p.account_id, p.published_at DESC, p.id DESC`, args...); err != nil {
		return 0, err
	}
	captions := map[int64][]string{}
	for _, c := range caps {
		if len(captions[c.AccountID]) < CaptionsPerAccount {
			captions[c.AccountID] = append(captions[c.AccountID], c.Caption)
		}
	}
	srcs := make([]SearchSource, len(cs))
	at := make(map[int64]int, len(cs))
	for i, c := range cs {
		srcs[i] = SearchSource{CreatorID: c.ID, Name: c.Name, NicheTags: c.NicheTags}
		at[c.ID] = i
	}
	acctAt := make(map[int64]*SearchAccount, len(accts))
	for _, a := range accts {
		i, ok := at[a.CreatorID]
		if !ok {
			continue
		}
		srcs[i].Accounts = append(srcs[i].Accounts, SearchAccount{ID: a.ID, Platform: a.Platform, Handle: a.Handle,
			Biography: a.Biography, Followers: a.Followers, Audience: a.Audience, Captions: captions[a.ID]})
	}
	for i := range srcs {
		for j := range srcs[i].Accounts {
			acctAt[srcs[i].Accounts[j].ID] = &srcs[i].Accounts[j]
		}
	}
	for _, v := range vets {
		if a := acctAt[v.AccountID]; a != nil {
			a.Vetted, a.Tier, a.ER, a.RealShare = true, v.Tier, v.ER, v.RealShare
		}
	}
	r, err := NewSearchRows(ws, th, db.Now(), srcs)
	if err != nil {
		return 0, err
	}
	if err := tx.writeSearch(ctx, ws, r); err != nil {
		return 0, err
	}
	if _, err := db.exec(ctx, tx.q, `DELETE FROM search_dirty WHERE +workspace_id = ? AND creator_id IN `+in, args...); err != nil {
		return 0, err
	}
	return len(dirty), nil
}
