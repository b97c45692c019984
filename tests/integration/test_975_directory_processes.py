# SPDX-License-Identifier: ISC
"""The directory's own processes (auth/dir_broker.h, issue 8): only they
hold connections to slapd and run the TLS stack's code; workers ask them
over the pool's abstract SEQPACKET socket, which answers only the pool's
user, and a worker tells nobody else a password; one killed is replaced,
paused ones bound a login's wait; a reload turns them off and on."""

import base64
import os
import pwd
import signal
import socket
import struct
import time

from lib import (LDAP_PORT, SUFFIX, Client, check, children, eq,
                 expect_error, ldap, pool_pid, reloaded, stack, wait_until)

ASK_LOOKUP, ASK_PING = 2, 3
NV_OK = 0
LONG_UID = "ds.matkhaudai"
LONG_PASSWORD = "ệ" * 100  # 100 characters, 300 bytes of UTF-8


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def kinds():
    """The pool's children: (workers, directory processes)."""
    kids = children(pool_pid())
    return ([p for p in kids if comm(p) == "nhiemvu"],
            [p for p in kids if comm(p) == "nhiemvu-dir"])


def socket_inodes(pid):
    out = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                t = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if t.startswith("socket:["):
                out.add(int(t[8:-1]))
    except OSError:
        pass
    return out


def ldap_connections():
    """Inodes of established TCP connections to slapd's port."""
    out = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(name) as f:
            for line in f.readlines()[1:]:
                x = line.split()
                if int(x[2].split(":")[1], 16) == LDAP_PORT and x[3] == "01":
                    out.add(int(x[9]))
    return out


def text_rss(pid, lib):
    """KB of lib's executable mapping resident in pid."""
    kb, in_lib = 0, False
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split()
            if "-" in head[0] and len(head) >= 5:
                in_lib = len(head) >= 6 and lib in head[5] and "x" in head[1]
            elif in_lib and head[0] == "Rss:":
                kb += int(head[1])
    return kb


def pool_address():
    """The abstract name of the socket the pool's supervisor listens on for
    the directory processes: SOCK_SEQPACKET (5), listening (0x10000)."""
    mine = socket_inodes(pool_pid())
    with open("/proc/net/unix") as f:
        for line in f.readlines()[1:]:
            x = line.split()
            if (len(x) >= 8 and x[4] == "0005" and x[3] == "00010000"
                    and int(x[6]) in mine and x[7].startswith("@")):
                return "\0" + x[7][1:]
    raise AssertionError("the pool has no directory processes' socket")


def ask(addr, packet):
    """One question; the answer's bytes, b'' when closed unanswered."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(15)
    try:
        s.connect(addr)
        s.send(packet)
        return s.recv(4096)
    except (ConnectionResetError, BrokenPipeError):
        return b""  # closed with the question unread, maybe before it
    finally:
        s.close()


def question(q, user=b"", password=b"", until=None):
    """A question as dir_broker.c writes it; until: CLOCK_MONOTONIC ms."""
    if until is None:
        until = int(time.clock_gettime(time.CLOCK_MONOTONIC) * 1000) + 5000
    return (struct.pack("=BBHq", q, len(user), len(password), until)
            + user + password)


def as_pool_user(fn):
    """Runs fn() in a child process as the pool's user; its result, or
    the exception's text."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            uid = pwd.getpwnam("nhiemvu")
            os.setgid(uid.pw_gid)
            os.setuid(uid.pw_uid)
            out = repr(fn())
        except Exception as e:  # noqa: BLE001 - reported to the parent
            out = "error: " + repr(e)
        os.write(w, out.encode())
        os._exit(0)
    os.close(w)
    got = b""
    while True:
        b = os.read(r, 65536)
        if not b:
            break
        got += b
    os.close(r)
    os.waitpid(pid, 0)
    return got.decode()


def test_only_the_directory_processes_talk_to_slapd():
    Client(SOURCE).login("cb.skhcn")  # noqa: F821
    for _ in range(8):
        eq(Client(SOURCE).get("health").status, 200,  # noqa: F821
           "health")
    workers, dirs = kinds()
    check(len(workers) >= 2, f"workers: {workers}")
    check(1 <= len(dirs) <= 2, f"directory processes (default 2): {dirs}")
    conns = ldap_connections()
    check(conns, "the stack holds connections to slapd")
    for p in workers:
        eq(socket_inodes(p) & conns, set(),
           f"worker {p} holds no connection to slapd")
        # Neither libldap nor the handshake's arithmetic ever ran in it:
        # none of their code is resident.  GnuTLS's own fork handler
        # runs in every child, one fault-around block (64 KB) of its text;
        # a handshake touches about a megabyte.
        for lib in ("libldap", "libnettle", "libgmp"):
            eq(text_rss(p, lib), 0, f"worker {p}'s {lib} text (KB)")
        check(text_rss(p, "libgnutls") <= 64,
              f"worker {p}'s libgnutls text: {text_rss(p, 'libgnutls')} KB")
    held = set()
    for p in dirs:
        held |= socket_inodes(p) & conns
    check(held, "the directory processes hold the connections")
    check(len(held) <= 2 * len(dirs), f"at most two each: {len(held)}")
    check(any(text_rss(p, "libgnutls") > 256 for p in dirs),
          "StartTLS ran in a directory process")


