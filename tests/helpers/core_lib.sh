# Shared by tests/integration/test_core_*.sh, sourced after lib.sh.
# MODE is "pid1" (PID 1 of a new PID namespace via unshare) or "sub"
# (podinit -s, a subreaper, not PID 1).
H=$HELPERS
MODES="pid1 sub"

# run_mode MODE ARGS...: podinit in the foreground, bounded by 10 s.
run_mode() {
	local mode=$1; shift
	if [ "$mode" = pid1 ]; then
		timeout -k 1 10 unshare --pid --fork --mount-proc --kill-child "$PODINIT" "$@"
	else
		timeout -k 1 10 "$PODINIT" -s "$@"
	fi
}

# blocked PID: podinit has blocked its signals (it is past its first
# instructions, so a signal sent now is queued, not fatal).
blocked() {
	local blk
	blk=$(awk '/^SigBlk:/ {print $2}' /proc/"$1"/status 2>/dev/null)
	[ -n "$blk" ] && [ "$blk" != 0000000000000000 ] &&
		[ "$(readlink /proc/"$1"/exe 2>/dev/null)" = "$(readlink -f "$PODINIT")" ]
}

# bg_start MODE OUT ERR ARGS...: podinit in the background.  Sets BG (the
# job to wait for) and PP (podinit's pid as seen from here), and returns
# once podinit has its signals blocked (bounded: 10 s).
bg_start() {
	local mode=$1 out=$2 err=$3 i=0; shift 3
	if [ "$mode" = pid1 ]; then
		unshare --pid --fork --mount-proc --kill-child "$PODINIT" "$@" >"$out" 2>"$err" </dev/null &
		BG=$!
	else
		"$PODINIT" -s "$@" >"$out" 2>"$err" </dev/null &
		BG=$!
	fi
	PP=
	while [ $i -lt 1000 ]; do
		if [ "$mode" = pid1 ]; then PP=$(child_of $BG); else PP=$BG; fi
		[ -n "$PP" ] && blocked "$PP" && return 0
		sleep 0.01; i=$((i + 1))
	done
	return 1
}

# gone PID: PID has exited (reaped, or a zombie not yet waited for).
gone() {
	local st
	st=$(awk '{print $3}' /proc/"$1"/stat 2>/dev/null)
	[ -z "$st" ] || [ "$st" = Z ]
}

# wait_bg [SECONDS]: wait for BG (bounded; 10 s default), polling every
# 10 ms (bash's `wait -n` misses jobs that already ended).  Sets RC, or
# RC=timeout after killing it.
wait_bg() {
	local secs=${1:-10} i=0
	while ! gone "$BG" && [ $i -lt $((secs * 100)) ]; do
		sleep 0.01; i=$((i + 1))
	done
	if ! gone "$BG"; then
		kill -KILL "$BG" 2>/dev/null
		[ -n "$PP" ] && kill -KILL "$PP" 2>/dev/null
		wait "$BG" 2>/dev/null
		RC=timeout
		return 0
	fi
	wait "$BG"
	RC=$?
	return 0
}

# stop_bg: make sure the background podinit is gone (test clean-up).
stop_bg() {
	[ -n "$PP" ] && kill -KILL "$PP" 2>/dev/null
	[ -n "$BG" ] && kill -KILL "$BG" 2>/dev/null
	[ -n "$BG" ] && wait "$BG" 2>/dev/null
	BG= PP=
	return 0
}

# count_lines FILE REGEX: lines of FILE matching REGEX.
count_lines() { grep -cE -- "$2" "$1" 2>/dev/null || true; }

# zombies_under PID: zombies whose parent is PID.
zombies_under() {
	cat /proc/[0-9]*/stat 2>/dev/null |
		awk -v p="$1" '$4 == p && $3 == "Z" { n++ } END { print n + 0 }'
}

# zombies_in_ns PID: zombies anywhere in PID's PID namespace, read from
# that namespace's own /proc (PID is the namespace's init, seen from here).
zombies_in_ns() {
	nsenter -t "$1" -m -p sh -c 'cat /proc/[0-9]*/stat 2>/dev/null' |
		awk '$3 == "Z" { n++ } END { print n + 0 }'
}

# wait_until SECONDS CMD...: poll CMD every 20 ms until it succeeds.
wait_until() {
	local secs=$1 i=0; shift
	while [ $i -lt $((secs * 50)) ]; do
		"$@" && return 0
		sleep 0.02; i=$((i + 1))
	done
	return 1
}
