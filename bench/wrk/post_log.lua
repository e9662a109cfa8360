-- POST a completion for a (habit, date) never used before: thread t of $BENCH_THREADS owns
-- every habit i with i % threads == t of the "writer" user (start_date far in the past) and
-- walks dates backwards from today across them, so a correct server never answers 409.
local data = dofile(os.getenv("BENCH_DATA"))
local user = data.users[os.getenv("BENCH_USER") or "writer"]
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")

next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

local mine, counter, hdr
function init(args)
  mine = {}
  for i, id in ipairs(user.habits) do
    if (i - 1) % nthreads == tid then mine[#mine + 1] = id end
  end
  counter = 0
  hdr = { ["Authorization"] = "Bearer " .. user.token, ["Content-Type"] = "application/json" }
end

local function next_slot()
  local n = #mine
  local h = mine[(counter % n) + 1]
  local d = os.date("!%Y-%m-%d", data.today - math.floor(counter / n) * 86400)
  counter = counter + 1
  return h, d
end

function request()
  local h, d = next_slot()
  return wrk.format("POST", "/api/v1/habits/" .. h .. "/logs", hdr, '{"date":"' .. d .. '"}')
end
