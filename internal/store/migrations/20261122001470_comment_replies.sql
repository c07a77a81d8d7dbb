-- +goose Up
-- Whether the account's owner answered a comment, as the platform showed it
-- at the last sync. NULL is unknown (a file import, or a platform whose API
-- does not name who replied), not "no reply". reply_delay_s is the time from
-- the comment to the owner's first reply, in seconds.
ALTER TABLE comments ADD COLUMN owner_replied BOOLEAN;
ALTER TABLE comments ADD COLUMN reply_delay_s BIGINT;
-- Reply rates read only comments with a known status: most comments (file
-- imports, TikTok, the demo) have none, and the index leaves them out.
CREATE INDEX comments_replied ON comments(post_id) WHERE owner_replied IS NOT NULL;

-- +goose Down
DROP INDEX comments_replied;
ALTER TABLE comments DROP COLUMN reply_delay_s;
ALTER TABLE comments DROP COLUMN owner_replied;
