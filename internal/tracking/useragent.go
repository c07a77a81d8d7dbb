package tracking

import (
	"strings"

	"github.com/mileusna/useragent"
)

// BotKind says what sort of software a non-human visitor is.
type BotKind string

// Bot kinds. Previews matter most for micro-influencer links: every share
// to WhatsApp, Slack, Discord or iMessage fetches the link once per chat,
// and counting those as clicks inflates a creator's numbers.
const (
	NotBot      BotKind = ""
	BotPreview  BotKind = "preview"  // link-preview fetchers of chat and social apps
	BotCrawler  BotKind = "crawler"  // search engines, AI and SEO crawlers
	BotTool     BotKind = "tool"     // HTTP libraries and command-line tools
	BotHeadless BotKind = "headless" // automated browsers
	BotOther    BotKind = "other"    // generic bot tokens, empty or unidentifiable agents
)

// Device is the visitor's form factor.
type Device string

// Devices.
const (
	DeviceMobile  Device = "mobile"
	DeviceTablet  Device = "tablet"
	DeviceDesktop Device = "desktop"
	DeviceBot     Device = "bot"
)

// Agent is what a User-Agent header says about a visitor.
type Agent struct {
	Human   bool
	Bot     BotKind // NotBot when Human
	BotName string  // e.g. "facebookexternalhit"; "" when Human
	Device  Device
	OS      string // e.g. "iOS", "Android", "Windows"; "" when unknown
	Browser string // e.g. "Chrome", "Instagram App"; "" for bots
	InApp   string // app whose built-in browser made the request: "instagram", "tiktok", "facebook", ...; "" otherwise
}

type botToken struct {
	token string // lowercase substring of the User-Agent
	name  string
	kind  BotKind
}

// knownBots is searched in order, so more specific tokens come first.
// In-app browsers of the same companies (FBAN, Instagram, BytedanceWebview)
// carry none of these tokens.
var knownBots = []botToken{
	{"facebookexternalhit", "facebookexternalhit", BotPreview},
	{"facebookcatalog", "facebookcatalog", BotCrawler},
	{"facebot", "Facebot", BotPreview},
	{"meta-externalagent", "meta-externalagent", BotCrawler},
	{"meta-externalfetcher", "meta-externalfetcher", BotPreview},
	{"telegrambot", "TelegramBot", BotPreview}, // says "like TwitterBot"
	{"twitterbot", "Twitterbot", BotPreview},
	{"slack-imgproxy", "Slack-ImgProxy", BotPreview},
	{"slackbot", "Slackbot", BotPreview},
	{"whatsapp/", "WhatsApp", BotPreview},
	{"discordbot", "Discordbot", BotPreview},
	{"linkedinbot", "LinkedInBot", BotPreview},
	{"skypeuripreview", "SkypeUriPreview", BotPreview},
	{"embedly", "Embedly", BotPreview},
	{"iframely", "Iframely", BotPreview},
	{"redditbot", "redditbot", BotPreview},
	{"snap url preview", "Snap URL Preview", BotPreview},
	{"vkshare", "vkShare", BotPreview},
	{"bingpreview", "BingPreview", BotPreview},
	{"pinterestbot", "Pinterestbot", BotCrawler},
	{"pinterest/0.", "Pinterestbot", BotCrawler},
	{"googlebot", "Googlebot", BotCrawler},
	{"adsbot-google", "AdsBot-Google", BotCrawler},
	{"mediapartners-google", "Mediapartners-Google", BotCrawler},
	{"google-inspectiontool", "Google-InspectionTool", BotCrawler},
	{"googleother", "GoogleOther", BotCrawler},
	{"apis-google", "APIs-Google", BotCrawler},
	{"feedfetcher-google", "FeedFetcher-Google", BotCrawler},
	{"google-read-aloud", "Google-Read-Aloud", BotCrawler},
	{"bingbot", "bingbot", BotCrawler},
	{"applebot", "Applebot", BotCrawler},
	{"yandexbot", "YandexBot", BotCrawler},
	{"yandex.com/bots", "Yandex", BotCrawler},
	{"baiduspider", "Baiduspider", BotCrawler},
	{"duckduckbot", "DuckDuckBot", BotCrawler},
	{"duckduckgo-favicons-bot", "DuckDuckGo-Favicons-Bot", BotCrawler},
	{"bytespider", "Bytespider", BotCrawler},
	{"gptbot", "GPTBot", BotCrawler},
	{"chatgpt-user", "ChatGPT-User", BotCrawler},
	{"oai-searchbot", "OAI-SearchBot", BotCrawler},
	{"claudebot", "ClaudeBot", BotCrawler},
	{"claude-web", "Claude-Web", BotCrawler},
	{"anthropic-ai", "anthropic-ai", BotCrawler},
	{"perplexitybot", "PerplexityBot", BotCrawler},
	{"ccbot", "CCBot", BotCrawler},
	{"amazonbot", "Amazonbot", BotCrawler},
	{"ahrefsbot", "AhrefsBot", BotCrawler},
	{"semrushbot", "SemrushBot", BotCrawler},
	{"headlesschrome", "HeadlessChrome", BotHeadless},
	{"phantomjs", "PhantomJS", BotHeadless},
	{"lighthouse", "Lighthouse", BotHeadless},
	{"puppeteer", "Puppeteer", BotHeadless},
	{"playwright", "Playwright", BotHeadless},
	{"selenium", "Selenium", BotHeadless},
	{"curl/", "curl", BotTool},
	{"wget/", "Wget", BotTool},
	{"python-requests", "python-requests", BotTool},
	{"python-urllib", "Python-urllib", BotTool},
	{"python-httpx", "python-httpx", BotTool},
	{"aiohttp", "aiohttp", BotTool},
	{"go-http-client", "Go-http-client", BotTool},
	{"okhttp", "okhttp", BotTool},
	{"java/", "Java", BotTool},
	{"apache-httpclient", "Apache-HttpClient", BotTool},
	{"libwww-perl", "libwww-perl", BotTool},
	{"node-fetch", "node-fetch", BotTool},
	{"axios/", "axios", BotTool},
	{"undici", "undici", BotTool},
	{"postmanruntime", "PostmanRuntime", BotTool},
	{"httpie", "HTTPie", BotTool},
	{"scrapy", "Scrapy", BotTool},
	{"guzzlehttp", "GuzzleHttp", BotTool},
	{"reqwest", "reqwest", BotTool},
}

