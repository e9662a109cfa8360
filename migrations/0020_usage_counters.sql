-- How many habits and logs each user has, kept by the writes that add and remove them, so that
-- the per-user quotas are checked by reading one row instead of counting every log the user has
-- on every write (a count that grew with the history: POST of a log at 0.72x).
ALTER TABLE users ADD COLUMN habit_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN log_count BIGINT NOT NULL DEFAULT 0;
UPDATE users SET
  habit_count = (SELECT COUNT(*) FROM habits WHERE habits.user_id = users.id),
  log_count = (SELECT COUNT(*) FROM habit_logs WHERE habit_logs.user_id = users.id);
