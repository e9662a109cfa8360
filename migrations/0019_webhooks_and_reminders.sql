-- Reminders: a habit's local reminder times, "HH:MM" joined by commas ('' for none).
ALTER TABLE habits ADD COLUMN reminders TEXT NOT NULL DEFAULT '';

-- Webhooks of a user. events: ",habit.created,log.created," (a LIKE finds the subscribers).
-- failing_since: the first failed delivery after the last successful one (three days of it
-- disables the webhook).
CREATE TABLE webhooks (
  id             TEXT PRIMARY KEY,
  user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  url            TEXT NOT NULL,
  events         TEXT NOT NULL,
  secret         TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  disabled       INTEGER NOT NULL DEFAULT 0,
  failing_since  BIGINT
);
CREATE INDEX webhooks_user ON webhooks (user_id, created_at);

-- The outbox: one row per event and subscribed webhook, written in the transaction of the change
-- that caused the event. The dispatcher claims due rows with a lease (lease_until, lease_token),
-- so two processes never deliver one at the same time; a crashed claim is retried once its lease
-- runs out. state: pending, delivered or failed (given up).
CREATE TABLE webhook_deliveries (
  event_id         TEXT NOT NULL,
  webhook_id       TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  type             TEXT NOT NULL,
  body             TEXT NOT NULL,
  recorded_at      BIGINT NOT NULL,
  state            TEXT NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  BIGINT NOT NULL,
  lease_until      BIGINT,
  lease_token      TEXT,
  finished_at      BIGINT,
  PRIMARY KEY (event_id, webhook_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at);

-- Every attempt, for GET /webhooks/{id}/deliveries; purged by age.
CREATE TABLE webhook_attempts (
  id           TEXT PRIMARY KEY,
  webhook_id   TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id     TEXT NOT NULL,
  type         TEXT NOT NULL,
  attempt      INTEGER NOT NULL,
  status_code  INTEGER,
  error        TEXT,
  outcome      TEXT NOT NULL,
  at           BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_webhook ON webhook_attempts (webhook_id, at);
CREATE INDEX webhook_attempts_at ON webhook_attempts (at);

-- A reminder fires once per habit, day and time however many servers run: the first to insert
-- the row fires it.
CREATE TABLE reminders_fired (
  habit_id   TEXT NOT NULL REFERENCES habits (id) ON DELETE CASCADE,
  day        TEXT NOT NULL,
  time       TEXT NOT NULL,
  fired_at   BIGINT NOT NULL,
  PRIMARY KEY (habit_id, day, time)
);
CREATE INDEX reminders_fired_at ON reminders_fired (fired_at);
