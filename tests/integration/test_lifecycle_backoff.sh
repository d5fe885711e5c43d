# Back-off: --backoff-initial 100ms --backoff-max 400ms gives restart gaps
# 0, 100, 200, 400, 400 ms (±50 ms), measured between Started events.
. "$ROOT/tests/integration/lifecycle_lib.sh"

fresh backoff
bg_pod --backoff-initial 100ms --backoff-max 400ms -f "$(case_file lc-backoff)"
if wait_ev Started 6 crash 5; then
	sig_pod TERM; bg_wait 5
	set -- $(gaps $(ev_ms Started crash | head -n 6))
	want="0 100 200 400 400"
	good=true
	for w in $want; do
		within "$1" "$w" 50 || good=false
		shift
	done
	got=$(gaps $(ev_ms Started crash | head -n 6))
	if $good; then
		ok "back-off gaps $got (want $want ±50)"
	else
		notok "back-off gaps $got (want $want ±50)"; dump
	fi
	bo=$(ev_count BackOff crash)
	if [ "$bo" -ge 4 ]; then
		ok "BackOff events ($bo)"
	else
		notok "BackOff events: $bo"
	fi
	expect_eq "SIGTERM while crash-looping: the container's code" 1 $RC
else
	notok "back-off: fewer than 6 starts in 5 s"; dump; sig_pod KILL; bg_wait 2
fi

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