def test_a_question_from_another_user_is_not_answered():
    addr = pool_address()
    eq(os.geteuid() != pwd.getpwnam("nhiemvu").pw_uid, True,
       "the tests run as another user than the pool (root in CI)")
    eq(ask(addr, question(ASK_PING)), b"", "no answer to another user")
    eq(ask(addr, question(ASK_LOOKUP, b"cb.skhcn")), b"",
       "no directory entry to another user")
    # The pool's own user gets answers: the protocol itself.
    got = as_pool_user(lambda: ask(addr, question(ASK_PING)))
    check(got.startswith("b'"), f"ping as the pool's user: {got}")
    ans = eval(got)  # a bytes repr from our own child
    eq(struct.unpack("=I", ans[:4])[0], NV_OK, "ping answered ok")
    got = eval(as_pool_user(
        lambda: ask(addr, question(ASK_LOOKUP, b"cb.skhcn"))))
    eq(struct.unpack("=I", got[:4])[0], NV_OK, "lookup answered ok")
    n = struct.unpack("=H", got[8:10])[0]
    c = Client(SOURCE)  # noqa: F821
    c.login("cb.skhcn")
    eq(got[10:10 + n].decode(), c.get("session").json["user"]["display_name"],
       "the display name, as a login has it")
    # A malformed question (lengths that disagree) gets nothing, and the
    # process goes on answering.
    bad = question(ASK_LOOKUP, b"cb.skhcn")
    bad = bad[:1] + bytes([60]) + bad[2:]
    eq(eval(as_pool_user(lambda: ask(addr, bad))), b"", "malformed")
    eq(eval(as_pool_user(lambda: ask(addr, question(
        ASK_LOOKUP, b"cb.skhcn\0zz")))), b"", "a NUL in a name")
    # A question whose worker has given up is not worked on.
    eq(eval(as_pool_user(lambda: ask(addr, question(
        ASK_PING, until=1)))), b"", "past its deadline")
    Client(SOURCE).login("cb.skhcn")  # noqa: F821 - fails unless 200


def test_a_killed_directory_process_is_replaced():
    _, dirs = kinds()
    check(len(dirs) >= 1, f"directory processes: {dirs}")
    os.kill(dirs[0], signal.SIGKILL)
    for _ in range(5):
        Client(SOURCE).login("cb.snv")  # noqa: F821
    wait_until(lambda: len(kinds()[1]) == len(dirs)
               and dirs[0] not in kinds()[1], 10,
               "a new directory process")
    eq(Client(SOURCE).get("health").status, 200, "health")  # noqa: F821


