package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/discovery"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// pages holds one template set per page, each with the shared layout.
type pages struct {
	dev    bool
	dir    string
	mu     sync.Mutex
	sets   map[string]*template.Template
	hashes map[string]string
}

func loadPages(dev bool, dir string) (*pages, error) {
	p := &pages{dev: dev, dir: dir}
	if err := p.load(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *pages) files() (tfs, sfs fs.FS) {
	if p.dev {
		return os.DirFS(filepath.Join(p.dir, "templates")), os.DirFS(filepath.Join(p.dir, "static"))
	}
	t, _ := fs.Sub(templateFiles, "templates")
	s, _ := fs.Sub(staticFiles, "static")
	return t, s
}

func staticFS(dev bool, dir string) fs.FS {
	if dev {
		return os.DirFS(filepath.Join(dir, "static"))
	}
	s, _ := fs.Sub(staticFiles, "static")
	return s
}

func (p *pages) load() error {
	tfs, sfs := p.files()
	hashes := map[string]string{}
	err := fs.WalkDir(sfs, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sfs, name)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		hashes[name] = hex.EncodeToString(h[:6])
		return nil
	})
	if err != nil {
		return fmt.Errorf("static files: %w", err)
	}
	funcs := templateFuncs(hashes)
	names, err := fs.Glob(tfs, "*.html")
	if err != nil {
		return err
	}
	sets := map[string]*template.Template{}
	for _, n := range names {
		if n == "layout.html" || strings.HasPrefix(n, "_") {
			continue
		}
		t, err := template.New(n).Funcs(funcs).ParseFS(tfs, "layout.html", "_*.html", n)
		if err != nil {
			return fmt.Errorf("template %s: %w", n, err)
		}
		sets[strings.TrimSuffix(n, ".html")] = t
	}
	p.mu.Lock()
	p.sets, p.hashes = sets, hashes
	p.mu.Unlock()
	return nil
}

// render executes page name with data into w. It renders into a buffer first,
// so a template error never sends half a page.
func (p *pages) render(w io.Writer, name string, data any) error {
	if p.dev {
		if err := p.load(); err != nil {
			return err
		}
	}
	p.mu.Lock()
	t, ok := p.sets[name]
	p.mu.Unlock()
	if !ok {
		return fmt.Errorf("no page %q", name)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// names lists the pages, for the test that renders every template.
func (p *pages) names() []string {
	var out []string
	for n := range p.sets {
		out = append(out, n)
	}
	return out
}

func templateFuncs(hashes map[string]string) template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) string {
			return "/static/" + name + "?v=" + hashes[path.Clean(name)]
		},
		"money": formatMoney,
		"num":   formatNum,
		"pct":   func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) },
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format("2006-01-02")
		},
		"datep": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return t.UTC().Format("2006-01-02")
		},
		"deref": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"title": func(s string) string {
			s = strings.ReplaceAll(s, "_", " ")
			if s == "" {
				return s
			}
			return strings.ToUpper(s[:1]) + s[1:]
		},
		"derefF": func(p *float64) float64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"join": strings.Join,
		"add":  func(a, b int) int { return a + b },
		"sub":  func(a, b int) int { return a - b },

		// syncable says whether a platform has a connector (the refresh button).
		"syncable": func(p string) bool { return slices.Contains(discovery.SyncPlatforms, p) },
	}
}

// formatNum writes an integer with thousands separators.
func formatNum(v any) string {
	switch n := v.(type) {
	case int:
		return formatInt(int64(n))
	case int64:
		return formatInt(n)
	case *int64:
		if n == nil {
			return "–"
		}
		return formatInt(*n)
	}
	return fmt.Sprint(v)
}

func formatInt(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatMoney shows minor units as an amount with its currency code.
func formatMoney(minor int64, currency string) string {
	s, err := conversions.FormatAmount(minor, currency)
	if err != nil {
		return fmt.Sprintf("%d (minor units)", minor)
	}
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	n, _ := strconv.ParseInt(strings.TrimPrefix(whole, "-"), 10, 64)
	whole = formatInt(n)
	if neg {
		whole = "-" + whole
	}
	if frac != "" {
		whole += "." + frac
	}
	return whole + " " + currency
}
