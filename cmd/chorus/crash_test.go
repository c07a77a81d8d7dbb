package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// crashSecret is the server secret the crash tests write to the data
// directory, so that the workspace's webhook secret can be sealed before
// the server starts.
const crashSecret = "crash-test-server-secret-0123456789abcdef"

// crashShop gives the fixture's workspace a Shopify webhook secret and a
// collaboration with the code CRASH10, so that every order below is
// credited to it in full. It returns the collaboration.
func crashShop(t *testing.T, f *storetest.Fixture, data, hookSecret string) int64 {
	t.Helper()
	storetest.Must(t, os.WriteFile(filepath.Join(data, secretFile), []byte(crashSecret+"\n"), 0o600))
	box, err := store.NewSecretBox([]byte(crashSecret))
	storetest.Must(t, err)
	ctx := context.Background()
	ws := f.Workspace.ID
	var collab int64
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.SetSecret(ctx, box, ws, store.SecretShopifyWebhook, hookSecret); err != nil {
			return err
		}
		cp := campaigns.Campaign{Name: "Crash", Slug: "crash", Currency: "USD"}
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		cr := creators.Creator{Name: "K", Accounts: []creators.Account{{Platform: "instagram", Handle: "k_crash"}}}
		if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
			return err
		}
		k := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Live}
		if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
			return err
		}
		collab = k.ID
		return tx.CreateDiscountCode(ctx, ws, &store.DiscountCode{CollaborationID: k.ID, Code: "CRASH10", Percent: 10})
	}))
	return collab
}

// crashOrder is an orders/create body in the shape Shopify sends (the REST
// Order resource), with the code CRASH10.
func crashOrder(id, cents int64) string {
	return fmt.Sprintf(`{"id": %d, "admin_graphql_api_id": "gid://shopify/Order/%d", "name": "#%d", "email": "b%d@x.test",
  "created_at": "2026-11-21T10:15:00-05:00", "currency": "USD", "financial_status": "paid",
  "total_price": "%d.%02d", "subtotal_price": "%d.%02d", "total_discounts": "0.00", "test": false,
  "landing_site": "/products/serum", "discount_codes": [{"code": "crash10", "amount": "1.00", "type": "percentage"}],
  "customer": {"id": %d, "email": "b%d@x.test", "orders_count": 1},
  "line_items": [{"id": %d, "title": "Serum", "quantity": 1, "price": "%d.%02d"}]}`,
		id, id, id, id, cents/100, cents%100, cents/100, cents%100, id, id, id, cents/100, cents%100)
}

// crashCancel is the orders/cancelled body of crashOrder(id, cents): the
// same Order resource with cancelled_at set.
func crashCancel(id, cents int64) string {
	return strings.Replace(crashOrder(id, cents), `"financial_status": "paid",`,
		`"financial_status": "refunded", "cancelled_at": "2026-11-21T12:00:00-05:00", "cancel_reason": "customer",`, 1)
}

// crashHook is one webhook delivery of the crash test.
type crashHook struct{ topic, id, body string }

// crashHooks are what the shop sends about order i: its creation (every
// third twice under one webhook id, every third under a second id too),
// then, for every fifth order, its cancellation. suffix makes the ids of a
// retry.
func crashHooks(i, cents int64, suffix string) []crashHook {
	create := crashOrder(i, cents)
	hs := []crashHook{{"orders/create", fmt.Sprintf("w%d%s", i, suffix), create}}
	switch i % 3 {
	case 1:
		hs = append(hs, hs[0])
	case 2:
		hs = append(hs, crashHook{"orders/create", fmt.Sprintf("w%d-again%s", i, suffix), create})
	}
	if i%5 == 0 {
		hs = append(hs, crashHook{"orders/cancelled", fmt.Sprintf("x%d%s", i, suffix), crashCancel(i, cents)})
	}
	return hs
}

