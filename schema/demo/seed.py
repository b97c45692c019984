# SPDX-License-Identifier: ISC
"""Loads the demo tasks through nhiemvu's own API, as the secretariat
(tt.bcd): the committee's directives and the notice's 18 late tasks
(seed-tasks.csv), and the 11 specialized databases (databases.csv) as
`database` tasks in `in_program`.  Going through the API gives the seeds
the same validation, search folding and audit rows as real work.

Usage: seed.py BASE_URL   (e.g. http://127.0.0.1:8080)"""

import csv
import json
import os
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def call(base, method, path, body=None, cookie=None, csrf=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + "/api/v1/" + path, data=data,
                                 method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if cookie:
        req.add_header("Cookie", cookie)
    if csrf:
        req.add_header("X-CSRF-Token", csrf)
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.headers, json.loads(r.read() or b"null")


def main():
    base = sys.argv[1].rstrip("/")
    st, hdr, body = call(base, "POST", "session",
                         {"username": "tt.bcd", "password": "Demo@2026"})
    cookie = hdr["Set-Cookie"].split(";")[0]
    csrf = body["csrf_token"]
    n = 0
    with open(os.path.join(HERE, "seed-tasks.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            task = {
                "year": int(row["year"]), "kind": row["kind"],
                "name": row["name"], "lead_agency": row["lead_agency"],
                "coordinating_agencies": [c for c in
                                          row["coordinating_agencies"]
                                          .split(";") if c],
                "deadline": row["deadline"], "status": row["status"],
                "notes": row["notes"],
            }
            call(base, "POST", "tasks", task, cookie, csrf)
            n += 1
    with open(os.path.join(HERE, "databases.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            task = {
                "year": 2025, "kind": "database", "name": row["name"],
                "lead_agency": row["lead_agency"],
                "fields": ["digital_transformation"],
                "expected_product": "Cơ sở dữ liệu chuyên ngành được đưa "
                                    "vào khai thác, sử dụng (" + row["code"]
                                    + ")",
                "deadline": row["deadline"], "status": "in_program",
                "notes": "Kế hoạch thực hiện Nghị quyết số 214/NQ-CP; "
                         "báo cáo tiến độ hằng tháng",
            }
            call(base, "POST", "tasks", task, cookie, csrf)
            n += 1
    call(base, "DELETE", "session", cookie=cookie, csrf=csrf)
    print(f"seed: {n} demo tasks loaded")


if __name__ == "__main__":
    main()
