# `podinit probe` one-shot (issue 4): --http/--tcp/--exec/--grpc, exit 0
# Success, 1 Failure, 2 Unknown, and --timeout.  127.0.0.1 ephemeral ports.
. "$ROOT/tests/integration/lifecycle_lib.sh"

. "$ROOT/tests/integration/probes_lib.sh"

# probe_rc WANT NAME ARGS...: `podinit probe ARGS` exits WANT
probe_rc() {
	local want=$1 name=$2 got
	shift 2
	"$PODINIT" probe "$@" >"$T/p.out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "probe: $name -> exit $want ($(head -c 100 "$T/p.out" | head -n1))"
	else
		notok "probe: $name: want exit $want got $got: $(head -c 200 "$T/p.out")"
	fi
}

# A server whose body ends early (Content-Length 100, 3 bytes): a body read
# error after the headers, which kubelet discards as Unknown.
cat >"$T/short.py" <<'PY'
import os, socket, sys, threading
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
threading.Thread(target=lambda: (sys.stdin.buffer.read(), os._exit(0)), daemon=True).start()
while True:
    c, _ = s.accept()
    d = b""
    while b"\r\n\r\n" not in d:
        x = c.recv(4096)
        if not x:
            break
        d += x
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
    c.close()
PY

srv http $PY "$SRVDIR/httpserver.py" && HPORT=$PORT
srv hang $PY "$SRVDIR/httpserver.py" --hang && HANG=$PORT
srv short $PY "$T/short.py" && SHORT=$PORT
srv grpc $PY "$SRVDIR/grpcserver.py" good=SERVING bad=NOT_SERVING && GPORT=$PORT
CLOSED=$(free_port)

probe_rc 0 "--http 200" --http "http://127.0.0.1:$HPORT/status/200"
probe_rc 0 "--http 302 to the same host" --http "http://127.0.0.1:$HPORT/redirect/302?to=/status/200"
probe_rc 1 "--http 500" --http "http://127.0.0.1:$HPORT/status/500"
probe_rc 1 "--http refused" --http "http://127.0.0.1:$CLOSED/"
probe_rc 2 "--http body cut short (Unknown)" --http "http://127.0.0.1:$SHORT/"
grep -q '^Unknown' "$T/p.out"
check "probe: Unknown is printed as Unknown" [ $? -eq 0 ]
probe_rc 0 "--http with --header" --header 'X-Probe: yes' --http "http://127.0.0.1:$HPORT/echo"
check "probe: --header is sent" grep -qi 'X-Probe: yes' "$T/p.out"
probe_rc 0 "--tcp open" --tcp "127.0.0.1:$HPORT"
probe_rc 1 "--tcp refused" --tcp "127.0.0.1:$CLOSED"
# The host may be left out, as in --liveness: the default host (127.0.0.1).
probe_rc 0 "--tcp :PORT (default host)" --tcp ":$HPORT"
probe_rc 0 "--tcp PORT (default host)" --tcp "$HPORT"
probe_rc 0 "--http http://:PORT/ (default host)" --http "http://:$HPORT/status/200"
probe_rc 0 "--exec true" --exec /bin/true
probe_rc 1 "--exec false" --exec /bin/false
probe_rc 1 "--exec not found" --exec /nonexistent/cmd
probe_rc 0 "--grpc SERVING" --grpc "127.0.0.1:$GPORT/good"
probe_rc 1 "--grpc NOT_SERVING" --grpc "127.0.0.1:$GPORT/bad"
probe_rc 1 "--grpc refused" --grpc "127.0.0.1:$CLOSED"

t0=$(now_ms)
probe_rc 1 "--timeout 500ms --http on a server that never answers" --timeout 500ms --http "http://127.0.0.1:$HANG/"
t1=$(now_ms)
check "probe: ...ends at its timeout ($((t1 - t0)) ms)" within $((t1 - t0)) 550 250
t0=$(now_ms)
probe_rc 1 "--timeout 1s --exec sleep 10" --timeout 1s --exec sleep 10
t1=$(now_ms)
check "probe: ...'command timed out' at 1 s ($((t1 - t0)) ms)" within $((t1 - t0)) 1050 250
check "probe: ...message in kubelet's words" grep -q 'command "sleep 10" timed out' "$T/p.out"
t0=$(now_ms)
probe_rc 0 "--exec leaving a child on stdout" --timeout 2s --exec sh -c 'sleep 30 & exit 0'
t1=$(now_ms)
check "probe: ...completes when sh exits ($((t1 - t0)) ms)" [ $((t1 - t0)) -lt 1000 ]
probe_rc 125 "no probe given (usage error)"
