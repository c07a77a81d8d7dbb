package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/compliance"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
	"golang.org/x/crypto/bcrypt"
)

func TestHighlightEscapesAndMerges(t *testing.T) {
	fail := func(sps ...compliance.Span) compliance.Result {
		return compliance.Result{Check: compliance.CheckClaims, Status: compliance.Fail, Spans: sps}
	}
	tests := []struct {
		name    string
		caption string
		results []compliance.Result
		want    template.HTML
	}{
		{"script is escaped, the claim marked", "<script>x</script> cures", []compliance.Result{fail(compliance.Span{Start: 19, End: 24})},
			`&lt;script&gt;x&lt;/script&gt; <mark class="fail">cures</mark>`},
		{"pass spans are not marked", "#ad ok", []compliance.Result{{Status: compliance.Pass, Spans: []compliance.Span{{Start: 0, End: 3}}}}, `#ad ok`},
		{"overlaps merge and take the worse status", "abcdef", []compliance.Result{
			{Status: compliance.Warn, Spans: []compliance.Span{{Start: 0, End: 3}}}, fail(compliance.Span{Start: 2, End: 4})},
			`<mark class="fail">abcd</mark>ef`},
		// "é" is two bytes (1..3): a span starting inside it is dropped, as
		// is one past the end.
		{"bad spans are ignored", "héllo & co", []compliance.Result{fail(compliance.Span{Start: 2, End: 4}, compliance.Span{Start: 8, End: 99})}, `héllo &amp; co`},
		{"multibyte span", "héllo", []compliance.Result{fail(compliance.Span{Start: 0, End: 3})}, `<mark class="fail">hé</mark>llo`},
	}
	for _, tt := range tests {
		if got := highlight(tt.caption, compliance.Report{Results: tt.results}); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

// opsApp is a test app whose server stores uploads in a temporary data
// directory, with a small upload limit.
func opsApp(t *testing.T, f *storetest.Fixture, uploadMax int64, rev RevenueSource) (*testApp, string) {
	t.Helper()
	a := newApp(t, f)
	dir := t.TempDir()
	srv, err := New(Config{DB: f.DB, BcryptCost: bcrypt.MinCost, DataDir: dir, UploadMax: uploadMax, Revenue: rev})
	if err != nil {
		t.Fatal(err)
	}
	a.srv, a.h = srv, srv.Handler()
	return a, dir
}

// opsCollab puts the portal creator on a campaign whose brief requires
// #glow, bans "cure" (health list) and whose workspace bans "miracle".
func opsCollab(t *testing.T, a *testApp, status campaigns.Status) campaigns.Collaboration {
	t.Helper()
	ctx := context.Background()
	ws := a.f.Workspace.ID
	cp := campaigns.Campaign{Name: "Glow", Slug: strings.ToLower("glow-" + auth.NewToken("")[:8]), Currency: "USD", Goal: "sales", Status: "active",
		Brief: campaigns.Brief{Hashtags: []string{"#glow"}, ClaimCategories: []string{"health"}}}
	var k campaigns.Collaboration
	storetest.Must(t, a.f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		if err := tx.SetClaimList(ctx, ws, "miracle~"); err != nil {
			return err
		}
		k = campaigns.Collaboration{CampaignID: cp.ID, CreatorID: a.creator.ID, Status: status, FeeMinor: 50000, CommissionBps: 1000}
		return tx.CreateCollaboration(ctx, ws, &k)
	}))
	return k
}

// pngBytes is the start of a PNG file: enough for content sniffing.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")

