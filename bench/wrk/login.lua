-- POST /api/v1/auth/login with the right password: bcrypt-bound by design.
local data = dofile(os.getenv("BENCH_DATA"))
local user = data.users[os.getenv("BENCH_USER") or "reader"]
wrk.method = "POST"
wrk.path = "/api/v1/auth/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"login":"' .. user.username .. '","password":"' .. data.password .. '"}'
