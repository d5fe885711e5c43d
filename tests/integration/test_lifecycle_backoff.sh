# Back-off: --backoff-initial 100ms --backoff-max 400ms gives restart gaps
# 0, 100, 200, 400, 400 ms (±50 ms), measured between Started events.
. "$ROOT/tests/integration/lifecycle_lib.sh"

# Without a manifest (one container, "main") so that no shell adds its
# start-up time to the gaps.  The gaps include the process's own run time
# and timer latency, so on a loaded machine two retries are allowed.
backoff_run() {
	fresh backoff
	bg_pod --restart Always --backoff-initial 100ms --backoff-max 400ms -- "$H/exitwith" 1
	if ! wait_ev Started 6 main 5; then
		GOT="fewer than 6 starts in 5 s"; sig_pod KILL; bg_wait 2; return 1
	fi
	sig_pod TERM; bg_wait 5
	GOT=$(gaps $(ev_ms Started main | head -n 6))
	set -- $GOT
	for w in 0 100 200 400 400; do
		within "$1" "$w" 50 || return 1
		shift
	done
}
if backoff_run || { echo "# back-off gaps $GOT: retrying"; backoff_run; } ||
    { echo "# back-off gaps $GOT: retrying"; backoff_run; }; then
	ok "back-off gaps $GOT (want 0 100 200 400 400 ±50)"
else
	notok "back-off gaps $GOT (want 0 100 200 400 400 ±50; load average $(cut -d" " -f1-3 /proc/loadavg))"; dump
fi
# from each BackOff event (written when the instance exited) to the next start
set -- $(ev_ms BackOff main | head -n 4)
st=$(ev_ms Started main | sed -n 3,6p)
d=""
for x in $st; do d="$d $((x - $1))"; shift; done
set -- $d
if within "$1" 100 50 && within "$2" 200 50 && within "$3" 400 50 && within "$4" 400 50; then
	ok "back-off delays from each exit:$d"
else
	notok "back-off delays from each exit:$d (want 100 200 400 400 ±50)"
fi
bo=$(ev_count BackOff main)
if [ "$bo" -ge 4 ]; then ok "BackOff events ($bo)"; else notok "BackOff events: $bo"; fi
expect_eq "SIGTERM while crash-looping: the container's code" 1 $RC

# -- waiting reason CrashLoopBackOff and restartCount in /status
fresh backoff-status
bg_pod --backoff-initial 5s --backoff-max 5s -f "$(case_file lc-backoff)"
if wait_ev BackOff 1 crash 5; then
	st=$("$PODINIT" status -o json 2>/dev/null)
	got=$(echo "$st" | /usr/bin/python3 -c '
import sys, json
c = json.load(sys.stdin)["containerStatuses"][0]
print(c["state"]["waiting"]["reason"], c["restartCount"], c["lastState"]["terminated"]["exitCode"])' 2>&1)
	expect_eq "crash loop: waiting CrashLoopBackOff, restartCount 1, last exit 1" \
	    "CrashLoopBackOff 1 1" "$got"
else
	notok "no BackOff event"; dump
fi
sig_pod TERM; bg_wait 5
