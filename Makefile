# The two commands of README.md, plus a few more verbs. Each one sets up what it needs.
.PHONY: run test tsan format tidy setup setup-test image-test build build-debug bench bench-http bench-compare fuzz fuzz-api soak soak-load soak-crash soak-outage soak-clients soak-abuse soak-test-binaries clean

JOBS ?= $(shell nproc)

# scripts/setup installs what each verb needs: build for make run, build and test tools for the rest.
setup:
	@scripts/setup build

setup-test:
	@scripts/setup test

build: setup
	@cmake --preset default >/dev/null
	@cmake --build --preset default -j $(JOBS) --target habitd

run: build
	./build/habitd

build-debug: setup-test
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)

test: build-debug
	ctest --preset debug

# clang-format on every C++ file (.clang-format); make test checks it with scripts/format --check.
format:
	scripts/format --all

# clang-tidy on every source file (.clang-tidy); make test runs it on the files the last commit touches.
tidy: build-debug
	scripts/tidy --all build-debug

# ThreadSanitizer (build-tsan/): the tests of the concurrent parts (lanes and dispatch, the
# connection pool, group commit, units of work, the read cache's single flight, racing idempotent
# requests, a short load) against a TSan build of habitd. Not part of make test: a third build.
TSAN_TARGETS = habitd unit_tests additions_api_test
TSAN_TESTS ?= WalSync|DatabasePool|UnitOfWork|LruCache|Dispatcher|additions_api_test.sqlite|load_test.sqlite
tsan: setup-test
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS) --target $(TSAN_TARGETS)
	ctest --preset tsan -R '$(TSAN_TESTS)'

# libFuzzer: every target of fuzz/ for FUZZ_SECONDS each (clang, ASan + UBSan, build-fuzz/); what
# it finds is kept in build-fuzz/corpus/ for the next run. make test runs each one briefly.
FUZZ_SECONDS ?= 60
fuzz: setup-test
	JOBS=$(JOBS) scripts/fuzz all $(FUZZ_SECONDS)

# The model-based API test, long: FUZZ_API_SEQUENCES random sequences of FUZZ_API_STEPS requests on
# SQLite and PostgreSQL against a brute-force model (make test runs three short ones per backend).
# FUZZ_API_BACKEND=sqlite|postgres|both. A failure prints the seed that replays it.
FUZZ_API_BACKEND ?= both
FUZZ_API_SEQUENCES ?= 40
FUZZ_API_STEPS ?= 300
fuzz-api: setup-test
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS) --target habitd model_api_test
	FUZZ_API_SEQUENCES=$(FUZZ_API_SEQUENCES) FUZZ_API_STEPS=$(FUZZ_API_STEPS) scripts/fuzz-api $(FUZZ_API_BACKEND)

# Micro-benchmarks (Release): medians of 5 repetitions. Not part of make test.
# The Release build with its tests and benchmarks (make bench, make soak): the test packages too.
RELEASE_WITH_TESTS = -DHABITD_BUILD_TESTS=ON -DHABITD_BUILD_BENCH=ON

bench: setup-test
	@cmake --preset default $(RELEASE_WITH_TESTS) >/dev/null
	@cmake --build --preset default -j $(JOBS) --target domain_bench
	./build/bench/domain_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
	$(MAKE) --no-print-directory bench-http

# HTTP benchmarks (wrk against the Release server, SQLite and PostgreSQL): docs/PERFORMANCE.md.
# BENCH_ARGS=--quick for 5 s scenarios; BENCH_BACKEND=sqlite|postgres|both.
BENCH_BACKEND ?= both
BENCH_ARGS ?=
bench-http: setup-test build
	scripts/bench-http $(BENCH_BACKEND) $(BENCH_ARGS)

# The same suite against another revision, then this tree, and the ratios:
# make bench-compare BASE=HEAD~5 [BENCH_BACKEND=sqlite] [BENCH_ARGS=--quick]
bench-compare: setup-test build
	@test -n "$(BASE)" || (echo "usage: make bench-compare BASE=<git revision>" && exit 2)
	scripts/bench-compare --base $(BASE) $(BENCH_BACKEND) $(BENCH_ARGS)

# Reliability, long forms (docs/RELIABILITY.md; make test runs the short forms). Release build;
# figures go to build/soak/*.json. Not part of make test: several minutes, 1000 connections.
SOAK_DIR = $(CURDIR)/build/soak
SOAK_CRASH_CYCLES ?= 100
soak: soak-load soak-crash soak-outage soak-clients soak-abuse

