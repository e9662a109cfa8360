-- POST a completion then DELETE it, as two pipelined requests on one connection (the server
-- answers them in order, so the DELETE always finds the log). wrk counts both requests in
-- req/s; its latency is that of the pair. Slots as in post_log.lua, on the "pairs" users.
local data = dofile(os.getenv("BENCH_DATA"))
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")

next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

local mine, counter
function init(args)
  mine = {}
  local i = 0
  for _, user in ipairs(data.pairs) do
    local hdr = { ["Authorization"] = "Bearer " .. user.token, ["Content-Type"] = "application/json" }
    local auth = { ["Authorization"] = "Bearer " .. user.token }
    for _, id in ipairs(user.habits) do
      if i % nthreads == tid then mine[#mine + 1] = { habit = id, hdr = hdr, auth = auth } end
      i = i + 1
    end
  end
  counter = 0
end

function request()
  local n = #mine
  local slot = mine[(counter % n) + 1]
  local d = os.date("!%Y-%m-%d", data.today - math.floor(counter / n) * 86400)
  counter = counter + 1
  local path = "/api/v1/habits/" .. slot.habit .. "/logs"
  return wrk.format("POST", path, slot.hdr, '{"date":"' .. d .. '"}')
      .. wrk.format("DELETE", path .. "/" .. d, slot.auth)
end
