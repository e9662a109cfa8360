-- The read and login requests of the mixed scenarios (mixed.lua, load_mixed.lua), shared:
--   local mix = dofile(debug.getinfo(1, "S").source:match("@(.*/)") .. "mix_reads.lua")
local mix = {}

-- A login of user `u` with the seeded password.
function mix.login(u, password)
  return wrk.format("POST", "/api/v1/auth/login", { ["Content-Type"] = "application/json" },
    '{"login":"' .. u.username .. '","password":"' .. password .. '"}')
end

-- One of the six reads, evenly: list, one habit, its day view, its streak, progress, insights.
function mix.read(u, auth)
  local h = u.habits[math.random(#u.habits)]
  local k = math.random(6)
  local p
  if k == 1 then p = "/api/v1/habits"
  elseif k == 2 then p = "/api/v1/habits/" .. h
  elseif k == 3 then p = "/api/v1/habits/" .. h .. "/logs"
  elseif k == 4 then p = "/api/v1/habits/" .. h .. "/streak"
  elseif k == 5 then p = "/api/v1/progress"
  else p = "/api/v1/insights" end
  return wrk.format("GET", p, auth)
end

return mix
