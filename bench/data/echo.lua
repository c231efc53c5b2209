-- wrk script for the echo route: a POST of bench/data/echo.json (run wrk from the repository root).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = assert(io.open("bench/data/echo.json", "rb"))
wrk.body = file:read("*a")
file:close()
