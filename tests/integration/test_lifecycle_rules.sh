# SPEC §9 restart rules with real processes as PID 1: a container's own
# restartPolicy and restartPolicyRules (Restart In / NotIn), and
# RestartAllContainers re-running the init container.  Runs are counted
# with a file each workload appends to.
. "$ROOT/tests/integration/lifecycle_lib.sh"
BO="--backoff-initial 100ms --backoff-max 1s"

# status_py EXPR: EXPR over the pod's /status (d), or an error line
status_py() {
	"$PODINIT" status -o json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
c = {x["name"]: x for x in d.get("initContainerStatuses", []) + d["containerStatuses"]}
print(eval(sys.argv[1]))' "$1" 2>&1
}

# -- a Restart rule for 42 under pod Never: 42 restarts, 1 does not
fresh rule-in
bg_pod $BO -f "$(case_file lc-rule-in)"
bg_wait 10
expect_eq "rule In [42] under pod Never: restarted twice, then exit 1 ends it" "1 3" \
    "$RC $(lines $OUT/runs)"
expect_eq "rule In [42]: Started events" 3 "$(ev_count Started main)"

# -- a NotIn rule: 7 restarts, 0 ends it (Succeeded)
fresh rule-notin
bg_pod $BO -f "$(case_file lc-rule-notin)"
bg_wait 10
expect_eq "rule NotIn [0, 2] under pod Never: 7 restarts, 0 does not" "0 3" \
    "$RC $(lines $OUT/runs)"

# -- the container's own restartPolicy Never under pod Always: stays down
fresh ctr-never
CODE1=3 bg_pod $BO -f "$(case_file lc-ctr-never)"
if wait_for $OUT/c1runs . 5 && wait_for $OUT/c2runs . 5; then
	got=""
	for i in $(seq 1 50); do
		got=$(status_py 'd["phase"], c["c1"]["state"]["terminated"]["exitCode"], c["c1"]["restartCount"]')
		case "$got" in "('Running', 3, 0)") break ;; esac
		sleep 0.05
	done
	expect_eq "container Never under pod Always: c1 down (3), not restarted, pod Running" \
	    "('Running', 3, 0)" "$got"
	sleep 0.5	# two back-off periods: a restart would have come
	expect_eq "container Never under pod Always: c1 ran once" 1 "$(lines $OUT/c1runs)"
else
	notok "container Never under pod Always: did not start"; dump
fi
# c2 (its own OnFailure) exits 0: not restarted either; every container
# ended for good, so the pod is over: Failed by c1's 3, as kubelet's
# getPhase gives once the pod is torn down
touch $OUT/go2
bg_wait 5
expect_eq "then c2 (own OnFailure) exits 0: the pod ends with c1's code, c2 ran once" "3 1" \
    "$RC $(lines $OUT/c2runs)"

# one container, its own Never under pod Always: the pod is over at its exit
fresh ctr-never-one
CODE1=3 bg_pod $BO -f "$(case_file lc-ctr-never-one)"
bg_wait 5
expect_eq "one container, its own Never under pod Always: exits 3 once" "3 1" \
    "$RC $(lines $OUT/c1runs)"

# -- RestartAllContainers: the init container runs again, every container
# restarts (no preStop), then the pod goes on
fresh restart-all
bg_pod $BO -f "$(case_file lc-restart-all)"
if wait_ev Started 2 other 10; then
	got=""
	for i in $(seq 1 100); do
		got=$(status_py 'd["phase"], [c[n]["restartCount"] for n in ("init", "main", "other")], c["other"]["lastState"]["terminated"]["exitCode"]')
		case "$got" in "('Running', [1, 1, 1], 137)") break ;; esac
		sleep 0.05
	done
	expect_eq "restart all: init, main and other restarted once, other killed (137), Running" \
	    "('Running', [1, 1, 1], 137)" "$got"
	expect_eq "restart all: init ran twice, main twice, other twice" "2 2 2" \
	    "$(lines $OUT/init) $(lines $OUT/main) $(lines $OUT/other)"
	expect_eq "restart all: no preStop for the restart" 0 "$(lines $OUT/prestop)"
	expect_eq "restart all: Killing event for other" 1 "$(ev_count Killing other)"
	expect_eq "restart all: the AllContainersRestarting condition, False once restarted" \
	    "['False']" "$(status_py '[x["status"] for x in d["conditions"] if x["type"] == "AllContainersRestarting"]')"
	expect_eq "restart all: Created and Started twice for init" "2 2" \
	    "$(ev_count Created init) $(ev_count Started init)"
	# the order: other killed, then init started again before main and other
	k=$(ev_ms Killing other | head -n1)
	i2=$(ev_ms Started init | sed -n 2p)
	m2=$(ev_ms Started main | sed -n 2p)
	o2=$(ev_ms Started other | sed -n 2p)
	if [ -n "$k" ] && [ -n "$i2" ] && [ -n "$m2" ] && [ -n "$o2" ] &&
	    [ "$k" -le "$i2" ] && [ "$i2" -le "$m2" ] && [ "$m2" -le "$o2" ]; then
		ok "restart all: Killing, then init, main, other started in order"
	else
		notok "restart all: order Killing $k, init $i2, main $m2, other $o2"; dump
	fi
else
	notok "restart all: other not started twice"; dump
fi
touch $OUT/go
bg_wait 10
expect_eq "restart all: main ends 0 (no rule), other ends 0: Succeeded, exit 0" 0 "$RC"

# -- RestartAllContainers from a sidecar: main restarted too
fresh restart-all-sidecar
bg_pod $BO -f "$(case_file lc-restart-all-sidecar)"
if wait_ev Started 2 main 10; then
	expect_eq "sidecar asks: agent and main ran twice" "2 2" \
	    "$(lines $OUT/agent) $(lines $OUT/main)"
	expect_eq "sidecar asks: main killed for it" 1 "$(ev_count Killing main)"
else
	notok "sidecar asks: main not started again"; dump
fi
touch $OUT/go
bg_wait 10
expect_eq "sidecar asks: then main ends 0, the sidecar is stopped: exit 0" 0 "$RC"
