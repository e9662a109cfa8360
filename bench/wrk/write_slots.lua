-- Write slots for post_log.lua and post_delete_log.lua: every habit of `users` (start_date far in
-- the past), the slots i with i % nthreads == tid belonging to wrk thread tid. Returns a function
-- that gives the next (slot, date): dates walk backwards from `today` across the thread's slots,
-- so no (habit, date) ever repeats and a correct server never answers 409.
--   local write_slots = dofile(debug.getinfo(1, "S").source:match("@(.*/)") .. "write_slots.lua")
return function(users, nthreads, tid, today)
  local mine = {}
  local i = 0
  for _, user in ipairs(users) do
    local hdr = { ["Authorization"] = "Bearer " .. user.token, ["Content-Type"] = "application/json" }
    local auth = { ["Authorization"] = "Bearer " .. user.token }
    for _, id in ipairs(user.habits) do
      if i % nthreads == tid then mine[#mine + 1] = { habit = id, hdr = hdr, auth = auth } end
      i = i + 1
    end
  end
  local counter = 0
  return function()
    local n = #mine
    local slot = mine[(counter % n) + 1]
    local date = os.date("!%Y-%m-%d", today - math.floor(counter / n) * 86400)
    counter = counter + 1
    return slot, date
  end
end
