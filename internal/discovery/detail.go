package discovery

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/vetting"
)

// A vetting run keeps an account's explained result (the Detail of
// store.AccountVetting) only when the account has more than its profile.
// A bare profile's result is recomputed from the profile in about a
// microsecond, while writing its JSON was a fifth of a run's writes at a
// million creators (after an import, nearly all are bare). Readers get the
// result through details, which recomputes what the run left out.

// isBare reports whether d holds nothing but the account's profile: Assess
// of the profile alone then gives the same result. Deliveries count only
// with recent posts, a follower history only from two counts on.
func isBare(d AccountData) bool {
	return len(d.Posts) == 0 && len(d.Samples) == 0 && len(d.Comments) == 0 && len(d.History) < 2
}

// details turns stored vetting results back into assessments.
type details struct {
	db *store.DB
	ws int64
	// Loaded on the first bare result.
	models *Models
	th     engagement.Thresholds
}

// assessment is the result stored in v for an account of creator c: the
// stored detail, or for a bare account the result of its profile, as a run
// computes it. A profile edited since the run is read as it is now, which
// is what the next run will say; a bare result's score parts do not depend
// on it.
func (d *details) assessment(ctx context.Context, v store.AccountVetting, c *creators.Creator) (Assessment, error) {
	var as Assessment
	if v.Detail != "" {
		if err := json.Unmarshal([]byte(v.Detail), &as); err != nil {
			return as, fmt.Errorf("vetting result of account %d: %w", v.AccountID, err)
		}
		return as, nil
	}
	a := accountOf(c, v.AccountID)
	if a == nil { // moved to another creator since the run
		var err error
		if a, err = d.db.Account(ctx, d.ws, v.AccountID); err != nil {
			return as, fmt.Errorf("vetting result of account %d: %w", v.AccountID, err)
		}
	}
	if d.models == nil {
		w, err := d.db.Workspace(ctx, d.ws)
		if err != nil {
			return as, err
		}
		d.th = engagement.Thresholds{Micro: w.TierMicro, Mid: w.TierMid, Macro: w.TierMacro, Mega: w.TierMega}
		// A bare account has no comments: the comment model is not needed.
		m, err := vetting.LoadAccountModel()
		if err != nil {
			return as, fmt.Errorf("vetting result of account %d: %w", v.AccountID, err)
		}
		d.models = &Models{Accounts: m}
	}
	// The run read the account with the name of the creator it scored.
	as, _, _ = Assess(*d.models, d.th, AccountData{Account: store.VetAccount{ID: a.ID, CreatorID: c.ID, Name: c.Name,
		Platform: a.Platform, Handle: a.Handle, URL: a.URL, Followers: a.Followers, Following: a.Following,
		MediaCount: a.MediaCount, Biography: a.Biography, HasProfilePic: a.HasProfilePic, IsPrivate: a.IsPrivate}})
	return as, nil
}

// accountOf is creator c's account id, nil when c has none by that id.
func accountOf(c *creators.Creator, id int64) *creators.Account {
	for i := range c.Accounts {
		if c.Accounts[i].ID == id {
			return &c.Accounts[i]
		}
	}
	return nil
}
