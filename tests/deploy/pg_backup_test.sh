#!/usr/bin/env bash
# The PostgreSQL backup recipes of docs/DEPLOY.md, run against a real habitd on a cluster of this
# test's own (scripts/pg-test-cluster), each restore checked through the API:
#   1. pg_dump -Fc, then pg_restore into a new database: every habit written before the dump is there.
#   2. A base backup (pg_basebackup) with WAL archiving (archive_mode, archive_command), then more
#      writes, then a restore of the base backup that replays the archived WAL (restore_command,
#      recovery.signal) into a new cluster: the writes made after the base backup are there too.
#   pg_backup_test.sh PATH/TO/habitd
# Needs the PostgreSQL server and client programs and curl (scripts/packages/test.txt); never skips.
set -euo pipefail
habitd=$(realpath "${1:?usage: pg_backup_test.sh PATH/TO/habitd}")
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fail() { echo "pg_backup_test: FAIL: $*" >&2; exit 1; }
command -v curl >/dev/null || fail "curl is missing"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/pg_basebackup" ] || fail "PostgreSQL programs not found (scripts/setup test)"
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d /tmp/habitd-pgbackup-XXXXXX)
chmod 755 "$work"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$work"  # pg_dump and the restored cluster write here
habitd_pid="" restored_dir=""
# Every step ends in `|| true`: under set -e, one failing step (wait returns the killed habitd's
# status) ended the cleanup there and left the cluster running.
cleanup() {
  if [ -n "$habitd_pid" ]; then kill "$habitd_pid" 2>/dev/null || true; wait "$habitd_pid" 2>/dev/null || true; fi
  if [ -n "$restored_dir" ]; then as_owner "$pgbin/pg_ctl" -D "$restored_dir" -m immediate -w stop >/dev/null 2>&1 || true; fi
  "$here/scripts/pg-test-cluster" stop "$work/pg.url" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"$here/scripts/pg-test-cluster" start "$work/pg.url" >/dev/null
url=$(cat "$work/pg.url")
dir=$(cat "$work/pg.url.dir")
port=$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$url")
psql_as_postgres() { as_owner "$pgbin/psql" -h "$dir" -p "${PSQL_PORT:-$port}" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

# WAL archiving needs a restart: the cluster is this test's own.
mkdir -p "$work/archive"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$work/archive"
psql_as_postgres -d postgres -c "ALTER SYSTEM SET archive_mode = on" \
  -c "ALTER SYSTEM SET archive_command = 'test ! -f $work/archive/%f && cp %p $work/archive/%f'"
"$here/scripts/pg-test-cluster" down "$work/pg.url"
"$here/scripts/pg-test-cluster" up "$work/pg.url"

# habitd on a database URL: start, wait for its port, register once, create habits.
start_habitd() {
  # The log exists before the loop below reads it: the background job opens it only when it runs,
  # and a sed of a missing file failed the script under set -e (once, on a busy machine).
  : >"$work/habitd.log"
  HABITS_DATABASE_URL=$1 HABITS_PORT=0 HABITS_BIND=127.0.0.1 HABITS_JWT_SECRET=pg-backup-test-secret-pg-backup-test-0123456 \
    HABITS_BCRYPT_COST=4 "$habitd" >"$work/habitd.log" 2>&1 &
  habitd_pid=$!
  for _ in $(seq 300); do
    api_port=$(sed -nE 's/.*"msg":"listening".*"port":([0-9]+).*/\1/p' "$work/habitd.log" | head -n 1)
    [ -n "$api_port" ] && return 0
    kill -0 "$habitd_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/habitd.log" >&2
  fail "habitd did not start on $1"
}
stop_habitd() { kill "$habitd_pid"; wait "$habitd_pid" || true; habitd_pid=""; }
api() { curl -sS -o "$work/body" -w '%{http_code}' -H 'Content-Type: application/json' "$@"; }
token() {
  [ "$(api -X POST "http://127.0.0.1:$api_port/api/v1/auth/login" -d '{"login":"backup_user","password":"correct horse battery"}')" = 200 ] ||
    fail "login: $(cat "$work/body")"
  sed -nE 's/.*"access_token":"([^"]+)".*/\1/p' "$work/body"
}
create_habits() {  # PREFIX COUNT
  local auth="Authorization: Bearer $(token)"
  for n in $(seq "$2"); do
    [ "$(api -X POST "http://127.0.0.1:$api_port/api/v1/habits" -H "$auth" -d "{\"name\":\"$1$n\",\"frequency\":\"daily\"}")" = 201 ] ||
      fail "create habit: $(cat "$work/body")"
  done
}
habit_count() {  # PREFIX
  [ "$(api "http://127.0.0.1:$api_port/api/v1/habits?limit=200" -H "Authorization: Bearer $(token)")" = 200 ] ||
    fail "list habits: $(cat "$work/body")"
  grep -o "\"name\":\"$1[0-9]*\"" "$work/body" | wc -l
}

start_habitd "$url"
[ "$(api -X POST "http://127.0.0.1:$api_port/api/v1/auth/register" \
  -d '{"email":"backup@example.com","username":"backup_user","password":"correct horse battery"}')" = 201 ] || fail "register: $(cat "$work/body")"
create_habits before_ 20

# 1. pg_dump, restored with pg_restore into a new database.
as_owner "$pgbin/pg_dump" -h "$dir" -p "$port" -U postgres -Fc -d habitd -f "$work/habitd.dump"
psql_as_postgres -d postgres -c "CREATE DATABASE habitd_restored OWNER habitd"
as_owner "$pgbin/pg_restore" -h "$dir" -p "$port" -U postgres -d habitd_restored --no-owner --role=habitd "$work/habitd.dump"
stop_habitd
start_habitd "${url%/habitd}/habitd_restored"
[ "$(habit_count before_)" = 20 ] || fail "pg_restore: $(habit_count before_) of 20 habits"
echo "pg_backup_test: pg_dump -Fc + pg_restore: all 20 habits written before the dump are in the restored database"
stop_habitd

# 2. A base backup, more writes, then the base backup plus the archived WAL.
as_owner "$pgbin/pg_basebackup" -h "$dir" -p "$port" -U postgres -D "$work/base" -Fp -X stream -c fast
start_habitd "$url"
create_habits after_ 10
stop_habitd
# Close the current WAL segment and wait until the archiver has copied it.
segment=$(psql_as_postgres -d postgres -c "SELECT pg_walfile_name(pg_switch_wal())")
for _ in $(seq 300); do
  [ -f "$work/archive/$segment" ] && break
  sleep 0.1
done
[ -f "$work/archive/$segment" ] || fail "WAL segment $segment was not archived"
"$here/scripts/pg-test-cluster" down "$work/pg.url"  # the original is gone: only the backups remain

restored_dir="$work/restored"
cp -a "$work/base" "$restored_dir"
{
  echo "restore_command = 'cp $work/archive/%f %p'"
  echo "archive_mode = off"
} >>"$restored_dir/postgresql.auto.conf"
touch "$restored_dir/recovery.signal"
[ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$restored_dir"
restored_port=$((port + 1))
as_owner "$pgbin/pg_ctl" -D "$restored_dir" -l "$work/restored.log" -w -t 120 \
  -o "-c listen_addresses=127.0.0.1 -p $restored_port -c unix_socket_directories=$dir -c max_connections=200" start >/dev/null ||
  { cat "$work/restored.log" >&2; fail "the restored cluster did not start"; }
start_habitd "postgresql://habitd:habitd@127.0.0.1:$restored_port/habitd"
before=$(habit_count before_)
after=$(habit_count after_)
[ "$before" = 20 ] && [ "$after" = 10 ] ||
  fail "base backup + WAL: $before of 20 habits from before it, $after of 10 from after it ($(grep -c 'restored log file' "$work/restored.log") WAL files replayed)"
echo "pg_backup_test: pg_basebackup + archived WAL: all 20 habits from before the base backup and all 10 written after it restored"
