package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/vetting"
)

const vetUsage = `usage: chorus vet <subcommand> [flags]

subcommands:
  accounts [--in FILE] [--params FILE] [--skip-bad]   score profiles (JSON Lines) as fake or real
  comments [--in FILE] [--params FILE] [--skip-bad]   classify comments (JSON Lines) as spam or genuine, with intent
  train --task accounts|comments --out FILE FILE...   refit a model on labelled files
  eval --task accounts|comments [--in FILE] [--params FILE]
                                                      accuracy, precision, recall, F1 on a labelled file
  run --workspace SLUG                                vet every stored account of a workspace (ER, tier,
                                                      audience, comments, anomalies) and refresh scores

Input is read from stdin when --in is not given. Labelled files are JSON Lines
with a label field (fake/real, spam/genuine or 1/0), or the public data sets'
own formats (InstaFake JSON, Kaggle Instagram CSV, UCI YouTube spam CSV).
See docs/models.md.
`

// cmdVet scores accounts and comments, and refits and evaluates the models.
func cmdVet(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, vetUsage)
		return errors.New("vet: no subcommand given")
	}
	switch args[0] {
	case "accounts":
		return vetAccounts(ctx, env, args[1:])
	case "comments":
		return vetComments(ctx, env, args[1:])
	case "train":
		return vetTrain(env, args[1:])
	case "eval":
		return vetEval(env, args[1:])
	case "run":
		return vetRun(ctx, env, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, vetUsage)
		return flag.ErrHelp
	}
	fmt.Fprint(env.Stderr, vetUsage)
	return fmt.Errorf("vet: unknown subcommand %q", args[0])
}

// scoreFlags are the flags of vet accounts and vet comments.
type scoreFlags struct {
	in, params string
	skipBad    bool
}

func parseScoreFlags(env *Env, name string, args []string) (scoreFlags, error) {
	var f scoreFlags
	fs := flag.NewFlagSet("vet "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&f.in, "in", "", "JSON Lines input `file` (default stdin)")
	fs.StringVar(&f.params, "params", "", "model parameters `file` from 'chorus vet train' (default: the shipped model)")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "report malformed lines on stderr and skip them instead of failing")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("vet %s: unexpected arguments %q (use --in FILE)", name, fs.Args())
	}
	return f, nil
}

func vetAccounts(ctx context.Context, env *Env, args []string) error {
	f, err := parseScoreFlags(env, "accounts", args)
	if err != nil {
		return err
	}
	m, err := loadModel(f.params, vetting.LoadAccountModel, vetting.ReadAccountModel)
	if err != nil {
		return fmt.Errorf("vet accounts: %w", err)
	}
	reasons := make([]string, 0, vetting.MaxReasons) // [] rather than null when none
	return scoreLines(ctx, env, f, "accounts",
		func(raw map[string]json.RawMessage, out *bytes.Buffer) error {
			p, err := vetting.ProfileFromFields(raw)
			if err != nil || out == nil {
				return err
			}
			r := m.Score(p)
			reasons = reasons[:0]
			for _, rs := range r.Reasons {
				if rs.Feature != "" {
					reasons = append(reasons, rs.String())
				}
			}
			out.WriteString(`"p_fake":`)
			out.WriteString(strconv.FormatFloat(round4(r.PFake), 'f', -1, 64))
			out.WriteString(`,"label":"` + r.Label + `","reasons":`)
			b, _ := json.Marshal(reasons)
			out.Write(b)
			return nil
		})
}

func vetComments(ctx context.Context, env *Env, args []string) error {
	f, err := parseScoreFlags(env, "comments", args)
	if err != nil {
		return err
	}
	m, err := loadModel(f.params, vetting.LoadCommentModel, vetting.ReadCommentModel)
	if err != nil {
		return fmt.Errorf("vet comments: %w", err)
	}
	return scoreLines(ctx, env, f, "comments",
		func(raw map[string]json.RawMessage, out *bytes.Buffer) error {
			c, err := vetting.CommentFromFields(raw)
			if err != nil || out == nil {
				return err
			}
			r := m.Classify(c.Text)
			out.WriteString(`"p_spam":`)
			out.WriteString(strconv.FormatFloat(round4(r.PSpam), 'f', -1, 64))
			out.WriteString(`,"label":"` + r.Label + `","intent":"` + string(r.Intent) + `"`)
			return nil
		})
}

// outputKeys are the fields vet adds; an input that already has one (say a
// labelled file) gets it replaced rather than duplicated.
var outputKeys = []string{"p_fake", "p_spam", "label", "reasons", "intent"}

