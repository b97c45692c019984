-- SPDX-License-Identifier: ISC
-- wrk -s (long.sh): a mix of the reads in turn, each request the next of
-- the paths below (the session cookie comes from -H), so that a worker
-- serves kept and built list pages, the dashboard, searches and a task.
local paths = {
	"/api/v1/tasks?limit=50",
	"/api/v1/dashboard",
	"/api/v1/tasks?q=chuyen%20doi%20so&limit=20",
	"/api/v1/tasks?agency=SKHCN&status=in_program&limit=50",
	"/api/v1/session",
	"/api/v1/tasks?limit=50&with_drafts=false",
	"/api/v1/health",
}
local i = 0

request = function()
	i = i % #paths + 1
	return wrk.format(nil, paths[i])
end
