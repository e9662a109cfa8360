#!/usr/bin/env bash
# deploy/nginx/habitd.conf in front of a real habitd, over real TLS.
#   nginx_proxy_test.sh PATH/TO/habitd
# Starts habitd (temp SQLite, HABITS_TRUSTED_PROXIES=127.0.0.1) and nginx with the deploy file,
# rewritten only where it must be (ports, certificate and log paths), then checks through https:
# health, sign-up and login, X-Request-Id passthrough, the client address habitd sees from
# X-Forwarded-For (and that a client cannot spoof it), an import body accepted, and a body over
# client_max_body_size refused by nginx with 413. Needs /usr/sbin/nginx, openssl and curl
# (scripts/packages/test.txt); installs nothing, never skips: a missing tool is a failure.
set -euo pipefail

habitd=${1:?usage: nginx_proxy_test.sh PATH/TO/habitd}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
deploy_conf="$here/../../deploy/nginx/habitd.conf"

fail() { echo "nginx_proxy_test: FAIL: $*" >&2; exit 1; }
[ -x "$habitd" ] || fail "habitd binary '$habitd' is not executable"
[ -x /usr/sbin/nginx ] || fail "/usr/sbin/nginx is missing (scripts/packages/test.txt: run scripts/setup test)"
command -v openssl >/dev/null || fail "openssl is missing"
command -v curl >/dev/null || fail "curl is missing"
[ -f "$deploy_conf" ] || fail "$deploy_conf not found"