// postShopify delivers a signed webhook and returns the status code.
func postShopify(client *http.Client, url, topic, webhookID, secret, body string) (int, error) {
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Shopify-Topic", topic)
	req.Header.Set("X-Shopify-Webhook-Id", webhookID)
	req.Header.Set("X-Shopify-Shop-Domain", "crash.myshopify.com")
	req.Header.Set("X-Shopify-Hmac-Sha256", base64.StdEncoding.EncodeToString(m.Sum(nil)))
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// integrityCheck opens the SQLite file on its own, as after a restart, and
// asks SQLite whether it is whole.
func integrityCheck(t *testing.T, dsn string) {
	t.Helper()
	if !strings.HasPrefix(dsn, "sqlite:") {
		return // no such pragma: PostgreSQL's own WAL replay makes its commits whole
	}
	sq, err := sql.Open("sqlite", strings.TrimPrefix(dsn, "sqlite:"))
	storetest.Must(t, err)
	defer sq.Close()
	var check string
	storetest.Must(t, sq.QueryRow("PRAGMA integrity_check").Scan(&check))
	if check != "ok" {
		t.Errorf("integrity_check: %s", check)
	}
}

// orderTally is what the database holds of the crash test's orders.
type orderTally struct {
	orders, duplicates       int64
	cancelled                int64 // orders refunded in full
	totals, refunded, credit int64 // sums over the rows
	rolled                   int64 // revenue in the credit rollups
	rolledConv, credits      float64
}

// rawDB opens the database of dsn on a handle of its own, as after a
// restart, with q to write its placeholders as ? on either engine.
func rawDB(t *testing.T, dsn string) (sq *sql.DB, q func(string) string) {
	t.Helper()
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		sq, err := sql.Open("sqlite", path)
		storetest.Must(t, err)
		return sq, func(s string) string { return s }
	}
	sq, err := sql.Open("pgx", dsn)
	storetest.Must(t, err)
	return sq, func(s string) string {
		var b strings.Builder
		n := 0
		for _, r := range s {
			if r == '?' {
				n++
				fmt.Fprintf(&b, "$%d", n)
				continue
			}
			b.WriteRune(r)
		}
		return b.String()
	}
}

func tallyOrders(t *testing.T, dsn string, ws, collab int64) orderTally {
	t.Helper()
	sq, q := rawDB(t, dsn)
	defer sq.Close()
	var o orderTally
	storetest.Must(t, sq.QueryRow(q(`SELECT COUNT(*), COALESCE(SUM(total_minor), 0), COALESCE(SUM(refunded_minor), 0), COALESCE(SUM(credit_minor), 0),
		COALESCE(SUM(credit_conversions), 0), COUNT(CASE WHEN refunded_minor = total_minor THEN 1 END)
		FROM orders WHERE workspace_id = ?`), ws).Scan(&o.orders, &o.totals, &o.refunded, &o.credit, &o.credits, &o.cancelled))
	storetest.Must(t, sq.QueryRow(q(`SELECT COUNT(*) FROM (SELECT external_id FROM orders WHERE workspace_id = ? GROUP BY external_id HAVING COUNT(*) > 1) d`),
		ws).Scan(&o.duplicates))
	storetest.Must(t, sq.QueryRow(q(`SELECT COALESCE(SUM(revenue_minor), 0), COALESCE(SUM(conversions), 0) FROM credit_days
		WHERE workspace_id = ? AND collaboration_id = ? AND model = 'default'`), ws, collab).Scan(&o.rolled, &o.rolledConv))
	return o
}

// TestWebhooksSurviveKill fires signed Shopify orders/create deliveries at a
// real server from many goroutines, with redeliveries of the same webhook
// id, the same order under a new webhook id and cancellations of every fifth
// order, SIGKILLs it in the middle, and checks that every order answered 200
// is stored exactly once with its credit (none left once its cancellation
// was answered), that the rows and the rollups agree and that SQLite finds
// the file intact. After a restart the shop's retries of everything it sent
// change nothing that was answered and store each missing order once. It
// runs on both engines.
func TestWebhooksSurviveKill(t *testing.T) {
	bin := buildChorus(t)
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) { webhooksSurviveKill(t, bin, f) })
}

