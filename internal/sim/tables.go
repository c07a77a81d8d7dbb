package sim

// Lookup tables. They are read-only after compilation; nothing writes to them.

// firstNames has 64 entries, none a prefix of another, so handles built from
// them cannot collide across names (see handle).
var firstNames = []string{
	"maya", "liam", "aisha", "noah", "sofia", "mateo", "emma", "lucas",
	"zoe", "ethan", "priya", "omar", "chloe", "diego", "hana", "felix",
	"amara", "leo", "isla", "kai", "nina", "jonas", "lena", "rafael",
	"yuki", "tariq", "elena", "marco", "freya", "ravi", "clara", "hugo",
	"ines", "theo", "layla", "sven", "rosa", "idris", "mila", "arjun",
	"greta", "pablo", "ayla", "bruno", "daria", "emil", "fatima", "gabe",
	"helga", "ivan", "jade", "kofi", "luz", "mona", "nora", "oscar",
	"paula", "quinn", "rhea", "sami", "tessa", "umar", "vera", "wren",
}

var lastNames = []string{
	"garcia", "smith", "mueller", "rossi", "silva", "nguyen", "kim", "patel",
	"johnson", "martin", "dubois", "santos", "kowalski", "jansen", "costa", "larsen",
	"okafor", "haddad", "tanaka", "fischer", "moreau", "bianchi", "lopez", "novak",
	"walsh", "brennan", "ibrahim", "singh", "berg", "alves", "wagner", "romero",
}

// A niche carries what differs between creator topics: words for handles
// and captions, hashtags, the audience it draws and how engaged it is.
type niche struct {
	name     string
	words    []string // handle words; none collides with a last name
	hashtags []string
	topics   []string // caption fragments
	// erBoost multiplies the like rate: pets, crafts and parenting are the
	// niches reported "up to 20%" for small accounts.
	erBoost   float64
	female    float64    // share of female audience, median
	age       [6]float64 // audience age-band weights, median
	platforms [3]float64 // weights for instagram, tiktok, youtube as main platform
}

