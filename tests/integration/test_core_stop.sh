# Graceful stop and parent death, as PID 1 and as a subreaper (-s):
# SIGTERM to podinit with a child that ignores it -> SIGKILL after the
# grace period (kubelet's 2 s floor applies) and exit 137; a second
# SIGTERM skips the rest of the grace; everything left in the child's
# process group is killed too; -p: podinit's parent dies -> podinit gets
# the signal, stops its child and exits.
. "$ROOT/tests/helpers/core_lib.sh"
export PODINIT_SOCKET=

# All timed runs side by side (they mostly wait): per run MODE:NAME,
# its grace, and the accepted window in ms after the signal.
#   g3    --grace-period 3s             3000..3600
#   g1    --grace-period 1s (floor 2 s)  2000..2600
#   twice --grace-period 30s, TERM, then TERM again at once: < 1000
start_stop_run() {
	local m=$1 name=$2 grace=$3
	bg_start $m "$T/$name.$m" "$T/$name.$m.err" -v --grace-period "$grace" -- \
	    sh -c 'trap "" TERM; "$0" & "$0"' "$H/ignoreterm" || return 1
	wait_for "$T/$name.$m" '^ready$' 10 && wait_until 5 two_ready "$T/$name.$m"
}
two_ready() { [ "$(count_lines "$1" '^ready$')" -ge 2 ]; }

# The child: a shell running two ignoreterm processes (one in the
# background), all in the child's process group, all ignoring TERM.
for m in $MODES; do
	for spec in g3:3s g1:1s twice:30s; do
		name=${spec%%:*} grace=${spec#*:}
		if ! start_stop_run $m $name $grace; then
			notok "core stop: start $name ($m)"; stop_bg; continue
		fi
		eval "bg_$name$m=\$BG pp_$name$m=\$PP"
	done
done
# The child's process group (the shell and both ignoreterms), to check
# afterwards that all of it was killed.
RUNS=
for m in $MODES; do
	for name in g3 g1 twice; do
		eval "pp=\$pp_$name$m"
		[ -z "$pp" ] && continue
		RUNS="$RUNS $name.$m"
		eval "group_$name$m=\"\$(pgrep -g \"\$(child_of $pp)\" | tr '\\n' ' ')\""
	done
done
t0=$(now_ms)
for r in $RUNS; do
	eval "kill -TERM \$pp_${r%.*}${r#*.}"
done
# The second TERM only once podinit has taken the first (two pending
# TERMs would merge into one).
for m in $MODES; do
	eval "pp=\$pp_twice$m"
	[ -n "$pp" ] && wait_for "$T/twice.$m.err" 'SIGTERM: stopping' 5 && kill -TERM "$pp"
done
# Each run's end, polled together every 10 ms (bounded: 10 s).
left=$RUNS i=0
while [ -n "$left" ] && [ $i -lt 1000 ]; do
	still=
	for r in $left; do
		eval "bg=\$bg_${r%.*}${r#*.}"
		if gone "$bg"; then eval "end_${r%.*}${r#*.}=$(now_ms)"; else still="$still $r"; fi
	done
	left=$still
	[ -n "$left" ] && sleep 0.01
	i=$((i + 1))
done
for r in $RUNS; do
	name=${r%.*} m=${r#*.}
	eval "BG=\$bg_$name$m PP=\$pp_$name$m end=\$end_$name$m group=\$group_$name$m"
	wait_bg 1
	case $name in
	g3) lo=3000 hi=3600 what="SIGKILL after --grace-period 3s" ;;
	g1) lo=2000 hi=2600 what="--grace-period 1s raised to the 2 s floor" ;;
	twice) lo=0 hi=1000 what="a second TERM kills at once" ;;
	esac
	expect_eq "core stop: $what -> 137 ($m)" 137 "$RC"
	took=$((${end:-999999} - t0))
	if [ "$took" -ge $lo ] && [ "$took" -le $hi ]; then
		ok "core stop: $what, took ${took} ms ($m)"
	else
		notok "core stop: $what: took ${took} ms, want $lo..$hi ($m)"
	fi
	check "core stop: the child's group was seen ($name, $m)" test -n "$group"
	alive=
	for p in $group; do wait_until 2 gone "$p" || alive="$alive $p"; done
	expect_eq "core stop: the child's whole group was killed ($name, $m)" "" "$alive"
	stop_bg
done

# Plain TERM with a child that honours it: forwarded, no waiting.
for m in $MODES; do
	bg_start $m "$T/fast.$m" "$T/fast.$m.err" -- sleep 100
	t1=$(now_ms)
	kill -TERM "$PP"
	wait_bg 10
	took=$(($(now_ms) - t1))
	expect_eq "core stop: TERM to a child that exits on it -> 143 ($m)" 143 "$RC"
	check "core stop: ... within 1 s, took ${took} ms ($m)" test "$took" -lt 1000
	stop_bg
done

# -p: the parent-death signal.  A shell starts podinit in the background
# and then is killed; podinit gets SIGTERM, forwards it to sigdump (which
# exits 0 on TERM) and exits.
for m in $MODES; do
	out=$T/pd.$m
	if [ $m = pid1 ]; then
		# No --kill-child here: unshare would set its own parent-death
		# signal (SIGKILL) on podinit; -p replaces it anyway, but the
		# point is to see podinit's own.
		pre="unshare --pid --fork --mount-proc $PODINIT"
	else
		pre="$PODINIT -s"
	fi
	sh -c '$1 -p SIGTERM -- "$2" wait >"$3" 2>"$3.err" & echo $! >"$3.pid"; exec sleep 300' \
	    sh "$pre" "$H/sigdump" "$out" &
	parent=$!
	if ! wait_for "$out" '^ready$' 10; then
		notok "core stop: -p start ($m)"; kill -KILL $parent; wait $parent 2>/dev/null; continue
	fi
	# podinit's parent: unshare as PID 1, else the shell.
	if [ $m = pid1 ]; then
		pparent=$(cat "$out.pid"); pp=$(child_of "$pparent")
	else
		pparent=$parent; pp=$(cat "$out.pid")
	fi
	kill -KILL "$pparent"
	kill -KILL $parent 2>/dev/null
	wait $parent 2>/dev/null
	check "core stop: -p SIGTERM reaches the child when the parent dies ($m)" wait_for "$out" '^got 15$' 5
	check "core stop: -p podinit exits after its parent died ($m)" wait_until 5 gone "$pp"
	[ -n "$pp" ] && kill -KILL "$pp" 2>/dev/null
done

# As a subreaper the final SIGKILL reaches known descendants that left
# the process group with setsid() too (never kill(-1)).
pidf=$T/escapee.pid
bg_start sub "$T/esc" "$T/esc.err" -v --grace-period 30s -- sh -c 'trap "" TERM; exec "$0" "$1"' "$H/escaper" "$pidf"
if wait_until 5 test -s "$pidf"; then
	esc=$(cat "$pidf")
	kill -TERM "$PP"
	wait_for "$T/esc.err" 'SIGTERM: stopping' 5
	kill -TERM "$PP"
	wait_bg 5
	expect_eq "core stop: second TERM kills the escaper -> 137 (sub)" 137 "$RC"
	if wait_until 3 gone "$esc"; then
		ok "core stop: the setsid() escapee was killed too (sub)"
	else
		notok "core stop: the setsid() escapee $esc survived (sub)"; kill -KILL "$esc"
	fi
else
	notok "core stop: escaper did not start (sub)"
fi
stop_bg
