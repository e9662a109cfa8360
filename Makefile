# The two commands of README.md, plus a few more verbs. Each one sets up what it needs.
.PHONY: run test setup build build-debug bench bench-http bench-compare clean

JOBS ?= $(shell nproc)

setup:
	@scripts/setup

build: setup
	@cmake --preset default >/dev/null
	@cmake --build --preset default -j $(JOBS) --target habitd

run: build
	./build/habitd

build-debug: setup
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)

test: build-debug
	ctest --preset debug

# Micro-benchmarks (Release): medians of 5 repetitions. Not part of make test.
bench: setup
	@cmake --preset default >/dev/null
	@cmake --build --preset default -j $(JOBS) --target domain_bench
	./build/bench/domain_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
	$(MAKE) --no-print-directory bench-http

# HTTP benchmarks (wrk against the Release server, SQLite and PostgreSQL): docs/PERFORMANCE.md.
# BENCH_ARGS=--quick for 5 s scenarios; BENCH_BACKEND=sqlite|postgres|both.
BENCH_BACKEND ?= both
BENCH_ARGS ?=
bench-http: build
	scripts/bench-http $(BENCH_BACKEND) $(BENCH_ARGS)

# The same suite against another revision, then this tree, and the ratios:
# make bench-compare BASE=HEAD~5 [BENCH_BACKEND=sqlite] [BENCH_ARGS=--quick]
bench-compare: build
	@test -n "$(BASE)" || (echo "usage: make bench-compare BASE=<git revision>" && exit 2)
	scripts/bench-compare --base $(BASE) $(BENCH_BACKEND) $(BENCH_ARGS)

clean:
	rm -rf build build-debug
