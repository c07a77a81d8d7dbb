package tracking

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Real User-Agent strings, as sent by each client.
const (
	uaIPhoneSafari    = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1"
	uaAndroidChrome   = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
	uaIPadSafari      = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1"
	uaWindowsChrome   = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
	uaMacFirefox      = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0"
	uaInstagramIOS    = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 307.0.0.34.111 (iPhone14,5; iOS 17_1; en_US; en; scale=3.00; 1170x2532; 532277882)"
	uaInstagramDroid  = "Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.66 Mobile Safari/537.36 Instagram 307.0.0.34.111 Android (33/13; 480dpi; 1080x2340; samsung; SM-S911B; dm1q; qcom; en_US; 532277882)"
	uaTikTokIOS       = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_30.1.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US ByteFullLocale/en isDarkMode/0 WKWebView/1 RevealType/Dialog BytedanceWebview/d8a21c6"
	uaTikTokDroid     = "Mozilla/5.0 (Linux; Android 12; SM-A525F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/110.0.5481.153 Mobile Safari/537.36 trill_290204 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/trill app_version/29.2.4 ByteLocale/en ByteFullLocale/en Region/US Spark/1.2.7-alpha.8 AppVersion/29.2.4 BytedanceWebview/d8a21c6"
	uaTikTokApp       = "TikTok 26.2.0 rv:262018 (iPhone; iOS 14.4.2; en_US) Cronet"
	uaFacebookIOS     = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/440.0.0.31.105;FBBV/541123455;FBDV/iPhone14,2;FBMD/iPhone;FBSN/iOS;FBSV/17.1.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/543000000]"
	uaFacebookDroid   = "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/118.0.5993.111 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/439.0.0.29.119;]"
	uaMessengerIOS    = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/430.0.0.31.112;FBBV/520342353;FBDV/iPhone13,2;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]"
	uaSnapchat        = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/12.56.0.44 (like Safari/8616.1.7.10.4, panda)"
	uaThreads         = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Barcelona 307.0.0.24.108 (iPhone15,3; iOS 17_1; en_US; en; scale=3.00; 1290x2796; 530906307)"
	uaCubotInstagram  = "Mozilla/5.0 (Linux; Android 9; CUBOT_X19 Build/PPR1.180610.011; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/103.0.5060.129 Mobile Safari/537.36 Instagram 245.0.0.18.108 Android (28/9; 480dpi; 1080x2160; CUBOT; CUBOT_X19; X19; mt6763; en_US; 386725392)"
	uaFacebookHit     = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
	uaFacebot         = "Facebot"
	uaMetaAgent       = "meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)"
	uaTwitterbot      = "Twitterbot/1.0"
	uaSlackbot        = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"
	uaSlackImgProxy   = "Slack-ImgProxy (+https://api.slack.com/robots)"
	uaWhatsApp        = "WhatsApp/2.23.20.0 A"
	uaDiscord         = "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)"
	uaTelegram        = "TelegramBot (like TwitterBot)"
	uaLinkedIn        = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"
	uaPinterest       = "Pinterest/0.2 (+https://www.pinterest.com/bot.html)"
	uaPinterestbot    = "Mozilla/5.0 (compatible; Pinterestbot/1.0; +http://www.pinterest.com/bot.html)"
	uaReddit          = "Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)"
	uaGooglebot       = "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.129 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
	uaBingbot         = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
	uaApplebot        = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)"
	uaYandex          = "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"
	uaBaidu           = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
	uaDuckDuck        = "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)"
	uaSkype           = "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com"
	uaEmbedly         = "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)"
	uaCurl            = "curl/8.4.0"
	uaWget            = "Wget/1.21.4"
	uaPythonRequests  = "python-requests/2.31.0"
	uaGoHTTP          = "Go-http-client/1.1"
	uaHeadless        = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36"
	uaGPTBot          = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)"
	uaGenericCrawler  = "Mozilla/5.0 (compatible; SeznamBot/4.0; +https://o-seznam.cz/napoveda/vyhledavani/en/seznambot-crawler/)"
	uaGenericPreview  = "Mozilla/5.0 (compatible; Mastodon-Preview/4.2 +https://mastodon.social)"
	uaUnknownProgram  = "MyFeedReader/3.1"
	uaSafariMacNoName = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15"
)

