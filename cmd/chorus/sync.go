package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/chorushq/chorus/internal/discovery"
)

const syncUsage = "sync --workspace SLUG --platform youtube|instagram|tiktok --handle H [--handle H2...] [--posts N] [--comments N] [--json]"

// handles collects repeated --handle flags.
type handles []string

func (h *handles) String() string { return strings.Join(*h, ",") }
func (h *handles) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*h = append(*h, p)
		}
	}
	return nil
}

// connectorFlags registers the platform credentials and addresses.
func connectorFlags(fs *flag.FlagSet) *discovery.Connectors {
	c := &discovery.Connectors{}
	fs.StringVar(&c.YouTubeKey, "youtube-key", "", "YouTube Data API key")
	fs.StringVar(&c.YouTubeURL, "youtube-url", "", "YouTube API base `URL` (default Google's; for tests)")
	fs.StringVar(&c.InstagramToken, "instagram-token", "", "Instagram Graph API user access token")
	fs.StringVar(&c.InstagramUserID, "instagram-user-id", "", "your Instagram professional account `id`, which business discovery runs as")
	fs.StringVar(&c.InstagramURL, "instagram-url", "", "Graph API base `URL` (default Facebook's; for tests)")
	fs.StringVar(&c.TikTokKey, "tiktok-key", "", "TikTok Research API client key")
	fs.StringVar(&c.TikTokSecret, "tiktok-secret", "", "TikTok Research API client secret")
	fs.StringVar(&c.TikTokURL, "tiktok-url", "", "TikTok API base `URL` (default TikTok's; for tests)")
	return c
}

// cmdSync fetches creators' profiles, recent posts and comments from a
// platform API and stores them as an import would.
func cmdSync(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "sync", syncUsage)
	d := addDBFlags(fs)
	conn := connectorFlags(fs)
	wsSlug := fs.String("workspace", "", "workspace slug (required)")
	plat := fs.String("platform", "", "youtube, instagram or tiktok (required)")
	var hs handles
	fs.Var(&hs, "handle", "account `handle` to sync; repeat or separate with commas")
	posts := fs.Int("posts", 12, "recent posts to read per account")
	comments := fs.Int("comments", 50, "comments to read per post")
	asJSON := fs.Bool("json", false, "print the results as JSON Lines")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(envErrs, d.validate()...)
	if err := noArgs(fs); err != nil {
		errs = append(errs, err)
	}
	if *wsSlug == "" {
		errs = append(errs, errors.New("--workspace: required"))
	}
	if !slices.Contains(discovery.SyncPlatforms, *plat) {
		errs = append(errs, fmt.Errorf("--platform %q: want one of %s", *plat, strings.Join(discovery.SyncPlatforms, ", ")))
	} else if miss := conn.Configured(*plat); len(miss) > 0 {
		errs = append(errs, fmt.Errorf("--platform %s: needs %s (or CHORUS_%s)", *plat, strings.Join(miss, ", "),
			strings.ToUpper(strings.ReplaceAll(strings.TrimPrefix(miss[0], "--"), "-", "_"))))
	}
	if len(hs) == 0 {
		errs = append(errs, errors.New("--handle: give at least one"))
	}
	if *posts < 1 || *posts > 500 {
		errs = append(errs, fmt.Errorf("--posts %d: want 1 to 500", *posts))
	}
	if *comments < 0 || *comments > 1000 {
		errs = append(errs, fmt.Errorf("--comments %d: want 0 to 1000", *comments))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	db, err := d.open(ctx, env, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ws, err := db.WorkspaceBySlug(ctx, *wsSlug)
	if err != nil {
		return err
	}
	var failed []error
	enc := json.NewEncoder(env.Stdout)
	for _, h := range hs {
		f, err := conn.Fetch(ctx, *plat, h, *posts, *comments)
		if err == nil {
			var res discovery.SyncResult
			if res, err = discovery.SaveFetched(ctx, db, ws.ID, f); err == nil {
				if *asJSON {
					enc.Encode(res)
					continue
				}
				verb := "updated"
				if res.CreatorAdded {
					verb = "added"
				}
				fmt.Fprintf(env.Stdout, "%s/%s %s: %d posts new, %d seen again, %d snapshots, %d comments\n",
					res.Platform, res.Handle, verb, res.PostsAdded, res.PostsSeen, res.Snapshots, res.Comments)
				continue
			}
		}
		// One account failing (not found, private) does not stop the rest.
		failed = append(failed, fmt.Errorf("%s/%s: %w", *plat, h, err))
		fmt.Fprintf(env.Stderr, "%s/%s: %v\n", *plat, h, err)
	}
	if len(failed) > 0 {
		return fmt.Errorf("sync: %d of %d accounts failed: %w", len(failed), len(hs), errors.Join(failed...))
	}
	return nil
}
