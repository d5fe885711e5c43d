#!/usr/bin/python3
"""Test gRPC server for the grpc probe tests (Debian's python3-grpcio).

grpc_health is not packaged, so grpc.health.v1.Health/Check is served by
a generic handler with the protobuf messages encoded by hand.
  grpcserver.py [--no-health] [--delay SECONDS] [SERVICE=STATUS ...]
STATUS is SERVING, NOT_SERVING, UNKNOWN or SERVICE_UNKNOWN; "" names the
overall server (default SERVING).  An unlisted service answers NOT_FOUND
"unknown service", as grpc_health's servicer does.  Prints the port, then
serves until stdin closes.
"""
import os
import sys
import threading
import time
from concurrent import futures

import grpc

STATUS = {"UNKNOWN": 0, "SERVING": 1, "NOT_SERVING": 2, "SERVICE_UNKNOWN": 3}


def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def parse_service(data):
    i = 0
    svc = ""
    while i < len(data):
        key = data[i]
        i += 1
        if key == 0x0A:
            n = 0
            shift = 0
            while True:
                b = data[i]
                i += 1
                n |= (b & 0x7F) << shift
                shift += 7
                if not b & 0x80:
                    break
            svc = data[i:i + n].decode()
            i += n
        else:
            break
    return svc


def main():
    health = True
    delay = 0.0
    table = {"": 1}
    args = sys.argv[1:]
    while args:
        a = args.pop(0)
        if a == "--no-health":
            health = False
        elif a == "--delay":
            delay = float(args.pop(0))
        else:
            k, v = a.split("=", 1)
            table[k] = STATUS[v]

    def check(request, context):
        if delay:
            time.sleep(delay)
        svc = parse_service(request)
        if svc not in table:
            context.abort(grpc.StatusCode.NOT_FOUND, "unknown service")
        st = table[svc]
        return (b"\x08" + varint(st)) if st else b""

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    if health:
        handler = grpc.method_handlers_generic_handler(
            "grpc.health.v1.Health",
            {"Check": grpc.unary_unary_rpc_method_handler(check)})
        server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    try:
        sys.stdin.buffer.read()
    finally:
        os._exit(0)


if __name__ == "__main__":
    main()