// scoreLines runs a JSON Lines file through a model in two passes: the first
// validates every line, so a bad file fails before anything is written
// (unless skipBad); the second scores and writes. Stdin is spooled to a
// temporary file for the second pass, so memory stays flat for big inputs.
// score parses the decoded fields, and with a non-nil out appends the
// output fields to it.
func scoreLines(ctx context.Context, env *Env, f scoreFlags, name string,
	score func(raw map[string]json.RawMessage, out *bytes.Buffer) error) error {
	src, label, cleanup, err := openInput(env, f.in)
	if err != nil {
		return fmt.Errorf("vet %s: %w", name, err)
	}
	defer cleanup()

	bad := map[int]bool{}
	var problems []string
	err = vetting.ScanLines(src, func(line []byte, n int) error {
		if err := decodeLine(line, func(raw map[string]json.RawMessage) error { return score(raw, nil) }); err != nil {
			bad[n] = true
			problems = append(problems, fmt.Sprintf("%s:%d: %v", label, n, err))
		}
		return ctx.Err()
	})
	if err != nil {
		return fmt.Errorf("vet %s: %s: %w", name, label, err)
	}
	if len(problems) > 0 {
		if !f.skipBad {
			return fmt.Errorf("vet %s: %d malformed line(s), nothing written (use --skip-bad to skip them):\n%s",
				name, len(problems), strings.Join(firstN(problems, 10), "\n"))
		}
		for _, p := range problems {
			fmt.Fprintln(env.Stderr, "skipped", p)
		}
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("vet %s: rewind %s: %w", name, label, err)
	}
	w := bufio.NewWriterSize(env.Stdout, 64*1024)
	var extra, out bytes.Buffer
	err = vetting.ScanLines(src, func(line []byte, n int) error {
		if bad[n] {
			return nil
		}
		extra.Reset()
		out.Reset()
		err := decodeLine(line, func(raw map[string]json.RawMessage) error {
			if err := score(raw, &extra); err != nil {
				return err
			}
			return appendFields(&out, line, raw, extra.Bytes())
		})
		if err != nil {
			return fmt.Errorf("%s:%d: %w", label, n, err)
		}
		if _, err := w.Write(out.Bytes()); err != nil {
			return err
		}
		return ctx.Err()
	})
	if err != nil {
		return fmt.Errorf("vet %s: %w", name, err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("vet %s: write: %w", name, err)
	}
	return nil
}

// decodeLine decodes a JSON object into its fields for fn.
func decodeLine(line []byte, fn func(map[string]json.RawMessage) error) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(line, &raw); err != nil || raw == nil {
		return fmt.Errorf("not a JSON object: %s", clipLine(line))
	}
	return fn(raw)
}

func clipLine(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// appendFields writes the input object (line, decoded as raw) with the
// fields in extra added at the end, keeping the input's bytes (and so its
// field order and number formatting) unless it already has one of the output
// fields.
func appendFields(out *bytes.Buffer, line []byte, raw map[string]json.RawMessage, extra []byte) error {
	clash := false
	for _, k := range outputKeys {
		if _, ok := raw[k]; ok {
			delete(raw, k)
			clash = true
		}
	}
	if clash {
		b, err := json.Marshal(raw)
		if err != nil {
			return err
		}
		line = b
	}
	body := bytes.TrimSpace(line)
	body = bytes.TrimSpace(body[:len(body)-1]) // drop the closing brace
	out.Write(body)
	if len(raw) > 0 {
		out.WriteByte(',')
	}
	out.Write(extra)
	out.WriteString("}\n")
	return nil
}

// openInput opens --in, or spools stdin to a temporary file so it can be read
// twice. label names the input in messages.
func openInput(env *Env, path string) (src io.ReadSeeker, label string, cleanup func(), err error) {
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, "", nil, err
		}
		return f, path, func() { f.Close() }, nil
	}
	tmp, err := os.CreateTemp("", "chorus-vet-*.jsonl")
	if err != nil {
		return nil, "", nil, fmt.Errorf("spool stdin: %w", err)
	}
	cleanup = func() { tmp.Close(); os.Remove(tmp.Name()) }
	if _, err := io.Copy(tmp, env.Stdin); err != nil {
		cleanup()
		return nil, "", nil, fmt.Errorf("spool stdin: %w", err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		cleanup()
		return nil, "", nil, fmt.Errorf("spool stdin: %w", err)
	}
	return tmp, "stdin", cleanup, nil
}

func firstN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(s[:n:n], fmt.Sprintf("… and %d more", len(s)-n))
}

func round4(v float64) float64 { return float64(int64(v*1e4+0.5)) / 1e4 }

