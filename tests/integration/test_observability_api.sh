# Observability end to end (issue 6): the real binary as PID 1 with the
# status API on its unix socket ($PODINIT_SOCKET, from lib.sh) and on TCP.
# /livez and /readyz follow the probes, `podinit status --ready` follows
# readiness, /status after a liveness restart, kubelet's event wording in
# /events and --events, /metrics parsed by prometheus_client with counters
# that only grow, socket mode 0600, describe text, a missing socket.
# Servers listen on 127.0.0.1 ephemeral ports; every wait is bounded.
. "$ROOT/tests/integration/lifecycle_lib.sh"

. "$ROOT/tests/integration/probes_lib.sh"
SOCK=$PODINIT_SOCKET

# code PATH: the HTTP status of GET PATH on the unix socket
code() {
	curl -s -o /dev/null -w '%{http_code}' --max-time 2 --unix-socket "$SOCK" "http://podinit$1"
}
# code_is WANT PATH: poll (bounded, 6 s) until GET PATH answers WANT
code_is() {
	local i=0
	while [ $i -lt 120 ]; do
		[ "$(code "$2")" = "$1" ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}
# jq_py EXPR < JSON: print the python expression EXPR over the document d
jq_py() {
	$PY -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1" 2>&1
}


# Checks every /metrics scrape given (files, in scrape order) with
# prometheus_client's text parser; prints TAP-ish lines itself.
cat >"$T/metrics_check.py" <<'PY'
import sys
from prometheus_client.parser import text_string_to_metric_families

files = sys.argv[1:]
want = ["prober_probe_total", "prober_probe_duration_seconds",
        "podinit_container_restarts_total", "podinit_container_ready",
        "podinit_container_started", "podinit_container_last_exit_code",
        "podinit_container_cpu_seconds_total", "podinit_container_memory_bytes",
        "podinit_pod_phase", "podinit_zombies_reaped_total",
        "podinit_process_resident_memory_bytes", "podinit_process_open_fds"]
scrapes = []
bad = []
for f in files:
    text = open(f).read()
    try:
        fams = list(text_string_to_metric_families(text))
    except Exception as e:  # the parser raises ValueError and friends
        bad.append("%s: %r" % (f, e))
        continue
    samples = {}
    untyped = []
    for fam in fams:
        if fam.type == "unknown" or not fam.documentation:
            untyped.append(fam.name)
        for s in fam.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = (fam.type, s.value)
    if untyped:
        bad.append("%s: no HELP/TYPE for %s" % (f, untyped))
    scrapes.append(samples)
def res(ok, name, detail=""):
    print(("ok - " if ok else "not ok - ") + name + ("" if ok else ": " + detail))
res(not bad and len(scrapes) == len(files),
    "metrics: %d scrapes parse with prometheus_client, HELP and TYPE for every family" % len(files),
    "; ".join(bad)[:600])
if not scrapes:
    sys.exit(0)
names = {k[0] for k in scrapes[-1]}
missing = [w for w in want if not any(n == w or n.startswith(w + "_") for n in names)]
res(not missing, "metrics: every family SPEC.md names is present", "missing %s" % missing)
# Counters (and a histogram's _count/_sum/_bucket) never go down.
down = []
for a, b in zip(scrapes, scrapes[1:]):
    for k, (typ, v) in a.items():
        if typ not in ("counter", "histogram"):
            continue
        if k in b and b[k][1] < v:
            down.append("%s%s %g -> %g" % (k[0], dict(k[1]), v, b[k][1]))
        if k not in b:
            down.append("%s%s vanished" % (k[0], dict(k[1])))
res(not down, "metrics: counters only grow across %d scrapes" % len(scrapes), "; ".join(down)[:600])
def val(s, name, **lab):
    tot = None
    for (n, labels), (_, v) in s.items():
        d = dict(labels)
        if n == name and all(d.get(k) == x for k, x in lab.items()):
            tot = (tot or 0) + v
    return tot
first, last = scrapes[0], scrapes[-1]
for name, lab, why in [
        ("prober_probe_total", dict(container="app", probe_type="Readiness"), "readiness probes ran"),
        ("prober_probe_total", dict(container="app", probe_type="Liveness", result="failed"), "liveness failures counted"),
        ("podinit_container_restarts_total", dict(container="app"), "the liveness restart counted"),
        ("podinit_zombies_reaped_total", {}, "orphans reaped")]:
    a, b = val(first, name, **lab), val(last, name, **lab)
    res(a is not None and b is not None and b > a,
        "metrics: %s grew between the first and last scrape (%s)" % (name, why), "%s -> %s" % (a, b))
r = val(last, "podinit_container_restarts_total", container="app")
res(r == 1, "metrics: podinit_container_restarts_total{container=app} is 1 after one kill", str(r))
ph = {dict(l).get("phase"): v for (n, l), (_, v) in last.items() if n == "podinit_pod_phase"}
res(ph.get("Running") == 1 and sum(ph.values()) == 1, "metrics: podinit_pod_phase{phase=Running} 1, others 0", str(ph))
PY

# Checks the --events file (JSON lines) and the /events array for exact
# keys, RFC 3339 UTC milliseconds, types, and the liveness kill's wording.
cat >"$T/events_check.py" <<'PY'
import json, re, sys
evfile, apifile = sys.argv[1], sys.argv[2]
keys = ["time", "type", "reason", "container", "message", "count"]
tre = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
def res(ok, name, detail=""):
    print(("ok - " if ok else "not ok - ") + name + ("" if ok else ": " + detail))
def check(evs, where, exact):
    # --events lines have exactly SPEC.md's keys; /events may add kubectl's
    # firstTimestamp/lastTimestamp.
    bad = [e for e in evs if not isinstance(e, dict)
           or (sorted(e) != sorted(keys) if exact else not set(keys) <= set(e))
           or not tre.match(e["time"]) or e["type"] not in ("Normal", "Warning")
           or not isinstance(e["count"], int) or e["count"] < 1]
    res(evs and not bad, "events %s: %s keys %s, time RFC 3339 UTC with ms" % (where, "exact" if exact else "at least the", keys),
        "%d events, bad: %s" % (len(evs), bad[:2]))
    unh = [e for e in evs if e["reason"] == "Unhealthy" and e["container"] == "app"
           and e["message"].startswith("Liveness probe failed: kill file present")]
    res(unh and all(e["type"] == "Warning" for e in unh),
        "events %s: Warning Unhealthy 'Liveness probe failed: kill file present'" % where,
        str([e for e in evs if e["reason"] == "Unhealthy"][:3]))
    kil = [e for e in evs if e["reason"] == "Killing" and e["container"] == "app"]
    res(kil and all(e["type"] == "Normal" and e["message"] ==
                    "Container app failed liveness probe, will be restarted" for e in kil),
        "events %s: Normal Killing 'Container app failed liveness probe, will be restarted'" % where,
        str(kil[:2]))
    rdy = [e for e in evs if e["reason"] == "Unhealthy" and e["message"].startswith(
        "Readiness probe failed: HTTP probe failed with statuscode: 503")]
    res(rdy, "events %s: Unhealthy 'Readiness probe failed: HTTP probe failed with statuscode: 503'" % where)
    # The Unhealthy that reached failureThreshold comes before the Killing.
    order = [e["reason"] for e in evs if e["container"] == "app" and e["reason"] in ("Unhealthy", "Killing", "Started")
             and (e["reason"] != "Unhealthy" or e["message"].startswith("Liveness"))]
    res("Killing" in order and "Unhealthy" in order[:order.index("Killing")] and "Started" in order[order.index("Killing"):],
        "events %s: Unhealthy, then Killing, then Started again" % where, str(order))
lines = []
try:
    raw = open(evfile).read().splitlines()
    lines = [json.loads(l) for l in raw]
    res(all(l.startswith("{") and l.endswith("}") for l in raw), "events --events: one JSON object per line")
except ValueError as e:
    res(False, "events --events: one JSON object per line", repr(e))
check(lines, "--events file", True)
try:
    arr = json.load(open(apifile))
except ValueError as e:
    arr = []
    res(False, "events /events: a JSON array", repr(e))
check(arr if isinstance(arr, list) else [], "/events", False)
PY

# --- the pod ---------------------------------------------------------------
echo 200 >"$T/ready"
FLIP=$T/ready srv ready $PY "$SRVDIR/flipserver.py" && RPORT=$PORT
TPORT=$(free_port)
# --isolation none: the "orphans" container's grandchildren are to be
# reaped by podinit (podinit_zombies_reaped_total); in a PID namespace of
# its own the container's init would adopt them instead, as under kubelet.
bg_pod --isolation none -f "$(inst obs_api RPORT=$RPORT)" --status-addr "127.0.0.1:$TPORT"
check "obs: pod started" wait_ev Started app 5
check "obs: socket created at \$PODINIT_SOCKET" poll_rc 0 5 test -S "$SOCK"
expect_eq "obs: unix socket mode 0600" 600 "$(stat -c %a "$SOCK" 2>/dev/null)"

# --- /readyz, /livez, status --ready follow a flipped readiness probe ------
check "obs: /readyz 200 once the readiness probe passes" code_is 200 /readyz
expect_eq "obs: /livez 200 while running" 200 "$(code /livez)"
check "obs: podinit status --ready exits 0 when ready" poll_rc 0 5 "$PODINIT" status --ready
expect_eq "obs: podinit status --live exits 0" 0 "$("$PODINIT" status --live >/dev/null 2>&1; echo $?)"
curl -s --max-time 2 --unix-socket "$SOCK" -o "$T/m1" http://podinit/metrics
echo 503 >"$T/ready"
check "obs: /readyz 503 after the readiness probe flips to failing" code_is 503 /readyz
expect_eq "obs: /livez still 200 (readiness never touches liveness)" 200 "$(code /livez)"
check "obs: podinit status --ready exits 1 when not ready" poll_rc 1 5 "$PODINIT" status --ready
r=$("$PODINIT" status -o json | jq_py '[c["status"] for c in d["conditions"] if c["type"] == "Ready"][0]')
expect_eq "obs: /status Ready condition False" False "$r"
curl -s --max-time 2 --unix-socket "$SOCK" -o "$T/m2" http://podinit/metrics
echo 200 >"$T/ready"
check "obs: /readyz 200 again after the probe flips back" code_is 200 /readyz
check "obs: podinit status --ready exits 0 again" poll_rc 0 5 "$PODINIT" status --ready

# --- TCP serves the same ---------------------------------------------------
tc=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$TPORT/readyz")
expect_eq "obs: --status-addr 127.0.0.1:PORT /readyz" 200 "$tc"
same=no
for i in 1 2 3; do
	a=$(curl -s --max-time 2 --unix-socket "$SOCK" http://podinit/status)
	b=$(curl -s --max-time 2 "http://127.0.0.1:$TPORT/status")
	[ -n "$a" ] && [ "$a" = "$b" ] && { same=yes; break; }
	sleep 0.1
done
expect_eq "obs: TCP /status is the unix socket's /status" yes "$same"
tc=$(curl -s --max-time 2 "http://127.0.0.1:$TPORT/metrics" | grep -c '^prober_probe_total{')
check "obs: TCP /metrics has prober_probe_total samples ($tc)" [ "${tc:-0}" -ge 2 ]
expect_eq "obs: TCP POST /status -> 405" 405 \
    "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST "http://127.0.0.1:$TPORT/status")"
expect_eq "obs: TCP GET /nope -> 404" 404 \
    "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$TPORT/nope")"

# --- a liveness kill: /livez 503 through the grace, then a restart ---------
curl -s --max-time 2 --unix-socket "$SOCK" -o "$T/m3" http://podinit/metrics
before=$("$PODINIT" status -o json | jq_py 'd["containerStatuses"][0]["state"]["running"]["startedAt"]')
touch "$T/kill"
if wait_ev Killing "Container app failed liveness probe, will be restarted" 8; then
	ok "obs: liveness failing x failureThreshold -> Killing event"
else
	notok "obs: liveness Killing event"; dump
fi
# TERM is ignored: the container lives on through the 2 s grace.
check "obs: /livez 503 from the liveness failure until the container runs again" code_is 503 /livez
check "obs: podinit status --live exits 1 meanwhile" poll_rc 1 2 "$PODINIT" status --live
curl -s --max-time 2 --unix-socket "$SOCK" -o "$T/m4" http://podinit/metrics
check "obs: restarted (a second Started event)" poll_rc 0 8 sh -c "[ \$(grep -c '\"reason\":\"Started\",\"container\":\"app\"' '$EV') -ge 2 ]"
check "obs: /livez 200 again once the container runs" code_is 200 /livez
check "obs: /readyz 200 again after the restart" code_is 200 /readyz
"$PODINIT" status -o json >"$T/status.json" 2>"$T/status.err"
cat >"$T/status_check.py" <<'PY'
import json, sys, datetime
d = json.load(open(sys.argv[1]))
before = sys.argv[2]
def res(ok, name, detail=""):
    print(("ok - " if ok else "not ok - ") + name + ("" if ok else ": " + detail))
def ts(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")
c = [x for x in d.get("containerStatuses", []) if x.get("name") == "app"]
res(len(c) == 1, "status: containerStatuses has app", json.dumps(d)[:300])
c = c[0] if c else {}
res(d.get("phase") == "Running", "status: phase Running", str(d.get("phase")))
res(c.get("restartCount") == 1, "status: restartCount 1 after one liveness kill", str(c.get("restartCount")))
t = c.get("lastState", {}).get("terminated", {})
res(t.get("exitCode") == 137 and t.get("signal") == 9,
    "status: lastState.terminated exitCode 137 signal 9 (TERM ignored, killed after the grace)", str(t))
res(t.get("reason") == "Error", "status: lastState.terminated.reason Error", str(t.get("reason")))
run = c.get("state", {}).get("running", {})
try:
    ok = ts(run["startedAt"]) >= ts(t["finishedAt"]) >= ts(t["startedAt"]) and ts(t["startedAt"]) >= ts(before)
except (KeyError, ValueError) as e:
    ok = False
res(ok, "status: state.running.startedAt after lastState's startedAt/finishedAt (RFC 3339)",
    "before %s now %s" % (before, json.dumps(c)[:400]))
res(c.get("ready") is True and c.get("started") is True, "status: ready and started true again",
    "ready %s started %s" % (c.get("ready"), c.get("started")))
conds = {x["type"]: x["status"] for x in d.get("conditions", [])}
res(conds.get("Ready") == "True" and conds.get("ContainersReady") == "True",
    "status: Ready and ContainersReady conditions True", str(conds))
PY
$PY "$T/status_check.py" "$T/status.json" "$before"

# --- events: --events file and /events ------------------------------------
curl -s --max-time 2 --unix-socket "$SOCK" -o "$T/events.json" http://podinit/events
$PY "$T/events_check.py" "$EV" "$T/events.json"
"$PODINIT" status --events -o json >"$T/events2.json"
r=$(jq_py 'len(d) > 0 and {"time","type","reason","container","message","count"} <= set(d[0])' <"$T/events2.json")
expect_eq "obs: podinit status --events -o json prints the events array" True "$r"

# --- metrics: several scrapes across the restart ---------------------------
for i in 5 6 7; do
	sleep 0.4
	curl -s --max-time 2 --unix-socket "$SOCK" -o "$T/m$i" http://podinit/metrics
done
$PY "$T/metrics_check.py" "$T/m1" "$T/m2" "$T/m3" "$T/m4" "$T/m5" "$T/m6" "$T/m7"
ct=$(curl -s -D - -o /dev/null --max-time 2 --unix-socket "$SOCK" http://podinit/metrics | tr -d '\r' |
    awk -F': ' 'tolower($1) == "content-type" { print $2 }')
expect_eq "obs: /metrics Content-Type is text format 0.0.4" "text/plain; version=0.0.4; charset=utf-8" "$ct"

# --- podinit status (describe) ----------------------------------------------
"$PODINIT" status >"$T/describe" 2>&1
rc=$?
expect_eq "obs: podinit status exits 0" 0 "$rc"
grep -q '^Name: *obs-api$' "$T/describe" && grep -q '^Status: *Running$' "$T/describe" && dok=1 || dok=
check "obs: describe shows Name and Status" [ -n "$dok" ]
check "obs: describe shows the container app" grep -q '^  app:$' "$T/describe"
check "obs: describe shows the restart count" grep -Eq '^    Restart Count: +1$' "$T/describe"
check "obs: describe shows Last State Terminated, reason Error, exit code 137" \
    sh -c "grep -Eq '^    Last State: +Terminated' '$T/describe' && grep -Eq '^      Reason: +Error' '$T/describe' && grep -Eq '^      Exit Code: +137' '$T/describe'"
lv="    Liveness:       exec [/bin/sh -c test ! -e $T/kill || { echo kill file present; exit 1; }] delay=1s timeout=1s period=1s #success=1 #failure=2"
check "obs: describe shows the liveness probe in kubectl's one-line form" grep -qxF -- "$lv" "$T/describe"
rd="    Readiness:      http-get http://:$RPORT/ready delay=0s timeout=1s period=1s #success=1 #failure=1"
check "obs: describe shows the readiness probe in kubectl's one-line form" grep -qxF -- "$rd" "$T/describe"
check "obs: describe has the events table header" grep -Eq '^  Type +Reason +Age +From +Message$' "$T/describe"
check "obs: describe events table has the Killing row" \
    grep -Eq '^  Normal +Killing +[0-9].* +kubelet +Container app failed liveness probe, will be restarted$' "$T/describe"
check "obs: describe events table has the liveness Unhealthy row" \
    grep -Eq '^  Warning +Unhealthy +[0-9].* +kubelet +Liveness probe failed: kill file present' "$T/describe"
if [ "$dok" != 1 ] || ! grep -q Killing "$T/describe"; then sed 's/^/#   /' "$T/describe"; fi

# --- stop: the socket goes away; then a missing socket ---------------------
stop_pod() {
	kill -TERM "$PP" 2>/dev/null
	bg_wait 10
	PP=
}
stop_pod
check "obs: pod stops on SIGTERM" [ "$RC" -ne 124 ]
check "obs: socket file removed on exit" [ ! -e "$SOCK" ]
"$PODINIT" status --ready >"$T/o" 2>"$T/e"
rc=$?
expect_eq "obs: podinit status --ready with no socket exits 2" 2 "$rc"
check "obs: ... with a message naming the socket" grep -qF "cannot connect to $SOCK" "$T/e"
"$PODINIT" status --socket "$T/nowhere/x.sock" >"$T/o" 2>"$T/e"
rc=$?
expect_eq "obs: podinit status --socket MISSING exits 2" 2 "$rc"
check "obs: ... and says to use --socket or PODINIT_SOCKET" grep -q 'PODINIT_SOCKET' "$T/e"
