package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/importer"
)

func cmdImport(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "creators" {
		return errors.New("usage: chorus import creators --workspace SLUG [--format csv|jsonl] [--skip-bad] FILE")
	}
	fs := newFlags(env, "import creators", "import creators --workspace SLUG [--format csv|jsonl] [--skip-bad] [--progress] FILE")
	d := addDBFlags(fs)
	wsSlug := fs.String("workspace", "", "workspace slug (required)")
	format := fs.String("format", "", "csv or jsonl (default: from the file name)")
	skipBad := fs.Bool("skip-bad", false, "store the good rows of a file with bad ones")
	progress := fs.Bool("progress", true, "show a progress bar on standard error")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the import to this file")
	envErrs, err := parseFlags(fs, env, args[1:])
	if err != nil {
		return err
	}
	errs := append(envErrs, d.validate()...)
	if *wsSlug == "" {
		errs = append(errs, errors.New("--workspace: required"))
	}
	if fs.NArg() != 1 {
		errs = append(errs, errors.New("give exactly one FILE to import"))
	}
	var f creators.Format
	switch *format {
	case "csv", "jsonl":
		f = creators.Format(*format)
	case "":
		if fs.NArg() == 1 {
			var err error
			if f, err = creators.FormatOf(fs.Arg(0)); err != nil {
				errs = append(errs, fmt.Errorf("%w (or give --format)", err))
			}
		}
	default:
		errs = append(errs, fmt.Errorf("--format %q: want csv or jsonl", *format))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	name := fs.Arg(0)
	file, err := os.Open(name)
	if err != nil {
		return err
	}
	defer file.Close()
	db, err := d.open(ctx, env, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ws, err := db.WorkspaceBySlug(ctx, *wsSlug)
	if err != nil {
		return err
	}
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	var r io.Reader = file
	var bar *progressbar.ProgressBar
	if st, err := file.Stat(); err == nil && *progress {
		bar = progressbar.NewOptions64(st.Size(), progressbar.OptionSetWriter(env.Stderr), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("importing "+name), progressbar.OptionThrottle(200e6), progressbar.OptionClearOnFinish())
		pr := progressbar.NewReader(file, bar)
		r = &pr
	}
	res, err := importer.Creators(ctx, db, ws.ID, name, r, f, importer.Options{SkipBad: *skipBad})
	if bar != nil {
		bar.Finish()
	}
	var ie *importer.Errors
	if errors.As(err, &ie) && ie.Stored {
		fmt.Fprintln(env.Stderr, err)
		err = nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported %d rows: %d creators added, %d accounts added, %d accounts updated\n",
		res.Rows, res.CreatorsAdded, res.AccountsAdded, res.AccountsUpdated)
	return nil
}