// multipartBody builds a form with fields and files (name -> content).
func multipartBody(t *testing.T, fields map[string]string, files map[string][]byte) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for name, content := range files {
		fw, err := mw.CreateFormFile("media", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	mw.Close()
	return mw.FormDataContentType(), b.String()
}

func TestDraftSubmitCheckAndReview(t *testing.T) {
	f := storetest.New(t)
	a, dir := opsApp(t, f, 4096, nil)
	ctx := context.Background()
	ws := f.Workspace.ID
	k := opsCollab(t, a, campaigns.Contracted)
	path := fmt.Sprintf("/collaborations/%d", k.ID)

	caption := "<script>alert(1)</script> This miracle serum cures acne #ad"
	ct, body := multipartBody(t, map[string]string{"title": "Reel 1", "caption": caption}, map[string][]byte{"../../evil.png": pngBytes})
	w := a.do("member", "POST", path+"/drafts", ct, body)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", w.Code, w.Body)
	}
	ds, err := f.DB.Drafts(ctx, ws, k.ID)
	storetest.Must(t, err)
	if len(ds) != 1 || len(ds[0].Versions) != 1 || len(ds[0].Versions[0].Media) != 1 {
		t.Fatalf("drafts = %+v", ds)
	}
	v1 := ds[0].Versions[0]
	m := v1.Media[0]
	if !storedNameRE.MatchString(m.StoredName) || m.OriginalName != "evil.png" || m.ContentType != "image/png" || m.Size != int64(len(pngBytes)) {
		t.Errorf("media = %+v", m)
	}
	if _, err := os.Stat(filepath.Join(dir, "media", m.StoredName)); err != nil {
		t.Errorf("stored file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "..", "evil.png")); err == nil {
		t.Error("the uploader's file name was used as a path")
	}
	// Disclosure passes (#ad), claims fail (miracle from the workspace,
	// cure from the health list), #glow is missing, no link or code yet.
	if v1.Report.Status != compliance.Fail {
		t.Errorf("report = %+v", v1.Report)
	}
	page := a.do("viewer", "GET", path+"/review", "", "").Body.String()
	for _, want := range []string{`&lt;script&gt;alert(1)&lt;/script&gt;`, `<mark class="fail">miracle</mark>`, `<mark class="fail">cures</mark>`, "#glow"} {
		if !strings.Contains(page, want) {
			t.Errorf("review page lacks %s", want)
		}
	}
	if strings.Contains(page, "<script>alert(1)") {
		t.Error("the caption's script is not escaped")
	}
	// The media file is served to staff of the workspace only.
	mw := a.do("viewer", "GET", fmt.Sprintf("%s/media?m=%d", path, m.ID), "", "")
	if mw.Code != 200 || mw.Header().Get("Content-Type") != "image/png" || !bytes.Equal(mw.Body.Bytes(), pngBytes) {
		t.Errorf("media: %d %q", mw.Code, mw.Header().Get("Content-Type"))
	}
	if w := a.do("other", "GET", fmt.Sprintf("%s/media?m=%d", path, m.ID), "", ""); w.Code != 404 {
		t.Errorf("media for another workspace: %d", w.Code)
	}

	// Bad uploads save nothing and keep what was typed.
	for name, file := range map[string][]byte{
		"page.png":  []byte("<html><body>not an image</body></html>"),
		"big.png":   append(append([]byte{}, pngBytes...), make([]byte, 5000)...),
		"image.svg": []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
	} {
		ct, body := multipartBody(t, map[string]string{"draft": fmt.Sprint(v1.DraftID), "caption": "typed text stays"}, map[string][]byte{name: file})
		w := a.do("member", "POST", path+"/drafts", ct, body)
		if w.Code != http.StatusUnprocessableEntity && w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: status %d", name, w.Code)
		}
		if w.Code == http.StatusUnprocessableEntity && !strings.Contains(w.Body.String(), "typed text stays") {
			t.Errorf("%s: the typed caption is lost", name)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "media"))
	if len(entries) != 1 {
		t.Errorf("%d files stored, want 1", len(entries))
	}

	// Version 2, then the review flow.
	ct, body = multipartBody(t, map[string]string{"draft": fmt.Sprint(v1.DraftID), "caption": "Glowing skin #ad #glow"}, nil)
	if w := a.do("member", "POST", path+"/drafts", ct, body); w.Code != http.StatusSeeOther {
		t.Fatalf("version 2: %d %s", w.Code, w.Body)
	}
	ds, _ = f.DB.Drafts(ctx, ws, k.ID)
	v2 := ds[0].Versions[1]
	if v2.Version != 2 || ds[0].Versions[0].Caption != caption {
		t.Fatalf("versions = %+v", ds[0].Versions)
	}
	review := func(actor string, version int64, decision, comment string) int {
		return a.do(actor, "POST", path+"/review", "application/x-www-form-urlencoded",
			fmt.Sprintf("version=%d&decision=%s&comment=%s", version, decision, comment)).Code
	}
	if c := review("member", v2.ID, "request_changes", ""); c != http.StatusUnprocessableEntity {
		t.Errorf("changes without a comment: %d", c)
	}
	if c := review("viewer", v2.ID, "approve", ""); c != http.StatusForbidden {
		t.Errorf("viewer approving: %d", c)
	}
	if c := review("member", v1.ID, "approve", ""); c != http.StatusConflict {
		t.Errorf("approving an old version: %d", c)
	}
	if c := review("member", v2.ID, "approve", "lovely"); c != http.StatusSeeOther {
		t.Errorf("approve: %d", c)
	}
	got, _ := f.DB.Collaboration(ctx, ws, k.ID)
	if got.Status != campaigns.Approved {
		t.Errorf("collaboration %s, want approved", got.Status)
	}
	var api struct {
		Drafts []struct {
			Status   string
			Versions []struct {
				Report  struct{ Status string }
				Reviews []store.DraftReview
			}
		}
	}
	a.json("viewer", "GET", fmt.Sprintf("/api/v1/collaborations/%d/drafts", k.ID), "", 200, &api)
	if len(api.Drafts) != 1 || api.Drafts[0].Status != store.DraftApproved || len(api.Drafts[0].Versions[1].Reviews) != 1 ||
		api.Drafts[0].Versions[0].Report.Status != "fail" {
		t.Errorf("API drafts = %+v", api.Drafts)
	}
}

