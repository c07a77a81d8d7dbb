package tracking

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// QR codes use recovery level Medium (15% of the symbol may be damaged):
// printed on packaging or shown in a story, a code gets scuffed or
// covered by a sticker, while High would make a long tracked URL dense.
const qrLevel = qrcode.Medium

// QRQuietZone is the blank margin, in modules, around every code: the
// four the QR standard requires for scanners to find the symbol.
const QRQuietZone = 4

// DefaultQRScale is the pixels per module used when a scale <= 0 is given:
// a short link such as https://chorus.example/c/x7Gq2Lp (32 bytes) makes a
// version 3 code, 37 modules with its quiet zone, so 8 gives about 300 px.
const DefaultQRScale = 8

// QRModules returns the code's module matrix for content, quiet zone
// included: m[y][x] is true for a dark module.
func QRModules(content string) ([][]bool, error) {
	if content == "" {
		return nil, errors.New("qr code: empty content")
	}
	q, err := qrcode.New(content, qrLevel)
	if err != nil {
		return nil, fmt.Errorf("qr code for %d bytes: %w", len(content), err)
	}
	return q.Bitmap(), nil
}

// QRPNG renders content as a PNG of scale pixels per module, so every
// module is a whole number of pixels and the code stays sharp.
func QRPNG(content string, scale int) ([]byte, error) {
	if content == "" {
		return nil, errors.New("qr code: empty content")
	}
	if scale <= 0 {
		scale = DefaultQRScale
	}
	q, err := qrcode.New(content, qrLevel)
	if err != nil {
		return nil, fmt.Errorf("qr code for %d bytes: %w", len(content), err)
	}
	// A negative size asks go-qrcode for -size pixels per module.
	png, err := q.PNG(-scale)
	if err != nil {
		return nil, fmt.Errorf("qr code png: %w", err)
	}
	return png, nil
}

// QRSVG renders content as an SVG whose user units are modules, scale
// pixels each by default (it scales cleanly to any size). Dark modules are
// one <path>, a horizontal run of modules per subpath, on a white
// background covering the quiet zone, so the code scans on dark pages too.
func QRSVG(content string, scale int) ([]byte, error) {
	m, err := QRModules(content)
	if err != nil {
		return nil, err
	}
	if scale <= 0 {
		scale = DefaultQRScale
	}
	n := strconv.Itoa(len(m))
	px := strconv.Itoa(len(m) * scale)
	var b strings.Builder
	b.Grow(len(m) * len(m) * 2)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="` + px + `" height="` + px +
		`" viewBox="0 0 ` + n + ` ` + n + `" shape-rendering="crispEdges">`)
	b.WriteString(`<rect width="` + n + `" height="` + n + `" fill="#fff"/><path fill="#000" d="`)
	for y, row := range m {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			run := 1
			for x+run < len(row) && row[x+run] {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String()), nil
}
