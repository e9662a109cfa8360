-- Weekday schedules: the days a daily habit is due, a bit per day (Monday 1, Tuesday 2, ...,
-- Sunday 64); 127 is every day, what every habit so far has been.
ALTER TABLE habits ADD COLUMN weekdays INTEGER NOT NULL DEFAULT 127;

-- The changes feed. Every write takes the user's next data_version and stamps the rows it writes
-- with it (change_seq); rows written before this migration keep 0 and reach clients in their
-- first full sync. The feed reads a user's rows in (change_seq, key) order.
ALTER TABLE habits ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE habit_logs ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX habits_user_change ON habits (user_id, change_seq, id);
CREATE INDEX habit_logs_user_change ON habit_logs (user_id, change_seq, habit_id, log_date);

-- Tombstones: what a write deleted, numbered like the rows, kept for at least the retention
-- period (30 days by default) and then purged by age.
CREATE TABLE deletions (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  seq         BIGINT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('habit', 'log')),
  habit_id    TEXT NOT NULL,
  log_date    TEXT,
  deleted_at  BIGINT NOT NULL
);
CREATE INDEX deletions_user_seq ON deletions (user_id, seq, id);
CREATE INDEX deletions_deleted_at ON deletions (deleted_at);
-- The highest number of a purged tombstone: a cursor at or below it may have missed a deletion (410).
ALTER TABLE users ADD COLUMN deletions_purged_seq BIGINT NOT NULL DEFAULT -1;
