# SPDX-License-Identifier: ISC
"""A minimal FastCGI client (responder role, one request per connection),
to talk to a worker pool without nginx."""

import socket
import struct

BEGIN, END, PARAMS, STDIN, STDOUT, STDERR = 1, 3, 4, 5, 6, 7


def _record(kind, content, rid=1):
    return struct.pack("!BBHHBx", 1, kind, rid, len(content), 0) + content


def _pairs(params):
    out = b""
    for k, v in params.items():
        k, v = k.encode(), v.encode()
        for n in (len(k), len(v)):
            out += bytes([n]) if n < 128 else struct.pack("!I", n | 1 << 31)
        out += k + v
    return out


def request(path, params, body=b"", timeout=10):
    """Sends one request to the unix socket at path; returns (status line,
    headers dict, body bytes)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    try:
        msg = _record(BEGIN, struct.pack("!HB5x", 1, 0))
        p = _pairs(params)
        msg += (_record(PARAMS, p) if p else b"") + _record(PARAMS, b"")
        if body:
            msg += _record(STDIN, body)
        msg += _record(STDIN, b"")
        s.sendall(msg)
        out, buf = b"", b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
            while len(buf) >= 8:
                _, kind, _, n, pad = struct.unpack("!BBHHB", buf[:7])
                if len(buf) < 8 + n + pad:
                    break
                if kind == STDOUT:
                    out += buf[8:8 + n]
                buf = buf[8 + n + pad:]
                if kind == END:
                    return _parse(out)
        return _parse(out)
    finally:
        s.close()


def _parse(out):
    head, _, body = out.partition(b"\r\n\r\n")
    headers = {}
    for line in head.decode().split("\r\n"):
        k, _, v = line.partition(": ")
        headers[k] = v
    return headers.get("Status", ""), headers, body
