# Probes driving the lifecycle: liveness exec kills and restarts (the seed
# example, shortened), readiness never kills, startup holds liveness back.
. "$ROOT/tests/integration/lifecycle_lib.sh"

# -- examples/liveness-exec.yaml, shortened: restarts after 3 failures
fresh livexec
# --isolation none: this times the liveness restart and the end by SIGTERM.
# In its own PID namespace the shell is PID 1 and ignores SIGTERM (as under
# kubelet), so the kill would wait out the case's 30 s grace period.
bg_pod --isolation none -f "$(case_file lc-liveness-exec)"
c=liveness-exec-container
if wait_ev Started 2 $c 12; then
	s1=$(ev_ms Started $c | head -n1); k=$(ev_ms Killing $c | head -n1)
	el=$((k - s1))
	nf=$(ev_count Unhealthy $c)
	# alive 1.5 s, probes at 1 s (ok), 2, 3, 4 s: killed at ~4 s
	if [ "$nf" -ge 3 ] && [ $el -ge 3500 ] && [ $el -le 5000 ]; then
		ok "liveness-exec (short): 3 failures, killed after ${el} ms, restarted"
	else
		notok "liveness-exec (short): $nf Unhealthy, killed after ${el} ms"; dump
	fi
	if grep -q '"reason":"Killing".*failed liveness probe, will be restarted' "$EV"; then
		ok "liveness-exec: Killing message as kubelet's"
	else
		notok "liveness-exec: Killing message"; dump
	fi
else
	notok "liveness-exec (short): not restarted"; dump
fi
sig_pod TERM; bg_wait 5
expect_eq "liveness-exec: SIGTERM exit code 143 (sh killed by SIGTERM)" 143 $RC

# -- the seed example itself, unchanged, with a private /tmp (a tmpfs in
# podinit's mount namespace; events go to stderr).  Its restart comes after
# 60 s + 3 periods: waited for only with LONG=1, else check the first
# probes pass.
fresh livexec-seed
: >"$T/err"
# podinit and the manifest are opened before the tmpfs hides /tmp (the
# checkout itself may live there), then run through /proc/self/fd.
unshare --pid --fork --mount-proc --kill-child /bin/sh -c \
    'exec 8<"$1" 9<"$2" && mount -t tmpfs tmpfs /tmp && cd / && exec /proc/self/fd/8 --events - -f /proc/self/fd/9' sh \
    "$PODINIT" "$ROOT/examples/liveness-exec.yaml" >"$T/out" 2>"$T/err" &
BG=$!
for i in $(seq 1 100); do PP=$(child_of $BG); [ -n "$PP" ] && break; sleep 0.02; done
EV_SAVED=$EV; EV=$T/err
c=liveness-exec-container
if [ -n "$LONG" ]; then
	if wait_ev Started 2 $c 90; then
		ok "examples/liveness-exec.yaml: restarted after $(ev_count Unhealthy $c) failures"
	else
		notok "examples/liveness-exec.yaml: no restart in 90 s"; dump
	fi
else
	wait_ev Started 1 $c 5
	# probes at 1 s and 4 s pass: /tmp/live exists (in the private /tmp)
	sleep 2.5
	expect_eq "examples/liveness-exec.yaml: started, probes pass" "1 0 0" \
	    "$(ev_count Started $c) $(ev_count Unhealthy $c) $(ev_count Killing $c)"
fi
sig_pod TERM; bg_wait 5
EV=$EV_SAVED

# -- readiness failing never kills
fresh ready
bg_pod -f "$(case_file lc-readiness)"
if wait_ev Unhealthy 3 main 6; then
	expect_eq "readiness failing 3 times: no Killing, one start" "0 1" \
	    "$(ev_count Killing) $(ev_count Started main)"
	st=$("$PODINIT" status --ready >/dev/null 2>&1; echo $?)
	expect_eq "readiness failing: podinit status --ready exits 1" 1 "$st"
else
	notok "readiness: no Unhealthy events"; dump
fi
sig_pod TERM; bg_wait 5
expect_eq "readiness: SIGTERM exit 0" 0 $RC

# -- startup probe holds liveness back
fresh startup
bg_pod -f "$(case_file lc-startup)"
if wait_for $OUT/liv . 6; then
	sleep 1.2	# a couple more liveness periods
	okt=$(ms_of $OUT/ok.t); l1=$(ms_of $OUT/liv)
	if [ "$(ev_count Killing)" = 0 ] && [ -n "$okt" ] && [ "$l1" -ge "$okt" ]; then
		ok "startup probe holds liveness back (ok at $okt, first liveness $l1)"
	else
		notok "startup: Killing $(ev_count Killing), ok at $okt, first liveness $l1"; dump
	fi
else
	notok "startup: liveness never ran"; dump
fi
sig_pod TERM; bg_wait 5
