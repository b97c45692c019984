-- SPDX-License-Identifier: ISC
-- wrk -s for writes under load (writes.py, issue 8): each connection chains
-- the writes of one record, the next write sent as soon as the last one's
-- answer names the record's id and version.
--
--   reports: create a monthly report (POST /tasks/{id}/reports) as the
--            official, submit it as the official, approve it as the head;
--   tasks:   create a task with a coordinator, rename it (PATCH), submit.
--
-- wrk tells a script neither which connection a response came on nor which
-- request it answers, so the answer itself says what comes next: a report's
-- status, a task's version.  The next write waits in a queue that request()
-- empties first, so a connection free before another's answer is read
-- starts a new record.
--
-- Environment: BENCH_WRITES_PLAN, a file written by writes.py:
--   mode reports|tasks
--   user I TOKEN CSRF HEAD_TOKEN HEAD_CSRF AGENCY COORDINATOR
--   pair I TASK_ID PERIOD PERCENT          (reports: one per free month)
--   deadline YYYY-MM-DD                    (tasks)
-- and BENCH_WRITES_ACKED, where each acknowledged write is appended as
--   ID STATUS NAME_OR_TASK PERIOD PERCENT
-- (the last line of an id is its state).  done() prints one line,
--   writes-lua: REQUESTS DURATION_US P50_US P99_US NON2XX SOCKET_ERRORS

local mode, users, by_agency, pairs, deadline = nil, {}, {}, {}, nil
local queue, qhead, qtail = {}, 1, 0
local pending = {}	-- reports: "task|period" -> user index, percent
local acked
local turn, serial = 0, 0
local tag = string.format("%x%04x", os.time() % 0xfffff, math.random(0xffff))

local function push(r)
	qtail = qtail + 1
	queue[qtail] = r
end

local function headers(u, head)
	return {
		["Content-Type"] = "application/json",
		["Cookie"] = "nv_session=" .. (head and u.htok or u.tok),
		["X-CSRF-Token"] = head and u.hcsrf or u.csrf,
	}
end

init = function(args)
	for line in io.lines(os.getenv("BENCH_WRITES_PLAN")) do
		local w = {}
		for x in line:gmatch("%S+") do w[#w + 1] = x end
		if w[1] == "mode" then
			mode = w[2]
		elseif w[1] == "user" then
			local u = { tok = w[3], csrf = w[4], htok = w[5],
				hcsrf = w[6], agency = w[7], coord = w[8] }
			users[tonumber(w[2])] = u
			by_agency[w[7]] = u
			pairs[u] = {}
		elseif w[1] == "pair" then
			local p = pairs[users[tonumber(w[2])]]
			p[#p + 1] = { w[3], w[4], w[5] }
		elseif w[1] == "deadline" then
			deadline = w[2]
		end
	end
	acked = assert(io.open(os.getenv("BENCH_WRITES_ACKED"), "w"))
	acked:setvbuf("line")
end

-- A new record for the next user in turn.
local function start()
	turn = turn % #users + 1
	local u = users[turn]
	if mode == "reports" then
		local p = table.remove(pairs[u])
		if p == nil then	-- out of free months: refused, counted
			p = { "0", "2000-01", "1" }
		end
		pending[p[1] .. "|" .. p[2]] = { u, p[3] }
		return wrk.format("POST", "/api/v1/tasks/" .. p[1] .. "/reports",
			headers(u, false), '{"period":"' .. p[2] ..
			'","percent":' .. p[3] .. ',"health":"on_track",' ..
			'"work_done":"Tải ghi ' .. p[2] ..
			'","results":"Kết quả đạt được"}')
	end
	serial = serial + 1
	return wrk.format("POST", "/api/v1/tasks", headers(u, false),
		'{"name":"Tải ghi ' .. tag .. "-" .. serial ..
		'","coordinating_agencies":["' .. u.coord .. '"],' ..
		'"fields":["digital_transformation"],' ..
		'"responsible_person":"Trưởng phòng",' ..
		'"expected_product":"Sản phẩm dự kiến",' ..
		'"target":"Mục tiêu đo được","deadline":"' .. deadline .. '"}')
end

request = function()
	if qhead <= qtail then
		local r = queue[qhead]
		queue[qhead] = nil
		qhead = qhead + 1
		return r
	end
	return start()
end

local function transition(path, id, action, version, u, head)
	push(wrk.format("POST", path .. id .. "/transitions",
		headers(u, head), '{"action":"' .. action ..
		'","version":' .. version .. '}'))
end

response = function(status, hdrs, body)
	if status ~= 200 and status ~= 201 then
		return
	end
	local id = body:match('^{"id":(%d+)')
	local version = body:match('"version":(%d+)')
	local st = body:match('"status":"(%l+)"')
	if id == nil or version == nil or st == nil then
		return
	end
	if mode == "reports" then
		local task = body:match('"task_id":(%d+)')
		local period = body:match('"period":"([%d-]+)"')
		local p = pending[task .. "|" .. tostring(period)]
		if p == nil then
			return
		end
		acked:write(id, " ", st, " ", task, " ", period, " ", p[2], "\n")
		if st == "draft" then
			transition("/api/v1/reports/", id, "submit", version, p[1],
				false)
		elseif st == "submitted" then
			transition("/api/v1/reports/", id, "approve", version, p[1],
				true)
		else
			pending[task .. "|" .. period] = nil
		end
		return
	end
	local name = body:match('"name":"([^"]*)"')
	local u = by_agency[body:match('"lead_agency":"(%u+)"')]
	if u == nil or name == nil then
		return
	end
	acked:write(id, " ", st, " ", name:gsub(" ", "_"), " - -\n")
	if st == "draft" and not name:find("đã sửa", 1, true) then
		push(wrk.format("PATCH", "/api/v1/tasks/" .. id, headers(u, false),
			'{"name":"' .. name:gsub("^Tải ghi ", "Tải ghi đã sửa ") ..
			'","version":' .. version .. '}'))
	elseif st == "draft" then
		transition("/api/v1/tasks/", id, "submit", version, u, false)
	end
end

done = function(summary, latency, requests)
	local s = summary.errors
	io.write(string.format("writes-lua: %d %d %d %d %d %d\n",
		summary.requests, summary.duration, latency:percentile(50),
		latency:percentile(99), s.status,
		s.connect + s.read + s.write + s.timeout))
end
