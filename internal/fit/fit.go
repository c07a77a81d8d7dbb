// Package fit measures how well a creator suits a campaign: niche fit (BM25
// over the creator's own words against the brief), audience fit (overlap
// of audience and target shares) and content clarity (signals of a clear
// hook and story in captions). Every result carries its explanation.
package fit
