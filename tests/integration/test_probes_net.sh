# Probes end to end (issue 4), tcpSocket against socat and grpc against the
# python gRPC health server.  127.0.0.1 ephemeral ports, bounded waits.
. "$ROOT/tests/integration/lifecycle_lib.sh"

. "$ROOT/tests/integration/probes_lib.sh"

# --- tcpSocket against socat, then socat killed -----------------------------
TPORT=$(free_port)
socat TCP4-LISTEN:$TPORT,bind=127.0.0.1,reuseaddr,fork OPEN:/dev/null >"$T/socat.err" 2>&1 &
SOCAT=$!
SRV_PIDS="$SRV_PIDS $SOCAT"
check "tcp: socat listening" poll_rc 0 5 "$PODINIT" probe --tcp "127.0.0.1:$TPORT"
bg_pod -f "$(inst probe_tcp PORT=$TPORT)"
check "tcp: readiness connects -> ready" poll_rc 0 5 "$PODINIT" status --ready
check "tcp: no Unhealthy while socat listens" [ "$(ev_count Unhealthy)" -eq 0 ]
kill "$SOCAT"
if wait_ev Unhealthy "Readiness probe failed: dial tcp 127.0.0.1:$TPORT: connect: connection refused" 5; then
	ok "tcp: socat gone -> 'dial tcp ...: connect: connection refused'"
else
	notok "tcp: connection refused event"; dump
fi
check "tcp: not ready once socat is gone" poll_rc 1 5 "$PODINIT" status --ready
if wait_ev Killing "Container tcp failed liveness probe, will be restarted" 5; then
	ok "tcp: liveness kills after failureThreshold"
else
	notok "tcp: Killing"; dump
fi
stop_pod
"$PODINIT" probe --tcp "127.0.0.1:$TPORT" >/dev/null 2>&1
expect_eq "tcp: podinit probe --tcp on a closed port exits 1" 1 $?

# --- grpc: SERVING / NOT_SERVING by `service` -------------------------------
srv grpc $PY "$SRVDIR/grpcserver.py" good=SERVING bad=NOT_SERVING && GPORT=$PORT
bg_pod -f "$(inst probe_grpc PORT=$GPORT)"
check "grpc: readiness service=good SERVING -> ready" poll_rc 0 8 "$PODINIT" status --ready
if wait_ev Unhealthy 'Liveness probe failed: service unhealthy (responded with \"NOT_SERVING\")' 5; then
	ok "grpc: service=bad NOT_SERVING -> Unhealthy in kubelet's words"
else
	notok "grpc: NOT_SERVING Unhealthy"; dump
fi
check "grpc: no Unhealthy for the SERVING service" [ "$(grep -c 'Readiness probe failed' "$EV")" -eq 0 ]
stop_pod
"$PODINIT" probe --grpc "127.0.0.1:$GPORT/good" >/dev/null 2>&1
expect_eq "grpc: podinit probe --grpc H:P/good exits 0" 0 $?
"$PODINIT" probe --grpc "127.0.0.1:$GPORT/bad" >"$T/p.out" 2>&1
rc=$?
expect_eq "grpc: podinit probe --grpc H:P/bad exits 1" \
    '1 Failure: service unhealthy (responded with "NOT_SERVING")' "$rc $(cat "$T/p.out")"

# --- a named port no container port declares: the pod runs, each attempt fails
bg_pod -f "$(case_file probe_named_port)"
if wait_ev Unhealthy "Readiness probe failed: couldn't resolve port http: port http not found in the container's ports" 5; then
	ok "named port: undeclared -> the pod runs, each attempt fails naming the port"
else
	notok "named port: no Unhealthy naming the port"; dump
fi
check "named port: never ready" poll_rc 1 3 "$PODINIT" status --ready
stop_pod
