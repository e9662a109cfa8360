-- The load test's mix (scripts/load-test): many users ($BENCH_DATA's "mixed" list), 80% reads
-- over the read endpoints, 20% writes, a trickle of logins (0.1%). Every request has exactly one
-- right answer, so any other status is a failure:
--   writes are a new completion (201) on a (habit, date) slot only this wrk thread uses, or a
--   notes edit (200) of a seeded log; unlike mixed.lua there are no DELETEs of earlier writes,
--   because with hundreds of connections per thread a DELETE can overtake its POST (404).
-- done() prints one "status CODE COUNT" line per status seen, and one sample body per
-- unexpected status, for the script to check.
local data = dofile(os.getenv("BENCH_DATA"))
local mix = dofile(debug.getinfo(1, "S").source:match("@(.*/)") .. "mix_reads.lua")
local users = data.mixed
local SEEDED_DAYS = 30

next_tid = 0
local threads = {}
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

local counters, json, auths
statuses = {}
samples = {}
function init(args)
  math.randomseed(4321 + tid)
  counters, auths, json = {}, {}, {}
  for i, u in ipairs(users) do
    counters[i] = 0
    auths[i] = { ["Authorization"] = "Bearer " .. u.token }
    json[i] = { ["Authorization"] = "Bearer " .. u.token, ["Content-Type"] = "application/json" }
  end
end

local function day(offset)
  return os.date("!%Y-%m-%d", data.today - offset * 86400)
end

function request()
  local r = math.random()
  local i = math.random(#users)
  local u = users[i]
  if r < 0.001 then
    return mix.login(u, data.password)
  elseif r < 0.8 then
    return mix.read(u, auths[i])
  elseif r < 0.9 then
    local h = u.habits[math.random(#u.habits)]
    local d = day(math.random(SEEDED_DAYS) - 1)
    return wrk.format("PATCH", "/api/v1/habits/" .. h .. "/logs/" .. d, json[i],
      '{"notes":"edited under load ' .. math.random(1000000) .. '"}')
  else
    local h = u.write_habits[tid + 1]
    local d = day(counters[i])
    counters[i] = counters[i] + 1
    return wrk.format("POST", "/api/v1/habits/" .. h .. "/logs", json[i], '{"date":"' .. d .. '"}')
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status >= 300 and samples[status] == nil then samples[status] = string.sub(body or "", 1, 300) end
end

function done(summary, latency, requests)
  local totals, bodies = {}, {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses")) do totals[code] = (totals[code] or 0) + n end
    for code, body in pairs(thread:get("samples")) do bodies[code] = body end
  end
  for code, n in pairs(totals) do io.write(string.format("status %d %d\n", code, n)) end
  for code, body in pairs(bodies) do io.write(string.format("sample %d %s\n", code, (body:gsub("\n", " ")))) end
end
