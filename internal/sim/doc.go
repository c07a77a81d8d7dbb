// Package sim is a deterministic simulated world of micro-influencer
// marketing, for the demo workspace, tests and benchmarks.
//
// # Determinism and scale
//
// Every entity draws from its own PCG source (math/rand/v2), seeded by
// SplitMix64 from (Config.Seed, entity kind, index): creator i is the same
// whatever Config.Creators is, and the same seed always gives the same
// world (TestSameSeedSameWorld pins a hash of everything). New builds only
// the campaigns and collaborations (a few hundred values); creators,
// follower samples, posts, comments, clicks, orders and survey answers are
// regenerated on demand and streamed as iter.Seq, so a million creators or
// ten million clicks cost the memory of one (clicks: one day of them).
// Handles are unique by construction: their name parts come from a keyed
// Feistel permutation of the creator index.
//
// Measured on a 2-vCPU Xeon (go test -bench .): a creator with its
// accounts in about 2.3 µs, 22 allocations and 1.2 KB (a million stream
// in about 2.1 s); a click in about 0.5 µs; an order in about 4 µs, most
// of it replaying the clicks behind it; the whole default world (3,000
// creators with 375k follower profiles, 52k posts, 340k comments, 27k
// clicks, 1.2k orders, 380 survey answers) in about 0.4 s.
//
// # Hidden truth
//
// What no platform reports is exported for scoring, in fields named Truth,
// True* or Kind, and left out of the JSON shapes: each account's like
// rate, fake and bot follower shares, bought followers and pod; each
// follower's and comment's label; each link's TrueCTR and TrueCVR and each
// variant's lifts; who really drove each order and survey answer.
// Playground turns a campaign into arms with known conversion rates per
// unit cost, to score a budget recommender against an even split and an
// oracle.
//
// # Parameters and their sources
//
// Published figures set the centre of each distribution; the spreads are
// judgement, chosen so that tests of detectors and optimisers are neither
// trivial nor hopeless.
//
//   - Followers of a creator's main account: log10 ~ Normal(3.9, 0.75),
//     at least 200, giving about 55% nano (<10k), 38% micro (10k-100k), 6%
//     mid, 0.6% macro and 0.3% mega (>=1M): most creators are small and the
//     tail is heavy, as in Influencer Marketing Hub and HypeAuditor tier
//     counts. Second accounts (35% of creators) have 0.4x the followers,
//     lognormal sigma 1.
//   - Like rate per real follower: the 2016 Markerly study of ~2M
//     Instagram accounts (8% under 1k, 4% at 1k-10k, 2.4% at 10k-100k,
//     1.8% at 100k-1M, 1.7% at 1M-10M), interpolated in log followers;
//     times a niche factor (0.7 finance to 1.8 pets; pets, crafts and
//     parenting are the "up to 20%" niches), a platform factor (TikTok
//     1.6, YouTube 0.6) and lognormal noise (sigma 0.45). Comments, saves
//     and shares add 2.5%, 8% and 4% of likes. Resulting median total ER
//     of main accounts: nano 5.3%, micro 2.9%, mid 2.1%, macro 1.8%, mega
//     1.8% (TestTiersAndEngagement logs them); the "micro 5-10%" often
//     quoted is this model's upper quartile to decile, and TikTok's typical
//     value. The two sources do not agree; the per-follower study is the
//     one with a method.
//   - Follower quality: fake share lognormal(median 7%, sigma 0.6), bot
//     share lognormal(2.5%, 0.7), so 10-20% of an audience is not real, as
//     audits commonly report; 12% of creators bought 30-150% of their
//     organic count in one jump within the last 120 days (FollowerHistory
//     shows it; the bought followers are fake). Fakes and bots neither see
//     nor engage.
//   - Posts: reach per real follower lognormal around 22% for images, 45%
//     for reels, 60% for TikTok videos, 35% for YouTube videos (sigma
//     0.4-0.9: virality is heavy-tailed); impressions 1.1-1.6x reach.
//     Metrics grow as 1-exp(-(t/tau)^0.8), tau 14 h on Instagram, 30 h on
//     TikTok, 3 days on YouTube; snapshots at 1 h, 6 h, 1, 3, 7, 14 and
//     30 days. Sponsored posts get 20% fewer likes; 8% of collaborations
//     forget to disclose, 15% of brief hashtags are forgotten.
//   - Comments: praise 30%, emoji-only 18%, generic 15%, questions 12%,
//     purchase intent 6% (15% on sponsored posts), complaints 4% (7%),
//     spam weight 2 + 100 x the bot share; 8% of creators are in one of 40
//     engagement pods of 12 accounts whose members comment in the first
//     minutes.
//   - Rates: about US$10 per thousand followers per post ($20 on YouTube),
//     lognormal sigma 0.4, at least $25, in the creator's currency at fixed
//     illustrative exchange rates.
//   - Campaigns: 2-3 variants (hook, offer, format) with CTR and CVR lifts
//     lognormal(1, 0.3) and (1, 0.25); a "15% off" offer lifts conversion
//     by 20%, no offer lowers it by 15%. Collaboration statuses follow a
//     fixed pipeline mix (14% prospect ... 22% live, 18% paid, 10%
//     declined), stratified so every status occurs in every campaign of 20
//     or more.
//   - Links: CTR per impression lognormal(0.8%, 0.5) (halved on TikTok's
//     bio link, 0.7x on YouTube), CVR per human click lognormal(2.5%, 0.5)
//     (e-commerce's usual 2-3%). Link-preview bots fetch 2-6 times as a post
//     goes up; crawlers 0.1 times a link a day. 12% of human clicks come
//     from a campaign-wide visitor pool, so journeys have several touches.
//     User agents: on Instagram 62% its in-app browser, on TikTok 66%.
//   - Orders: 70% within the hour of the click (lognormal, median 12
//     min), the rest over days (exponential, mean 2 days); half as many
//     again placed with the creator's code but no click; 35% of click
//     buyers also use the code; 4 organic orders a day; order values
//     lognormal around the product's AOV (about US$55, sigma 0.45); 5%
//     refunded (a fifth in part); 72% new customers. 30% of buyers answer
//     the survey; of creator-driven answers 60% name the creator (often
//     misspelt), 25% the platform.
package sim
