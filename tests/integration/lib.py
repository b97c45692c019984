# SPDX-License-Identifier: ISC
"""Helpers for the integration tests: an HTTP client bound to its own
loopback source address (so each test file has its own throttle counters),
the stack's run directory, and assertions that print what they compared."""

import contextlib
import csv
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse

RUN = os.environ.get("NV_RUN", os.path.join(os.getcwd(), "run", "check"))
BASE = os.environ.get("NV_BASE", "http://127.0.0.1:18080")
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO_PASSWORD = "Demo@2026"
# The fields of work (tasks.fields, dash_fields; docs/API.md), in order.
FIELDS = ("science_technology", "innovation", "digital_transformation",
          "admin_reform", "project06")
_u = urllib.parse.urlsplit(BASE)
HOST, PORT = _u.hostname, _u.port or 80


class Fail(AssertionError):
    pass


# What a registration must state before it is sent (issue 17: the rule row
# of "submit"): fixtures that submit a task merge these into its body.
REGISTRATION = {
    "fields": ["digital_transformation"],
    "responsible_person": "Giám đốc Sở",
    "expected_product": "Hệ thống một cửa điện tử liên thông",
    "target": "100% hồ sơ được giải quyết trực tuyến",
    "deadline": "2030-12-31",
}


def registration(**body):
    """A task body with every member a submission requires, then body."""
    return {**REGISTRATION, **body}


def check(cond, what):
    if not cond:
        raise Fail(what)


def eq(got, want, what=""):
    if got != want:
        raise Fail(f"{what}: got {got!r}, want {want!r}")


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


class Client:
    """One browser: a cookie jar, the CSRF token, a fixed source address."""

    def __init__(self, source="127.0.0.1"):
        self.source = source
        self.cookies = {}
        self.csrf = None
        self.user = None

    def request(self, method, path, body=None, headers=None, raw=None,
                content_type="application/json", csrf=True, timeout=30):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if data is not None and content_type is not None:
            h.setdefault("Content-Type", content_type)
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if csrf and self.csrf and method in ("POST", "PATCH", "DELETE", "PUT"):
            h.setdefault("X-CSRF-Token", self.csrf)
        conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout,
                                          source_address=(self.source, 0))
        try:
            url = path if path.startswith("/") else "/api/v1/" + path
            conn.request(method, url, body=data, headers=h)
            r = conn.getresponse()
            resp = Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        for v in resp.headers_all("Set-Cookie"):
            kv = v.split(";", 1)[0]
            k, _, val = kv.partition("=")
            if "Max-Age=0" in v or val == "":
                self.cookies.pop(k, None)
            else:
                self.cookies[k] = val
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, username, password=DEMO_PASSWORD, expect=200):
        r = self.post("session", {"username": username, "password": password})
        eq(r.status, expect, f"login {username}: {r}")
        if r.status == 200:
            self.csrf = r.json["csrf_token"]
            self.user = r.json["user"]
        return r


def expect_error(r, status, code, field=None):
    """The contract's error shape, status and code (and field if given)."""
    eq(r.status, status, f"status of {r}")
    contract_headers(r)
    try:
        e = r.json["error"]
    except Exception:
        raise Fail(f"not the error shape: {r}")
    eq(e.get("code"), code, f"error code of {r}")
    check(isinstance(e.get("message"), str) and e["message"], f"message in {r}")
    if field is not None:
        eq(e.get("field"), field, f"error field of {r}")
    return e


def contract_headers(r):
    """Every API response: JSON type (but 204), no-store, nosniff."""
    if r.status != 204:
        eq(r.header("Content-Type"), "application/json; charset=utf-8",
           f"Content-Type of {r}")
    eq(r.header("Cache-Control"), "no-store", f"Cache-Control of {r}")
    eq(r.header("X-Content-Type-Options"), "nosniff", f"nosniff of {r}")


def demo_users():
    with open(os.path.join(TOP, "schema", "demo", "demo-users.csv"),
              encoding="utf-8") as f:
        return list(csv.DictReader(f))


