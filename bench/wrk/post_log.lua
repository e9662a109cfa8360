-- POST a completion for a (habit, date) never used before. The slots are every habit of the
-- "writers" users in $BENCH_DATA (start_date far in the past): thread t of $BENCH_THREADS owns
-- every slot i with i % threads == t and walks dates backwards from today across them, so a
-- correct server never answers 409. Writes are spread over several users, as real ones are.
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
  for _, user in ipairs(data.writers) do
    local hdr = { ["Authorization"] = "Bearer " .. user.token, ["Content-Type"] = "application/json" }
    for _, id in ipairs(user.habits) do
      if i % nthreads == tid then mine[#mine + 1] = { habit = id, hdr = hdr } end
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
  return wrk.format("POST", "/api/v1/habits/" .. slot.habit .. "/logs", slot.hdr, '{"date":"' .. d .. '"}')
end