func TestClassifyUserAgent(t *testing.T) {
	human := func(device Device, os, inApp string) Agent {
		return Agent{Human: true, Device: device, OS: os, InApp: inApp}
	}
	tests := []struct {
		name string
		ua   string
		want Agent // Browser is checked separately: it is the parser's name
	}{
		{"iPhone Safari", uaIPhoneSafari, human(DeviceMobile, "iOS", "")},
		{"Android Chrome", uaAndroidChrome, human(DeviceMobile, "Android", "")},
		{"iPad Safari", uaIPadSafari, human(DeviceTablet, "iOS", "")},
		{"Windows Chrome", uaWindowsChrome, human(DeviceDesktop, "Windows", "")},
		{"Mac Firefox", uaMacFirefox, human(DeviceDesktop, "macOS", "")},
		{"Mac Safari", uaSafariMacNoName, human(DeviceDesktop, "macOS", "")},
		{"Instagram iOS", uaInstagramIOS, human(DeviceMobile, "iOS", "instagram")},
		{"Instagram Android", uaInstagramDroid, human(DeviceMobile, "Android", "instagram")},
		{"Instagram on a Cubot phone", uaCubotInstagram, human(DeviceMobile, "Android", "instagram")},
		{"Threads iOS", uaThreads, human(DeviceMobile, "iOS", "threads")},
		{"TikTok iOS web view", uaTikTokIOS, human(DeviceMobile, "iOS", "tiktok")},
		{"TikTok Android web view", uaTikTokDroid, human(DeviceMobile, "Android", "tiktok")},
		{"TikTok app", uaTikTokApp, human(DeviceMobile, "iOS", "tiktok")},
		{"Facebook iOS", uaFacebookIOS, human(DeviceMobile, "iOS", "facebook")},
		{"Facebook Android", uaFacebookDroid, human(DeviceMobile, "Android", "facebook")},
		{"Messenger iOS", uaMessengerIOS, human(DeviceMobile, "iOS", "messenger")},
		{"Snapchat", uaSnapchat, human(DeviceMobile, "iOS", "snapchat")},

		{"facebookexternalhit", uaFacebookHit, Agent{Bot: BotPreview, BotName: "facebookexternalhit", Device: DeviceBot}},
		{"Facebot", uaFacebot, Agent{Bot: BotPreview, BotName: "Facebot", Device: DeviceBot}},
		{"meta-externalagent", uaMetaAgent, Agent{Bot: BotCrawler, BotName: "meta-externalagent", Device: DeviceBot}},
		{"Twitterbot", uaTwitterbot, Agent{Bot: BotPreview, BotName: "Twitterbot", Device: DeviceBot}},
		{"Slackbot", uaSlackbot, Agent{Bot: BotPreview, BotName: "Slackbot", Device: DeviceBot}},
		{"Slack-ImgProxy", uaSlackImgProxy, Agent{Bot: BotPreview, BotName: "Slack-ImgProxy", Device: DeviceBot}},
		{"WhatsApp", uaWhatsApp, Agent{Bot: BotPreview, BotName: "WhatsApp", Device: DeviceBot}},
		{"Discordbot", uaDiscord, Agent{Bot: BotPreview, BotName: "Discordbot", Device: DeviceBot}},
		{"TelegramBot", uaTelegram, Agent{Bot: BotPreview, BotName: "TelegramBot", Device: DeviceBot}},
		{"LinkedInBot", uaLinkedIn, Agent{Bot: BotPreview, BotName: "LinkedInBot", Device: DeviceBot}},
		{"Pinterest", uaPinterest, Agent{Bot: BotCrawler, BotName: "Pinterestbot", Device: DeviceBot}},
		{"Pinterestbot", uaPinterestbot, Agent{Bot: BotCrawler, BotName: "Pinterestbot", Device: DeviceBot}},
		{"redditbot", uaReddit, Agent{Bot: BotPreview, BotName: "redditbot", Device: DeviceBot}},
		{"Googlebot smartphone", uaGooglebot, Agent{Bot: BotCrawler, BotName: "Googlebot", Device: DeviceBot}},
		{"bingbot", uaBingbot, Agent{Bot: BotCrawler, BotName: "bingbot", Device: DeviceBot}},
		{"Applebot", uaApplebot, Agent{Bot: BotCrawler, BotName: "Applebot", Device: DeviceBot}},
		{"YandexBot", uaYandex, Agent{Bot: BotCrawler, BotName: "YandexBot", Device: DeviceBot}},
		{"Baiduspider", uaBaidu, Agent{Bot: BotCrawler, BotName: "Baiduspider", Device: DeviceBot}},
		{"DuckDuckBot", uaDuckDuck, Agent{Bot: BotCrawler, BotName: "DuckDuckBot", Device: DeviceBot}},
		{"SkypeUriPreview", uaSkype, Agent{Bot: BotPreview, BotName: "SkypeUriPreview", Device: DeviceBot}},
		{"Embedly", uaEmbedly, Agent{Bot: BotPreview, BotName: "Embedly", Device: DeviceBot}},
		{"GPTBot", uaGPTBot, Agent{Bot: BotCrawler, BotName: "GPTBot", Device: DeviceBot}},
		{"curl", uaCurl, Agent{Bot: BotTool, BotName: "curl", Device: DeviceBot}},
		{"wget", uaWget, Agent{Bot: BotTool, BotName: "Wget", Device: DeviceBot}},
		{"python-requests", uaPythonRequests, Agent{Bot: BotTool, BotName: "python-requests", Device: DeviceBot}},
		{"Go-http-client", uaGoHTTP, Agent{Bot: BotTool, BotName: "Go-http-client", Device: DeviceBot}},
		{"HeadlessChrome", uaHeadless, Agent{Bot: BotHeadless, BotName: "HeadlessChrome", Device: DeviceBot, OS: "Linux"}},
		{"generic crawler token", uaGenericCrawler, Agent{Bot: BotOther, BotName: "SeznamBot", Device: DeviceBot}},
		{"generic preview token", uaGenericPreview, Agent{Bot: BotOther, BotName: "Mastodon-Preview", Device: DeviceBot}},
		{"unknown program", uaUnknownProgram, Agent{Bot: BotOther, BotName: "MyFeedReader", Device: DeviceBot}},
		{"empty", "", Agent{Bot: BotOther, BotName: "empty", Device: DeviceBot}},
		{"blank", "   ", Agent{Bot: BotOther, BotName: "empty", Device: DeviceBot}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ClassifyUserAgent(tt.ua)
			if got.Human && got.Browser == "" && tt.ua != uaTikTokApp {
				t.Errorf("human agent with no browser name: %+v", got)
			}
			got.Browser = ""
			if got != tt.want {
				t.Errorf("ClassifyUserAgent(%q)\n got %+v\nwant %+v", tt.ua, got, tt.want)
			}
		})
	}
}