func webhooksSurviveKill(t *testing.T, bin string, f *storetest.Fixture) {
	data := t.TempDir()
	const hookSecret = "shpss_crash_secret"
	collab := crashShop(t, f, data, hookSecret)
	t.Setenv("CHORUS_NO_RATE_LIMITS", "true") // one client address sends it all
	cmd, base := startServe(t, bin, f.DSN, data)
	url := base + "/hooks/shopify/" + f.Workspace.Slug

	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	// Order i costs 10.00 + (i mod 7) dollars.
	cents := func(i int64) int64 { return 1000 + (i%7)*100 }
	var (
		mu       sync.Mutex
		answered = map[int64]bool{} // orders whose creation got a 200
		cancels  = map[int64]bool{} // orders whose cancellation got a 200
		next     atomic.Int64
		failed   atomic.Int64
		stop     atomic.Bool
		wg       sync.WaitGroup
	)
	for range 16 {
		wg.Go(func() {
			for !stop.Load() {
				i := next.Add(1)
				for _, h := range crashHooks(i, cents(i), "") {
					code, err := postShopify(client, url, h.topic, h.id, hookSecret, h.body)
					if err != nil {
						// The server is gone: hand out no more orders.
						stop.Store(true)
					}
					if err != nil || code != http.StatusOK {
						failed.Add(1)
						continue
					}
					mu.Lock()
					if h.topic == "orders/create" {
						answered[i] = true
					} else {
						cancels[i] = true
					}
					mu.Unlock()
				}
			}
		})
	}
	loadUntil(&mu, func() bool { return len(answered) >= 600 })
	storetest.Must(t, cmd.Process.Kill())
	time.Sleep(200 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	cmd.Wait()
	if len(answered) < 100 {
		t.Fatalf("only %d orders answered before the kill", len(answered))
	}

	ctx := context.Background()
	db, err := store.Open(ctx, f.DSN)
	storetest.Must(t, err)
	defer db.Close()
	for i := range answered {
		o, err := db.Order(ctx, f.Workspace.ID, fmt.Sprint(i))
		if err != nil {
			t.Fatalf("order %d was answered 200 but is not stored: %v", i, err)
		}
		// Full credit, or none once cancelled; a cancellation whose answer
		// the kill cut off may have been stored, so only an answered one
		// must show.
		full := o.CreditMinor == cents(i) && o.RefundedMinor == 0
		none := o.CreditMinor == 0 && o.RefundedMinor == cents(i) && i%5 == 0
		if o.TotalMinor != cents(i) || o.CollaborationID != collab || !(full || none) || (cancels[i] && !none) {
			t.Errorf("order %d: total %d credited %d to %d, refunded %d; cancellation answered %v", i, o.TotalMinor, o.CreditMinor,
				o.CollaborationID, o.RefundedMinor, cancels[i])
		}
	}
	before := tallyOrders(t, f.DSN, f.Workspace.ID, collab)
	// Stored means once: orders whose answer the kill cut off may be stored
	// too, never fewer than answered, and each whole: what is left of its
	// credit in the row and in the rollup, one conversion each unless
	// cancelled.
	if before.duplicates != 0 || before.orders < int64(len(answered)) || before.cancelled < int64(len(cancels)) ||
		before.credit != before.totals-before.refunded || before.rolled != before.credit ||
		before.credits != float64(before.orders-before.cancelled) || before.rolledConv != before.credits {
		t.Errorf("after the kill: %+v, answered %d orders and %d cancellations", before, len(answered), len(cancels))
	}
	integrityCheck(t, f.DSN)

	// Restart; the shop retries every order it sent, under the first webhook
	// id and under a new one.
	_, base = startServe(t, bin, f.DSN, data)
	url = base + "/hooks/shopify/" + f.Workspace.Slug
	var want orderTally
	var retry sync.WaitGroup
	sentMax := next.Load() // every order handed out
	for g := range int64(8) {
		retry.Go(func() {
			for i := 1 + g; i <= sentMax; i += 8 {
				for _, h := range append(crashHooks(i, cents(i), ""), crashHooks(i, cents(i), "-retry")...) {
					if code, err := postShopify(client, url, h.topic, h.id, hookSecret, h.body); err != nil || code != http.StatusOK {
						t.Errorf("retry of %s %s: %d %v", h.topic, h.id, code, err)
						return
					}
				}
			}
		})
	}
	retry.Wait()
	for i := int64(1); i <= sentMax; i++ {
		want.orders++
		want.totals += cents(i)
		if i%5 == 0 {
			want.cancelled++
			want.refunded += cents(i)
		}
	}
	after := tallyOrders(t, f.DSN, f.Workspace.ID, collab)
	want.credit = want.totals - want.refunded
	want.rolled = want.credit
	want.credits = float64(want.orders - want.cancelled)
	want.rolledConv = want.credits
	if after != want {
		t.Errorf("after the retries: %+v, want %+v", after, want)
	}
	for i := range answered {
		o, err := db.Order(ctx, f.Workspace.ID, fmt.Sprint(i))
		if wantCredit := map[bool]int64{true: 0, false: cents(i)}[i%5 == 0]; err != nil || o.TotalMinor != cents(i) || o.CreditMinor != wantCredit {
			t.Errorf("order %d after the retries: %+v, %v; want credit %d", i, o, err, wantCredit)
		}
	}
	integrityCheck(t, f.DSN)
	t.Logf("%d orders and %d cancellations answered before SIGKILL, %d orders and %d cancellations stored, %d deliveries failed; %d orders after the retries",
		len(answered), len(cancels), before.orders, before.cancelled, failed.Load(), after.orders)
}

// crashCreators writes a creator CSV of n rows, handles crash_0 onwards,
// large enough that importing it takes seconds.
func crashCreators(t *testing.T, n int) string {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("name,email,country,niche_tags,platform,handle\n")
	for i := range n {
		fmt.Fprintf(&b, "Crash Creator %d,c%d@x.test,US,skincare,instagram,crash_%d\n", i, i, i)
	}
	path := filepath.Join(t.TempDir(), "creators.csv")
	storetest.Must(t, os.WriteFile(path, b.Bytes(), 0o600))
	return path
}

// countRows runs a COUNT query on a handle of its own.
func countRows(t *testing.T, dsn, query string, args ...any) int64 {
	t.Helper()
	sq, q := rawDB(t, dsn)
	defer sq.Close()
	var n int64
	storetest.Must(t, sq.QueryRow(q(query), args...).Scan(&n))
	return n
}

// crashImportRows is the size of the import file: enough to take seconds,
// so that the kill lands inside the import. PostgreSQL imports are slower
// (a network round trip a batch): fewer rows last as long.
func crashImportRows(dsn string) int64 {
	if strings.HasPrefix(dsn, "sqlite:") {
		return 60_000
	}
	return 20_000
}

// creatorsOfFile counts the creators (and, separately, accounts) the crash
// file brings: all or nothing, so 0 or all of its rows each.
func creatorsOfFile(t *testing.T, dsn string, ws int64) (creators, accounts int64) {
	return countRows(t, dsn, `SELECT COUNT(*) FROM creators WHERE workspace_id = ? AND name LIKE 'Crash Creator %'`, ws),
		countRows(t, dsn, `SELECT COUNT(*) FROM accounts WHERE workspace_id = ? AND handle LIKE 'crash\_%' ESCAPE '\'`, ws)
}

// TestImportSurvivesKill SIGKILLs `chorus import creators` in the middle of
// a large file and checks that none of it is stored (the import is one
// transaction), that SQLite finds the file intact and that running the
// import again stores all of it, on both engines.
func TestImportSurvivesKill(t *testing.T) {
	bin := buildChorus(t)
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) { importSurvivesKill(t, bin, f) })
}

