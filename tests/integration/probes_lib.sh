# Shared by the test_probes_*.sh files (and the observability tests):
# test servers on ephemeral ports, manifest templates, bounded waits.
# Sourced after lifecycle_lib.sh.
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
