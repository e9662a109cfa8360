#!/usr/bin/env bash
# deploy/habitd.service, checked without a running systemd (PID 1 here is not systemd):
#   - `systemd-analyze verify` finds nothing wrong (ExecStart pointed at a real binary);
#   - its system call filter, resolved the way systemd merges the SystemCallFilter= lines, allows
#     setpriority (the password threads' nice 10) and still denies the rest of @privileged and
#     @resources (mount, reboot, setrlimit, sched_setscheduler, ...);
#   - `systemd-analyze security --offline` rates its exposure 2.0 or lower ("OK").
#   systemd_unit_test.sh PATH/TO/habitd
# Needs systemd-analyze (Debian package systemd, scripts/packages/test.txt); never skips.
set -euo pipefail
habitd=$(realpath "${1:?usage: systemd_unit_test.sh PATH/TO/habitd}")
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
unit_file="$here/deploy/habitd.service"
fail() { echo "systemd_unit_test: FAIL: $*" >&2; exit 1; }
command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing (scripts/setup test installs systemd)"

tmp=$(mktemp -d /tmp/habitd-unit-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
sed "s#^ExecStart=/usr/local/bin/habitd#ExecStart=$habitd#" "$unit_file" >"$tmp/habitd.service"
grep -q "^ExecStart=$habitd" "$tmp/habitd.service" || fail "the unit's ExecStart is no longer /usr/local/bin/habitd"

out=$(cd "$tmp" && systemd-analyze verify ./habitd.service 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify warns: $out"
echo "systemd_unit_test: systemd-analyze verify: clean"

# One SystemCallFilter= line after another: the first decides allow-list or deny-list; in an
# allow-list, later names are added and ~names removed. @groups expand through systemd-analyze.
expand() {
  local name
  for name in "$@"; do
    if [[ $name == @* ]]; then
      # The group's members, after its own name line and comments; nested @groups recursively.
      # shellcheck disable=SC2046
      expand $(systemd-analyze syscall-filter "$name" | tail -n +2 | sed -E 's/^ +//' | grep -vE '^(#|$)')
    else
      echo "$name"
    fi
  done
}
allowed=""
first=""
while IFS= read -r line; do
  value=${line#SystemCallFilter=}
  if [[ $value == "~"* ]]; then
    [ -n "$first" ] || fail "the filter starts as a deny-list: this test expects an allow-list"
    # shellcheck disable=SC2086
    removed=$(expand ${value#\~} | sort -u)
    allowed=$(comm -23 <(sort -u <<<"$allowed") <(echo "$removed"))
  else
    first=allow
    # shellcheck disable=SC2086
    allowed=$(printf '%s\n%s\n' "$allowed" "$(expand $value)" | grep -v '^$' | sort -u)
  fi
done < <(grep -E '^SystemCallFilter=' "$tmp/habitd.service")
[ -n "$allowed" ] || fail "no SystemCallFilter= allow-list in the unit"
grep -qx setpriority <<<"$allowed" || fail "the filter denies setpriority: the password threads cannot run at nice 10"
for denied in mount umount2 reboot setuid chroot setrlimit sched_setscheduler sched_setaffinity ioprio_set; do
  grep -qx "$denied" <<<"$allowed" && fail "the filter allows $denied"
done
echo "systemd_unit_test: system call filter: setpriority allowed; @privileged and the rest of @resources denied ($(wc -l <<<"$allowed") calls allowed)"

security=$(cd "$tmp" && systemd-analyze security --offline=yes --no-pager ./habitd.service 2>&1) || true
level=$(sed -nE 's/.*Overall exposure level for habitd.service: ([0-9.]+).*/\1/p' <<<"$security")
[ -n "$level" ] || fail "systemd-analyze security gave no exposure level: $security"
awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }' || fail "exposure level $level is over 2.0:
$security"
echo "systemd_unit_test: systemd-analyze security: exposure $level (2.0 or lower)"
