# activeDeadlineSeconds (SPEC §9, kubelet's active_deadline.go): past it,
# kubelet's Normal DeadlineExceeded event, every container stopped as in a
# shutdown (preStop, grace, SIGKILL), no restart, the pod Failed with
# reason DeadlineExceeded and kubelet's message in /status and `podinit
# status`, a non-zero exit code; a pod that ends first is unaffected.
. "$ROOT/tests/integration/lifecycle_lib.sh"

DL_MSG="Pod was active on the node longer than the specified deadline"
# ev_field REASON FIELD: FIELD of the first event of that reason
ev_field() {
	/usr/bin/python3 - "$EV" "$1" "$2" <<'PY'
import sys, json
f, reason, field = sys.argv[1:4]
for l in open(f).read().splitlines():
    e = json.loads(l)
    if e.get("reason") == reason:
        print(e.get(field)); break
PY
}

# -- a sleeping container: stopped at the deadline, preStop first, Failed
fresh deadline
t0=$(now_ms)
bg_pod -f "$(case_file lc-deadline)"
if wait_for $OUT/term . 6; then
	st_ms=$(ms_of $OUT/start); te=$(ms_of $OUT/term); ps=$(ms_of $OUT/prestop)
	el=$((te - t0))
	if [ "$el" -ge 900 ] && [ "$el" -le 2500 ]; then
		ok "deadline 1 s: SIGTERM ${el} ms after podinit started"
	else
		notok "deadline 1 s: SIGTERM ${el} ms after podinit started"; dump
	fi
	if [ -n "$ps" ] && [ "$ps" -le "$te" ]; then
		ok "deadline: preStop ($ps) before SIGTERM ($te)"
	else
		notok "deadline: preStop [$ps], SIGTERM $te"; dump
	fi
	expect_eq "deadline: one DeadlineExceeded event, Normal, for the pod, kubelet's message" \
	    "1 Normal  $DL_MSG" \
	    "$(ev_count DeadlineExceeded) $(ev_field DeadlineExceeded type) $(ev_field DeadlineExceeded container) $(ev_field DeadlineExceeded message)"
	dl=$(ev_ms DeadlineExceeded | head -n1); kl=$(ev_ms Killing main | head -n1)
	if [ -n "$dl" ] && [ -n "$kl" ] && [ "$dl" -le "$kl" ]; then
		ok "deadline: DeadlineExceeded ($dl) then Killing ($kl)"
	else
		notok "deadline: DeadlineExceeded $dl, Killing $kl"; dump
	fi
	# the pod is still stopping (the workload waits for $OUT/release)
	expect_eq "deadline: /status phase, reason, message while stopping" \
	    "Failed|DeadlineExceeded|$DL_MSG" \
	    "$(st 'd["phase"] + "|" + d.get("reason", "") + "|" + d.get("message", "")')"
	txt=$("$PODINIT" status 2>&1)
	if printf '%s\n' "$txt" | grep -q '^Status: *Failed$' &&
	    printf '%s\n' "$txt" | grep -q '^Reason: *DeadlineExceeded$' &&
	    printf '%s\n' "$txt" | grep -q "^Message: *$DL_MSG\$"; then
		ok "deadline: podinit status shows Failed, its reason and message"
	else
		notok "deadline: podinit status:"; printf '%s\n' "$txt" | head -n 8 | sed 's/^/#   /'
	fi
	expect_eq "deadline: /livez 503 once Failed" 503 \
	    "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --unix-socket "$PODINIT_SOCKET" http://podinit/livez)"
	: >$OUT/release
	bg_wait 5
	# the workload exited 0 on SIGTERM: the pod still failed
	expect_eq "deadline: exit code 1 when every container exited 0, no restart" "1 1" \
	    "$RC $(ev_count Started main)"
else
	notok "deadline: the container never got SIGTERM"; dump; sig_pod KILL; bg_wait 2
fi

# -- a container that ignores SIGTERM: SIGKILL at the end of the grace, 137
fresh deadline-grace
t0=$(now_ms)
run_pod 8 -f "$(case_file lc-deadline-grace)"
el=$(($(now_ms) - t0))
if [ "$RC" = 137 ] && [ "$el" -ge 2800 ] && [ "$el" -le 4500 ]; then
	ok "deadline 1 s + grace 2 s: 137 after ${el} ms"
else
	notok "deadline + grace: rc $RC after ${el} ms"; dump
fi

# -- a crash loop: the restarts stop at the deadline, its code is the exit code
fresh deadline-restart
t0=$(now_ms)
run_pod 8 --backoff-initial 100ms --backoff-max 1s -f "$(case_file lc-deadline-restart)"
el=$(($(now_ms) - t0)); runs=$(lines $OUT/runs)
last=$(tail -n1 $OUT/runs 2>/dev/null); dl=$(ev_ms DeadlineExceeded | head -n1)
if [ "$RC" = 3 ] && [ "$runs" -ge 3 ] && [ "$el" -ge 1900 ] && [ "$el" -le 3500 ] &&
    [ -n "$dl" ] && [ "$last" -le "$dl" ]; then
	ok "deadline 2 s in a crash loop: $runs runs, none after the deadline, exit 3 after ${el} ms"
else
	notok "deadline in a crash loop: rc $RC, $runs runs (last $last, deadline $dl), ${el} ms"; dump
fi
expect_eq "deadline in a crash loop: one DeadlineExceeded event" 1 "$(ev_count DeadlineExceeded)"

# -- the deadline while an init container runs: it and then the sidecar
# are stopped, the regular container never starts, the init container's code
fresh deadline-init
run_pod 8 -f "$(case_file lc-deadline-init)"
ks=$(ev_ms Killing setup | head -n1); kd=$(ev_ms Killing side | head -n1)
if [ "$RC" = 7 ] && [ ! -e $OUT/main ] && [ "$(ev_count Started main)" = 0 ] &&
    [ -n "$ks" ] && [ -n "$kd" ] && [ "$ks" -le "$kd" ]; then
	ok "deadline during init: setup then the sidecar stopped, main never started, exit 7"
else
	notok "deadline during init: rc $RC, main $([ -e $OUT/main ] && echo ran), Killing setup $ks side $kd"; dump
fi

# -- a pod that ends before its deadline is unaffected
fresh deadline-early
t0=$(now_ms)
run_pod 8 -f "$(case_file lc-deadline-early)"
el=$(($(now_ms) - t0))
if [ "$RC" = 0 ] && [ "$(ev_count DeadlineExceeded)" = 0 ] && [ "$el" -le 2000 ]; then
	ok "pod done before its deadline: exit 0 after ${el} ms, no DeadlineExceeded"
else
	notok "pod done before its deadline: rc $RC, $(ev_count DeadlineExceeded) events, ${el} ms"; dump
fi
