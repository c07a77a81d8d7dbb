package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/store"
)

func cmdUser(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: chorus user create|passwd [flags]")
	}
	switch args[0] {
	case "create":
		return userCreate(ctx, env, args[1:])
	case "passwd":
		return userPasswd(ctx, env, args[1:])
	}
	return fmt.Errorf("chorus user: unknown subcommand %q (want create or passwd)", args[0])
}

// readPassword takes the password from --password, else the first line of
// standard input, so that it need not appear in the process list.
func readPassword(env *Env, flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		if err != nil {
			return "", errors.New("no password: give --password or one line on standard input")
		}
		return "", errors.New("empty password")
	}
	return line, nil
}

func userCreate(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "user create", "user create --email E --workspace SLUG [--role owner] [--name N] [--password P | stdin]")
	d := addDBFlags(fs)
	email := fs.String("email", "", "the user's e-mail address (required)")
	name := fs.String("name", "", "display name")
	wsSlug := fs.String("workspace", "", "workspace slug; created when it does not exist (required)")
	role := fs.String("role", "owner", "role in the workspace: owner, admin, member, viewer")
	pw := fs.String("password", "", "password (default: read one line from standard input)")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(envErrs, d.validate()...)
	if _, err := mail.ParseAddress(*email); err != nil {
		errs = append(errs, fmt.Errorf("--email %q: not an e-mail address", *email))
	}
	if *wsSlug == "" || campaigns.Slugify(*wsSlug) != *wsSlug {
		errs = append(errs, fmt.Errorf("--workspace %q: want a slug of lower-case letters, digits and dashes", *wsSlug))
	}
	r, err := auth.ParseRole(*role)
	if err != nil || r == auth.Creator {
		errs = append(errs, fmt.Errorf("--role %q: want owner, admin, member or viewer", *role))
	}
	errs = append(errs, noArgs(fs))
	if err := errors.Join(errs...); err != nil {
		return err
	}
	password, err := readPassword(env, *pw)
	if err != nil {
		return err
	}
	if err := auth.CheckPasswordRules(password, *email); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	db, err := d.open(ctx, env, true)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Tx(ctx, func(tx *store.Tx) error {
		ws, err := db.WorkspaceBySlug(ctx, *wsSlug)
		if errors.Is(err, store.ErrNotFound) {
			ws = &store.Workspace{Slug: *wsSlug, Name: *wsSlug}
			if err := tx.CreateWorkspace(ctx, ws); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "created workspace %s\n", ws.Slug)
		} else if err != nil {
			return err
		}
		u := &store.User{Email: strings.ToLower(*email), Name: *name, PasswordHash: hash}
		if err := tx.CreateUser(ctx, u); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return fmt.Errorf("user %s exists already; use 'chorus user passwd' to change the password", *email)
			}
			return err
		}
		if err := tx.SetMembership(ctx, ws.ID, u.ID, r, nil); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "created user %s (%s of %s)\n", u.Email, r, ws.Slug)
		return nil
	})
}

func userPasswd(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "user passwd", "user passwd --email E [--password P | stdin]")
	d := addDBFlags(fs)
	email := fs.String("email", "", "the user's e-mail address (required)")
	pw := fs.String("password", "", "new password (default: read one line from standard input)")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(envErrs, d.validate()...)
	if *email == "" {
		errs = append(errs, errors.New("--email: required"))
	}
	if err := errors.Join(append(errs, noArgs(fs))...); err != nil {
		return err
	}
	password, err := readPassword(env, *pw)
	if err != nil {
		return err
	}
	if err := auth.CheckPasswordRules(password, *email); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	db, err := d.open(ctx, env, false)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, strings.ToLower(*email))
	if err != nil {
		return err
	}
	if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.SetPassword(ctx, u.ID, hash) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "password changed for %s; their sessions were signed out\n", u.Email)
	return nil
}
