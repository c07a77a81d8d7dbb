package store

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
)

// Names of the integration secrets a workspace may hold.
const (
	SecretShopifyWebhook = "shopify_webhook_secret"
	SecretShopifyShop    = "shopify_shop"
	SecretShopifyToken   = "shopify_admin_token"
	SecretWooWebhook     = "woocommerce_webhook_secret"
)

// SecretNames lists the integration secrets, in the order the settings show them.
var SecretNames = []string{SecretShopifyWebhook, SecretShopifyShop, SecretShopifyToken, SecretWooWebhook}

// emailSaltName is the row holding the workspace's salt for buyer hashes.
const emailSaltName = "email_salt"

// ErrNoServerSecret is returned when secrets are stored or read without a
// server secret to derive the key from.
var ErrNoServerSecret = errors.New("the server has no secret configured, so integration secrets cannot be stored")

// SecretBox seals integration secrets with AES-256-GCM. The key is derived
// from the server secret with HKDF, so the server secret itself never keys
// anything directly and other uses of it stay independent.
type SecretBox struct{ aead cipher.AEAD }

// NewSecretBox derives the sealing key from the server secret.
func NewSecretBox(serverSecret []byte) (*SecretBox, error) {
	if len(serverSecret) == 0 {
		return nil, ErrNoServerSecret
	}
	key, err := hkdf.Key(sha256.New, serverSecret, nil, "chorus integration secrets v1", 32)
	if err != nil {
		return nil, fmt.Errorf("derive secret key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &SecretBox{aead: aead}, nil
}

// ad binds a sealed value to its workspace and name: a value copied into
// another workspace's row does not open.
func ad(ws int64, name string) []byte { return []byte(strconv.FormatInt(ws, 10) + "/" + name) }

func (b *SecretBox) seal(ws int64, name string, plain []byte) []byte {
	nonce := make([]byte, b.aead.NonceSize())
	rand.Read(nonce)
	return b.aead.Seal(nonce, nonce, plain, ad(ws, name))
}

func (b *SecretBox) open(ws int64, name string, sealed []byte) ([]byte, error) {
	n := b.aead.NonceSize()
	if len(sealed) < n {
		return nil, fmt.Errorf("secret %s: sealed value too short", name)
	}
	p, err := b.aead.Open(nil, sealed[:n], sealed[n:], ad(ws, name))
	if err != nil {
		return nil, fmt.Errorf("secret %s: cannot open (was the server secret changed?): %w", name, err)
	}
	return p, nil
}

// SetSecret seals and stores an integration secret; an empty value deletes it.
func (tx *Tx) SetSecret(ctx context.Context, box *SecretBox, ws int64, name, value string) error {
	if value == "" {
		if _, err := tx.db.exec(ctx, tx.q, `DELETE FROM integration_secrets WHERE workspace_id = ? AND name = ?`, ws, name); err != nil {
			return fmt.Errorf("delete secret %s: %w", name, err)
		}
		return nil
	}
	if box == nil {
		return ErrNoServerSecret
	}
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO integration_secrets (workspace_id, name, sealed, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (workspace_id, name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
		ws, name, box.seal(ws, name, []byte(value)), tx.db.Now().Unix())
	if err != nil {
		return fmt.Errorf("store secret %s: %w", name, err)
	}
	return nil
}

// Secret opens one integration secret; ErrNotFound when it is not set.
func (db *DB) Secret(ctx context.Context, box *SecretBox, ws int64, name string) (string, error) {
	var sealed []byte
	if err := db.get(ctx, db.reader(), &sealed, `SELECT sealed FROM integration_secrets WHERE workspace_id = ? AND name = ?`, ws, name); err != nil {
		return "", fmt.Errorf("secret %s: %w", name, err)
	}
	if box == nil {
		return "", ErrNoServerSecret
	}
	p, err := box.open(ws, name, sealed)
	return string(p), err
}

// SecretsSet reports which integration secrets the workspace has, without
// opening any.
func (db *DB) SecretsSet(ctx context.Context, ws int64) (map[string]bool, error) {
	var names []string
	if err := db.sel(ctx, db.reader(), &names, `SELECT name FROM integration_secrets WHERE workspace_id = ?`, ws); err != nil {
		return nil, fmt.Errorf("list secrets: %w", err)
	}
	out := make(map[string]bool, len(SecretNames))
	for _, n := range SecretNames {
		out[n] = false
	}
	for _, n := range names {
		if _, ok := out[n]; ok {
			out[n] = true
		}
	}
	return out, nil
}

// EmailSalt returns the workspace's salt for hashing buyers, making it on
// first use. It is random rather than derived from the server secret so that
// rotating the server secret does not make every returning buyer look new.
func (db *DB) EmailSalt(ctx context.Context, ws int64) ([]byte, error) {
	var salt []byte
	err := db.get(ctx, db.reader(), &salt, `SELECT sealed FROM integration_secrets WHERE workspace_id = ? AND name = ?`, ws, emailSaltName)
	if err == nil {
		return salt, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("email salt: %w", err)
	}
	err = db.Tx(ctx, func(tx *Tx) error {
		salt, err = tx.EmailSalt(ctx, ws)
		return err
	})
	return salt, err
}

// EmailSalt is DB.EmailSalt inside a transaction.
func (tx *Tx) EmailSalt(ctx context.Context, ws int64) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO integration_secrets (workspace_id, name, sealed, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (workspace_id, name) DO NOTHING`, ws, emailSaltName, fresh, tx.db.Now().Unix())
	if err != nil {
		return nil, fmt.Errorf("email salt: %w", err)
	}
	var salt []byte
	if err := tx.db.get(ctx, tx.q, &salt, `SELECT sealed FROM integration_secrets WHERE workspace_id = ? AND name = ?`, ws, emailSaltName); err != nil {
		return nil, fmt.Errorf("email salt: %w", err)
	}
	return salt, nil
}
