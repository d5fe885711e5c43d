# postStart as kubelet shows it (SPEC §3): while the hook runs the
# container is waiting with reason ContainerCreating, not started, not
# ready, and the pod Pending; the Started event is emitted at the spawn.
# The hook waits for $OUT/go, which the test creates after reading /status.
. "$ROOT/tests/integration/lifecycle_lib.sh"

VIEW='d["phase"] + " " + " ".join(sorted(d["containerStatuses"][0]["state"])) + " " + str(d["containerStatuses"][0]["state"].get("waiting", {}).get("reason")) + " started=" + str(d["containerStatuses"][0]["started"]) + " ready=" + str(d["containerStatuses"][0]["ready"])'

fresh poststart-wait
bg_pod -f "$(case_file lc-poststart-wait)"
if wait_for $OUT/poststart . 5 && wait_ev Started 1 main 5; then
	ok "postStart runs, Started emitted at the spawn"
	expect_eq "during postStart: Pending, waiting ContainerCreating, not started, not ready" \
	    "Pending waiting ContainerCreating started=False ready=False" "$(st "$VIEW")"
	expect_eq "during postStart: Ready condition False" False \
	    "$(st '[c["status"] for c in d["conditions"] if c["type"] == "Ready"][0]')"
	expect_eq "during postStart: /readyz 503" 503 \
	    "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --unix-socket "$PODINIT_SOCKET" http://podinit/readyz)"
	: >$OUT/go
	if st_is "Running running None started=True ready=True" "$VIEW"; then
		ok "after postStart: Running, running, started, ready"
	else
		notok "after postStart: $(st "$VIEW")"; dump
	fi
	sig_pod TERM; bg_wait 5
	expect_eq "postStart pod stopped by SIGTERM: exit 0" 0 "$RC"
else
	notok "postStart never ran"; dump; sig_pod KILL; bg_wait 2
fi
