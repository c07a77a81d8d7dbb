package tracking

import (
	"bytes"
	"fmt"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const qrTestURL = "https://chorus.example/c/x7Gq2Lp"

func TestQRModulesSizeAndQuietZone(t *testing.T) {
	tests := []struct {
		content string
		modules int // symbol size + 2*4 quiet zone
	}{
		{"HI", 21 + 8},                     // version 1 is 21x21
		{qrTestURL, 29 + 8},                // 32 bytes at level M need version 3 (29x29): version 2 holds 26
		{strings.Repeat("a", 100), 41 + 8}, // 100 bytes at M: version 6 (41x41) holds 106, version 5 only 84
	}
	for _, tt := range tests {
		m, err := QRModules(tt.content)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != tt.modules {
			t.Errorf("%.20q: %d rows, want %d", tt.content, len(m), tt.modules)
		}
		for y, row := range m {
			if len(row) != len(m) {
				t.Fatalf("row %d has %d modules, want %d", y, len(row), len(m))
			}
			for x, dark := range row {
				inQuiet := x < QRQuietZone || y < QRQuietZone || x >= len(m)-QRQuietZone || y >= len(m)-QRQuietZone
				if inQuiet && dark {
					t.Errorf("dark module at (%d,%d) in the quiet zone", x, y)
				}
			}
		}
		// The top-left finder pattern: a 7-module dark ring starting just
		// inside the quiet zone, a light ring, then a 3x3 dark centre.
		q := QRQuietZone
		for i := range 7 {
			if !m[q][q+i] || !m[q+6][q+i] || !m[q+i][q] || !m[q+i][q+6] {
				t.Errorf("%.20q: finder ring broken at offset %d", tt.content, i)
			}
		}
		if m[q+1][q+1] || !m[q+3][q+3] {
			t.Errorf("%.20q: finder pattern inside wrong", tt.content)
		}
	}
	if _, err := QRModules(""); err == nil {
		t.Error("empty content: want error")
	}
	if _, err := QRModules(strings.Repeat("x", 5000)); err == nil {
		t.Error("5000 bytes: want error (a QR code holds at most 2331 bytes at level M)")
	}
}

func TestQRPNG(t *testing.T) {
	m, err := QRModules(qrTestURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, scale := range []int{1, 4, 0} {
		data, err := QRPNG(qrTestURL, scale)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		s := scale
		if s == 0 {
			s = DefaultQRScale
		}
		want := len(m) * s // 37 modules x scale
		if b := img.Bounds(); b.Dx() != want || b.Dy() != want {
			t.Fatalf("scale %d: image %v, want %dx%d", scale, b, want, want)
		}
		for y := range want {
			for x := range want {
				r, _, _, _ := img.At(x, y).RGBA()
				if dark := r < 0x8000; dark != m[y/s][x/s] {
					t.Fatalf("scale %d: pixel (%d,%d) dark=%v, module (%d,%d) dark=%v", scale, x, y, dark, x/s, y/s, m[y/s][x/s])
				}
			}
		}
	}
}

var svgRun = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)

// TestQRSVG reads the SVG's path back into a matrix and compares it with
// go-qrcode's Bitmap, module by module.
func TestQRSVG(t *testing.T) {
	m, err := QRModules(qrTestURL)
	if err != nil {
		t.Fatal(err)
	}
	data, err := QRSVG(qrTestURL, 0)
	if err != nil {
		t.Fatal(err)
	}
	svg := string(data)
	n := len(m)
	for _, want := range []string{
		fmt.Sprintf(`viewBox="0 0 %d %d"`, n, n),
		fmt.Sprintf(`width="%d" height="%d"`, n*DefaultQRScale, n*DefaultQRScale),
		fmt.Sprintf(`<rect width="%d" height="%d" fill="#fff"/>`, n, n),
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	got := make([][]bool, n)
	for i := range got {
		got[i] = make([]bool, n)
	}
	_, d, _ := strings.Cut(svg, ` d="`)
	d, _, _ = strings.Cut(d, `"`)
	if rest := svgRun.ReplaceAllString(d, ""); rest != "" {
		t.Fatalf("path has unexpected commands: %.40q", rest)
	}
	for _, sub := range svgRun.FindAllStringSubmatch(d, -1) {
		x, _ := strconv.Atoi(sub[1])
		y, _ := strconv.Atoi(sub[2])
		w, _ := strconv.Atoi(sub[3])
		if sub[3] != sub[4] {
			t.Fatalf("run %s does not close", sub[0])
		}
		for i := range w {
			if got[y][x+i] {
				t.Fatalf("module (%d,%d) drawn twice", x+i, y)
			}
			got[y][x+i] = true
		}
	}
	for y := range n {
		for x := range n {
			if got[y][x] != m[y][x] {
				t.Fatalf("module (%d,%d): SVG %v, bitmap %v", x, y, got[y][x], m[y][x])
			}
		}
	}
}

func BenchmarkQR(b *testing.B) {
	b.Run("png", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := QRPNG(qrTestURL, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("svg", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := QRSVG(qrTestURL, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}