// genericBotTokens catch the long tail of crawlers that name themselves.
var genericBotTokens = []string{"bot", "crawl", "spider", "preview", "slurp", "scrape"}

// notBotTokens contain a generic token but are people: Cubot is a phone
// maker whose model names appear in Android User-Agents.
var notBotTokens = []string{"cubot"}

type inAppToken struct {
	token string // lowercase substring
	app   string
}

// inApps is searched in order: Messenger before Facebook because both
// carry FBAN, Threads' "Barcelona" before Instagram.
var inApps = []inAppToken{
	{"barcelona ", "threads"},
	{"instagram", "instagram"},
	{"fban/messenger", "messenger"},
	{"fb_iab/orca", "messenger"},
	{"fban", "facebook"},
	{"fbav", "facebook"},
	{"fb_iab", "facebook"},
	{"musical_ly", "tiktok"},
	{"bytedancewebview", "tiktok"},
	{"trill_", "tiktok"},
	{"tiktok", "tiktok"},
	{"snapchat/", "snapchat"},
	{"linkedinapp", "linkedin"},
	{"twitter for", "twitter"},
	{"twitterandroid", "twitter"},
	{"[pinterest/", "pinterest"},
	{"pinterest for", "pinterest"},
	{" line/", "line"},
	{"micromessenger", "wechat"},
}

// ClassifyUserAgent classifies a User-Agent header value. It is pure and
// costs a few microseconds; the click path uses a Classifier, which caches.
func ClassifyUserAgent(ua string) Agent {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return Agent{Bot: BotOther, BotName: "empty", Device: DeviceBot}
	}
	lower := strings.ToLower(ua)
	for _, b := range knownBots {
		if strings.Contains(lower, b.token) {
			return bot(ua, b.kind, b.name)
		}
	}
	generic := lower
	for _, t := range notBotTokens {
		if strings.Contains(generic, t) {
			generic = strings.ReplaceAll(generic, t, "")
		}
	}
	for _, t := range genericBotTokens {
		if strings.Contains(generic, t) {
			return bot(ua, BotOther, botName(ua))
		}
	}

	p := useragent.Parse(ua)
	if p.Bot {
		return bot(ua, BotOther, p.Name)
	}
	a := Agent{Human: true, OS: p.OS, Browser: p.Name}
	for _, t := range inApps {
		if strings.Contains(lower, t.token) {
			a.InApp = t.app
			break
		}
	}
	// Every browser and in-app web view since the 1990s starts with
	// "Mozilla/"; Opera's old ones with "Opera/". Anything else that named
	// no known app is a program that did not bother to say what it is.
	if a.InApp == "" && !strings.HasPrefix(lower, "mozilla/") && !strings.HasPrefix(lower, "opera/") {
		return bot(ua, BotOther, botName(ua))
	}
	switch {
	case p.Tablet:
		a.Device = DeviceTablet
	case p.Mobile:
		a.Device = DeviceMobile
	default:
		a.Device = DeviceDesktop
	}
	if a.Browser == ua {
		// The parser gives back the whole string when it knows no name.
		a.Browser = ""
	}
	return a
}

func bot(ua string, kind BotKind, name string) Agent {
	a := Agent{Bot: kind, BotName: name, Device: DeviceBot}
	if kind == BotHeadless {
		// A headless browser still reports a real OS; keep it for reports.
		a.OS = useragent.Parse(ua).OS
	}
	return a
}

// botName returns the first product token of ua ("Foo/1.2 (...)" -> "Foo"),
// or for "Mozilla/5.0 (compatible; FooBot/1.0; ...)" the first token inside
// the comment that is not "compatible".
func botName(ua string) string {
	name, _, _ := strings.Cut(ua, " ")
	name, _, _ = strings.Cut(name, "/")
	if !strings.EqualFold(name, "mozilla") {
		return name
	}
	_, comment, ok := strings.Cut(ua, "(")
	if !ok {
		return name
	}
	comment, _, _ = strings.Cut(comment, ")")
	for part := range strings.SplitSeq(comment, ";") {
		part = strings.TrimSpace(part)
		if part == "" || strings.EqualFold(part, "compatible") {
			continue
		}
		part, _, _ = strings.Cut(part, "/")
		return part
	}
	return name
}
