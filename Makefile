# The two commands of README.md, plus a few more verbs. Each one sets up what it needs.
.PHONY: run test setup build build-debug bench bench-http fuzz clean

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

# libFuzzer: every target of fuzz/ for FUZZ_SECONDS each (clang, ASan + UBSan, build-fuzz/); what
# it finds is kept in build-fuzz/corpus/ for the next run. make test runs each one briefly.
FUZZ_SECONDS ?= 60
fuzz: setup
	JOBS=$(JOBS) scripts/fuzz all $(FUZZ_SECONDS)

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

clean:
	rm -rf build build-debug build-fuzz
