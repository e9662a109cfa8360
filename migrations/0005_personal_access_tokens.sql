-- Personal access tokens for scripts and integrations: stored only as a SHA-256 hash of the whole
-- token (256 random bits, so a fast hash is as good as a slow one), looked up by that hash.
CREATE TABLE personal_access_tokens (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  scope         TEXT NOT NULL CHECK (scope IN ('read', 'write')),
  token_hash    TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  expires_at    BIGINT,
  last_used_at  BIGINT
);
CREATE UNIQUE INDEX personal_access_tokens_hash ON personal_access_tokens (token_hash);
-- A user's tokens, listed in creation order and counted against the limit.
CREATE INDEX personal_access_tokens_user ON personal_access_tokens (user_id, created_at);
