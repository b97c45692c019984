-- SPDX-License-Identifier: ISC
-- wrk -s: each request asks for the page below a task id drawn at random
-- (cursors written one a line to the file BENCH_CURSORS by compare.sh),
-- so that the 8 pages a worker keeps (fcgi/api/api_task_cache.c) almost
-- never match: the product's list as it is built, not as it is kept.
local cursors = {}

init = function(args)
	for line in io.lines(os.getenv("BENCH_CURSORS")) do
		cursors[#cursors + 1] = line
	end
	math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
end

request = function()
	local c = cursors[math.random(#cursors)]
	return wrk.format(nil, wrk.path .. "&cursor=" .. c)
end
