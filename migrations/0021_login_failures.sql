-- Failed password checks, per account ('a:' and its id or the login as typed) and per client
-- address ('i:' and the address), so that every habitd process on one PostgreSQL counts against
-- the same budget (with the counts in each process's memory, N processes gave N times the budget).
-- A row lives as long as HABITS_LOGIN_FAILURE_WINDOW; SQLite's single process keeps them in memory.
CREATE TABLE login_failures (
  failure_key TEXT NOT NULL,
  failed_at   BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (failure_key, failed_at);
CREATE INDEX login_failures_at ON login_failures (failed_at);
