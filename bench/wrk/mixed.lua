-- A day in the life: many users ($BENCH_DATA's "mixed" list), 80% reads spread over the read
-- endpoints, 20% writes (a new completion, or the deletion of one this thread made at least
-- 256 writes earlier), and a trickle of logins (0.1%). Each user has one write habit per
-- wrk thread (start_date far in the past), so threads never collide on a (habit, date).
local data = dofile(os.getenv("BENCH_DATA"))
local mix = dofile(debug.getinfo(1, "S").source:match("@(.*/)") .. "mix_reads.lua")
local users = data.mixed

next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

local counters, made, head, tail, json, auths
function init(args)
  math.randomseed(1234 + tid)
  counters, made, head, tail, auths, json = {}, {}, 1, 0, {}, {}
  for i, u in ipairs(users) do
    counters[i] = 0
    auths[i] = { ["Authorization"] = "Bearer " .. u.token }
    json[i] = { ["Authorization"] = "Bearer " .. u.token, ["Content-Type"] = "application/json" }
  end
end

function request()
  local r = math.random()
  local i = math.random(#users)
  local u = users[i]
  if r < 0.001 then
    return mix.login(u, data.password)
  elseif r < 0.8 then
    return mix.read(u, auths[i])
  else
    if tail - head >= 256 and math.random() < 0.5 then
      local m = made[head]
      made[head] = nil
      head = head + 1
      return wrk.format("DELETE", "/api/v1/habits/" .. m.path, auths[m.user])
    end
    local h = u.write_habits[tid + 1]
    local d = os.date("!%Y-%m-%d", data.today - counters[i] * 86400)
    counters[i] = counters[i] + 1
    tail = tail + 1
    made[tail] = { path = h .. "/logs/" .. d, user = i }
    return wrk.format("POST", "/api/v1/habits/" .. h .. "/logs", json[i], '{"date":"' .. d .. '"}')
  end
end
