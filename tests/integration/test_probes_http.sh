# Probes end to end (issue 4), httpGet: liveness kill and restart, readiness
# and `podinit status --ready`, nginx, HTTPS, the --liveness CLI flag.
# Servers listen on 127.0.0.1 ephemeral ports; every wait is bounded.
. "$ROOT/tests/integration/lifecycle_lib.sh"

. "$ROOT/tests/integration/probes_lib.sh"


# --- liveness: 500 -> Unhealthy x2 -> Killing -> restarted ---------------
echo 200 >"$T/live"; echo 200 >"$T/ready"
FLIP=$T/live srv live $PY "$SRVDIR/flipserver.py" && LPORT=$PORT
FLIP=$T/ready srv ready $PY "$SRVDIR/flipserver.py" && RPORT=$PORT
bg_pod -f "$(inst probe_http_flip LPORT=$LPORT RPORT=$RPORT)"
check "http: pod started" wait_ev Started web 5
check "http: readiness success -> status --ready exits 0" poll_rc 0 5 "$PODINIT" status --ready
echo 500 >"$T/ready"
if wait_ev Unhealthy "Readiness probe failed: HTTP probe failed with statuscode: 500" 5; then
	ok "http: readiness 500 -> Unhealthy event in kubelet's words"
else
	notok "http: readiness 500 -> Unhealthy event"; dump
fi
check "http: readiness failure -> status --ready exits 1" poll_rc 1 5 "$PODINIT" status --ready
echo 200 >"$T/ready"
check "http: readiness back -> status --ready exits 0" poll_rc 0 5 "$PODINIT" status --ready
check "http: readiness failure never kills" [ "$(ev_count Killing web)" -eq 0 ]

echo 500 >"$T/live"
if wait_ev Killing "Container web failed liveness probe, will be restarted" 8; then
	ok "http: liveness 500 x failureThreshold -> Killing event"
else
	notok "http: liveness Killing event"; dump
fi
echo 200 >"$T/live"
n=$(sed '/"reason":"Killing"/q' "$EV" | grep -c '"Liveness probe failed: HTTP probe failed with statuscode: 500"')
expect_eq "http: Unhealthy 'Liveness probe failed: HTTP probe failed with statuscode: 500' x failureThreshold before the kill" 2 "$n"
check "http: container restarted (second Started event)" poll_rc 0 8 sh -c "[ \$(grep -c '\"reason\":\"Started\"' '$EV') -ge 2 ]"
rc=$("$PODINIT" status -o json 2>/dev/null | $PY -c 'import json,sys; print(json.load(sys.stdin)["containerStatuses"][0]["restartCount"])' 2>/dev/null)
expect_eq "http: restartCount in status -o json" 1 "$rc"
check "http: ready again after the restart" poll_rc 0 5 "$PODINIT" status --ready
stop_pod
check "http: pod stops on SIGTERM" [ "$RC" -ne 124 ]

# --- nginx: nginx itself under podinit, ready by its probe; 404 elsewhere
NPORT=$(free_port)
mkdir -p "$T/www" "$T/logs"
echo hello >"$T/www/index.html"
cat >"$T/nginx.conf" <<EOF
daemon off;
user root;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/nginx.err;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $T/tmp-body;
	proxy_temp_path $T/tmp-proxy;
	fastcgi_temp_path $T/tmp-fcgi;
	uwsgi_temp_path $T/tmp-uwsgi;
	scgi_temp_path $T/tmp-scgi;
	server {
		listen 127.0.0.1:$NPORT;
		root $T/www;
	}
}
EOF
bg_pod -f "$(inst probe_nginx PORT=$NPORT)"
if poll_rc 0 8 "$PODINIT" probe --http "http://127.0.0.1:$NPORT/index.html"; then
	ok "nginx: podinit probe --http on nginx: Success"
else
	notok "nginx: podinit probe --http"; dump; sed 's/^/#   /' "$T/nginx.err"
fi
if wait_ev Unhealthy "Readiness probe failed: HTTP probe failed with statuscode: 404" 5; then
	ok "nginx: readiness on a missing page -> 404 Unhealthy event"
else
	notok "nginx: 404 Unhealthy event"; dump