# wrk, 1000 connections for 60 s, on SQLite and on PostgreSQL (a throw-away cluster).
soak-load: setup-test build
	@mkdir -p $(SOAK_DIR)
	scripts/load-test sqlite --connections 1000 --duration 60 --max-rss-mib 512 --report $(SOAK_DIR)/load-sqlite.json
	scripts/load-test postgres --connections 1000 --duration 60 --max-rss-mib 512 --report $(SOAK_DIR)/load-postgres.json

# kill -9 and restart, $(SOAK_CRASH_CYCLES) times, on SQLite and on PostgreSQL.
soak-crash: soak-test-binaries
	@mkdir -p $(SOAK_DIR)
	HABITS_CRASH_CYCLES=$(SOAK_CRASH_CYCLES) HABITS_TEST_BACKEND=sqlite build/tests/crash_safety_api_test
	scripts/pg-test-cluster start $(SOAK_DIR)/pg.url
	HABITS_CRASH_CYCLES=$(SOAK_CRASH_CYCLES) HABITS_TEST_BACKEND=postgres HABITS_TEST_PG_URL_FILE=$(SOAK_DIR)/pg.url \
	  build/tests/crash_safety_api_test; status=$$?; scripts/pg-test-cluster stop $(SOAK_DIR)/pg.url; exit $$status

# PostgreSQL down for 10 s under 32 clients, three times.
soak-outage: setup-test build
	@mkdir -p $(SOAK_DIR)
	scripts/outage-test --clients 32 --healthy 10 --outage 10 --cycles 3 --report $(SOAK_DIR)/outage.json

# Ten times the abusive connections of the short form (200 slowloris, 500 silent, 1000 flood).
soak-clients: soak-test-binaries
	ulimit -n 4096 && HABITS_ABUSE_SCALE=10 HABITS_TEST_BACKEND=sqlite build/tests/abusive_clients_api_test

# The floods of the security review at ten times their make test size, on SQLite and PostgreSQL:
# a registration flood from one address while another logs in, an import flood, cache-busting
# reads. The figures go to build/soak/abuse-*.txt (docs/RELIABILITY.md).
ABUSE_FLOODS = RegistrationFloodApi.*:AbuseApi.AnImportFloodIs429WithRetryAfter:AbuseApi.QueryParametersAReadIgnoresShareItsCachedAnswer
soak-abuse: soak-test-binaries
	@mkdir -p $(SOAK_DIR)
	ulimit -n 4096 && HABITS_ABUSE_SCALE=10 HABITS_TEST_BACKEND=sqlite build/tests/abuse_api_test --gtest_filter='$(ABUSE_FLOODS)' \
	  >$(SOAK_DIR)/abuse-sqlite.txt; status=$$?; cat $(SOAK_DIR)/abuse-sqlite.txt; exit $$status
	scripts/pg-test-cluster start $(SOAK_DIR)/pg.url
	ulimit -n 4096 && HABITS_ABUSE_SCALE=10 HABITS_TEST_BACKEND=postgres HABITS_TEST_PG_URL_FILE=$(SOAK_DIR)/pg.url \
	  build/tests/abuse_api_test --gtest_filter='$(ABUSE_FLOODS)' >$(SOAK_DIR)/abuse-postgres.txt; status=$$?; \
	  cat $(SOAK_DIR)/abuse-postgres.txt; scripts/pg-test-cluster stop $(SOAK_DIR)/pg.url; exit $$status

soak-test-binaries: setup-test build
	@cmake --preset default $(RELEASE_WITH_TESTS) >/dev/null
	@cmake --build --preset default -j $(JOBS) --target crash_safety_api_test abusive_clients_api_test abuse_api_test

# The container image, built and run for real: buildah (vfs storage, chroot isolation) builds
# deploy/Dockerfile on a debian:12-slim made by mmdebstrap, then runs it against SQLite and a
# throw-away PostgreSQL (/readyz, sign-up, log-in), as uid 10001, with the image's own HEALTHCHECK,
# once more on SQLite with a read-only root file system, and checks it stays within 150 MB. Not part
# of make test: a Release build from scratch inside the image (20 to 45 minutes on 2 cores). As root.
image-test:
	@scripts/setup image
	scripts/image-test

clean:
	rm -rf build build-debug build-fuzz
