package web

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/platform/shopify"
	"github.com/chorushq/chorus/internal/platform/woocommerce"
	"github.com/chorushq/chorus/internal/store"
)

// webhookMax caps a delivery's body; Shopify orders with hundreds of line
// items stay well under it.
const webhookMax = 4 << 20

// errBadSignature answers a delivery whose signature does not verify, and a
// delivery to a workspace that does not exist or has no secret: the same
// answer, so that nobody learns which workspaces exist.
var errBadSignature = &httpError{status: http.StatusUnauthorized, msg: "signature does not verify"}

// hookWorkspace finds the workspace of a webhook URL and its secret. It
// returns a nil workspace when either is missing.
func (s *Server) hookWorkspace(r *http.Request, secretName string) (*store.Workspace, []byte, error) {
	ws, err := s.db.WorkspaceBySlug(r.Context(), r.PathValue("workspace"))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	box, err := store.NewSecretBox(s.cfg.Secret)
	if errors.Is(err, store.ErrNoServerSecret) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	secret, err := s.db.Secret(r.Context(), box, ws.ID, secretName)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return ws, []byte(secret), nil
}

// verifyHook checks a delivery's signature with the workspace's secret. An
// unknown workspace is checked against a random key, so it costs the same
// time as a wrong signature and answers the same.
func verifyHook(ws *store.Workspace, secret, body []byte, sig string, verify func(secret, body []byte, sig string) bool) error {
	if ws == nil {
		secret = make([]byte, 32)
		rand.Read(secret)
	}
	if !verify(secret, body, sig) || ws == nil {
		return errBadSignature
	}
	return nil
}

func readBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, badRequest("reading the body: %v", err)
	}
	return body, nil
}

func (s *Server) shopifyHook(w http.ResponseWriter, r *http.Request, c *Caller) error {
	d := shopify.DeliveryFrom(r.Header)
	if d.HMAC == "" {
		return badRequest("missing header X-Shopify-Hmac-Sha256")
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	ws, secret, err := s.hookWorkspace(r, store.SecretShopifyWebhook)
	if err != nil {
		return err
	}
	if err := verifyHook(ws, secret, body, d.HMAC, shopify.Verify); err != nil {
		return err
	}
	return s.recordHook(w, r, ws, d.Topic, shopify.ErrUnsupportedTopic, func(salt []byte) (conversions.Event, error) {
		return shopify.Parse(d, body, salt)
	})
}

func (s *Server) wooHook(w http.ResponseWriter, r *http.Request, c *Caller) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	if woocommerce.IsPing(body) {
		return writeJSON(w, http.StatusOK, map[string]string{"status": "pong"})
	}
	d := woocommerce.DeliveryFrom(r.Header)
	if d.Signature == "" {
		return badRequest("missing header X-WC-Webhook-Signature")
	}
	ws, secret, err := s.hookWorkspace(r, store.SecretWooWebhook)
	if err != nil {
		return err
	}
	if err := verifyHook(ws, secret, body, d.Signature, woocommerce.Verify); err != nil {
		return err
	}
	return s.recordHook(w, r, ws, d.Topic, woocommerce.ErrUnsupportedTopic, func(salt []byte) (conversions.Event, error) {
		return woocommerce.Parse(d, body, salt)
	})
}

// recordHook maps a verified delivery with parse, stores the event and
// answers only after the commit, so a 200 means the order and its credit are
// durable. A topic Chorus does not use answers 200 so the shop stops retrying.
func (s *Server) recordHook(w http.ResponseWriter, r *http.Request, ws *store.Workspace, topic string, unsupported error,
	parse func(salt []byte) (conversions.Event, error)) error {
	salt, err := s.db.EmailSalt(r.Context(), ws.ID)
	if err != nil {
		return err
	}
	ev, err := parse(salt)
	if errors.Is(err, unsupported) {
		return writeJSON(w, http.StatusOK, map[string]string{"status": "ignored", "topic": topic})
	}
	if err != nil {
		return badRequest("%v", err)
	}
	// Group commit (webhookbatch.go); the batch retries lost connections,
	// as a delivery is idempotent on its id and an order on its own.
	pe := &store.PendingEvent{Workspace: ws, Event: ev}
	if err := s.hooks.Add(r.Context(), pe); err != nil {
		return err
	}
	if pe.Err != nil {
		return pe.Err
	}
	res := pe.Result
	status := "stored"
	switch {
	case res.Duplicate:
		status = "duplicate delivery"
	case res.UnknownOrder:
		// Shops do not deliver in order: the refund is kept and applied
		// when its order arrives.
		status = "refund kept until its order arrives"
		s.log.InfoContext(r.Context(), "refund before its order", "workspace", ws.Slug, "provider", ev.Provider, "delivery", ev.DeliveryID)
	case res.Cancelled:
		status = "order cancelled: its credit is reversed"
	case !res.Created && res.Refunds == 0:
		status = "order already stored"
	}
	return writeJSON(w, http.StatusOK, map[string]any{"status": status, "order": res.OrderID, "refunds_applied": res.Refunds, "cancelled": res.Cancelled})
}

