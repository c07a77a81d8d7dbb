package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/chorushq/chorus/internal/store"
)

// creatorsCSV is the file the test imports: three creators, two of them in
// the skincare niche.
const creatorsCSV = `name,email,country,niche_tags,platform,handle,url,followers,following,media_count,biography
Mia Vegan,mia@example.com,DE,skincare;vegan,instagram,mia.vegan,https://instagram.com/mia.vegan,23100,410,312,Plant-based skincare routines
Lena Glow,lena@example.com,AT,skincare,tiktok,lenaglow,https://tiktok.com/@lenaglow,48200,120,95,Glow tips every morning
Omar Lifts,omar@example.com,GB,fitness,youtube,omarlifts,,120500,80,210,Strength training for beginners
`

// TestLoop walks the loop a brand runs, as far as it is built: sign in,
// import creators, find them, create a campaign with variants, shortlist
// creators as prospects and move them through the pipeline.
func TestLoop(t *testing.T) {
	t.Parallel()
	a := startApp(t)
	b := newBrowser(t, a.url)

	if p := b.visit("signed out", "/"); p != "/login?next=%2F" {
		t.Errorf("signed out, / went to %s, want the login page", p)
	}
	b.phone("login")
	b.fill("wrong password", map[string]string{"#email": "owner@acme.test", "#password": "not the password"})
	b.expectStatus("/login", 401)
	b.submit("wrong password", "form[action='/login'] button[type=submit]")
	if got := b.text(".login .errors"); got != "Wrong e-mail or password." {
		t.Errorf("wrong password says %q", got)
	}
	signIn(b, a.f, "owner@acme.test")
	b.phone("empty dashboard")

	// A new workspace is told what to do first.
	b.visit("no creators", "/creators")
	if got := b.text(".empty"); !strings.Contains(got, "No creators yet") || !strings.Contains(got, "Import") {
		t.Errorf("empty creator list says %q, want a way to import", got)
	}
	b.phone("no creators")

	// Import through the upload form.
	b.submit("import page", "a[href='/import']")
	b.phone("import page")
	// A file with a bad row imports nothing and names the row and field.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("name,platform,handle\nMia Vegan,instagram,mia.vegan\nNo Handle,instagram,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.do("choose bad file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{bad}))
	b.expectStatus("/import", 422)
	b.submit("import bad file", "form[action='/import'] button[type=submit]")
	if got := b.text(".errors"); !strings.Contains(got, "1 bad rows: nothing was imported.") || !strings.Contains(got, "bad.csv:3: handle") {
		t.Errorf("import of a bad file says %q, want line 3's handle named", got)
	}
	if _, n, err := a.f.DB.Creators(context.Background(), a.f.Workspace.ID, store.CreatorFilter{Limit: 1}); err != nil || n != 0 {
		t.Errorf("after a refused import the workspace has %d creators (%v), want 0", n, err)
	}
	file := filepath.Join(t.TempDir(), "creators.csv")
	if err := os.WriteFile(file, []byte(creatorsCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	b.do("choose file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
	b.submit("import", "form[action='/import'] button[type=submit]")
	if got := b.text("[data-testid=import-result]"); !strings.Contains(got, "Imported 3 rows: 3 creators added, 3 accounts added") {
		t.Errorf("import result %q", got)
	}

	// Find them.
	b.visit("creators", "/creators")
	b.phone("creators")
	if got := rows(b); !equal(got, []string{"Lena Glow", "Mia Vegan", "Omar Lifts"}) {
		t.Errorf("creator list %v", got)
	}
	b.fill("search", map[string]string{"#q": "skincare"})
	b.submit("search", "form.filters button[type=submit]")
	if got := rows(b); !equal(got, []string{"Lena Glow", "Mia Vegan"}) {
		t.Errorf("search for skincare found %v", got)
	}
	b.submit("creator profile", `a[href^="/creators/"]:not([href="/creators/new"])`)
	b.phone("creator profile")
	if got := b.text("main h1"); got != "Lena Glow" && got != "Mia Vegan" {
		t.Errorf("profile of %q", got)
	}

	// A campaign with variants to test.
	b.visit("no campaigns", "/campaigns")
	if got := b.text(".empty"); !strings.Contains(got, "No campaigns yet") {
		t.Errorf("empty campaign list says %q", got)
	}
	b.submit("new campaign", ".empty a[href='/campaigns/new']")
	b.phone("new campaign")
	b.fill("campaign form", map[string]string{
		"#name": "Glow serum launch", "#budget": "5000.00", "#currency": "EUR", "#goal": "sales",
		"#product": "Glow serum", "#hashtags": "#glowserum, #ad", "#variants_hook": "Morning routine, Before/after",
	})
	campaignPath := b.submit("create campaign", "form[action='/campaigns'] button[type=submit]")
	if !regexp.MustCompile(`^/campaigns/\d+`).MatchString(campaignPath) {
		t.Fatalf("after creating a campaign the browser is at %s", campaignPath)
	}
	if got := b.text("main h1"); !strings.HasPrefix(got, "Glow serum launch") {
		t.Errorf("campaign page h1 %q", got)
	}
	if got := b.text("main .sub"); !strings.Contains(got, "budget 5,000.00 EUR") {
		t.Errorf("campaign summary %q, want the budget 5,000.00 EUR", got)
	}
	b.fill("variant form", map[string]string{"#v-kind": "offer", "#v-name": "15% off"})
	b.submit("add variant", "form[action$='/variants'] button[type=submit]")
	if got := listText(b, "section[aria-labelledby=var-h] li"); !equal(got, []string{"hook Before/after", "hook Morning routine", "offer 15% off"}) {
		t.Errorf("variants %v", got)
	}

	// Shortlist two creators as prospects.
	b.do("pick Mia", b.clickIn("ul.checks label", "Mia Vegan", "input[name=creator]"))
	b.do("pick Lena", b.clickIn("ul.checks label", "Lena Glow", "input[name=creator]"))
	b.submit("add prospects", "form[action$='/collaborations'] button[type=submit]")
	b.phone("campaign with prospects")
	if got := column(b, "Prospect"); !equal(got, []string{"Lena Glow", "Mia Vegan"}) {
		t.Errorf("prospects %v", got)
	}

	// Move Mia through the pipeline.
	b.load("contact Mia", b.clickIn("article.collab", "Mia Vegan", "button[value=contacted]"))
	if got := b.text(".flash"); got != "Mia Vegan moved to contacted." {
		t.Errorf("flash %q", got)
	}
	b.load("negotiate with Mia", b.clickIn("article.collab", "Mia Vegan", "button[value=negotiating]"))
	if got := column(b, "Negotiating"); !equal(got, []string{"Mia Vegan"}) {
		t.Errorf("negotiating %v", got)
	}
	if got := column(b, "Prospect"); !equal(got, []string{"Lena Glow"}) {
		t.Errorf("prospects after the moves %v", got)
	}
	ks, err := a.f.DB.Collaborations(context.Background(), a.f.Workspace.ID, store.CollabFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, k := range ks {
		states = append(states, k.CreatorName+" "+string(k.Status))
	}
	if sort.Strings(states); !equal(states, []string{"Lena Glow prospect", "Mia Vegan negotiating"}) {
		t.Errorf("collaborations in the database: %v", states)
	}

	// The dashboard adds it up.
	b.visit("dashboard", "/")
	b.phone("dashboard")
	if got := b.text("[data-testid=creators-count]"); got != "3" {
		t.Errorf("dashboard counts %s creators, want 3", got)
	}

	// Deleting asks first (app.js): cancelling keeps the creator.
	b.visit("creators before deleting", "/creators?q=omar")
	b.submit("Omar's profile", "main tbody a[href^='/creators/']")
	omar := b.path()
	asked := b.answerDialog(false)
	b.do("delete, cancelled", chromedp.Click(chromedp.CSS("form[action$='/delete'] button[type=submit]")))
	if msg := <-asked; msg != "Delete Omar Lifts and all their accounts?" {
		t.Errorf("delete asks %q", msg)
	}
	if p := b.path(); p != omar {
		t.Errorf("after cancelling the deletion the browser is at %s, want %s", p, omar)
	}
	asked = b.answerDialog(true)
	b.load("delete, confirmed", chromedp.Click(chromedp.CSS("form[action$='/delete'] button[type=submit]")))
	<-asked
	if got := rows(b); !equal(got, []string{"Lena Glow", "Mia Vegan"}) {
		t.Errorf("creators after deleting Omar: %v", got)
	}

	// A page that does not exist is a page that says so.
	b.expectStatus("/campaigns/999999", 404)
	b.visit("missing campaign", "/campaigns/999999")
}

// rows lists the names in the first column of the page's table, sorted.
func rows(b *browser) []string {
	return sorted(eval[[]string](b, `[...document.querySelectorAll("main tbody tr td:first-child")].map(td => td.textContent.trim())`))
}

// listText lists the text of the elements matching sel, spaces squeezed, sorted.
func listText(b *browser, sel string) []string {
	return sorted(eval[[]string](b, `[...document.querySelectorAll(`+jsString(sel)+`)].map(e => e.textContent.trim().replace(/\s+/g, " "))`))
}

// column lists the creators on a pipeline column of the campaign page, sorted.
func column(b *browser, status string) []string {
	return sorted(eval[[]string](b, `[...document.querySelectorAll(".board .col")].filter(c => c.getAttribute("aria-label") === `+jsString(status)+`)
		.flatMap(c => [...c.querySelectorAll("article a[href^='/creators/']")].map(a => a.textContent.trim()))`))
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func sorted(s []string) []string {
	sort.Strings(s)
	return s
}

func equal(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n") && len(a) == len(b)
}
