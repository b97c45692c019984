-- SPDX-License-Identifier: ISC
-- wrk -s for POST /api/v1/session with distinct users (scenario-logins.sh): the
-- bench directory's BENCH_LOGIN_PREFIX1 .. BENCH_LOGIN_PREFIX<COUNT>, in
-- turn, each thread from its own offset.
local prefix = os.getenv("BENCH_LOGIN_PREFIX")
local count = tonumber(os.getenv("BENCH_LOGIN_COUNT"))
local n = 0

init = function(args)
	math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
	n = math.random(count)
end

request = function()
	n = n % count + 1
	return wrk.format("POST", nil,
		{ ["Content-Type"] = "application/json" },
		'{"username":"' .. prefix .. n .. '","password":"Demo@2026"}')
end
