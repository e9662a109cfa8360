-- POST a completion then DELETE it, as two pipelined requests on one connection (the server
-- answers them in order, so the DELETE always finds the log). wrk counts both requests in
-- req/s; its latency is that of the pair. Slots as in post_log.lua, on the "pairs" users.
local data = dofile(os.getenv("BENCH_DATA"))
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
local write_slots = dofile(debug.getinfo(1, "S").source:match("@(.*/)") .. "write_slots.lua")

next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

local next_slot
function init(args)
  next_slot = write_slots(data.pairs, nthreads, tid, data.today)
end

function request()
  local slot, date = next_slot()
  local path = "/api/v1/habits/" .. slot.habit .. "/logs"
  return wrk.format("POST", path, slot.hdr, '{"date":"' .. date .. '"}')
      .. wrk.format("DELETE", path .. "/" .. date, slot.auth)
end
