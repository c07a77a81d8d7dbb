package tracking

import (
	"context"
	"testing"
	"time"
)

// BenchmarkClickPath does the per-click work the redirect handler will do
// with these pieces (client IP, IP hash, cached User-Agent class, click id,
// Location, group commit into a no-op store), next to the bare map lookup
// a minimal 302 server does, to show what tracking adds before the
// durable write.
func BenchmarkClickPath(b *testing.B) {
	r, err := NewRedirect("https://shop.example.com/p/serum?size=30ml",
		UTM{Source: "instagram", Medium: "influencer", Campaign: "spring-glow", Content: "maya_fit-hookA"})
	if err != nil {
		b.Fatal(err)
	}
	links := map[string]Redirect{"x7Gq2Lp": r}
	bare := map[string]string{"x7Gq2Lp": r.String()}
	h, err := NewIPHasher(testSecret)
	if err != nil {
		b.Fatal(err)
	}
	classifier := NewClassifier(1000)
	type click struct {
		id, ipHash string
		agent      Agent
		at         time.Time
	}
	batcher := NewBatcher(func(context.Context, []click) error { return nil }, 1000, 0)
	defer batcher.Close(context.Background())
	ctx := context.Background()
	xff := []string{"203.0.113.9"}

	b.Run("bare-map-lookup", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if bare["x7Gq2Lp"] == "" {
					b.Error("missing")
				}
			}
		})
	})
	b.Run("tracked-no-store", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				link := links["x7Gq2Lp"]
				now := time.Now()
				ip, err := ClientIP("10.0.0.2:5123", xff, 1)
				if err != nil {
					b.Error(err)
					return
				}
				c := click{id: NewClickID(), ipHash: h.Hash(ip, now), agent: classifier.Classify(uaInstagramIOS), at: now}
				if link.Location(c.id) == "" {
					b.Error("no location")
				}
			}
		})
	})
	b.Run("tracked-batched", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				link := links["x7Gq2Lp"]
				now := time.Now()
				ip, _ := ClientIP("10.0.0.2:5123", xff, 1)
				c := click{id: NewClickID(), ipHash: h.Hash(ip, now), agent: classifier.Classify(uaInstagramIOS), at: now}
				if err := batcher.Add(ctx, c); err != nil {
					b.Error(err)
					return
				}
				_ = link.Location(c.id)
			}
		})
	})
}
