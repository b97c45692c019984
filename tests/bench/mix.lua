-- SPDX-License-Identifier: ISC
-- wrk -s (long.sh): a mix of the reads, the headers (session cookie,
-- Accept-Encoding) from -H.  The
-- cheap ones in turn (kept and built list pages, the kept dashboard, the
-- session, /health); every 100th request a search and every 100th a
-- filtered list, which cost 100 times more at 100,000 tasks and would
-- otherwise be the whole run.  Every path through the worker that a
-- leak could hide in, at a rate that reaches 1,000,000 requests.
local cheap = {
	"/api/v1/tasks?limit=50",
	"/api/v1/dashboard",
	"/api/v1/session",
	"/api/v1/tasks?limit=50&with_drafts=false",
	"/api/v1/health",
	"/api/v1/tasks?limit=20",
}
local i = 0

request = function()
	i = i + 1
	local path
	if i % 100 == 0 then
		path = "/api/v1/tasks?q=chuyen%20doi%20so&limit=20"
	elseif i % 100 == 50 then
		path = "/api/v1/tasks?agency=SKHCN&status=in_program&limit=50"
	else
		path = cheap[i % #cheap + 1]
	end
	return wrk.format(nil, path)
end