func TestClaimsSettingsReportLines(t *testing.T) {
	a := newApp(t, storetest.New(t))
	w := a.do("admin", "POST", "/settings/claims", "application/x-www-form-urlencoded", "claims=cure~%0A%7Bn%7D+%7C%0Amiracle")
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "line 2") || !strings.Contains(w.Body.String(), "miracle") {
		t.Errorf("bad list: %d, %s", w.Code, trim(w.Body.String()))
	}
	if body, _ := a.f.DB.ClaimList(context.Background(), a.f.Workspace.ID); body != "" {
		t.Errorf("a bad list was saved: %q", body)
	}
	if w := a.do("admin", "POST", "/settings/claims", "application/x-www-form-urlencoded", "claims=cure~%0Amiracle+%3B+warn"); w.Code != http.StatusSeeOther {
		t.Errorf("good list: %d", w.Code)
	}
	if body, _ := a.f.DB.ClaimList(context.Background(), a.f.Workspace.ID); body != "cure~\nmiracle ; warn" {
		t.Errorf("saved %q", body)
	}
	if w := a.do("member", "POST", "/settings/claims", "application/x-www-form-urlencoded", "claims=x"); w.Code != http.StatusForbidden {
		t.Errorf("member saving: %d", w.Code)
	}
}

// BenchmarkHighlight renders a long caption with many marks, as the review
// page does for every version it shows.
func BenchmarkHighlight(b *testing.B) {
	caption := strings.Repeat("This miracle serum <b>cures</b> acne & more #ad ", 40)
	var spans []compliance.Span
	for i := 0; i < len(caption); i += 48 {
		spans = append(spans, compliance.Span{Start: i + 5, End: i + 12})
	}
	rep := compliance.Report{Results: []compliance.Result{{Status: compliance.Fail, Spans: spans}}}
	for b.Loop() {
		highlight(caption, rep)
	}
}