func importSurvivesKill(t *testing.T, bin string, f *storetest.Fixture) {
	rows := crashImportRows(f.DSN)
	file := crashCreators(t, int(rows))
	cmd := exec.Command(bin, "import", "creators", "--db", f.DSN, "--workspace", f.Workspace.Slug, "--progress=true", file)
	stderr, err := cmd.StderrPipe()
	storetest.Must(t, err)
	storetest.Must(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// The progress bar's first bytes say the rows are being read inside
	// the import's transaction; kill a moment later.
	first := make([]byte, 1)
	if _, err := io.ReadFull(stderr, first); err != nil {
		t.Fatalf("no progress from the import: %v", err)
	}
	go io.Copy(io.Discard, stderr)
	time.Sleep(300 * time.Millisecond)
	storetest.Must(t, cmd.Process.Kill())
	err = cmd.Wait()
	if err == nil {
		t.Fatal("the import finished before the kill; make the file larger")
	}
	if c, a := creatorsOfFile(t, f.DSN, f.Workspace.ID); c != 0 || a != 0 {
		t.Errorf("after the kill: %d creators and %d accounts of the file stored, want none", c, a)
	}
	integrityCheck(t, f.DSN)

	out, _, err := runCmd(t, nil, "", "import", "creators", "--db", f.DSN, "--workspace", f.Workspace.Slug, "--progress=false", file)
	if err != nil || !strings.Contains(out, fmt.Sprintf("%d creators added", rows)) {
		t.Fatalf("import again: %q, %v", out, err)
	}
	if c, a := creatorsOfFile(t, f.DSN, f.Workspace.ID); c != rows || a != rows {
		t.Errorf("after the second import: %d creators, %d accounts; want %d each", c, a, rows)
	}
	integrityCheck(t, f.DSN)
}

// ownerClient is a client signed in as the fixture's owner, with the sign-in
// of the reports benchmark; it does not follow the import form's redirect.
func ownerClient(t *testing.T, base string, f *storetest.Fixture) *http.Client {
	t.Helper()
	c, err := signIn(context.Background(), base, f.Owner.Email, f.Password)
	storetest.Must(t, err)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// uploadImport posts file to the import form; the answer comes when the
// import is done or after the form's wait.
func uploadImport(c *http.Client, base, file string) (*http.Response, error) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", "creators.csv")
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	fw.Write(data)
	mw.Close()
	return c.Post(base+"/import", mw.FormDataContentType(), &b)
}

// TestWebImportSurvivesKill starts a large import through the web form
// (which runs it in the background), SIGKILLs the server while it runs,
// and checks after a restart that nothing of the file is stored, that the
// job shows as failed with the reason instead of running for ever, that
// SQLite finds the file intact and that the same upload then imports it all.
// On PostgreSQL the job's advisory lock dies with the killed process's
// connection, so the restarted node marks it.
func TestWebImportSurvivesKill(t *testing.T) {
	bin := buildChorus(t)
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) { webImportSurvivesKill(t, bin, f) })
}