// integrationView is one integration secret as the settings show it: never
// its value, only whether it is set.
type integrationView struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Set   bool   `json:"set"`
}

var integrationLabels = map[string]string{
	store.SecretShopifyWebhook: "Shopify webhook secret (the app's client secret)",
	store.SecretShopifyShop:    "Shopify shop domain (name.myshopify.com)",
	store.SecretShopifyToken:   "Shopify Admin API access token (creates discount codes)",
	store.SecretWooWebhook:     "WooCommerce webhook secret",
}

type integrationsView struct {
	Secrets         []integrationView `json:"secrets"`
	ShopifyWebhook  string            `json:"shopify_webhook_url"`
	WooWebhook      string            `json:"woocommerce_webhook_url"`
	ServerHasSecret bool              `json:"server_has_secret"`
}

func (s *Server) integrations(ctx context.Context, ws *store.Workspace) (*integrationsView, error) {
	set, err := s.db.SecretsSet(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	v := &integrationsView{ShopifyWebhook: "/hooks/shopify/" + ws.Slug, WooWebhook: "/hooks/woocommerce/" + ws.Slug,
		ServerHasSecret: len(s.cfg.Secret) > 0}
	for _, n := range store.SecretNames {
		v.Secrets = append(v.Secrets, integrationView{Name: n, Label: integrationLabels[n], Set: set[n]})
	}
	return v, nil
}

// saveSecrets stores the given secrets: a nil value is left as it is, an
// empty one is deleted.
func (s *Server) saveSecrets(ctx context.Context, ws int64, values map[string]*string) error {
	box, err := store.NewSecretBox(s.cfg.Secret)
	if err != nil && !errors.Is(err, store.ErrNoServerSecret) {
		return err
	}
	for _, v := range values {
		if v != nil && *v != "" && box == nil {
			return &httpError{status: http.StatusConflict, msg: "the server runs without a secret (--secret), so integration secrets cannot be stored"}
		}
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, n := range store.SecretNames {
			if v := values[n]; v != nil {
				if err := tx.SetSecret(ctx, box, ws, n, strings.TrimSpace(*v)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (s *Server) apiIntegrations(w http.ResponseWriter, r *http.Request, c *Caller) error {
	v, err := s.integrations(r.Context(), c.Workspace)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// apiIntegrationsPut sets integration secrets. The answer says which are
// set; no secret is ever sent back.
func (s *Server) apiIntegrationsPut(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var q struct {
		ShopifyWebhook *string `json:"shopify_webhook_secret"`
		ShopifyShop    *string `json:"shopify_shop"`
		ShopifyToken   *string `json:"shopify_admin_token"`
		WooWebhook     *string `json:"woocommerce_webhook_secret"`
	}
	if err := decodeJSON(r, &q); err != nil {
		return err
	}
	err := s.saveSecrets(r.Context(), c.WS(), map[string]*string{store.SecretShopifyWebhook: q.ShopifyWebhook,
		store.SecretShopifyShop: q.ShopifyShop, store.SecretShopifyToken: q.ShopifyToken, store.SecretWooWebhook: q.WooWebhook})
	if err == nil {
		err = s.auditNow(r, c, "secrets.change", "workspace", c.WS(), secretsDetail(map[string]*string{store.SecretShopifyWebhook: q.ShopifyWebhook,
			store.SecretShopifyShop: q.ShopifyShop, store.SecretShopifyToken: q.ShopifyToken, store.SecretWooWebhook: q.WooWebhook}))
	}
	if err != nil {
		return err
	}
	return s.apiIntegrations(w, r, c)
}

// integrationsForm saves the settings page's integration section: an empty
// field leaves the secret as it is, a ticked "remove" deletes it.
func (s *Server) integrationsForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	values := map[string]*string{}
	for _, n := range store.SecretNames {
		v := strings.TrimSpace(r.PostFormValue(n))
		switch {
		case r.PostFormValue("remove_"+n) != "":
			empty := ""
			values[n] = &empty
		case v != "":
			values[n] = &v
		}
	}
	if err := s.saveSecrets(r.Context(), c.WS(), values); err != nil {
		return err
	}
	if err := s.auditNow(r, c, "secrets.change", "workspace", c.WS(), secretsDetail(values)); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings?flash="+url.QueryEscape("Integrations saved.")+"#integrations", http.StatusSeeOther)
	return nil
}
