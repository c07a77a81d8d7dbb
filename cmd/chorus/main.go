// Command chorus runs micro-influencer campaigns end to end: the web UI, the
// JSON API and the click redirect, plus the tools around them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// A command is one subcommand. Tests call commands directly with their own
// streams, so nothing here may touch os.Stdout, os.Args or the environment.
type command struct {
	run   func(ctx context.Context, env *Env, args []string) error
	brief string
}

// Env is what a command gets from the process: its streams and environment.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

func commands() map[string]command {
	return map[string]command{
		"version":   {cmdVersion, "print the version"},
		"serve":     {cmdServe, "serve the web UI, the API and the click redirect"},
		"demo":      {cmdDemo, "serve a demo workspace filled from a simulated world"},
		"migrate":   {cmdMigrate, "apply database migrations"},
		"user":      {cmdUser, "create users and change passwords"},
		"token":     {cmdToken, "create an API token for a workspace"},
		"import":    {cmdImport, "import creators from CSV or JSON Lines"},
		"vet":       {cmdVet, "score profiles and comments for authenticity"},
		"attribute": {cmdAttribute, "credit conversions to channels"},
		"report":    {cmdReport, "print a campaign's metrics report as CSV or JSON"},
		"clicks":    {cmdClicks, "count a tracked link's clicks (clicks count --slug S)"},
		"sync":      {cmdSync, "fetch creators' profiles, posts and comments from YouTube, Instagram or TikTok"},
		"sim":       {cmdSim, "run experiments on the simulated world (sim optimize)"},
		"backup":    {cmdBackup, "copy the SQLite database online to a new file"},
		"restore":   {cmdRestore, "put a backup in place of the SQLite database (server stopped)"},
		"retention": {cmdRetention, "delete raw clicks past each workspace's retention (retention run)"},
		"bench":     {cmdBench, "load generators of the scripts in bench/ (bench webhooks|webhook-baseline|orders|world|reports|pages)"},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	err := run(ctx, env, os.Args[1:])
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "chorus:", err)
		}
		os.Exit(exitCode(err))
	}
}

// run dispatches args[0] to its command.
func run(ctx context.Context, env *Env, args []string) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stdout, cmds)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		usage(env.Stderr, cmds)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return c.run(ctx, env, args[1:])
}

var errUsage = errors.New("no command given")

func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 1
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: chorus <command> [flags]\n\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].brief)
	}
	fmt.Fprintln(w, "\nRun 'chorus <command> -h' for a command's flags.")
}
