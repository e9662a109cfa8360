-- A session is one sign-in: a refresh-token family (its id is the family's), with when it began,
-- when it was last refreshed and the user agent that began it, so a person can see and end them.
CREATE TABLE sessions (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at    BIGINT NOT NULL,
  last_used_at  BIGINT NOT NULL,
  user_agent    TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
-- Sign-ins from before sessions were kept: begun when their first token was issued.
INSERT INTO sessions (id, user_id, created_at, last_used_at, user_agent)
  SELECT family_id, MIN(user_id), MIN(created_at), MAX(created_at), NULL FROM refresh_tokens GROUP BY family_id;
