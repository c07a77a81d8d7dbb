package survey

// platformWord maps a word to the platform it names.
func platformWord(w string) Platform {
	switch w {
	case "instagram", "insta", "ig", "gram":
		return Instagram
	case "tiktok", "tiktoks", "tiktoker":
		return TikTok
	case "youtube", "yt", "youtuber", "youtubers":
		return YouTube
	case "facebook", "fb":
		return Facebook
	case "podcast", "podcasts", "pod", "podcaster", "podcasters", "spotify":
		return Podcast
	case "friend", "friends", "family", "wife", "husband", "sister", "brother", "mom", "mum", "mother",
		"dad", "father", "colleague", "coworker", "boyfriend", "girlfriend", "daughter", "son",
		"neighbor", "neighbour", "cousin", "aunt", "roommate":
		return Friend
	case "google", "googled", "googling", "search", "searched", "searching", "bing":
		return Search
	}
	return Unknown
}

// platform returns the first platform the words name and marks the words it
// used, which then name no creator.
func platform(ws []string) (Platform, []bool) {
	used := make([]bool, len(ws))
	// platformPairs are platforms written as two words.
	platformPairs := [...]struct {
		a, b string
		p    Platform
	}{
		{"tik", "tok", TikTok}, {"you", "tube", YouTube}, {"face", "book", Facebook}, {"of", "mouth", Friend},
	}

	// platformNames are the long platform names a typo may hide ("instagarm").
	platformNames := [...]struct {
		name string
		p    Platform
	}{
		{"instagram", Instagram}, {"tiktok", TikTok}, {"youtube", YouTube}, {"facebook", Facebook},
		{"podcast", Podcast}, {"google", Search},
	}
	first := Unknown
	found := func(p Platform, idx ...int) {
		for _, i := range idx {
			used[i] = true
		}
		if first == Unknown {
			first = p
		}
	}
	for i, w := range ws {
		if used[i] {
			continue
		}
		if i+1 < len(ws) {
			for _, pp := range platformPairs {
				if w == pp.a && ws[i+1] == pp.b {
					found(pp.p, i, i+1)
				}
			}
			if used[i] {
				continue
			}
		}
		if p := platformWord(w); p != Unknown {
			found(p, i)
			continue
		}
		r := []rune(w)
		if len(r) < 5 {
			continue
		}
		for _, pn := range platformNames {
			n := []rune(pn.name)
			limit := maxEdits(min(len(r), len(n)))
			if d, _ := osa(r, n, limit, nil); d <= limit {
				found(pn.p, i)
				break
			}
		}
	}
	return first, used
}
