package sim

// userAgent is one browser the clicks come from.
type userAgent struct {
	ua       string
	referrer string
	// weights by the link's platform: instagram, tiktok, youtube.
	weights [3]float64
}

// userAgents: creator traffic is overwhelmingly mobile and, on Instagram and
// TikTok, mostly their in-app browsers; YouTube opens the system browser.
// Shares are rough orientation from link-in-bio tool reports, not a study.
var userAgents = []userAgent{
	{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 337.0.3.23.54 (iPhone15,2; iOS 17_5_1; en_US; en; scale=3.00; 1179x2556; 614208470)", "https://l.instagram.com/", [3]float64{40, 0, 0}},
	{"Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.165 Mobile Safari/537.36 Instagram 337.0.0.35.102 Android (34/14; 480dpi; 1080x2340; samsung; SM-S918B; dm3q; qcom; en_US; 614208474)", "https://l.instagram.com/", [3]float64{22, 0, 0}},
	{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_34.5.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US WKWebView/1 BytedanceWebview/d8a21c6", "", [3]float64{0, 36, 0}},
	{"Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.179 Mobile Safari/537.36 trill_2023405050 JsSdk/1.0 NetType/MOBILE Channel/googleplay AppName/musical_ly app_version/34.5.5 ByteLocale/en BytedanceWebview/d8a21c6", "", [3]float64{0, 30, 0}},
	{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "", [3]float64{15, 12, 30}},
	{"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36", "", [3]float64{10, 12, 30}},
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36", "https://www.youtube.com/", [3]float64{5, 5, 25}},
	{"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "", [3]float64{4, 3, 8}},
	{"Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0", "", [3]float64{1, 1, 4}},
	{"Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "", [3]float64{3, 1, 3}},
}

// botAgents are link-preview fetchers (they hit a link seconds after it is
// shared in a chat or a post goes up) and crawlers.
var botAgents = []string{
	"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
	"WhatsApp/2.24.10.79 A",
	"Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
	"TelegramBot (like TwitterBot)",
	"Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
	"Twitterbot/1.0",
	"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
	"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
}

func platformIndex(p Platform) int {
	switch p {
	case TikTok:
		return 1
	case YouTube:
		return 2
	}
	return 0
}
