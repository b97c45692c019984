# SPDX-License-Identifier: ISC
"""The stack sends the reminders every morning, not only at start (issue
12): packaging/stack.sh leaves a loop whose pid is in run/NAME/remind.pid,
asleep until the next 07:30 in the province (00:30 UTC), the time of the
package's nhiemvu-remind.timer; the package ships that timer."""

import datetime
import os

from lib import RUN, TOP, check, eq


def children(pid):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
            with open(f"/proc/{d}/cmdline", "rb") as f:
                cmd = f.read().split(b"\0")
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        if ppid == pid:
            out.append([c.decode() for c in cmd if c])
    return out


def test_loop_sleeps_until_the_morning():
    with open(os.path.join(RUN, "remind.pid")) as f:
        pid = int(f.read().strip())
    os.kill(pid, 0)  # alive
    now = datetime.datetime.now(datetime.timezone.utc)
    nxt = now.replace(hour=0, minute=30, second=0, microsecond=0)
    if nxt <= now:
        nxt += datetime.timedelta(days=1)
    sleeps = [c for c in children(pid) if c and c[0].endswith("sleep")]
    eq(len(sleeps), 1, f"one sleep under the loop: {children(pid)}")
    secs = int(sleeps[0][1])
    check(0 < secs <= 86400, f"at most a day: {secs}")
    with open(os.path.join(RUN, "log", "remind.log")) as f:
        lines = [ln for ln in f if "next reminders in" in ln]
    check(lines, "the loop says when it runs next")
    eq(lines[-1].split("(")[-1].strip().rstrip(")"),
       nxt.strftime("%Y-%m-%dT%H:%M:%SZ"), "the next 00:30 UTC")
    with open(os.path.join(RUN, "log", "remind.log")) as f:
        check("nhiemvu -R " in f.read(), "a run at start")


def test_the_package_has_the_timer():
    d = os.path.join(TOP, "packaging", "debian")
    with open(os.path.join(d, "nhiemvu.nhiemvu-remind.timer")) as f:
        timer = f.read()
    check("OnCalendar=*-*-* 00:30:00 UTC" in timer, timer)
    with open(os.path.join(d, "nhiemvu.nhiemvu-remind.service")) as f:
        check("ExecStart=/usr/sbin/nhiemvu -R" in f.read(), "the job")
    with open(os.path.join(d, "rules")) as f:
        check("nhiemvu-remind.timer" in f.read(), "installed and enabled")