fi
st=$("$PODINIT" status -o json 2>/dev/null | $PY -c '
import json, sys
s = json.load(sys.stdin)
print(" ".join("%s=%s" % (c["name"], c["ready"]) for c in s["containerStatuses"]))' 2>/dev/null)
expect_eq "nginx: nginx ready by its httpGet probe, the 404 one not" "nginx=True missing=False" "$st"
"$PODINIT" probe --http "http://127.0.0.1:$NPORT/missing.html" >"$T/p.out" 2>&1
rc=$?
expect_eq "nginx: podinit probe on a 404 exits 1" "1 Failure: HTTP probe failed with statuscode: 404" "$rc $(cat "$T/p.out")"
stop_pod

# --- HTTPS against the python ssl server ----------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" \
    -days 2 -subj /CN=localhost >/dev/null 2>&1
srv tls $PY "$SRVDIR/httpserver.py" --tls "$T/cert.pem" "$T/key.pem" && SPORT=$PORT
bg_pod -f "$(inst probe_https PORT=$SPORT)"
check "https: readiness over TLS (verification off) -> ready" poll_rc 0 8 "$PODINIT" status --ready
if wait_ev Unhealthy "Liveness probe failed: HTTP probe failed with statuscode: 503" 5; then
	ok "https: 503 over TLS -> Unhealthy in kubelet's words"
else
	notok "https: 503 Unhealthy"; dump
fi
stop_pod
"$PODINIT" probe --http "https://127.0.0.1:$SPORT/status/204" >/dev/null 2>&1
expect_eq "https: podinit probe --http https://... 204 exits 0" 0 $?

# --- an HTTPS postStart hook answered in plain HTTP: kubelet's fallback ---
srv plainlog $PY "$SRVDIR/httpserver.py" --log "$T/hook.log" && FPORT=$PORT
bg_pod -f "$(inst lc-https-fallback PORT=$FPORT)"
if wait_ev LifecycleHTTPFallback \
    "request to HTTPS lifecycle hook 127.0.0.1:$FPORT got HTTP response, retry with HTTP succeeded" 5; then
	ok "hook fallback: HTTPS answered in HTTP -> retried over HTTP, LifecycleHTTPFallback"
else
	notok "hook fallback: no LifecycleHTTPFallback event"; dump
fi
check "hook fallback: kubelet_lifecycle_handler_http_fallbacks_total 1" poll_rc 0 5 metric_ge \
    'kubelet_lifecycle_handler_http_fallbacks_total ' 1
expect_eq "hook fallback: the hook succeeded (no FailedPostStartHook)" 0 "$(ev_count FailedPostStartHook)"
expect_eq "hook fallback: one plain GET, without Authorization" "1 0" \
    "$(grep -c '^GET /hook HTTP/1.1' "$T/hook.log") $(grep -c -i '^Authorization:' "$T/hook.log")"
stop_pod

# --- the CLI flags, no manifest -------------------------------------------
echo 200 >"$T/live"
bg_pod --liveness "http://:$LPORT/healthz period=1s failure=2" --restart Always -- sleep 100
check "cli: --liveness: started" wait_ev Started "" 5
check "cli: --liveness: a successful attempt (prober_probe_total)" poll_rc 0 5 metric_ge \
    'prober_probe_total{probe_type="Liveness",result="successful"' 1
check "cli: --liveness: no Unhealthy while the server says 200" [ "$(ev_count Unhealthy)" -eq 0 ]
echo 500 >"$T/live"
if wait_ev Killing "failed liveness probe, will be restarted" 6; then
	ok "cli: --liveness 'http://:PORT/healthz period=1s failure=2' kills on 500"
else
	notok "cli: --liveness kill"; dump
fi
echo 200 >"$T/live"
check "cli: --restart Always restarts it" poll_rc 0 8 sh -c "[ \$(grep -c '\"reason\":\"Started\"' '$EV') -ge 2 ]"
n=$(sed '/"reason":"Killing"/q' "$EV" | grep -c 'Liveness probe failed: HTTP probe failed with statuscode: 500')
expect_eq "cli: exactly failureThreshold=2 Unhealthy events before the kill" 2 "$n"
stop_pod