// loadModel reads params from path, or returns the shipped model when path
// is empty.
func loadModel[M any](path string, shipped func() (M, error), read func(io.Reader) (M, error)) (M, error) {
	if path == "" {
		return shipped()
	}
	var m M
	err := withFile(path, func(r io.Reader) (err error) {
		m, err = read(r)
		return err
	})
	if err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// readSets reads one labelled set from each file.
func readSets[S any](paths []string, read func(name string, r io.Reader) (S, error)) ([]S, error) {
	var sets []S
	for _, path := range paths {
		err := withFile(path, func(r io.Reader) error {
			s, err := read(path, r)
			sets = append(sets, s)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return sets, nil
}

// withFile opens path and hands it to fn.
func withFile(path string, fn func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return fn(f)
}

func vetTrain(env *Env, args []string) error {
	fs := flag.NewFlagSet("vet train", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	task := fs.String("task", "", "what to train: accounts or comments")
	out := fs.String("out", "", "write the parameters to this `file`")
	lambda := fs.Float64("lambda", 0, "L2 regularisation (default: the model's own)")
	seed := fs.Uint64("seed", 0, "cross-validation shuffle seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() == 0 {
		return errors.New("vet train: need --out FILE and at least one labelled file")
	}
	opt := vetting.TrainOptions{Lambda: *lambda, Seed: *seed}
	var model interface{ WriteJSON(io.Writer) error }
	var cv vetting.Evaluation
	switch *task {
	case "accounts":
		sets, err := readSets(fs.Args(), vetting.ReadAccountSet)
		if err != nil {
			return fmt.Errorf("vet train: %w", err)
		}
		m, err := vetting.TrainAccounts(sets, opt)
		if err != nil {
			return fmt.Errorf("vet train: %w", err)
		}
		model, cv = m, m.Params().CV
	case "comments":
		sets, err := readSets(fs.Args(), vetting.ReadCommentSet)
		if err != nil {
			return fmt.Errorf("vet train: %w", err)
		}
		m, err := vetting.TrainComments(sets, opt)
		if err != nil {
			return fmt.Errorf("vet train: %w", err)
		}
		model, cv = m, m.Params().CV
	default:
		return fmt.Errorf("vet train: --task must be accounts or comments, not %q", *task)
	}
	var buf bytes.Buffer
	if err := model.WriteJSON(&buf); err != nil {
		return fmt.Errorf("vet train: %w", err)
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		return fmt.Errorf("vet train: %w", err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s\nvalidation: %s\n", *out, cv.Method)
	for _, name := range slices.Sorted(maps.Keys(cv.Sets)) {
		printMetrics(env.Stdout, name, cv.Sets[name])
	}
	printMetrics(env.Stdout, "pooled", cv.Pooled)
	return nil
}

// writeFileAtomic writes through a temporary file and a rename, so a failed
// run never leaves half a params file behind.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".chorus-params-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func vetEval(env *Env, args []string) error {
	fs := flag.NewFlagSet("vet eval", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	task := fs.String("task", "", "what to evaluate: accounts or comments")
	in := fs.String("in", "", "labelled `file` (default stdin)")
	params := fs.String("params", "", "model parameters `file` (default: the shipped model)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("vet eval: unexpected arguments %q (use --in FILE)", fs.Args())
	}
	read := func(fn func(name string, r io.Reader) error) error {
		if *in == "" {
			return fn("stdin", env.Stdin)
		}
		return withFile(*in, func(r io.Reader) error { return fn(*in, r) })
	}
	var m vetting.Metrics
	var name string
	switch *task {
	case "accounts":
		model, err := loadModel(*params, vetting.LoadAccountModel, vetting.ReadAccountModel)
		if err != nil {
			return fmt.Errorf("vet eval: %w", err)
		}
		err = read(func(n string, r io.Reader) error {
			s, err := vetting.ReadAccountSet(n, r)
			m, name = vetting.EvaluateAccounts(model, s), n
			return err
		})
		if err != nil {
			return fmt.Errorf("vet eval: %w", err)
		}
	case "comments":
		model, err := loadModel(*params, vetting.LoadCommentModel, vetting.ReadCommentModel)
		if err != nil {
			return fmt.Errorf("vet eval: %w", err)
		}
		err = read(func(n string, r io.Reader) error {
			s, err := vetting.ReadCommentSet(n, r)
			m, name = vetting.EvaluateComments(model, s), n
			return err
		})
		if err != nil {
			return fmt.Errorf("vet eval: %w", err)
		}
	default:
		return fmt.Errorf("vet eval: --task must be accounts or comments, not %q", *task)
	}
	printMetrics(env.Stdout, name, m)
	return nil
}

func printMetrics(w io.Writer, name string, m vetting.Metrics) {
	fmt.Fprintf(w, "%s: n=%d accuracy=%.4f precision=%.4f recall=%.4f f1=%.4f (tp=%d fp=%d tn=%d fn=%d)\n",
		name, m.N, m.Accuracy, m.Precision, m.Recall, m.F1, m.TP, m.FP, m.TN, m.FN)
}
