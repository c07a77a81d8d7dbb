package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestSurveyAttributesAnOrderWithoutCodeOrClick(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		s := newShop(t, f)
		s.json("member", "POST", "/api/v1/conversions", `{"order_id": "S-1", "value": "42.00", "currency": "USD"}`, http.StatusCreated, nil)
		if o := s.order(t, "S-1"); o.Rule != "none" || o.CollaborationID != 0 {
			t.Fatalf("before the survey: %+v", o)
		}
		w := s.do("", "GET", "/s/acme?order=S-1", "", "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `value="S-1"`) ||
			!strings.Contains(w.Header().Get("Content-Security-Policy"), "frame-ancestors *") || w.Header().Get("X-Frame-Options") != "" {
			t.Errorf("form: %d %q %q", w.Code, w.Header().Get("Content-Security-Policy"), w.Header().Get("X-Frame-Options"))
		}
		// "leoruns" misspelt "leorusn": one swap in seven letters.
		form := url.Values{"order": {"S-1"}, "answer": {"Leorusn on insta"}}
		w = s.do("", "POST", "/s/acme", "application/x-www-form-urlencoded", form.Encode())
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Thank you") {
			t.Fatalf("answer: %d %s", w.Code, w.Body)
		}
		if o := s.order(t, "S-1"); o.Rule != "survey" || o.CollaborationID != s.leo {
			t.Errorf("after the survey: %+v", o)
		}
		if r := s.row(t, s.report(t, "default"), s.leo); r.Default.RevenueMinor != 4200 || r.Default.Conversions != 1 {
			t.Errorf("Leo's report: %+v", r.Default)
		}
		// The API: a first answer before its order, then a second one that changes nothing.
		var a struct {
			Survey  store.SurveyAnswer `json:"survey"`
			Created bool               `json:"created"`
		}
		s.json("member", "POST", "/api/v1/surveys", `{"order_id": "S-2", "answer": "@maya_fit"}`, http.StatusCreated, &a)
		if a.Survey.CollaborationID != s.maya || !a.Created {
			t.Errorf("API answer: %+v", a)
		}
		s.json("member", "POST", "/api/v1/surveys", `{"order_id": "S-2", "answer": "leoruns"}`, http.StatusOK, &a)
		if a.Survey.CollaborationID != s.maya || a.Created {
			t.Errorf("second API answer: %+v", a)
		}
		s.json("member", "POST", "/api/v1/conversions", `{"order_id": "S-2", "value": "5.00", "currency": "USD"}`, http.StatusCreated, nil)
		if o := s.order(t, "S-2"); o.Rule != "survey" || o.CollaborationID != s.maya {
			t.Errorf("order after its answer: %+v", o)
		}
		// Missing fields, and an unknown workspace that is thanked all the same.
		if w := s.do("", "POST", "/s/acme", "application/x-www-form-urlencoded", "order=S-3"); w.Code != http.StatusUnprocessableEntity {
			t.Errorf("no answer: %d", w.Code)
		}
		if w := s.do("", "POST", "/s/nosuch", "application/x-www-form-urlencoded", form.Encode()); w.Code != http.StatusOK {
			t.Errorf("unknown workspace: %d", w.Code)
		}
	})
}