tmp=$(mktemp -d /tmp/habitd-nginx-XXXXXX)
habitd_pid="" nginx_pid=""
# SIGTERM, up to 20 s to drain (HABITS_SHUTDOWN_TIMEOUT is 15), then SIGKILL.
stop() {
  local pid=$1
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local status=$?
  stop "$nginx_pid"
  stop "$habitd_pid"
  if [ "$status" -ne 0 ]; then
    for log in habitd.log nginx-error.log habitd.error.log habitd.access.log; do
      [ -s "$tmp/$log" ] && { echo "--- $log (last 20 lines)" >&2; tail -n 20 "$tmp/$log" >&2; }
    done
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# A port nobody answers on (a bind race is handled by retrying nginx below).
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# --- habitd on a free port, its JSON log lines in habitd.log ---
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(HABITS_|PORT$|DATABASE_URL$)' || true)
HABITS_PORT=0 HABITS_BIND=127.0.0.1 HABITS_DATABASE_URL="sqlite:$tmp/habits.db" HABITS_BCRYPT_COST=4 \
  HABITS_TRUSTED_PROXIES=127.0.0.1 "$habitd" >"$tmp/habitd.log" 2>&1 &
habitd_pid=$!
habitd_port=""
for _ in $(seq 100); do
  habitd_port=$(sed -n 's/.*"msg":"listening".*"port":\([0-9][0-9]*\).*/\1/p' "$tmp/habitd.log" | head -n 1)
  [ -n "$habitd_port" ] && break
  kill -0 "$habitd_pid" 2>/dev/null || fail "habitd exited during start-up"
  sleep 0.1
done
[ -n "$habitd_port" ] || fail "habitd did not log a listening port within 10 s"

# --- a self-signed certificate for 127.0.0.1 ---
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/privkey.pem" -out "$tmp/fullchain.pem" 2>"$tmp/openssl.log" \
  || { cat "$tmp/openssl.log" >&2; fail "openssl could not make a certificate"; }

# --- nginx with deploy/nginx/habitd.conf, rewritten only where this sandbox needs it ---
start_nginx() {
  tls_port=$(free_port)
  plain_port=$(free_port)
  sed -e "s#^\( *\)listen 443 ssl http2;#\1listen 127.0.0.1:$tls_port ssl http2;#" \
      -e "s#^\( *\)listen 80;#\1listen 127.0.0.1:$plain_port;#" \
      -e '/listen \[::\]/d' \
      -e "s#server 127.0.0.1:8080;#server 127.0.0.1:$habitd_port;#" \
      -e "s#/etc/ssl/habitd/#$tmp/#" \
      -e "s#/var/log/nginx/#$tmp/#" \
      "$deploy_conf" >"$tmp/habitd.conf"
  # Each rewrite must have matched: a drifted deploy file fails here instead of testing something else.
  for expected in "listen 127.0.0.1:$tls_port ssl http2;" "listen 127.0.0.1:$plain_port;" \
                  "server 127.0.0.1:$habitd_port;" "ssl_certificate     $tmp/fullchain.pem;" \
                  "ssl_certificate_key $tmp/privkey.pem;" "access_log $tmp/habitd.access.log habitd;"; do
    grep -qF -- "$expected" "$tmp/habitd.conf" || fail "deploy/nginx/habitd.conf no longer has the line the test rewrites into '$expected'"
  done
  ! grep -nE '/etc/ssl|/var/log/nginx|:8080;|listen (80|443)' "$tmp/habitd.conf" || fail "unrewritten production paths or ports left"

  local user_line=""
  # As root, nginx would switch its workers to 'nobody', who cannot enter the temp folder.
  [ "$(id -u)" -eq 0 ] && user_line="user root;"
  cat >"$tmp/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events { worker_connections 256; }
http {
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/habitd.conf;
}
EOF
  /usr/sbin/nginx -t -q -e "$tmp/nginx-error.log" -c "$tmp/nginx.conf" -p "$tmp/" || fail "nginx -t refused the configuration"
  /usr/sbin/nginx -e "$tmp/nginx-error.log" -c "$tmp/nginx.conf" -p "$tmp/" -g 'daemon off;' &
  nginx_pid=$!
  for _ in $(seq 50); do
    curl -s --max-time 5 -o /dev/null --cacert "$tmp/fullchain.pem" "https://127.0.0.1:$tls_port/healthz" && return 0
    kill -0 "$nginx_pid" 2>/dev/null || { wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""; return 1; }
    sleep 0.1
  done
  fail "nginx did not answer on 127.0.0.1:$tls_port within 5 s"
}
started=""
for _ in 1 2 3; do start_nginx && { started=yes; break; }; done
[ -n "$started" ] || fail "nginx did not start (see nginx-error.log)"

base="https://127.0.0.1:$tls_port"
# Verifies the certificate (no -k): the TLS set-up itself is under test.
https() { curl -sS --max-time 30 --cacert "$tmp/fullchain.pem" "$@"; }
header_of() { tr -d '\r' | sed -n "s/^$1: //Ip" | head -n 1; }
log_line() { grep -F "\"request_id\":\"$1\"" "$tmp/habitd.log" | head -n 1; }

# 1. Health through TLS; X-Request-Id passes through both ways.
code=$(https -o /dev/null -w '%{http_code}' "$base/healthz")
[ "$code" = 200 ] || fail "GET /healthz through nginx: $code, expected 200"
rid=$(https -o /dev/null -D - -H 'X-Request-Id: nginx-test-1' "$base/healthz" | header_of x-request-id)
[ "$rid" = nginx-test-1 ] || fail "X-Request-Id not passed through: got '$rid'"
[ -n "$(log_line nginx-test-1)" ] || fail "habitd did not log the request id nginx passed"
rid=$(https -o /dev/null -D - "$base/healthz" | header_of x-request-id)
[[ "$rid" =~ ^[0-9a-f]{32}$ ]] || fail "without a client id, nginx's \$request_id should reach habitd: got '$rid'"
grep -qF "rid=$rid" "$tmp/habitd.access.log" || fail "nginx's access log lacks the request id habitd answered with"
code=$(https -o /dev/null -w '%{http_code}' --tlsv1.2 --tls-max 1.2 "$base/healthz")
[ "$code" = 200 ] || fail "TLS 1.2 client refused: $code"
code=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$plain_port/healthz")
[ "$code" = 301 ] || fail "plain http should redirect to https: $code"
code=$(https -o /dev/null -w '%{http_code}' "$base/metrics")
[ "$code" = 404 ] || fail "/metrics must not be reachable through the proxy: $code"

# 2. Sign-up and login through the proxy. The login carries a forged X-Forwarded-For: nginx appends
#    its peer (127.0.0.1, trusted by habitd), habitd skips it and reports the hop before it.
json='Content-Type: application/json'
code=$(https -o "$tmp/register.json" -w '%{http_code}' -X POST "$base/api/v1/auth/register" -H "$json" \
  -d '{"email":"proxy@example.com","username":"proxy","password":"correct horse battery","timezone":"UTC"}')
[ "$code" = 201 ] || fail "register through nginx: $code $(cat "$tmp/register.json")"
code=$(https -o "$tmp/login.json" -w '%{http_code}' -X POST "$base/api/v1/auth/login" -H "$json" \
  -H 'X-Forwarded-For: 203.0.113.7' -H 'X-Request-Id: xff-trusted' \
  -d '{"login":"proxy","password":"correct horse battery"}')
[ "$code" = 200 ] || fail "login through nginx: $code $(cat "$tmp/login.json")"
token=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' "$tmp/login.json")
[ -n "$token" ] || fail "login answer has no access_token"
line=$(log_line xff-trusted)
[[ "$line" == *'"client":"203.0.113.7"'* ]] || fail "habitd should see client 203.0.113.7 via X-Forwarded-For; logged: $line"

# 3. The same forged header from a client that is not a trusted proxy (source 127.0.0.2): nginx
#    appends 127.0.0.2, habitd stops at that untrusted hop. The header cannot choose the address.
code=$(https -o /dev/null -w '%{http_code}' --interface 127.0.0.2 -H 'X-Forwarded-For: 203.0.113.7' \
  -H 'X-Request-Id: xff-spoof' "$base/healthz")
[ "$code" = 200 ] || fail "request from 127.0.0.2: $code"
line=$(log_line xff-spoof)
[[ "$line" == *'"client":"127.0.0.2"'* ]] || fail "a spoofed X-Forwarded-For must not win; habitd logged: $line"

# 4. Bodies: a 2 MiB import passes nginx (buffered to its temp folder) and habitd takes it;
#    12 MiB is over client_max_body_size and nginx answers 413 without bothering habitd.
auth="Authorization: Bearer $token"
https -o "$tmp/export.json" "$base/api/v1/export" -H "$auth"
{ cat "$tmp/export.json"; head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' ' '; } >"$tmp/import.json"
code=$(https -o "$tmp/import-answer.json" -w '%{http_code}' -X POST "$base/api/v1/import" -H "$auth" -H "$json" \
  -H 'Expect:' --data-binary @"$tmp/import.json")
[ "$code" = 201 ] || fail "2 MiB import through nginx: $code $(head -c 300 "$tmp/import-answer.json")"
imports_before=$(grep -c '"route":"/api/v1/import"' "$tmp/habitd.log" || true)
{ printf '{"habits":[],"padding":"'; head -c $((12 * 1024 * 1024)) /dev/zero | tr '\0' a; printf '"}'; } >"$tmp/big.json"
code=$(https -o "$tmp/big-answer.html" -w '%{http_code}' -X POST "$base/api/v1/import" -H "$auth" -H "$json" \
  -H 'Expect:' --data-binary @"$tmp/big.json" || true)
[ "$code" = 413 ] || fail "12 MiB body: $code, expected 413 from nginx"
grep -qi nginx "$tmp/big-answer.html" || fail "the 413 should be nginx's own page: $(head -c 300 "$tmp/big-answer.html")"
imports_after=$(grep -c '"route":"/api/v1/import"' "$tmp/habitd.log" || true)
[ "$imports_before" = "$imports_after" ] || fail "the oversized body reached habitd"

echo "nginx_proxy_test: 1 passed, 0 failed (TLS, request id, X-Forwarded-For trusted and spoofed, 2 MiB import, 413 over 11m)"
