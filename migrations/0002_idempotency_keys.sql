-- Idempotency-Key support: the first response to a POST is kept for 24 hours and replayed to
-- retries with the same key from the same user. A row with status NULL is still running.
CREATE TABLE idempotency_keys (
  user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  idem_key      TEXT NOT NULL,
  fingerprint   TEXT NOT NULL,
  status        INTEGER,
  content_type  TEXT,
  body          TEXT,
  location      TEXT,
  created_at    BIGINT NOT NULL,
  PRIMARY KEY (user_id, idem_key)
);
-- Expired keys are purged by age.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
