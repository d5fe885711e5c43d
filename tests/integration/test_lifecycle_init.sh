# Init containers in order, failing init containers, sidecars
# (kubelet-semantics §13): started before main, stopped after it.
. "$ROOT/tests/integration/lifecycle_lib.sh"

# -- init containers run in order, each to its end, then main
fresh init
run_pod 5 -f "$(case_file lc-init)"
i1e=$(ms_of $OUT/i1_end); i2=$(ms_of $OUT/i2); i2e=$(ms_of $OUT/i2_end); m=$(ms_of $OUT/main)
if [ $RC = 0 ] && [ -n "$m" ] && [ "$i1e" -le "$i2" ] && [ "$i2e" -le "$m" ]; then
	ok "init containers in order: i1 ended $i1e <= i2 $i2, i2 ended $i2e <= main $m"
else
	notok "init order: rc $RC i1_end $i1e i2 $i2 i2_end $i2e main $m"; dump
fi
order=$(grep '"reason":"Started"' "$EV" | sed 's/.*"container":"\([^"]*\)".*/\1/' | tr '\n' ' ')
expect_eq "Started events in order" "i1 i2 main " "$order"

# -- a failing init container: Never fails the pod with its code
fresh init-never
run_pod 5 --restart Never -f "$(case_file lc-init-fail)"
expect_eq "failing init container, Never: Failed with its code, main never starts" \
    "6 1 no" "$RC $(lines $OUT/i1runs) $([ -e $OUT/main ] && echo yes || echo no)"

# -- ... is retried with OnFailure / Always until it succeeds
for pol in OnFailure Always; do
	fresh init-$pol
	INIT_OK_AFTER=3 bg_pod --backoff-initial 100ms --backoff-max 200ms --restart $pol \
	    -f "$(case_file lc-init-fail)"
	if wait_for $OUT/main . 5; then
		expect_eq "failing init container, $pol: retried until it succeeds, then main" \
		    3 "$(lines $OUT/i1runs)"
	else
		notok "failing init container, $pol: main never started ($(lines $OUT/i1runs) runs)"; dump
	fi
	if [ $pol = OnFailure ]; then
		bg_wait 5
		expect_eq "failing init container, OnFailure: then Succeeded" 0 $RC
	else
		sig_pod TERM; bg_wait 5
	fi
done

# -- sidecar: started before main, stopped after main (main ends by itself)
# (start order from the Started events: the sidecar counts as started once
# its process runs, so main's shell may stamp its start first, as in kubelet)
fresh side
run_pod 8 -f "$(case_file lc-sidecar)"
ss=$(ev_ms Started side); ms=$(ev_ms Started main); me=$(ms_of $OUT/main_end); st=$(ms_of $OUT/side_term)
order=$(grep '"reason":"Started"' "$EV" | sed 's/.*"container":"\([^"]*\)".*/\1/' | tr '\n' ' ')
if [ $RC = 0 ] && [ -n "$st" ] && [ "$order" = "side main " ] && [ "$me" -le "$st" ]; then
	ok "sidecar started ($ss) before main ($ms), stopped ($st) after main ended ($me); Succeeded"
else
	notok "sidecar order: rc $RC starts [$order] side stopped $st, main ended $me"; dump
fi

# -- sidecar on SIGTERM: main stopped first (takes 0.3 s), then the sidecar
fresh side-term
MAINWAIT=1 bg_pod -f "$(case_file lc-sidecar)"
wait_for $OUT/main_start . 5
sig_pod TERM; bg_wait 8
me=$(ms_of $OUT/main_end); st=$(ms_of $OUT/side_term)
if [ $RC = 0 ] && [ -n "$st" ] && [ -n "$me" ] && [ "$me" -le "$st" ]; then
	ok "SIGTERM: sidecar stopped ($st) after main ended ($me)"
else
	notok "SIGTERM sidecar order: rc $RC side stopped $st, main ended $me"; dump
fi
