-- Users, refresh tokens, habits and their logs. Portable SQL: the same text runs on SQLite and
-- PostgreSQL. Ids are application-generated time-ordered UUIDs (text), timestamps are
-- microseconds since the Unix epoch (BIGINT), calendar dates are 'YYYY-MM-DD' text (which sorts
-- chronologically). Every table holding user data carries user_id, so it can be distributed by user.

CREATE TABLE users (
  id             TEXT PRIMARY KEY,
  email          TEXT NOT NULL,
  email_key      TEXT NOT NULL,
  username       TEXT NOT NULL,
  username_key   TEXT NOT NULL,
  password_hash  TEXT NOT NULL,
  timezone       TEXT NOT NULL DEFAULT 'UTC',
  day_start      INTEGER NOT NULL DEFAULT 0,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
-- Case-insensitive uniqueness, enforced by the database so concurrent sign-ups cannot both win.
CREATE UNIQUE INDEX users_email_key ON users (email_key);
CREATE UNIQUE INDEX users_username_key ON users (username_key);

CREATE TABLE refresh_tokens (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id   TEXT NOT NULL,
  token_hash  TEXT NOT NULL,
  expires_at  BIGINT NOT NULL,
  created_at  BIGINT NOT NULL,
  used_at     BIGINT,
  revoked_at  BIGINT
);
-- Refresh looks a token up by its hash; logout-everywhere and reuse detection go by user and family.
CREATE UNIQUE INDEX refresh_tokens_hash ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE habits (
  id                TEXT PRIMARY KEY,
  user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  description       TEXT,
  frequency         TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly')),
  start_date        TEXT NOT NULL,
  target            INTEGER,
  archived          INTEGER NOT NULL DEFAULT 0,
  times_per_period  INTEGER NOT NULL DEFAULT 1,
  goal              DOUBLE PRECISION,
  unit              TEXT,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL
);
-- Listing a user's habits filters by user and archived and orders by creation.
CREATE INDEX habits_user_archived_created ON habits (user_id, archived, created_at);

CREATE TABLE habit_logs (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  habit_id    TEXT NOT NULL REFERENCES habits (id) ON DELETE CASCADE,
  log_date    TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'skipped')),
  notes       TEXT,
  amount      DOUBLE PRECISION,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
-- One log per habit and day (the duplicate-log race is decided here: a habit belongs to one
-- user, so this is the same as unique (habit_id, log_date)); also serves a habit's logs in date
-- order for streaks and the day view. user_id leads, as the distribution key would.
CREATE UNIQUE INDEX habit_logs_user_habit_date ON habit_logs (user_id, habit_id, log_date);
-- Progress and insights count a user's logs in a date window across all habits.
CREATE INDEX habit_logs_user_date ON habit_logs (user_id, log_date);
