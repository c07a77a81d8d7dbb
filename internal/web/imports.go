package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/importer"
	"github.com/chorushq/chorus/internal/store"
)

// defaultImportWait is how long the import form waits for an import to
// finish before sending the user to its progress page: small files are
// answered at once.
const defaultImportWait = 3 * time.Second

// importJobs runs the imports started from the web page in the background.
// Their progress lives in memory on the node that runs them: the import's
// own transaction holds SQLite's one writer, so progress cannot be written
// to the database while it runs. The job's record and outcome are stored.
type importJobs struct {
	jobGroup
	mu   sync.Mutex
	runs map[int64]*importRun
}

// importRun is one running import's progress.
type importRun struct {
	bytes atomic.Int64
	rows  atomic.Int64
	done  chan struct{}
}

func newImportJobs() *importJobs {
	return &importJobs{jobGroup: newJobGroup(), runs: map[int64]*importRun{}}
}

// jobGroup is background work the server owns rather than a request: its
// context ends at shutdown, and close waits for the work to record that.
// Imports and platform syncs both run in one.
type jobGroup struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newJobGroup() jobGroup {
	ctx, cancel := context.WithCancel(context.Background())
	return jobGroup{ctx: ctx, cancel: cancel}
}

// spawn runs fn in the background; close waits for it.
func (j *jobGroup) spawn(fn func()) {
	j.wg.Go(fn)
}

// close stops the running work (an import's transaction rolls back, so
// nothing is half-written) and waits for it to record that.
func (j *jobGroup) close(ctx context.Context) error {
	j.cancel()
	done := make(chan struct{})
	go func() { j.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (j *importJobs) run(id int64) *importRun {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.runs[id]
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// startImport saves the upload to a file and imports it in the background.
func (s *Server) startImport(r *http.Request, c *Caller, file multipart.File, name string, size int64, f creators.Format) (*store.ImportJob, *importRun, error) {
	dir := os.TempDir()
	if s.cfg.DataDir != "" {
		dir = filepath.Join(s.cfg.DataDir, "imports")
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, nil, fmt.Errorf("import: %w", err)
		}
	}
	tmp, err := os.CreateTemp(dir, "import-*")
	if err != nil {
		return nil, nil, fmt.Errorf("import: %w", err)
	}
	if _, err := io.Copy(tmp, file); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, nil, fmt.Errorf("import: save upload: %w", err)
	}
	job := &store.ImportJob{WorkspaceID: c.WS(), UserID: c.UserID(), FileName: name, BytesTotal: size}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.CreateImportJob(r.Context(), job) }); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, nil, err
	}
	// Other nodes' start-up must see that this import is alive (store.HoldImport).
	release, err := s.db.HoldImport(r.Context(), job.ID)
	if err != nil {
		s.log.Warn("import: mark alive", "import", job.ID, "err", err)
		release = func() {}
	}
	run := &importRun{done: make(chan struct{})}
	jobs := s.imports
	jobs.mu.Lock()
	jobs.runs[job.ID] = run
	jobs.mu.Unlock()
	// The request ends before a large import does: the job gets its own
	// context, ended only by the server's shutdown.
	bg := r.Clone(jobs.ctx)
	jobs.spawn(func() {
		defer release() // after the outcome is recorded
		defer func() {
			jobs.mu.Lock()
			delete(jobs.runs, job.ID)
			jobs.mu.Unlock()
			close(run.done)
		}()
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		s.runImport(bg, c, job, tmp, f, run)
	})
	return job, run, nil
}

func (s *Server) runImport(r *http.Request, c *Caller, job *store.ImportJob, file *os.File, f creators.Format, run *importRun) {
	ctx := r.Context()
	status, out := "done", store.ImportOutcome{}
	_, err := file.Seek(0, io.SeekStart)
	var res store.ImportResult
	if err == nil {
		res, err = importer.Creators(ctx, s.db, job.WorkspaceID, job.FileName, countingReader{file, &run.bytes}, f,
			importer.Options{Progress: func(rows int) { run.rows.Store(int64(rows)) }})
	}
	var ie *importer.Errors
	switch {
	case err == nil:
		out.Result = &res
		if aerr := s.auditNow(r, c, "creators.import", "", 0, importDetail(job.FileName, res)); aerr != nil {
			s.log.Error("audit import", "err", aerr)
		}
	case errors.As(err, &ie):
		status, out.BadRows = "failed", ie.Total
		for _, e := range ie.Rows {
			out.Errors = append(out.Errors, e.Error())
		}
	case errors.Is(err, context.Canceled):
		status, out.Message = "failed", "the server shut down during the import; nothing was imported"
	default:
		status, out.Message = "failed", "the import failed; nothing was imported"
		s.log.Error("import", "file", job.FileName, "err", err)
	}
	// Recorded with a fresh context: shutdown may have ended the job's.
	fctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.db.Tx(fctx, func(tx *store.Tx) error { return tx.FinishImportJob(fctx, job.WorkspaceID, job.ID, status, out) }); err != nil {
		s.log.Error("record import outcome", "import", job.ID, "err", err)
	}
}

// importView is an import for the pages and the API, with live progress
// when it runs on this node.
type importView struct {
	*store.ImportJob
	BytesDone int64 `json:"bytes_done"`
	RowsDone  int64 `json:"rows_done"`
	// Elsewhere says the import runs on another node (or ran on one that
	// stopped), so its progress is not known here.
	Elsewhere bool `json:"elsewhere,omitempty"`
}

// Percent is the share of the file read, for the progress bar.
func (v importView) Percent() int64 {
	if v.BytesTotal <= 0 {
		return 0
	}
	return min(100, v.BytesDone*100/v.BytesTotal)
}

func (s *Server) importView(ctx context.Context, ws, id int64) (*importView, error) {
	job, err := s.db.ImportJob(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	v := &importView{ImportJob: job}
	if job.Status == "running" {
		if run := s.imports.run(id); run != nil {
			v.BytesDone, v.RowsDone = run.bytes.Load(), run.rows.Load()
		} else {
			v.Elsewhere = true
		}
	}
	return v, nil
}

type importJobPage struct {
	base
	Job *importView
}

func (s *Server) importJobPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.importView(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, "Import of "+v.FileName, "creators")
	if err != nil {
		return err
	}
	if v.Status == "running" {
		b.Refresh = 2 // poll until it is done; no script needed
	}
	return s.pages.render(w, "import_job", &importJobPage{base: b, Job: v})
}

func (s *Server) apiImportJob(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.importView(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}