def test_paused_directory_processes_bound_a_login():
    _, dirs = kinds()
    check(len(dirs) >= 1, f"directory processes: {dirs}")
    c = Client(SOURCE)  # noqa: F821
    c.login("gd.skhcn")
    for p in dirs:
        os.kill(p, signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        expect_error(Client(SOURCE).post(  # noqa: F821
            "session", {"username": "cb.skhcn", "password": "Demo@2026"}),
            503, "directory_unavailable")
        took = time.monotonic() - t0
        # ldap_timeout (4 s on the check stack) x 2 + 1 s: dir_broker.h.
        check(took < 10.5, f"answered in {took:.1f} s")
        # A session already made needs no directory.
        eq(c.get("session").status, 200, "the session goes on")
    finally:
        for p in dirs:
            os.kill(p, signal.SIGCONT)
    Client(SOURCE).login("cb.skhcn")  # noqa: F821


def test_a_password_of_multibyte_characters():
    """The contract bounds a password in characters (256); in UTF-8 that
    is up to 1,024 bytes, which the question must carry."""
    ldap("ldapdelete", f"uid={LONG_UID},ou=people,{SUFFIX}\n",
         may_fail=True)
    ldap("ldapadd", f"""dn: uid={LONG_UID},ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: {LONG_UID}
cn: Mật khẩu dài
sn: dai
userPassword:: {base64.b64encode(LONG_PASSWORD.encode()).decode()}
""")
    try:
        # Right password, no role group: no_access, so the bind passed.
        expect_error(Client(SOURCE).post(  # noqa: F821
            "session", {"username": LONG_UID, "password": LONG_PASSWORD}),
            403, "no_access")
        expect_error(Client(SOURCE).post(  # noqa: F821
            "session", {"username": LONG_UID,
                        "password": LONG_PASSWORD[:-1] + "ê"}),
            401, "invalid_credentials")
    finally:
        ldap("ldapdelete", f"uid={LONG_UID},ou=people,{SUFFIX}\n",
             may_fail=True)


def dir_sockets(pid):
    """pid's fds that are the pool's directory socket (any listening
    SEQPACKET Unix socket)."""
    with open("/proc/net/unix") as f:
        listening = {int(x[6]) for x in (line.split() for line in
                                         f.readlines()[1:])
                     if len(x) >= 7 and x[4] == "0005" and x[3] == "00010000"}
    return socket_inodes(pid) & listening


def test_a_reload_turns_them_off_and_on():
    with reloaded({"ldap_processes": 0}):
        workers, dirs = kinds()
        eq(dirs, [], "no directory process")
        check(len(workers) >= 2, f"workers: {workers}")
        Client(SOURCE).login("cb.skhcn")  # noqa: F821
        for p in workers:
            eq(dir_sockets(p), set(), f"worker {p} holds no directory socket")
    workers, dirs = kinds()
    eq(len(dirs), 2, "directory processes (the stack's default)")
    Client(SOURCE).login("cb.skhcn")  # noqa: F821
    for p in workers:
        eq(dir_sockets(p), set(), f"worker {p} keeps no directory socket")


def test_anonymous_searches_do_not_crash_workers():
    """ldap_bind_dn empty: searches are anonymous and there is no
    password to wipe (a NULL one crashed every worker at its start)."""
    with reloaded({"ldap_bind_dn": "", "ldap_bind_password_file": ""}):
        before = set(children(pool_pid()))
        for _ in range(12):
            r = Client(SOURCE).get("health")  # noqa: F821
            check(r.status in (200, 503), f"health answered: {r.status}")
        r = Client(SOURCE).post(  # noqa: F821
            "session", {"username": "cb.skhcn", "password": "Demo@2026"})
        check(r.status in (200, 401, 503), f"login answered: {r.status}")
        eq(set(children(pool_pid())), before, "no child died")
    Client(SOURCE).login("cb.skhcn")  # noqa: F821


def squat(name, got):
    """As nobody: listens on the pool's freed name, answers any question
    'yes, an official of SKHCN', and writes what it was sent to got."""
    nobody = pwd.getpwnam("nobody")
    os.setgid(nobody.pw_gid)
    os.setuid(nobody.pw_uid)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    # SIGKILL returns before the processes are gone and their sockets
    # closed: the name is free a moment later.
    for _ in range(100):
        try:
            s.bind(name)
            break
        except OSError:
            time.sleep(0.05)
    s.listen(8)
    s.settimeout(20)
    os.write(got, b"bound\n")
    heard = b""
    try:
        while True:
            c, _ = s.accept()
            c.settimeout(2)
            try:
                heard += c.recv(4096)
                c.send(struct.pack("=II", NV_OK, 3) + b"\xff\xff" * 3
                       + struct.pack("=H", 5) + b"SKHCN")
            except OSError:
                pass
            c.close()
            os.write(got, str(len(heard)).encode() + b"\n")
    except OSError:
        pass


def test_a_worker_tells_a_squatter_nothing():
    """Left running when the supervisor and the directory processes are
    gone (killed), a worker still connects to their socket's name, which
    anyone may then take: it checks the listener's uid first."""
    addr = pool_address()
    workers, dirs = kinds()
    sup = pool_pid()
    os.kill(sup, signal.SIGKILL)
    for p in dirs:
        os.kill(p, signal.SIGKILL)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            squat(addr, w)
        finally:
            os._exit(0)
    os.close(w)
    try:
        eq(os.read(r, 6), b"bound\n", "the squatter has the name")
        for _ in range(4):
            r2 = Client(SOURCE).post(  # noqa: F821
                "session", {"username": "gd.skhcn", "password": "sai-mat-khau"})
            expect_error(r2, 503, "directory_unavailable")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        heard = os.read(r, 4096).decode().split()
        os.close(r)
        for p in workers:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        wait_until(lambda: all(comm(p) == "" for p in workers), 10,
                   "the old workers gone")
        stack("start-pool")
    check(heard, "the squatter was asked (the worker connected)")
    eq(heard[-1], "0", "bytes the squatter received")
    Client(SOURCE).login("cb.skhcn")  # noqa: F821
