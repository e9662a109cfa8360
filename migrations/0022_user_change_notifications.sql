-- postgresql only
-- Announces every change of a user's row that a read depends on (its data_version, time zone,
-- day start, or the row's deletion) on the channel habitd_users, with the user's id. Every habitd
-- process listens (src/store/user_change_listener.hpp) and so may keep users' read stamps in
-- memory instead of asking PostgreSQL on each cached read. A trigger, not the writes' own SQL, so
-- that no path that changes the row, present or future, can forget to announce it. PostgreSQL
-- sends the notification when the transaction commits, and only then. SQLite has one process,
-- which reads its own row in-process: it needs none of this.
CREATE FUNCTION habitd_announce_user_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('habitd_users', OLD.id); RETURN NULL; END $$;
CREATE TRIGGER users_announce_change AFTER UPDATE OF data_version, timezone, day_start OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION habitd_announce_user_change();
