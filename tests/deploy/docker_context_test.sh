#!/usr/bin/env bash
# The container image's build stage, without a container engine: copies exactly the paths that
# deploy/Dockerfile's build stage COPYs into an empty folder, then runs that stage's build there
# (the default preset, target habitd) and the binary it makes. A COPY line that misses a file the
# build reads fails here, as it would in `docker build`.
#   docker_context_test.sh WORK_DIR
# WORK_DIR is emptied and filled again at each run; its compilations hit ccache's entries of the
# previous run, wherever the checkout is (CCACHE_BASEDIR).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work=$(realpath -m "${1:?usage: docker_context_test.sh WORK_DIR}")
dockerfile="$here/deploy/Dockerfile"
fail() { echo "docker_context_test: FAIL: $*" >&2; exit 1; }

# The build stage: from its FROM line to the next FROM.
stage=$(awk '/^FROM /{n++} n==1' "$dockerfile")
[ -n "$stage" ] || fail "no build stage in $dockerfile"
grep -q '^COPY --from' <<<"$stage" && fail "the build stage copies from another stage"

rm -rf "$work/context" "$work/build"  # a fresh build, as docker build makes; ccache keeps it quick
mkdir -p "$work/context"
copies=0
while read -r _ args; do
  # COPY SRC... DEST, relative to WORKDIR /src; a DEST ending in / is a folder.
  read -r -a words <<<"$args"
  dest=${words[-1]}
  unset 'words[-1]'
  for src in "${words[@]}"; do
    [ -e "$here/$src" ] || fail "COPY $src: no such path in the repository"
    if [ -d "$here/$src" ]; then
      mkdir -p "$work/context/$dest"
      cp -R "$here/${src%/}/." "$work/context/$dest"
    elif [[ $dest == */ || $dest == . || $dest == ./ ]]; then
      mkdir -p "$work/context/$dest"
      cp -R "$here/$src" "$work/context/$dest"
    else
      mkdir -p "$(dirname "$work/context/$dest")"
      cp -R "$here/$src" "$work/context/$dest"
    fi
    copies=$((copies + 1))
  done
done < <(grep -E '^COPY ' <<<"$stage")
[ "$copies" -gt 0 ] || fail "the build stage has no COPY lines"
echo "docker_context_test: $copies paths copied into $work/context"

# The stage's build commands, as its RUN line gives them (the package step is scripts/setup build,
# checked by the test machine's own set-up). The binary folder lives outside the context, as the
# build/ of a fresh `docker build` would, so repeated runs keep ccache warm.
grep -q 'cmake --preset default' <<<"$stage" || fail "the build stage no longer runs cmake --preset default"
grep -q -- '--target habitd' <<<"$stage" || fail "the build stage no longer builds the habitd target"
cd "$work/context"
# Paths below WORK_DIR reach ccache relative, so another checkout's run (CI's) hits the same entries.
export CCACHE_BASEDIR="$work"
cmake --preset default -B "$work/build" >"$work/configure.log" 2>&1 || { cat "$work/configure.log" >&2; fail "cmake --preset default failed in the build context"; }
cmake --build "$work/build" --target habitd -j "${JOBS:-2}" >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; fail "the build failed in the build context"; }
# Nothing but habitd: the image builds no tests, benchmarks or fuzz targets.
grep -qE 'HABITD_BUILD_TESTS:BOOL=OFF' "$work/build/CMakeCache.txt" || fail "the default preset builds the tests"
"$work/build/habitd" --version | grep -q '^habitd ' || fail "the built habitd does not report its version"
echo "docker_context_test: the build stage builds habitd from the copied context: $("$work/build/habitd" --version)"
