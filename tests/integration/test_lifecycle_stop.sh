# Stop sequence (SPEC §3, kubelet-semantics §8): grace expiry, probe-level
# grace, second SIGTERM, SIGTERM during back-off and a hanging postStart
# (Horust#58), setsid escapees with and without cgroups.
. "$ROOT/tests/integration/lifecycle_lib.sh"

# alive PID: exists and is not a zombie
alive() {
	[ -n "$1" ] && [ -e /proc/$1 ] && [ "$(awk '{print $3}' /proc/$1/stat 2>/dev/null)" != Z ]
}
# gone_within PID SECS
gone_within() {
	local i=0
	while alive "$1"; do
		[ $i -ge $(($2 * 50)) ] && return 1
		sleep 0.02; i=$((i + 1))
	done
}

# -- grace expiry: SIGKILL, 137, within grace + 0.5 s
fresh grace
bg_pod -f "$(case_file lc-grace)"
wait_for "$T/out" ready 5
t0=$(now_ms); sig_pod TERM; bg_wait 6; t1=$(now_ms)
el=$((t1 - t0))
if [ $RC = 137 ] && [ $el -ge 1950 ] && [ $el -le 2500 ]; then
	ok "grace expiry: SIGKILL after ${el} ms (grace 2 s), exit 137"
else
	notok "grace expiry: rc $RC after ${el} ms"; dump
fi

# -- probe-level terminationGracePeriodSeconds for a liveness kill
fresh probe-grace
bg_pod -f "$(case_file lc-probe-grace)"
bg_wait 8; t1=$(now_ms)
k=$(ev_ms Killing main | head -n1)
el=$(( t1 - ${k:-0} ))
if [ $RC = 137 ] && [ -n "$k" ] && [ $el -ge 1950 ] && [ $el -le 2500 ]; then
	ok "liveness kill uses the probe's grace (2 s, pod 30 s): SIGKILL after ${el} ms"
else
	notok "probe grace: rc $RC, ${el} ms after Killing"; dump
fi

# -- second SIGTERM skips the rest of the grace
fresh second
bg_pod -f "$(case_file lc-grace-long)"
wait_for "$T/out" ready 5
sig_pod TERM; sleep 0.2
t0=$(now_ms); sig_pod TERM; bg_wait 5; t1=$(now_ms)
el=$((t1 - t0))
if [ $RC = 137 ] && [ $el -le 500 ]; then
	ok "second SIGTERM: SIGKILL at once (${el} ms), exit 137"
else
	notok "second SIGTERM: rc $RC after ${el} ms"; dump
fi

# -- SIGTERM during back-off ends at once
fresh backoff-term
CODE=1 bg_pod --restart Always -f "$(case_file lc-one)"
if wait_ev BackOff 1 main 5; then
	t0=$(now_ms); sig_pod TERM; bg_wait 5; t1=$(now_ms)
	el=$((t1 - t0))
	if [ $RC = 1 ] && [ $el -le 500 ]; then
		ok "SIGTERM during back-off: exit at once (${el} ms) with main's code 1"
	else
		notok "SIGTERM during back-off: rc $RC after ${el} ms"; dump
	fi
else
	notok "SIGTERM during back-off: no BackOff event"; dump; sig_pod KILL; bg_wait 2
fi

# -- SIGTERM during a hanging postStart ends promptly
fresh hang
bg_pod -f "$(case_file lc-poststart-hang)"
if wait_for $OUT/poststart . 5; then
	t0=$(now_ms); sig_pod TERM; bg_wait 12; t1=$(now_ms)
	el=$((t1 - t0))
	if [ $RC = 0 ] && [ $el -le 1000 ]; then
		ok "SIGTERM during a hanging postStart: exit in ${el} ms"
	else
		notok "SIGTERM during a hanging postStart: rc $RC after ${el} ms"; dump
	fi
else
	notok "hanging postStart never ran"; dump; sig_pod KILL; bg_wait 2
fi

# -- setsid escapee killed when a liveness probe stops its container
for cg in "" --no-cgroup; do
	name="escaped setsid grandchild killed by a liveness stop (${cg:-cgroup if writable})"
	fresh esc$cg
	# --isolation none: this is podinit's own escapee tracking (cgroup,
	# or the descendants noted from /proc), which --isolation none and
	# shareProcessNamespace rely on; with a PID namespace of its own the
	# kernel kills the escapee with the container's init
	# (test_isolation_ns.sh), and its pid file holds a pid of that namespace.
	bg_pod --isolation none $cg -f "$(case_file lc-escaper)"
	if wait_for $OUT/esc.pid . 5; then
		ip=$(cat $OUT/esc.pid)
		gone=false
		before=no
		inner_alive $ip && before=yes
		if [ $before = yes ] && wait_ev Killing 1 esc 6; then
			for i in $(seq 1 40); do
				inner_alive $ip || { gone=true; break; }
				sleep 0.05
			done
		fi
		if [ $before = no ]; then
			notok "$name: escapee $ip not found before the kill"; dump
		elif $gone && kill -0 $BG 2>/dev/null; then
			ok "$name"
		else
			notok "$name: $ip still alive 2 s after Killing"; dump
		fi
	else
		notok "$name: no pid file"; dump
	fi
	sig_pod TERM; bg_wait 5
done

# -- setsid escapee killed at shutdown: podinit as subreaper (not PID 1),
# so nothing but podinit can kill the escapee before we look.
for cg in "" --no-cgroup; do
	name="escaped setsid grandchild killed at shutdown, subreaper (${cg:-cgroup if writable})"
	fresh escs$cg
	: >"$T/out"; : >"$T/err"; rm -f "$EV"
	# --isolation none: podinit's escapee tracking, as above
	"$PODINIT" -s --isolation none $cg --events "$EV" -f "$(case_file lc-escaper-stop)" >"$T/out" 2>"$T/err" &
	BG=$! PP=$!
	if wait_for $OUT/esc2.pid . 5; then
		ep=$(cat $OUT/esc2.pid)
		sig_pod TERM; bg_wait 5
		if gone_within "$ep" 1; then
			ok "$name"
		else
			notok "$name: escapee $ep alive after podinit exited (rc $RC)"; dump
			kill -KILL "$ep" 2>/dev/null
		fi
	else
		notok "$name: no pid file"; dump; sig_pod KILL; bg_wait 2
	fi
done
