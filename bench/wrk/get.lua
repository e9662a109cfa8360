-- GET $BENCH_PATH with the bearer token of the user named $BENCH_USER in $BENCH_DATA.
-- Used by scripts/bench-http for every read-only single-endpoint scenario.
local data = dofile(os.getenv("BENCH_DATA"))
local user = data.users[os.getenv("BENCH_USER") or "reader"]
wrk.method = "GET"
wrk.path = os.getenv("BENCH_PATH")
wrk.headers["Authorization"] = "Bearer " .. user.token
-- With $BENCH_IF_NONE_MATCH (a tag read before the run) every request revalidates: 304, no body.
local tag = os.getenv("BENCH_IF_NONE_MATCH")
if tag and tag ~= "" then
  wrk.headers["If-None-Match"] = tag
end
