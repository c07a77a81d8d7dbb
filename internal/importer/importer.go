// Package importer loads creator files into a workspace in one streaming
// pass and one transaction: a file with any bad row stores nothing.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
)

// Options tune an import.
type Options struct {
	// SkipBad stores the good rows of a file with bad ones, reporting the bad.
	SkipBad bool
	// Progress, when set, is called every few thousand rows and at the end.
	Progress func(rows int)
	// MaxErrors caps how many row errors are kept; 0 means 100.
	MaxErrors int
}

// Errors lists the bad rows of a file.
type Errors struct {
	Rows  []error // the first MaxErrors row errors
	Total int     // all bad rows
	// Stored reports whether the good rows were stored anyway (SkipBad).
	Stored bool
}

// parsed is a row as the reader returned it.
type parsed struct {
	row creators.Row
	err error
}

// readAhead parses rows on its own goroutine, in chunks, while the caller
// stores the previous ones: decoding and validating is a third of an
// import's work, and a second core does it in the time the database takes.
// The last chunk ends with io.EOF or the error that stopped reading.
func readAhead(ctx context.Context, rd *creators.Reader) <-chan []parsed {
	const chunkRows = 1024
	out := make(chan []parsed, 4)
	go func() {
		defer close(out)
		for {
			chunk := make([]parsed, 0, chunkRows)
			end := false
			for len(chunk) < chunkRows && !end {
				row, err := rd.Next()
				var re *creators.RowError
				end = err != nil && !errors.As(err, &re) // io.EOF or an I/O error
				chunk = append(chunk, parsed{row, err})
			}
			select {
			case out <- chunk:
			case <-ctx.Done():
				return
			}
			if end {
				return
			}
		}
	}()
	return out
}

func (e *Errors) Error() string {
	var b strings.Builder
	if e.Stored {
		fmt.Fprintf(&b, "%d bad rows skipped:", e.Total)
	} else {
		fmt.Fprintf(&b, "%d bad rows; nothing was imported:", e.Total)
	}
	for _, r := range e.Rows {
		b.WriteString("\n  ")
		b.WriteString(strings.ReplaceAll(r.Error(), "\n", "\n  "))
	}
	if e.Total > len(e.Rows) {
		fmt.Fprintf(&b, "\n  ... and %d more", e.Total-len(e.Rows))
	}
	return b.String()
}

// Creators imports a creator file into workspace ws. With bad rows and no
// SkipBad it returns *Errors and stores nothing.
func Creators(ctx context.Context, db *store.DB, ws int64, file string, r io.Reader, f creators.Format, opt Options) (store.ImportResult, error) {
	if opt.MaxErrors == 0 {
		opt.MaxErrors = 100
	}
	rd, err := creators.NewReader(file, r, f)
	if err != nil {
		return store.ImportResult{}, &Errors{Rows: []error{err}, Total: 1}
	}
	bad := &Errors{Stored: opt.SkipBad}
	var res store.ImportResult
	errStop := errors.New("stop")
	rctx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	rows := readAhead(rctx, rd)
	err = db.Tx(ctx, func(tx *store.Tx) error {
		// Every full statement of the import is the same text: prepare it
		// once. The last batch, stored when the transaction commits, runs
		// after release and prepares its own.
		release := tx.CacheStatements()
		defer release()
		im := tx.NewImporter(ws)
		var chunk []parsed
		for n := 1; ; n++ {
			if n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if opt.Progress != nil {
					opt.Progress(n)
				}
			}
			if len(chunk) == 0 {
				var ok bool
				if chunk, ok = <-rows; !ok {
					// The reader stops before the end only when cancelled.
					return errors.Join(ctx.Err(), errors.New("import: reading stopped before the end of the file"))
				}
			}
			row, err := chunk[0].row, chunk[0].err
			chunk = chunk[1:]
			if err == io.EOF {
				break
			}
			var re *creators.RowError
			if err != nil && !errors.As(err, &re) {
				return err // an I/O error, not a bad row
			}
			if err != nil {
				bad.Total++
				if len(bad.Rows) < opt.MaxErrors {
					bad.Rows = append(bad.Rows, err)
				}
				continue
			}
			if bad.Total > 0 && !opt.SkipBad {
				continue // keep reading to report every bad row, but store nothing
			}
			if err := im.Add(ctx, row.Creator, row.Account); err != nil {
				return fmt.Errorf("%s:%d: %w", file, row.Line, err)
			}
		}
		res = im.Result
		if bad.Total > 0 && !opt.SkipBad {
			return errStop
		}
		return nil
	})
	if opt.Progress != nil {
		opt.Progress(res.Rows + bad.Total)
	}
	if errors.Is(err, errStop) {
		return store.ImportResult{}, bad
	}
	if err != nil {
		return store.ImportResult{}, err
	}
	if bad.Total > 0 {
		return res, bad
	}
	return res, nil
}
