-- POST a completion then DELETE it, as two pipelined requests on one connection (the server
-- answers them in order, so the DELETE always finds the log). wrk counts both requests in
-- req/s; its latency is that of the pair. Slots as in post_log.lua, on the "pair" user.
local data = dofile(os.getenv("BENCH_DATA"))
local user = data.users[os.getenv("BENCH_USER") or "pair"]
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")

next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

local mine, counter, hdr, auth
function init(args)
  mine = {}
  for i, id in ipairs(user.habits) do
    if (i - 1) % nthreads == tid then mine[#mine + 1] = id end
  end
  counter = 0
  hdr = { ["Authorization"] = "Bearer " .. user.token, ["Content-Type"] = "application/json" }
  auth = { ["Authorization"] = "Bearer " .. user.token }
end

function request()
  local n = #mine
  local h = mine[(counter % n) + 1]
  local d = os.date("!%Y-%m-%d", data.today - math.floor(counter / n) * 86400)
  counter = counter + 1
  local path = "/api/v1/habits/" .. h .. "/logs"
  return wrk.format("POST", path, hdr, '{"date":"' .. d .. '"}')
      .. wrk.format("DELETE", path .. "/" .. d, auth)
end
