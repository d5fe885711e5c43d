# Helpers shared by test_lifecycle_*.sh (sourced after lib.sh).
#
# bg_pod ARGS...   start podinit as PID 1 in the background (stdout in
#                  $T/out, stderr in $T/err); BG = the unshare pid,
#                  PP = podinit's pid as seen from here.
# bg_wait SECS     wait at most SECS for it to exit; RC = its exit code
#                  (124 = did not exit in time; then it is killed).
# ev_ms REASON [CONTAINER]   the ms epoch times of those events, one a line.
# ev_count REASON [CONTAINER]
# ms_of FILE       the first line of FILE (a `date +%s%3N` stamp).
EV=$T/ev.json
H=$HELPERS

bg_pod() {
	: >"$T/out"; : >"$T/err"; rm -f "$EV"
	unshare --pid --fork --mount-proc --kill-child "$PODINIT" --events "$EV" "$@" \
	    >"$T/out" 2>"$T/err" &
	BG=$!
	PP=
	local i=0
	while [ $i -lt 250 ]; do
		PP=$(child_of $BG)
		[ -n "$PP" ] && return 0
		# a pod that is over at once (its exit code is for bg_wait)
		kill -0 $BG 2>/dev/null || return 0
		[ "$(awk '{print $3}' /proc/$BG/stat 2>/dev/null)" = Z ] && return 0
		sleep 0.02; i=$((i + 1))
	done
	return 1
}

bg_wait() {
	local secs=$1 i=0
	while kill -0 $BG 2>/dev/null; do
		# a zombie (exited, not yet waited for) ends the loop too
		[ "$(awk '{print $3}' /proc/$BG/stat 2>/dev/null)" = Z ] && break
		if [ $i -ge $((secs * 50)) ]; then
			kill -KILL $BG 2>/dev/null
			wait $BG 2>/dev/null
			RC=124
			return 1
		fi
		sleep 0.02; i=$((i + 1))
	done
	wait $BG; RC=$?
	return 0
}

# run_pod SECS ARGS...: run in the foreground with a bound; RC, $T/out, $T/err.
run_pod() {
	local secs=$1; shift
	bg_pod "$@" || { RC=125; return; }
	bg_wait "$secs"
}

ev_ms() {
	/usr/bin/python3 - "$EV" "$1" "${2:-}" <<'PY'
import sys, json, datetime
f, reason, ctr = sys.argv[1:4]
try:
    lines = open(f).read().splitlines()
except OSError:
    lines = []
for l in lines:
    try:
        e = json.loads(l)
    except ValueError:
        continue
    if e.get("reason") != reason or (ctr and e.get("container") != ctr):
        continue
    t = datetime.datetime.strptime(e["time"], "%Y-%m-%dT%H:%M:%S.%fZ")
    t = t.replace(tzinfo=datetime.timezone.utc)
    print(int(round(t.timestamp() * 1000)))
PY
}

ev_count() {
	local pat="\"reason\":\"$1\""
	[ -n "${2:-}" ] && pat="$pat,\"container\":\"$2\""
	local n
	n=$(grep -c -- "$pat" "$EV" 2>/dev/null)
	echo "${n:-0}"
}

ms_of() {
	head -n1 "$1" 2>/dev/null
}

# case_file NAME: path of tests/integration/cases/NAME.yaml
case_file() {
	echo "$ROOT/tests/integration/cases/$1.yaml"
}

# dump_on_fail NAME: show stderr and events after a failed check
dump() {
	echo "# --- stderr"; sed 's/^/#   /' "$T/err" | tail -n 20
	echo "# --- events"; sed 's/^/#   /' "$EV" 2>/dev/null | tail -n 20
}

# gaps LIST...: successive differences of the numbers given
gaps() {
	local prev= x out=
	for x in "$@"; do
		[ -n "$prev" ] && out="$out $((x - prev))"
		prev=$x
	done
	echo $out
}

# within A B TOL: |A - B| <= TOL
within() {
	local d=$(( $1 - $2 ))
	[ $d -lt 0 ] && d=$(( -d ))
	[ $d -le "$3" ]
}

# fresh NAME: a new empty $OUT directory for the workloads (exported with $H)
fresh() {
	OUT=$T/$1
	rm -rf "$OUT"; mkdir -p "$OUT"
	export OUT H
}

# sig_pod SIG: signal podinit (PID 1 of its namespace)
sig_pod() {
	[ -n "$PP" ] && kill -"$1" "$PP"
}

# inner_alive PID: PID (in podinit's namespace) exists and is no zombie
inner_alive() {
	nsenter -t "$PP" -p -m /bin/sh -c \
	    "[ -e /proc/$1/stat ] && ! grep -q '^State:.*Z' /proc/$1/status" 2>/dev/null
}

# wait_ev REASON N [CONTAINER] [SECS]: until N such events were written
wait_ev() {
	local reason=$1 n=$2 ctr=${3:-} secs=${4:-10} i=0
	while [ $i -lt $((secs * 20)) ]; do
		[ "$(ev_count "$reason" "$ctr")" -ge "$n" ] && return 0
		kill -0 $BG 2>/dev/null || { [ "$(ev_count "$reason" "$ctr")" -ge "$n" ]; return; }
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

# lines FILE: number of lines (0 when missing)
lines() {
	[ -e "$1" ] && wc -l <"$1" || echo 0
}
# st EXPR: the python expression EXPR over /status (d), or "unreachable"
st() {
	"$PODINIT" status -o json 2>/dev/null | /usr/bin/python3 -c \
	    'import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    print("unreachable"); sys.exit(0)
print(eval(sys.argv[1]))' "$1" 2>&1
}
# st_is WANT EXPR: poll /status (bounded, 5 s) until EXPR prints WANT
st_is() {
	local i=0
	while [ $i -lt 100 ]; do
		[ "$(st "$2")" = "$1" ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}
