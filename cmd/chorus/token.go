package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/store"
)

func cmdToken(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: chorus token create --workspace SLUG --name NAME [--role member]")
	}
	fs := newFlags(env, "token create", "token create --workspace SLUG --name NAME [--role member]")
	d := addDBFlags(fs)
	wsSlug := fs.String("workspace", "", "workspace slug (required)")
	name := fs.String("name", "", "what the token is for (required)")
	role := fs.String("role", "member", "admin, member or viewer")
	envErrs, err := parseFlags(fs, env, args[1:])
	if err != nil {
		return err
	}
	errs := append(envErrs, d.validate()...)
	if *wsSlug == "" {
		errs = append(errs, errors.New("--workspace: required"))
	}
	if *name == "" {
		errs = append(errs, errors.New("--name: required"))
	}
	r, err := auth.ParseRole(*role)
	if err != nil || !(r == auth.Admin || r == auth.Member || r == auth.Viewer) {
		errs = append(errs, fmt.Errorf("--role %q: want admin, member or viewer", *role))
	}
	if err := errors.Join(append(errs, noArgs(fs))...); err != nil {
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
	t := &store.APIToken{WorkspaceID: ws.ID, Name: *name, Role: r}
	var secret string
	if err := db.Tx(ctx, func(tx *store.Tx) (err error) { secret, err = tx.CreateToken(ctx, t); return err }); err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, "API token created; it is shown once, store it now:")
	fmt.Fprintln(env.Stdout, secret)
	return nil
}