def stack(cmd):
    """Runs packaging/stack.sh CMD check with the stack's own ports."""
    env = dict(os.environ)
    env["HTTP_PORT"] = str(PORT)
    env["LDAP_PORT"] = os.environ.get("NV_LDAP_PORT", "13389")
    env["TLS_PORT"] = os.environ.get("NV_TLS_PORT", "")
    subprocess.run(["sh", os.path.join(TOP, "packaging", "stack.sh"), cmd,
                    os.path.basename(RUN)], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def sql_root(query, db="nhiemvu"):
    """Runs SQL as MariaDB's root; returns (returncode, stdout, stderr)."""
    p = subprocess.run(["mariadb", "--protocol=socket", "-S",
                        os.path.join(RUN, "db", "mysql.sock"), "-u", "root",
                        "--batch", "--skip-column-names", db, "-e", query],
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def sql_one(query):
    """SQL as MariaDB's root that must succeed; its output, stripped."""
    rc, out, err = sql_root(query)
    eq(rc, 0, f"{query}: {err}")
    return out.strip()


def sql_app(query, db="nhiemvu"):
    """Runs SQL as the application's own account."""
    with open(os.path.join(RUN, "secrets", "db_password")) as f:
        pw = f.read().strip()
    p = subprocess.run(["mariadb", "--protocol=socket", "-S",
                        os.path.join(RUN, "db", "mysql.sock"), "-u", "nhiemvu",
                        f"-p{pw}", "--batch", "--skip-column-names", db,
                        "-e", query], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def pool_pid():
    with open(os.path.join(RUN, "nhiemvu.pid")) as f:
        return int(f.read().strip())


def children(pid):
    """Live child pids of pid, read from /proc."""
    kids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
        except OSError:
            continue
        # The command may hold spaces: fields after the last ')'.
        rest = st[st.rfind(")") + 2:].split()
        if int(rest[1]) == pid and rest[0] != "Z":
            kids.append(int(d))
    return sorted(kids)


LDAP_PORT = int(os.environ.get("NV_LDAP_PORT", "13389"))
SUFFIX = "dc=nghean,dc=gov,dc=vn"


def ldap(tool, ldif="", may_fail=False):
    """Changes the test directory as its root, over StartTLS."""
    env = dict(os.environ, LDAPTLS_CACERT=os.path.join(RUN, "ldap", "tls",
                                                        "ca.crt"))
    p = subprocess.run([tool, "-x", "-ZZ", "-H",
                        f"ldap://127.0.0.1:{LDAP_PORT}/", "-D",
                        f"cn=admin,{SUFFIX}", "-y",
                        os.path.join(RUN, "secrets", "ldap_root_password")],
                       input=ldif.encode(), capture_output=True, env=env,
                       timeout=30)
    check(may_fail or p.returncode == 0, f"{tool}: {p.stderr.decode()}")


def reload_with(settings):
    """Rewrites the given settings in the pool's file (None: the line
    removed), reloads, and waits for a new generation of every child
    (workers and directory processes).  Returns the settings' values as
    they were (None: absent), for reloaded() or the caller to restore."""
    path = os.path.join(RUN, "nhiemvu.conf")
    with open(path) as f:
        text = f.read()
    was = {}
    for k, v in settings.items():
        m = re.search(rf"^{k} =[ \t]*(.*)$", text, flags=re.M)
        was[k] = m.group(1) if m else None
        if v is None:
            text = re.sub(rf"^{k} =.*\n", "", text, flags=re.M)
        elif m:
            text = re.sub(rf"^{k} =.*$", f"{k} = {v}", text, flags=re.M)
        else:
            text += f"{k} = {v}\n"
    with open(path, "w") as f:
        f.write(text)

    def setting(k, default):
        m = re.search(rf"^{k} =\s*(\d+)\s*$", text, flags=re.M)
        return int(m.group(1)) if m else default
    want = setting("workers", 4) + setting("ldap_processes", 2)
    sup = pool_pid()
    before = set(children(sup))
    os.kill(sup, signal.SIGHUP)
    wait_until(lambda: not (before & set(children(sup)))
               and len(children(sup)) == want, 15,
               f"a new generation of {want} children")
    return was


@contextlib.contextmanager
def reloaded(settings):
    """The pool reloaded with settings for the with block, then with its
    file as it was, whatever the block or the first reload raised."""
    path = os.path.join(RUN, "nhiemvu.conf")
    with open(path) as f:
        text = f.read()
    try:
        reload_with(settings)
        yield
    finally:
        with open(path, "w") as f:
            f.write(text)
        reload_with({})


def wait_until(pred, seconds, what):
    end = time.time() + seconds
    while time.time() < end:
        if pred():
            return
        time.sleep(0.1)
    raise Fail(f"timed out after {seconds}s waiting for {what}")


def raw_request(request):
    """Sends request bytes to nginx as they are (what a client library
    would not send); returns (status, headers, body), headers by lower-case
    name."""
    with socket.create_connection((HOST, PORT), timeout=10) as s:
        s.sendall(request)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return int(lines[0].split()[1]), headers, body


def list_walk(c, extra="", limit=7, total_once=False):
    """Every task id c's list shows (extra: more of the query string),
    through its cursors, and the first page's total; total_once: also
    check that no later page has one."""
    r = c.get(f"tasks?limit={limit}{extra}")
    eq(r.status, 200, f"list {extra}: {r}")
    total, seen = r.json["total"], []
    while True:
        seen += [t["id"] for t in r.json["items"]]
        cur = r.json.get("next_cursor")
        if not cur:
            return total, seen
        r = c.get(f"tasks?limit={limit}&cursor={cur}{extra}")
        eq(r.status, 200, f"next page {extra}: {r}")
        if total_once:
            eq("total" in r.json, False, "only the first page counts")


def search_walk(c, query, extra=""):
    """Every id the list's search for query gives c, following the
    cursors, newest first (extra: more of the query string, a sort)."""
    base = f"tasks?q={urllib.parse.quote(query)}&limit=200{extra}"
    r = c.get(base)
    eq(r.status, 200, f"search {query!r}{extra}: {r}")
    got = [t["id"] for t in r.json["items"]]
    while r.json.get("next_cursor"):
        r = c.get(base + f"&cursor={r.json['next_cursor']}")
        eq(r.status, 200, f"search {query!r}{extra}, next page: {r}")
        got += [t["id"] for t in r.json["items"]]
    return got


def search_rule(query, agency=None, where=""):
    """The ids the list's search rule alone finds for an already folded
    query, newest first, straight from the tables (the name's folded form,
    the other three columns under the search's collation; docs/API.md):
    what the word index (migration 0032) may narrow but never change.
    agency: only the tasks that agency sees; where: more SQL conditions
    on k (tasks)."""
    # The LIKE pattern (its own metacharacters escaped), then written as a
    # SQL string literal, where a backslash is itself an escape: "a\\b"
    # must reach LIKE as 'a\\\\b' (a backslash), not 'a\\b' ("ab").
    like = "%" + query.replace("\\", "\\\\").replace("%", "\\%") \
        .replace("_", "\\_") + "%"
    pat = like.replace("\\", "\\\\").replace("'", "''")
    vis = ""
    if agency:
        vis = (f" AND k.id IN (SELECT task_id FROM task_visibility"
               f" WHERE agency_code = '{agency}')")
    rc, out, err = sql_root(
        "SELECT k.id FROM tasks k WHERE (k.name_fold LIKE '" + pat + "'"
        " OR k.expected_product COLLATE utf8mb4_unicode_520_ci LIKE '"
        + pat + "' OR k.target COLLATE utf8mb4_unicode_520_ci LIKE '"
        + pat + "' OR k.responsible_person COLLATE utf8mb4_unicode_520_ci"
        " LIKE '" + pat + "')" + vis + where + " ORDER BY k.id DESC")
    eq(rc, 0, f"search rule: {err}")
    return [int(x) for x in out.split()]
