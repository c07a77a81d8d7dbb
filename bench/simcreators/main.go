// Command simcreators writes the simulated world's creators as a creator
// import file (JSON Lines, one account a line), for bench/discovery.sh.
//
//	go run ./bench/simcreators --creators 1000000 > creators.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/sim"
)

type row struct {
	Name          string            `json:"name"`
	Email         string            `json:"email,omitempty"`
	Country       string            `json:"country,omitempty"`
	NicheTags     []string          `json:"niche_tags"`
	Platform      string            `json:"platform"`
	Handle        string            `json:"handle"`
	URL           string            `json:"url,omitempty"`
	Followers     int64             `json:"followers"`
	Following     int64             `json:"following"`
	MediaCount    int64             `json:"media_count"`
	Biography     string            `json:"biography"`
	HasProfilePic bool              `json:"has_profile_pic"`
	IsPrivate     bool              `json:"is_private"`
	Audience      creators.Audience `json:"audience"`
}

func main() {
	n := flag.Int("creators", 1_000_000, "creators to write")
	seed := flag.Int64("seed", 1, "world seed")
	flag.Parse()
	cfg := sim.DefaultConfig()
	cfg.Creators, cfg.Seed = *n, *seed
	w, err := sim.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := json.NewEncoder(out)
	for c := range w.Creators() {
		for _, a := range c.Accounts {
			aud := creators.Audience{Country: map[string]float64{}}
			for _, s := range a.Audience.Countries {
				aud.Country[s.Key] = s.Share
			}
			r := row{Name: c.Name, Email: c.Email, Country: c.Country, NicheTags: c.Niches, Platform: string(a.Platform),
				Handle: a.Username, URL: a.URL, Followers: a.FollowerCount, Following: a.FollowingCount, MediaCount: a.MediaCount,
				Biography: a.Biography, HasProfilePic: a.HasProfilePic, IsPrivate: a.IsPrivate, Audience: aud}
			if err := enc.Encode(r); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
