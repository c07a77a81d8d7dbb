package demo

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"net/netip"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/tracking"
)

// demoSecret keys the demo's IP hashes. The world has visitors, not
// addresses, so each visitor gets a made-up address; the hash of the
// redirect is applied to it so that a visitor's clicks share a hash per day
// exactly as real ones do.
const demoSecret = "chorus demo: not a production secret"

// demoDestination is where the demo's links send visitors, per campaign.
func demoDestination(campaignSlug string) string {
	return "https://shop.glowlabs.example/products/" + campaignSlug
}

// loadLinks creates the tracked links of every collaboration of the world
// (one of them has slug "demo", the redirect benchmark's target) and records
// their ids in l.Links.
func loadLinks(ctx context.Context, tx *store.Tx, l *Loader) error {
	if l.Links == nil {
		l.Links = map[string]int64{}
	}
	camps := l.W.Campaigns()
	for _, k := range l.W.Collaborations() {
		kid, ok := l.Collaborations[k.ID]
		if !ok {
			return fmt.Errorf("collaboration %s was not loaded", k.ID)
		}
		cp := camps[k.Campaign]
		for _, sl := range k.Links {
			var variant *int64
			name := ""
			if vs := l.Variants[k.Campaign]; sl.Variant < len(vs) {
				variant = &vs[sl.Variant]
				name = cp.Variants[sl.Variant].Name
			}
			link := store.Link{CollaborationID: kid, VariantID: variant, Slug: sl.Slug, Destination: demoDestination(cp.Slug),
				UTMSource: string(k.Platform), UTMMedium: "influencer", UTMCampaign: cp.Slug, UTMContent: tracking.UTMContent(k.Handle, name)}
			if err := tracking.ValidateSlug(link.Slug); err != nil {
				return fmt.Errorf("collaboration %s: %w", k.ID, err)
			}
			if err := tx.CreateLink(ctx, l.WS.ID, &link); err != nil {
				return err
			}
			l.Links[sl.Slug] = link.ID
		}
	}
	return nil
}

// loadClicks stores the world's clicks with their rollups, classifying each
// User-Agent the way the redirect does (the world's own bot flag is hidden
// truth, which Chorus does not get to see). The sim's click id becomes the
// stored click_id, so orders that carry it attribute to it.
func loadClicks(ctx context.Context, tx *store.Tx, l *Loader) error {
	ips, err := tracking.NewIPHasher([]byte(demoSecret))
	if err != nil {
		return err
	}
	agents := tracking.NewClassifier(4096)
	const chunk = 5000
	batch := make([]store.Click, 0, chunk)
	for c := range l.W.Clicks() {
		link, ok := l.Links[c.Slug]
		if !ok {
			return fmt.Errorf("click %s: no link %q", c.ID, c.Slug)
		}
		a := agents.Classify(c.UserAgent)
		batch = append(batch, store.Click{WorkspaceID: l.WS.ID, LinkID: link, ClickID: c.ID, At: unix(c.At),
			IPHash: ips.Hash(visitorAddr(c.VisitorID), c.At), Bot: !a.Human, BotName: a.BotName, Device: string(a.Device),
			OS: a.OS, Browser: a.Browser, InApp: a.InApp, Referrer: c.Referrer, Country: c.Country})
		if len(batch) == chunk {
			if err := tx.InsertClicks(ctx, batch); err != nil {
				return err
			}
			l.ClicksLoaded += len(batch)
			batch = batch[:0]
		}
	}
	if err := tx.InsertClicks(ctx, batch); err != nil {
		return err
	}
	l.ClicksLoaded += len(batch)
	return nil
}

// visitorAddr gives a simulated visitor a stable made-up IPv4 address in
// 10.0.0.0/8.
func visitorAddr(visitor string) netip.Addr {
	h := fnv.New32a()
	h.Write([]byte(visitor))
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], h.Sum32())
	b[0] = 10
	return netip.AddrFrom4(b)
}
