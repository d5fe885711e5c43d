# Core reaping, as PID 1 and as a subreaper (-s): 10,000 double-forked
# orphans all reaped while podinit keeps running (no zombie left in the
# namespace); 500 runs of a child whose exit coincides with a grandchild's
# (catatonit#4: no hang); -w warns once per adopted orphan.
. "$ROOT/tests/helpers/core_lib.sh"
export PODINIT_SOCKET=
ORPHANS=${CORE_ORPHANS:-10000}
no_zombies_ns() { [ "$(zombies_in_ns "$1")" = 0 ]; }
no_zombies_under() { [ "$(zombies_under "$1")" = 0 ]; }

for m in $MODES; do
	out=$T/orph.$m
	t0=$(now_ms)
	# orphanfast prints "done N" once all N orphans exist; the shell then
	# stays, so podinit is still running while we look for zombies.
	if ! bg_start $m "$out" "$T/orph.$m.err" -- sh -c '"$0" "$1"; exec sleep 300' "$H/orphanfast" "$ORPHANS" ||
	    ! wait_for "$out" "^done $ORPHANS\$" 60; then
		notok "core reap: make $ORPHANS orphans ($m)"; stop_bg; continue
	fi
	if [ $m = pid1 ]; then
		check "core reap: $ORPHANS orphans, no zombie left in the namespace ($m)" \
		    wait_until 20 no_zombies_ns "$PP"
	else
		check "core reap: $ORPHANS orphans, no zombie left under podinit ($m)" \
		    wait_until 20 no_zombies_under "$PP"
	fi
	echo "# $m: $ORPHANS orphans made and reaped in $(($(now_ms) - t0)) ms"
	check "core reap: podinit still running after the orphans ($m)" test -d /proc/"$PP"
	kill -TERM "$PP"
	wait_bg 10
	expect_eq "core reap: then stops on TERM -> 143 ($m)" 143 "$RC"
	stop_bg
done

# -w: one warning per adopted orphan, none for the child itself.
for m in $MODES; do
	run_mode $m -w -- "$H/orphanfast" 5 >/dev/null 2>"$T/w.$m"; rc=$?
	expect_eq "core reap: -w run exits 0 ($m)" 0 $rc
	expect_eq "core reap: -w warns for each of 5 orphans ($m)" 5 \
	    "$(count_lines "$T/w.$m" 'reaped zombie process [0-9]+')"
	run_mode $m -- "$H/orphanfast" 5 >/dev/null 2>"$T/nw.$m"
	expect_eq "core reap: no warnings without -w ($m)" "" "$(cat "$T/nw.$m")"
done

# The race (catatonit#4): the child exits together with its own child.
# 300 runs as PID 1 and 200 as a subreaper, side by side, each bounded.
racers() {
	local mode=$1 n=$2 out=$3
	if [ "$mode" = pid1 ]; then
		"$H/repeat" "$n" 5 7 unshare --pid --fork --kill-child "$PODINIT" -- "$H/racer" >"$out" 2>&1
	else
		"$H/repeat" "$n" 5 7 "$PODINIT" -s -- "$H/racer" >"$out" 2>&1
	fi
}
t0=$(now_ms)
racers pid1 300 "$T/race.pid1" &
r1=$!
racers sub 200 "$T/race.sub" &
r2=$!
wait $r1 $r2
for m in $MODES; do
	if [ "$(cat "$T/race.$m")" = "finished $([ $m = pid1 ] && echo 300 || echo 200)" ]; then
		ok "core reap: racer runs never hang, exit 7 ($m)"
	else
		notok "core reap: racer ($m): $(head -5 "$T/race.$m" | tr '\n' ';')"
	fi
done
echo "# racer: 500 runs in $(($(now_ms) - t0)) ms"
