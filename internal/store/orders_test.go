package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// world is a campaign with three collaborations, Maya (code MAYA15), Leo and
// Zoe (a tracked link each), and a few clicks around t0.
type world struct {
	f            *storetest.Fixture
	ctx          context.Context
	campaign     int64
	maya, leo    int64
	zoe          int64
	t0           time.Time
	leoClick     string // human, two days before t0
	zoeBot       string // bot, an hour before t0
	zoeOld       string // human, 40 days before t0: outside the 30-day window
	leoLink      int64
	zoeLink      int64
	emailSaltFor func(email string) string
}

func newWorld(t *testing.T, f *storetest.Fixture) *world { return newWorldTB(t, f) }

func newWorldTB(t testing.TB, f *storetest.Fixture) *world {
	t.Helper()
	w := &world{f: f, ctx: storetest.Ctx(t), t0: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		leoClick: "leoclick000000000000001", zoeBot: "zoebot00000000000000001", zoeOld: "zoeold00000000000000001"}
	ws := f.Workspace.ID
	storetest.Must(t, f.DB.Tx(w.ctx, func(tx *store.Tx) error {
		cp := campaigns.Campaign{Name: "Autumn", Slug: "autumn", Currency: "USD", Goal: "sales", Status: "active"}
		if err := tx.CreateCampaign(w.ctx, ws, &cp); err != nil {
			return err
		}
		w.campaign = cp.ID
		ids := map[string]*int64{"maya_fit": &w.maya, "leoruns": &w.leo, "zoeglowup": &w.zoe}
		for _, c := range []struct{ name, handle string }{{"Maya Lopez", "maya_fit"}, {"Leo Park", "leoruns"}, {"Zoe Glow", "zoeglowup"}} {
			cr := creators.Creator{Name: c.name, Accounts: []creators.Account{{Platform: "instagram", Handle: c.handle}}}
			if err := tx.CreateCreator(w.ctx, ws, &cr); err != nil {
				return err
			}
			k := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Live}
			if err := tx.CreateCollaboration(w.ctx, ws, &k); err != nil {
				return err
			}
			*ids[c.handle] = k.ID
		}
		if err := tx.CreateDiscountCode(w.ctx, ws, &store.DiscountCode{CollaborationID: w.maya, Code: "MAYA15", Percent: 15}); err != nil {
			return err
		}
		for _, l := range []struct {
			collab int64
			slug   string
			id     *int64
		}{{w.leo, "leo1", &w.leoLink}, {w.zoe, "zoe1", &w.zoeLink}} {
			link := store.Link{CollaborationID: l.collab, Slug: l.slug, Destination: "https://shop.test/"}
			if err := tx.CreateLink(w.ctx, ws, &link); err != nil {
				return err
			}
			*l.id = link.ID
		}
		return tx.InsertClicks(w.ctx, []store.Click{
			{WorkspaceID: ws, LinkID: w.leoLink, ClickID: w.leoClick, At: w.t0.Add(-48 * time.Hour).Unix()},
			{WorkspaceID: ws, LinkID: w.zoeLink, ClickID: w.zoeBot, At: w.t0.Add(-time.Hour).Unix(), Bot: true},
			{WorkspaceID: ws, LinkID: w.zoeLink, ClickID: w.zoeOld, At: w.t0.Add(-40 * 24 * time.Hour).Unix()},
		})
	}))
	salt, err := f.DB.EmailSalt(w.ctx, ws)
	storetest.Must(t, err)
	w.emailSaltFor = func(email string) string { return conversions.HashEmail(salt, email) }
	return w
}

func (w *world) order(id string, at time.Time, total int64, email, clickID string, codes ...string) conversions.Order {
	return conversions.Order{Provider: conversions.ProviderShopify, ExternalID: id, Time: at, Currency: "USD", Total: total,
		DiscountCodes: codes, ClickID: clickID, Customer: conversions.Customer{EmailHash: w.emailSaltFor(email)}}
}

func (w *world) record(t *testing.T, ev conversions.Event) store.EventResult {
	t.Helper()
	var res store.EventResult
	storetest.Must(t, w.f.DB.Tx(w.ctx, func(tx *store.Tx) (err error) {
		res, err = tx.RecordEvent(w.ctx, w.f.Workspace, ev)
		return err
	}))
	return res
}

func (w *world) survey(t *testing.T, order, answer string) store.SurveyAnswer {
	t.Helper()
	var a store.SurveyAnswer
	storetest.Must(t, w.f.DB.Tx(w.ctx, func(tx *store.Tx) error {
		ix, err := tx.SurveyIndex(w.ctx, w.f.Workspace.ID)
		if err != nil {
			return err
		}
		a, _, err = tx.RecordSurvey(w.ctx, w.f.Workspace, ix, order, answer)
		return err
	}))
	return a
}

func (w *world) get(t *testing.T, id string) *store.Order {
	t.Helper()
	o, err := w.f.DB.Order(w.ctx, w.f.Workspace.ID, id)
	storetest.Must(t, err)
	return o
}