var niches = []niche{
	{"fitness", []string{"fit", "lifts", "moves", "strong"}, []string{"#fitness", "#gymlife", "#workout", "#fitfam"}, []string{"leg day", "my morning routine", "10 minute core", "protein snacks"}, 1.0, 0.55, [6]float64{4, 30, 38, 17, 8, 3}, [3]float64{55, 35, 10}},
	{"beauty", []string{"glow", "beauty", "makeup", "skin"}, []string{"#skincare", "#makeup", "#glowup", "#beautytips"}, []string{"my skincare routine", "everyday makeup", "dewy skin", "5 products I love"}, 1.1, 0.86, [6]float64{8, 38, 32, 13, 6, 3}, [3]float64{55, 35, 10}},
	{"fashion", []string{"style", "wears", "outfits", "closet"}, []string{"#ootd", "#fashion", "#styleinspo", "#outfit"}, []string{"fall outfits", "capsule wardrobe", "what I wore", "thrift haul"}, 1.0, 0.78, [6]float64{6, 40, 33, 12, 6, 3}, [3]float64{65, 30, 5}},
	{"food", []string{"eats", "kitchen", "bakes", "cooks"}, []string{"#foodie", "#recipe", "#homecooking", "#easyrecipes"}, []string{"15 minute dinner", "sourdough day", "meal prep", "one pan pasta"}, 1.2, 0.62, [6]float64{3, 25, 34, 20, 12, 6}, [3]float64{50, 30, 20}},
	{"travel", []string{"travels", "wanders", "abroad", "roams"}, []string{"#travel", "#wanderlust", "#travelgram", "#roadtrip"}, []string{"hidden beaches", "packing light", "48 hours in lisbon", "train trip"}, 0.9, 0.58, [6]float64{2, 28, 36, 19, 10, 5}, [3]float64{60, 20, 20}},
	{"parenting", []string{"mama", "family", "littles", "parents"}, []string{"#momlife", "#parenting", "#toddlerlife", "#familytime"}, []string{"bedtime routine", "toddler snacks", "nap schedule", "school mornings"}, 1.5, 0.82, [6]float64{1, 14, 48, 27, 7, 3}, [3]float64{60, 30, 10}},
	{"tech", []string{"tech", "gadgets", "codes", "setup"}, []string{"#tech", "#gadgets", "#desksetup", "#unboxing"}, []string{"desk setup", "unboxing", "battery test", "best budget phone"}, 0.8, 0.22, [6]float64{7, 36, 33, 14, 7, 3}, [3]float64{25, 30, 45}},
	{"gaming", []string{"plays", "gamer", "games", "pixel"}, []string{"#gaming", "#gamer", "#twitch", "#indiegames"}, []string{"speedrun", "cozy games", "ranked grind", "controller review"}, 1.0, 0.30, [6]float64{18, 42, 26, 9, 4, 1}, [3]float64{15, 40, 45}},
	{"pets", []string{"pup", "paws", "kitty", "doggo"}, []string{"#dogsofinstagram", "#catsofinstagram", "#petlife", "#puppy"}, []string{"walk time", "new toy test", "zoomies", "grooming day"}, 1.8, 0.70, [6]float64{6, 28, 32, 18, 10, 6}, [3]float64{55, 40, 5}},
	{"home", []string{"home", "nest", "decor", "cozy"}, []string{"#homedecor", "#interiordesign", "#homeinspo", "#diyhome"}, []string{"shelf styling", "rental makeover", "small space", "plant corner"}, 1.1, 0.76, [6]float64{2, 20, 38, 22, 12, 6}, [3]float64{65, 25, 10}},
	{"wellness", []string{"calm", "mindful", "wellness", "breathes"}, []string{"#wellness", "#selfcare", "#mindfulness", "#yoga"}, []string{"evening wind down", "journal prompts", "yoga flow", "gut health"}, 1.2, 0.80, [6]float64{3, 27, 36, 19, 10, 5}, [3]float64{55, 30, 15}},
	{"finance", []string{"money", "budgets", "invests", "saves"}, []string{"#personalfinance", "#budgeting", "#investing", "#moneytips"}, []string{"no spend month", "budget with me", "index funds", "side hustle"}, 0.7, 0.45, [6]float64{2, 30, 38, 18, 9, 3}, [3]float64{35, 35, 30}},
	{"outdoors", []string{"trails", "hikes", "climbs", "outside"}, []string{"#hiking", "#outdoors", "#camping", "#naturelovers"}, []string{"sunrise hike", "gear check", "wild camping", "trail snacks"}, 1.0, 0.48, [6]float64{2, 26, 36, 20, 11, 5}, [3]float64{50, 20, 30}},
	{"crafts", []string{"makes", "crafts", "stitches", "creates"}, []string{"#diy", "#crafts", "#handmade", "#knitting"}, []string{"knit with me", "clay earrings", "upcycled jar", "embroidery basics"}, 1.7, 0.84, [6]float64{4, 22, 30, 20, 15, 9}, [3]float64{55, 30, 15}},
}

// AgeBands names the audience age bands, in the order of Audience.Age.
var AgeBands = [6]string{"13-17", "18-24", "25-34", "35-44", "45-54", "55+"}

type country struct {
	code     string
	currency string
	weight   float64
	// perUSD is the rough number of minor units of the currency worth one US
	// cent, in hundredths (so EUR 92 means 0.92). Illustrative, not live.
	perUSD int64
}

var countries = []country{
	{"US", "USD", 34, 100}, {"GB", "GBP", 9, 79}, {"DE", "EUR", 8, 92}, {"FR", "EUR", 7, 92},
	{"ES", "EUR", 5, 92}, {"IT", "EUR", 5, 92}, {"BR", "BRL", 7, 540}, {"CA", "CAD", 5, 137},
	{"AU", "AUD", 4, 152}, {"NL", "EUR", 3, 92}, {"IN", "INR", 7, 8300}, {"MX", "MXN", 6, 1700},
}

var countryWeights = func() []float64 {
	ws := make([]float64, len(countries))
	for i, c := range countries {
		ws[i] = c.weight
	}
	return ws
}()

// emailDomains are reserved for examples (RFC 2606) so a demo that sends
// outreach mail can never reach a real person.
var emailDomains = []string{"example.com", "example.net", "example.org"}