func TestBotName(t *testing.T) {
	tests := []struct{ ua, want string }{
		{"Foo/1.2 (bar)", "Foo"},
		{"Mozilla/5.0 (compatible; FooBot/1.0; +http://x)", "FooBot"},
		{"Mozilla/5.0", "Mozilla"},
		{"Mozilla/5.0 (compatible)", "Mozilla"},
		{"Plain", "Plain"},
	}
	for _, tt := range tests {
		if got := botName(tt.ua); got != tt.want {
			t.Errorf("botName(%q) = %q, want %q", tt.ua, got, tt.want)
		}
	}
}

func TestClassifierCachesAndMatches(t *testing.T) {
	c := NewClassifier(100)
	for _, ua := range []string{uaInstagramIOS, uaFacebookHit, uaCurl, uaInstagramIOS, strings.Repeat("x", maxCachedUALen+1)} {
		if got, want := c.Classify(ua), ClassifyUserAgent(ua); got != want {
			t.Errorf("Classify(%.40q) = %+v, want %+v", ua, got, want)
		}
	}
	// Three distinct short agents cached; the over-long one is not.
	if n := c.Len(); n != 3 {
		t.Errorf("Len = %d, want 3", n)
	}
}

// TestClassifierBounded feeds 10,000 distinct agents to a cache of 100:
// each generation rotates at 50 entries, so at most 100 stay cached.
func TestClassifierBounded(t *testing.T) {
	c := NewClassifier(100)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 2500 {
				ua := fmt.Sprintf("Mozilla/5.0 (X11; Linux x86_64) Firefox/%d.%d", w, i)
				if a := c.Classify(ua); !a.Human {
					t.Errorf("Classify(%q) not human", ua)
					return
				}
			}
		})
	}
	wg.Wait()
	// Racing stores may each add one entry past the rotation point.
	if n := c.Len(); n > 100+4 {
		t.Errorf("Len = %d after 10000 distinct agents, want at most 104", n)
	}
	// A recently used agent survives rotations while it keeps being used.
	// Rotation happens at the 50th entry of a generation: Instagram plus
	// 49 others fill the first, which then becomes the previous one.
	c = NewClassifier(100)
	c.Classify(uaInstagramIOS)
	for i := range 49 {
		c.Classify(fmt.Sprintf("Mozilla/5.0 Firefox/%d", i))
	}
	if _, ok := c.old.Load().m.Load(uaInstagramIOS); !ok {
		t.Fatalf("agent not in the previous generation after one rotation")
	}
	c.Classify(uaInstagramIOS) // a hit in the previous generation is promoted: entry 1 of the new one
	for i := range 49 {        // entries 2..50: a second rotation
		c.Classify(fmt.Sprintf("Mozilla/5.0 Firefox/a%d", i))
	}
	if _, ok := c.old.Load().m.Load(uaInstagramIOS); !ok {
		t.Errorf("promoted agent dropped after the second rotation")
	}
	if _, ok := c.old.Load().m.Load("Mozilla/5.0 Firefox/0"); ok {
		t.Errorf("agent unused for two rotations still cached")
	}
	if _, ok := c.cur.Load().m.Load("Mozilla/5.0 Firefox/0"); ok {
		t.Errorf("agent unused for two rotations still cached")
	}
}

var benchAgents = []string{uaIPhoneSafari, uaInstagramIOS, uaInstagramDroid, uaTikTokIOS, uaFacebookIOS, uaFacebookHit, uaWhatsApp, uaWindowsChrome}

func BenchmarkClassifyUserAgent(b *testing.B) {
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			ClassifyUserAgent(benchAgents[i%len(benchAgents)])
			i++
		}
	})
	b.Run("warm", func(b *testing.B) {
		c := NewClassifier(1000)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c.Classify(benchAgents[i%len(benchAgents)])
			i++
		}
	})
	b.Run("warm-parallel", func(b *testing.B) {
		c := NewClassifier(1000)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				c.Classify(benchAgents[i%len(benchAgents)])
				i++
			}
		})
	})
}