func created(o conversions.Order, delivery string) conversions.Event {
	o.DeliveryID = delivery
	return conversions.Event{Kind: conversions.KindOrderCreated, Provider: o.Provider, DeliveryID: delivery, Order: &o}
}

func refund(order, id string, amount int64, delivery string) conversions.Event {
	return conversions.Event{Kind: conversions.KindRefunded, Provider: conversions.ProviderShopify, DeliveryID: delivery,
		Refund: &conversions.Refund{Provider: conversions.ProviderShopify, ExternalID: id, OrderID: order, Amount: amount, Currency: "USD"}}
}

func TestRecordEventDecidesCreditsAndReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		w := newWorld(t, f)
		// 1: Maya's code (typed in lower case) and Leo's click: the code wins.
		w.record(t, created(w.order("1", w.t0, 10000, "ann@x.test", w.leoClick, "MAYA15"), "d1"))
		// 2: only Zoe's bot click: unattributed until the survey names Zoe.
		w.record(t, created(w.order("2", w.t0, 3000, "bob@x.test", w.zoeBot), "d2"))
		// 3: Zoe's human click 40 days before: outside the window.
		w.record(t, created(w.order("3", w.t0, 2000, "cy@x.test", w.zoeOld), "d3"))
		// 4: Ann again a day later with no click id: her earlier order's
		// click (Leo, 3 days before) is hers; no code, so Leo by last click.
		w.record(t, created(w.order("4", w.t0.Add(24*time.Hour), 5000, "ANN@x.test ", ""), "d4"))
		// 5: Maya's code, then refunded in full.
		w.record(t, created(w.order("5", w.t0.Add(48*time.Hour), 8000, "dee@x.test", "", "MAYA15"), "d5"))

		for _, tt := range []struct {
			id     string
			collab int64
			rule   string
			new    bool
		}{{"1", w.maya, "code", true}, {"2", 0, "none", true}, {"3", 0, "none", true}, {"4", w.leo, "click", false}, {"5", w.maya, "code", true}} {
			o := w.get(t, tt.id)
			if o.CollaborationID != tt.collab || o.Rule != tt.rule || o.NewCustomer != tt.new {
				t.Errorf("order %s: collaboration %d rule %s new %v, want %d %s %v (%s)", tt.id, o.CollaborationID, o.Rule, o.NewCustomer,
					tt.collab, tt.rule, tt.new, o.Reason)
			}
		}

		// A redelivery and another delivery of the same order change nothing.
		if res := w.record(t, created(w.order("1", w.t0, 99999, "zz@x.test", "", "OTHER"), "d1")); !res.Duplicate {
			t.Errorf("redelivery d1: %+v, want duplicate", res)
		}
		if res := w.record(t, created(w.order("1", w.t0, 99999, "zz@x.test", ""), "d1b")); res.Created || res.Duplicate {
			t.Errorf("new delivery of order 1: %+v, want neither created nor duplicate", res)
		}
		if o := w.get(t, "1"); o.TotalMinor != 10000 || o.CollaborationID != w.maya || o.Paid {
			t.Errorf("order 1 after redeliveries: %+v", o)
		}
		paid := created(w.order("1", w.t0, 10000, "ann@x.test", ""), "d1c")
		paid.Kind = conversions.KindOrderPaid
		w.record(t, paid)
		if o := w.get(t, "1"); !o.Paid || o.CreditMinor != 10000 {
			t.Errorf("order 1 after orders/paid: paid %v credit %d", o.Paid, o.CreditMinor)
		}

		// Survey with a typo ("zoeglowpu" is one swap from @zoeglowup): order 2 moves to Zoe.
		a := w.survey(t, "2", "saw @zoeglowpu on tiktok")
		if a.CollaborationID != w.zoe {
			t.Errorf("survey matched collaboration %d (%q), want Zoe %d", a.CollaborationID, a.Matched, w.zoe)
		}
		if o := w.get(t, "2"); o.CollaborationID != w.zoe || o.Rule != "survey" {
			t.Errorf("order 2 after survey: %d %s", o.CollaborationID, o.Rule)
		}
		// A survey naming Leo does not beat order 1's code; a second answer
		// for order 2 changes nothing.
		w.survey(t, "1", "leoruns")
		w.survey(t, "2", "leoruns")
		if o := w.get(t, "1"); o.CollaborationID != w.maya {
			t.Errorf("order 1 after survey: %d", o.CollaborationID)
		}
		if o := w.get(t, "2"); o.CollaborationID != w.zoe {
			t.Errorf("order 2 after a second survey answer: %d", o.CollaborationID)
		}

		// Refunds: 20.00 of order 4 (partial), all of order 5, order 5's again
		// (same refund id: nothing), and a refund of an unknown order.
		w.record(t, refund("4", "r4", 2000, "dr4"))
		w.record(t, refund("5", "r5", 8000, "dr5"))
		w.record(t, refund("5", "r5", 8000, "dr5-again"))
		if res := w.record(t, refund("404", "r9", 100, "dr9")); !res.UnknownOrder {
			t.Errorf("refund of unknown order: %+v", res)
		}
		if o := w.get(t, "4"); o.RefundedMinor != 2000 || o.CreditMinor != 3000 || o.CreditConversions != 0.6 {
			t.Errorf("order 4 after partial refund: refunded %d credit %d / %v, want 2000, 3000 / 0.6", o.RefundedMinor, o.CreditMinor, o.CreditConversions)
		}

		// Default model by hand:
		//   Maya: order 1 (1, 100.00, new) + order 5 (refunded: 0) = 1, 10000, 1 new
		//   Leo:  order 4, 50.00 less 20.00: 0.6, 3000, returning buyer: 0 new
		//   Zoe:  order 2 by survey: 1, 3000, 1 new
		// Human clicks: Leo 1; Zoe 1 (the old one; the bot does not count); Maya 0.
		// Last touch: order 1's journey is Leo's click then Maya's code, so
		// Maya; order 4 Leo; order 2 Zoe (survey touch): the same as the default.
		// First touch: order 1 goes to Leo: Leo 1 + 0.6 = 1.6, 10000 + 3000;
		// Maya 0 (order 5 converted 0); Zoe 1, 3000. New customers under first
		// touch: order 1 (new) to Leo, order 2 (new) to Zoe.
		// Linear: order 1 half each: Maya 0.5, 5000; Leo 0.5 + 0.6 = 1.1, 8000; Zoe 1, 3000.
		type m = store.Metrics
		def := map[int64]m{w.maya: {1, 10000, 1}, w.leo: {0.6, 3000, 0}, w.zoe: {1, 3000, 1}}
		models := map[string]map[int64]m{
			"default": def,
			"last":    def,
			"first":   {w.maya: {0, 0, 0}, w.leo: {1.6, 13000, 1}, w.zoe: {1, 3000, 1}},
			"linear":  {w.maya: {0.5, 5000, 0.5}, w.leo: {1.1, 8000, 0.5}, w.zoe: {1, 3000, 1}},
		}
		clicks := map[int64]int64{w.maya: 0, w.leo: 1, w.zoe: 1}
		for model, want := range models {
			rep, err := f.DB.CampaignReport(w.ctx, f.Workspace.ID, w.campaign, model)
			storetest.Must(t, err)
			if len(rep.Collaborations) != 3 {
				t.Fatalf("%s: %d rows", model, len(rep.Collaborations))
			}
			for _, r := range rep.Collaborations {
				if r.Default != def[r.ID] || r.Model != want[r.ID] || r.HumanClicks != clicks[r.ID] {
					t.Errorf("%s: %s: clicks %d default %+v model %+v, want %d %+v %+v", model, r.Name, r.HumanClicks, r.Default, r.Model,
						clicks[r.ID], def[r.ID], want[r.ID])
				}
			}
			// Campaign: 2.6 conversions, 160.00, 2 new customers, 2 human clicks.
			if c := rep.Campaign; c.Default != (m{2.6, 16000, 2}) || c.HumanClicks != 2 || c.Model.RevenueMinor != 16000 {
				t.Errorf("%s: campaign %+v", model, c)
			}
			if len(rep.Creators) != 3 || len(rep.Variants) != 1 || rep.Variants[0].Default != (m{2.6, 16000, 2}) {
				t.Errorf("%s: creators %d variants %+v", model, len(rep.Creators), rep.Variants)
			}
		}
		// Every other model runs and keeps the revenue total to the cent.
		for _, model := range []string{"time_decay", "position", "markov", "shapley"} {
			rep, err := f.DB.CampaignReport(w.ctx, f.Workspace.ID, w.campaign, model)
			storetest.Must(t, err)
			if rep.Campaign.Model.RevenueMinor != 16000 || rep.Journeys != 4 {
				t.Errorf("%s: revenue %d over %d journeys, want 16000 over 4", model, rep.Campaign.Model.RevenueMinor, rep.Journeys)
			}
		}
		if _, err := f.DB.CampaignReport(w.ctx, f.Workspace.ID, w.campaign, "nope"); err == nil {
			t.Error("unknown model: no error")
		}
	})
}

// BenchmarkRecordEvent measures one order through the webhook path: stored,
// decided (a code and a click to weigh), touches and rollups written.
func BenchmarkRecordEvent(b *testing.B) {
	f := storetest.New(b)
	w := newWorldTB(b, f)
	b.ResetTimer()
	for i := range b.N {
		o := w.order(fmt.Sprintf("b%d", i), w.t0, 4200, fmt.Sprintf("buyer%d@x.test", i%50), w.leoClick, "MAYA15")
		storetest.Must(b, f.DB.Tx(w.ctx, func(tx *store.Tx) error {
			_, err := tx.RecordEvent(w.ctx, f.Workspace, created(o, fmt.Sprintf("bd%d", i)))
			return err
		}))
	}
}