func webImportSurvivesKill(t *testing.T, bin string, f *storetest.Fixture) {
	data := t.TempDir()
	rows := crashImportRows(f.DSN)
	file := crashCreators(t, int(rows))
	cmd, base := startServe(t, bin, f.DSN, data)
	client := ownerClient(t, base, f)
	go func() {
		if resp, err := uploadImport(client, base, file); err == nil {
			resp.Body.Close()
		}
	}()
	// The job is recorded before the import starts: kill a moment after.
	jobs := `SELECT COUNT(*) FROM import_jobs WHERE workspace_id = ? AND status = 'running'`
	deadline := time.Now().Add(15 * time.Second)
	for countRows(t, f.DSN, jobs, f.Workspace.ID) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the import did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	storetest.Must(t, cmd.Process.Kill())
	cmd.Wait()
	if c, a := creatorsOfFile(t, f.DSN, f.Workspace.ID); c != 0 || a != 0 {
		t.Fatalf("after the kill: %d creators and %d accounts of the file stored, want none (or the import finished before the kill)", c, a)
	}
	integrityCheck(t, f.DSN)

	_, base = startServe(t, bin, f.DSN, data)
	ctx := context.Background()
	db, err := store.Open(ctx, f.DSN)
	storetest.Must(t, err)
	defer db.Close()
	js, err := db.ImportJobs(ctx, f.Workspace.ID, 10)
	storetest.Must(t, err)
	if len(js) != 1 || js[0].Status != "failed" || js[0].Outcome.Message != store.ImportInterrupted || js[0].FinishedAt == nil {
		t.Fatalf("the killed import after a restart: %+v", js)
	}
	// Its page says so, and polls no more.
	client = ownerClient(t, base, f)
	resp, err := client.Get(fmt.Sprintf("%s/imports/%d", base, js[0].ID))
	storetest.Must(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "interrupted") || strings.Contains(string(page), `http-equiv="refresh"`) {
		t.Errorf("page of the killed import: %d\n%s", resp.StatusCode, page)
	}

	// The same upload again goes through.
	resp, err = uploadImport(client, base, file)
	storetest.Must(t, err)
	resp.Body.Close()
	done := `SELECT COUNT(*) FROM import_jobs WHERE workspace_id = ? AND status = 'done'`
	for deadline := time.Now().Add(60 * time.Second); countRows(t, f.DSN, done, f.Workspace.ID) == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the second import did not finish")
		}
	}
	if c, a := creatorsOfFile(t, f.DSN, f.Workspace.ID); c != rows || a != rows {
		t.Errorf("after the second import: %d creators, %d accounts; want %d each", c, a, rows)
	}
	integrityCheck(t, f.DSN)
}
