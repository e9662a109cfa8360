-- Fingerprints of kept answers were plain SHA-256 digests of request bodies, which may hold
-- passwords (POST /users/me/password): now they are HMACs under a server key. The old rows are
-- dropped, so no fast digest of a password stays in the database; a retry of one of them runs
-- as a new request.
DELETE FROM idempotency_keys;
