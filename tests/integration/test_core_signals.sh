# Core signal forwarding, as PID 1 and as a subreaper (-s): every catchable
# signal 1..31 except KILL, STOP, CHLD and the fault signals reaches the
# child exactly once; TERM/INT start a graceful stop that forwards them
# once; fault signals are never forwarded; --rewrite (incl. FROM:0 drop);
# -g reaches a grandchild in the child's process group.
. "$ROOT/tests/helpers/core_lib.sh"
export PODINIT_SOCKET=

# Forwarded one at a time, each awaited before the next is sent.
FWD="1 3 10 12 13 14 16 18 20 21 22 23 24 25 26 27 28 29 30"
FAULT="4 5 6 7 8 11 31"

# send_and_await FILE SIG: signal podinit, wait for the child's "got SIG".
send_and_await() {
	kill -"$2" "$PP" && wait_for "$1" "^got $2\$" 5
}

for m in $MODES; do
	# The last signal ends it: INT as PID 1, TERM as a subreaper (both
	# start the graceful stop; sigdump exits on TERM or on the count).
	if [ $m = pid1 ]; then last=2; else last=15; fi
	n=$(($(echo $FWD | wc -w) + 1))
	out=$T/fwd.$m
	if ! bg_start $m "$out" "$T/fwd.$m.err" -- "$H/sigdump" wait $n || ! wait_for "$out" '^ready$' 5; then
		notok "core signals: start sigdump ($m)"; stop_bg; continue
	fi
	missing=
	for s in $FWD; do
		send_and_await "$out" $s || missing="$missing $s"
	done
	expect_eq "core signals: 1..31 forwarded as they come ($m)" "" "$missing"
	if [ $m = pid1 ]; then
		# Fault signals sent to PID 1 are neither blocked nor forwarded
		# (unhandled, so the kernel drops them for a namespace init).
		for s in $FAULT; do kill -$s "$PP"; done
	fi
	kill -$last "$PP"
	wait_bg 10
	expect_eq "core signals: graceful stop by $last, child exits 0 -> 0 ($m)" 0 "$RC"
	# Exactly once each, nothing else (no CHLD, no fault signal).
	want=$(for s in $FWD $last; do echo "got $s"; done | sort)
	got=$(grep '^got' "$out" | sort)
	expect_eq "core signals: each forwarded exactly once ($m)" "$want" "$got"
	stop_bg
done

# A signal sent as soon as podinit has blocked its signals (possibly
# before the child exists) is queued and forwarded, not lost.
for m in $MODES; do
	bg_start $m "$T/early" "$T/early.err" -- sleep 10
	kill -USR1 "$PP"
	wait_bg 8
	expect_eq "core signals: early USR1 reaches the child -> 138 ($m)" 138 "$RC"
	stop_bg
done

# --rewrite: USR1 -> USR2, HUP dropped, TERM -> QUIT (the stop signal too).
for m in $MODES; do
	out=$T/rw.$m
	if ! bg_start $m "$out" "$T/rw.$m.err" --rewrite USR1:USR2 --rewrite SIGHUP:0 \
	    --rewrite TERM:QUIT --grace-period 30s -- "$H/sigdump" wait 3 ||
	    ! wait_for "$out" '^ready$' 5; then
		notok "core signals: start rewrite ($m)"; stop_bg; continue
	fi
	kill -USR1 "$PP"
	check "core signals: --rewrite USR1:USR2 ($m)" wait_for "$out" '^got 12$' 5
	kill -HUP "$PP"
	kill -WINCH "$PP"
	check "core signals: WINCH after HUP passes ($m)" wait_for "$out" '^got 28$' 5
	kill -TERM "$PP"
	wait_bg 10
	expect_eq "core signals: TERM rewritten to QUIT stops the child ($m)" 0 "$RC"
	expect_eq "core signals: rewrite results, HUP dropped ($m)" "got 12|got 28|got 3" \
	    "$(grep '^got' "$out" | tr '\n' '|' | sed 's/|$//')"
	stop_bg
done

# -g: the signal goes to the child's whole process group, so a grandchild
# in it gets it.  The shell between ignores USR1.
for m in $MODES; do
	out=$T/g.$m
	rm -f "$out"
	if ! bg_start $m "$T/g.$m.stdout" "$T/g.$m.err" -g -- sh -c 'trap "" USR1; "$1" wait 1 >"$2"; echo "sh saw $?"' \
	    sh "$H/sigdump" "$out" || ! wait_for "$out" '^ready$' 5; then
		notok "core signals: start -g ($m)"; stop_bg; continue
	fi
	kill -USR1 "$PP"
	check "core signals: -g reaches the grandchild ($m)" wait_for "$out" '^got 10$' 5
	wait_bg 5
	expect_eq "core signals: -g run ends with the shell's code ($m)" 0 "$RC"
	stop_bg
done

# Without -g only the child gets it: the grandchild stays untouched.  Then
# a second signal that the shell does not ignore ends the run; as PID 1
# the leftover grandchild goes down with the namespace.
out=$T/nog
bg_start pid1 "$T/nog.stdout" "$T/nog.err" -- sh -c 'trap "" USR1; "$1" wait 1 >"$2"' sh "$H/sigdump" "$out"
wait_for "$out" '^ready$' 5
kill -USR1 "$PP"
kill -USR2 "$PP"	# to the shell only: kills it (default action)
wait_bg 5
expect_eq "core signals: without -g, child (sh) killed by USR2 -> 140" 140 "$RC"
expect_eq "core signals: without -g the grandchild got nothing" "" "$(grep '^got' "$out")"
stop_bg
