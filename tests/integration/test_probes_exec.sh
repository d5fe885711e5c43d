# Probes end to end (issue 4), exec: timeout, a probe that leaves a child
# on its stdout, startup gating liveness, and one container's hanging probe
# not delaying another container's probes (measured from probe timestamps).
. "$ROOT/tests/integration/lifecycle_lib.sh"

# --- shared probe-test prelude (same in every test_probes_*.sh) ---------
PY=/usr/bin/python3
SRVDIR=$ROOT/tests/servers
SRV_PIDS=
SRV_FD=4
probes_cleanup() {
	[ -n "$PP" ] && kill -KILL "$BG" 2>/dev/null
	for p in $SRV_PIDS; do kill "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap probes_cleanup EXIT
# srv NAME CMD...: start a server that prints its port and serves until its
# stdin closes (tests/servers/*.py); sets PORT.  stdin is a fifo this shell
# holds open, so the server dies with the test.
srv() {
	local name=$1 i=0
	shift
	mkfifo "$T/$name.in"
	"$@" <"$T/$name.in" >"$T/$name.port" 2>"$T/$name.err" &
	SRV_PIDS="$SRV_PIDS $!"
	SRV_FD=$((SRV_FD + 1))	# dash: fds 5..9
	eval "exec $SRV_FD>\"\$T/\$name.in\""
	PORT=
	while [ $i -lt 500 ]; do
		PORT=$(head -n1 "$T/$name.port" 2>/dev/null)
		[ -n "$PORT" ] && return 0
		sleep 0.02; i=$((i + 1))
	done
	echo "# server $name did not start:"; sed 's/^/#   /' "$T/$name.err"
	return 1
}
free_port() {
	$PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# inst CASE KEY=VAL...: cases/CASE.yaml with @KEY@ replaced, as $T/CASE.yaml
inst() {
	local c=$1 kv args=
	shift
	args="-e s#@DIR@#$T#g"
	for kv in "$@"; do args="$args -e s#@${kv%%=*}@#${kv#*=}#g"; done
	sed $args "$(case_file "$c")" >"$T/$c.yaml"
	echo "$T/$c.yaml"
}
# wait_ev REASON SUBSTRING [SECS]: an event with that reason whose message
# contains SUBSTRING
wait_ev() {
	local secs=${3:-10} i=0
	while [ $i -lt $((secs * 50)) ]; do
		grep "\"reason\":\"$1\"" "$EV" 2>/dev/null | grep -qF -- "$2" && return 0
		sleep 0.02; i=$((i + 1))
	done
	return 1
}
# poll_rc WANT SECS CMD...: until CMD exits WANT (bounded)
poll_rc() {
	local want=$1 secs=$2 i=0
	shift 2
	while [ $i -lt $((secs * 20)) ]; do
		"$@" >/dev/null 2>&1
		[ $? -eq "$want" ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}
# metric_ge PREFIX N: a /metrics sample starting with PREFIX is >= N
metric_ge() {
	curl -s --max-time 2 --unix-socket "$PODINIT_SOCKET" http://podinit/metrics |
	    awk -v p="$1" -v n="$2" 'index($0, p) == 1 && $NF + 0 >= n { f = 1 } END { exit !f }'
}
stop_pod() {
	kill -TERM "$PP" 2>/dev/null
	bg_wait 10
	PP=
}
# -------------------------------------------------------------------------

# --- exec timeout; background child holding stdout --------------------------
bg_pod -f "$(inst probe_exec)"
check "exec: started" wait_ev Started slow 5
t0=$(ev_ms Started slow | head -n1)
if wait_ev Unhealthy 'Liveness probe failed: command \"sleep 10\" timed out' 4; then
	ok "exec: sleep 10 with timeoutSeconds 1 -> Failure 'command \"sleep 10\" timed out'"
else
	notok "exec: timed out event"; dump
fi
t1=$(ev_ms Unhealthy slow | head -n1)
check "exec: the timeout fires at 1 s (+/- 300 ms; got $((t1 - t0)) ms)" within "$((t1 - t0))" 1000 300
# 'sleep 30 &' keeps the pipe open for 30 s; the probe must end when sh
# exits, so the container is ready long before its 1 s timeout.
check "exec: probe leaving a child on stdout completes on time -> ready" poll_rc 0 3 "$PODINIT" status --ready
check "exec: ...and it never timed out" [ "$(grep -c 'Readiness probe failed' "$EV")" -eq 0 ]
stop_pod

# --- startup gates liveness ------------------------------------------------
bg_pod -f "$(inst probe_startup)"
check "startup: started" wait_ev Started app 5
wait_for "$EV" 'Startup probe failed' 4
check "startup: startup probe fails while the file is missing" grep -q 'Startup probe failed' "$EV"
gate=$(now_ms)
: >"$T/started"
check "startup: liveness runs once the startup probe succeeded" wait_for "$T/live.log" . 4
first=$(head -n1 "$T/live.log")
check "startup: no liveness attempt before the startup probe succeeded ($first >= $gate)" \
    [ "${first:-0}" -ge "$gate" ]
check "startup: no kill" [ "$(ev_count Killing)" -eq 0 ]
stop_pod

# --- a hanging probe of one container does not delay another's -----------
bg_pod -f "$(inst probe_isolation)"
check "isolation: started" wait_ev Started b 5
# A's probe hangs 3 s per attempt (its timeout) and starts again at once;
# B's probe stamps a file every second.  7 s covers two of A's timeouts.
i=0
while [ $i -lt 200 ] && [ "$(grep -c 'sleep 100' "$EV")" -lt 2 ]; do sleep 0.05; i=$((i + 1)); done
n=$(grep -c 'sleep 100' "$EV")
check "isolation: A's probe hangs until its timeout ($n timeouts)" [ "$n" -ge 2 ]
stop_pod
# From B's second attempt on: the first one follows the spawn of both
# containers (its lateness is measured by bench/probes.sh, not here).
stamps=$(awk 'NR > 1 { printf "%.0f ", $1 / 1000000 }' "$T/b.log")
g=$(gaps $stamps)
bad=0
for x in $g; do within "$x" 1000 150 || bad=$((bad + 1)); done
set -- $g
[ "$#" -ge 4 ] || bad=$((bad + 100))
check "isolation: B probed every 1 s +/- 150 ms while A hung ($# gaps: $g)" [ "$bad" -eq 0 ]
