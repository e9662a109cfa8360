-- postgresql only
-- The habitd processes serving from this database, so that limits meant for the whole service
-- (the request and sign-up rate limits, kept in each process's memory) can be divided among them
-- (src/store/process_registry.hpp). Each process notes itself every few seconds; a row not
-- noted for 15 seconds is a process gone and is deleted. `seen_at` is in microseconds by the
-- database server's clock, one clock for every process whatever their hosts' clocks say.
-- SQLite serves from one process and needs no such count.
CREATE TABLE processes (
  process_id TEXT PRIMARY KEY,
  seen_at    BIGINT NOT NULL
);
