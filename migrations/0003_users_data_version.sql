-- Every write to a user's habits, logs or day settings increments data_version in the same
-- transaction. A response computed at version v stays right while the version is still v, on
-- every replica: that is what lets src/api/v1/read_cache reuse it without serving stale data.
ALTER TABLE users ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0;
