#!/usr/bin/python3
"""Test HTTP(S) server for the probe component tests.

Prints its port on stdout, then serves until stdin closes (so it dies with
the test).  Behaviour per request path (plain sockets, so the hostile cases
are exact):
  /status/NNN        NNN with body "status NNN"
  /delay/MS          200 after MS milliseconds
  /redirect/CODE?to=URL   CODE with Location: URL (URL-decoded)
  /loop              302 to /loop, for ever
  /body/N            200 with N bytes of "x"
  /chunked/N         200, chunked, N bytes of "y" in 1000-byte chunks
  /echo              200, body = the request head as received
  /drip              the response, one byte a second
  /bigheader         200 with a 1 MB header line
  /endless/CODE      CODE, then an endless body (no Content-Length)
  /garbage           "garbage" instead of a status line
  /rst               RST after reading the request
  /hang              read the request, never answer
Modes (argv): --tls CERT KEY  serve HTTPS;  --hang  accept and read, never
answer anything (also a TLS handshake that stalls);  --rst  reset every
connection right after accept;  --rst-plain  answer a TLS ClientHello as
below but reset every plain HTTP request;  --slow-accept MS  a full accept
queue (backlog 0, filled by the server itself) for MS ms, so a client's SYN
is dropped and its handshake completes only on the retransmit (~1 s), then
serve as usual.
A ClientHello on the plain port is answered "HTTP/1.0 400 Bad Request", as
Go's server does.  --log FILE (last) appends each request head to FILE.
"""
import os
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse

LOG = None
LOG_LOCK = threading.Lock()


def send(c, data):
    try:
        c.sendall(data)
    except OSError:
        pass


def reply(c, code, body=b"", headers=()):
    head = "HTTP/1.1 %d X\r\nContent-Length: %d\r\n" % (code, len(body))
    for h in headers:
        head += h + "\r\n"
    send(c, head.encode() + b"\r\n" + body)


def rst(c):
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()


def handle(c, mode):
    try:
        if mode == "rst":
            rst(c)
            return
        data = b""
        while b"\r\n\r\n" not in data:
            d = c.recv(4096)
            if not d:
                break
            data += d
            if data[:1] == b"\x16" and mode != "hang":
                # A TLS ClientHello on the plain port: answer as Go does.
                send(c, b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
                c.close()
                return
            if mode == "hang":
                data = b""
        if mode == "hang":
            time.sleep(3600)
            return
        if LOG is not None:
            with LOG_LOCK, open(LOG, "ab") as f:
                f.write(data.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n")
        if mode == "rst-plain":
            rst(c)
            return
        line = data.split(b"\r\n", 1)[0].decode("latin-1")
        parts = line.split(" ")
        target = parts[1] if len(parts) > 1 else "/"
        u = urllib.parse.urlsplit(target)
        p = u.path.split("/")
        q = urllib.parse.parse_qs(u.query)
        what = p[1] if len(p) > 1 else ""
        arg = p[2] if len(p) > 2 else ""
        if what == "status":
            reply(c, int(arg), b"status " + arg.encode())
        elif what == "delay":
            time.sleep(int(arg) / 1000.0)
            reply(c, 200, b"late")
        elif what == "redirect":
            reply(c, int(arg), b"moved", ["Location: " + q["to"][0]])
        elif what == "loop":
            reply(c, 302, b"again", ["Location: /loop"])
        elif what == "body":
            reply(c, 200, b"x" * int(arg))
        elif what == "chunked":
            n = int(arg)
            out = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            while n > 0:
                k = min(n, 1000)
                out += b"%x\r\n" % k + b"y" * k + b"\r\n"
                n -= k
            send(c, out + b"0\r\n\r\n")
        elif what == "echo":
            reply(c, 200, data)
        elif what == "drip":
            for b in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
                send(c, bytes([b]))
                time.sleep(1)
        elif what == "bigheader":
            send(c, b"HTTP/1.1 200 OK\r\nX-Big: " + b"b" * (1 << 20) + b"\r\nContent-Length: 0\r\n\r\n")
        elif what == "endless":
            send(c, b"HTTP/1.1 %s X\r\n\r\n" % arg.encode())
            while True:
                c.sendall(b"z" * 65536)
        elif what == "garbage":
            send(c, b"garbage\r\n\r\n")
        elif what == "rst":
            rst(c)
            return
        elif what == "hang":
            time.sleep(3600)
        else:
            reply(c, 200, b"ok")
    except OSError:
        pass
    try:
        c.close()
    except OSError:
        pass


def main():
    global LOG
    mode = "http"
    ctx = None
    args = sys.argv[1:]
    if len(args) >= 2 and args[-2] == "--log":
        LOG = args[-1]
        args = args[:-2]
    if args and args[0] == "--tls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args[1], args[2])
    elif args and args[0] == "--hang":
        mode = "hang"
    elif args and args[0] == "--rst":
        mode = "rst"
    elif args and args[0] == "--rst-plain":
        mode = "rst-plain"
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    fillers = []
    if args and args[0] == "--slow-accept":
        s.listen(0)
        for _ in range(3):
            f = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            f.setblocking(False)
            try:
                f.connect(s.getsockname())
            except BlockingIOError:
                pass
            fillers.append(f)
    else:
        s.listen(64)
    print(s.getsockname()[1], flush=True)
    if fillers:
        time.sleep(int(args[1]) / 1000.0)
        s.listen(64)

    def watch_stdin():
        try:
            sys.stdin.buffer.read()
        finally:
            os._exit(0)
    threading.Thread(target=watch_stdin, daemon=True).start()
    while True:
        c, _ = s.accept()
        if ctx is not None:
            def tls_handle(c=c):
                try:
                    c.settimeout(10)
                    t = ctx.wrap_socket(c, server_side=True)
                    t.settimeout(None)
                except (OSError, ssl.SSLError):
                    c.close()
                    return
                handle(t, mode)
            threading.Thread(target=tls_handle, daemon=True).start()
        else:
            threading.Thread(target=handle, args=(c, mode), daemon=True).start()


if __name__ == "__main__":
    main()
