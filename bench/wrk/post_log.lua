-- POST a completion for a (habit, date) never used before, on the habits of the "writers" users
-- in $BENCH_DATA (bench/wrk/write_slots.lua). Writes are spread over several users, as real ones are.
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
  next_slot = write_slots(data.writers, nthreads, tid, data.today)
end

function request()
  local slot, date = next_slot()
  return wrk.format("POST", "/api/v1/habits/" .. slot.habit .. "/logs", slot.hdr, '{"date":"' .. date .. '"}')
end
