# Jobs run to their verdict (SPEC §9; K8S: pkg/controller/job): backoffLimit
# over failed pods and, under OnFailure, over restarts; completions one
# pod after another, each with a fresh uid and name; Indexed with
# JOB_COMPLETION_INDEX and the hostname <job>-<index>; the Job's own
# activeDeadlineSeconds; podFailurePolicy's FailJob and Ignore; a CronJob
# run once; the Job's conditions, counts and events in /status, `podinit
# status` and /metrics; SIGTERM between two pods.  The workloads append a
# line to $OUT/runs per run.
. "$ROOT/tests/integration/lifecycle_lib.sh"

BO="--backoff-initial 100ms --backoff-max 1s"
# ev_msg REASON: the message of the first event of that reason
ev_msg() {
	/usr/bin/python3 - "$EV" "$1" <<'PY'
import sys, json
f, reason = sys.argv[1:3]
for l in open(f).read().splitlines():
    e = json.loads(l)
    if e.get("reason") == reason:
        print(e["type"] + " " + e["message"]); break
PY
}

# -- Never, backoffLimit 2: three pods, each its own uid and name
fresh job-backoff
run_pod 15 $BO -f "$(case_file job-backoff)"
expect_eq "backoffLimit 2: three pods, exit 3 (the failing pod's code)" "3 3" "$RC $(lines $OUT/runs)"
expect_eq "backoffLimit 2: three distinct uids" 3 "$(awk '{print $2}' $OUT/runs | sort -u | wc -l)"
names=$(awk '{print $1}' $OUT/runs | sort -u | grep -c '^job-backoff-[bcdfghjklmnpqrstvwxz2456789]\{5\}$')
expect_eq "backoffLimit 2: three pod names job-backoff-XXXXX" 3 "$names"
expect_eq "backoffLimit 2: SuccessfulCreate per pod" 3 "$(ev_count SuccessfulCreate)"
expect_eq "backoffLimit 2: the controller's Warning" \
    "Warning Job has reached the specified backoff limit" "$(ev_msg BackoffLimitExceeded)"
first=$(awk 'NR==1{print $1}' $OUT/runs)
if grep -q "\"message\":\"Created pod: $first\"" "$EV"; then
	ok "backoffLimit 2: the event names the pod"
else
	notok "backoffLimit 2: no 'Created pod: $first' event"; dump
fi
# the back-off between pods: 100 ms, then 200 ms (the Job's --backoff-*)
c=$(ev_ms SuccessfulCreate | tr '\n' ' ')
set -- $(gaps $c)
if [ $# = 2 ] && [ "$1" -ge 90 ] && [ "$2" -ge 190 ] && [ "$2" -le 1500 ]; then
	ok "backoffLimit 2: pods created after 100 ms, then 200 ms of back-off ($1, $2 ms)"
else
	notok "backoffLimit 2: gaps between the pods: $*"; dump
fi

# -- OnFailure: restarts count; at 2 the Job deletes the pod
fresh job-onfailure
run_pod 15 $BO -f "$(case_file job-onfailure)"
if [ "$RC" != 0 ] && [ "$RC" != 124 ] && [ "$(lines $OUT/runs)" = 3 ]; then
	ok "OnFailure, backoffLimit 2: three runs in one pod, then the Job fails (exit $RC)"
else
	notok "OnFailure: rc $RC, $(lines $OUT/runs) runs"; dump
fi
expect_eq "OnFailure: one pod, deleted by the Job" "1 1" \
    "$(ev_count SuccessfulCreate) $(ev_count SuccessfulDelete)"
expect_eq "OnFailure: BackoffLimitExceeded" \
    "Warning Job has reached the specified backoff limit" "$(ev_msg BackoffLimitExceeded)"

# -- completions 3: the counts while the third pod runs, then Complete, 0
fresh job-completions
bg_pod $BO -f "$(case_file job-completions)"
if st_is "2 1 0" '"%d %d %d" % (d["job"]["status"]["succeeded"], d["job"]["status"]["active"], d["job"]["status"]["failed"])'; then
	ok "completions 3: /status job.status 2 succeeded, 1 active, 0 failed"
else
	notok "completions 3: /status job: $(st 'd.get("job")')"; dump
fi
txt=$("$PODINIT" status 2>&1)
if printf '%s\n' "$txt" | grep -q '^Pods Statuses: *1 Active (. Ready) / 2 Succeeded / 0 Failed$' &&
    printf '%s\n' "$txt" | grep -q '^Controlled By: *Job/job-completions$'; then
	ok "completions 3: podinit status shows the Job's pods' statuses"
else
	notok "completions 3: podinit status:"; printf '%s\n' "$txt" | tail -n 14 | sed 's/^/#   /'
fi
m=$(curl -s --max-time 2 --unix-socket "$PODINIT_SOCKET" http://podinit/metrics)
if printf '%s\n' "$m" | grep -q '^podinit_job_status_succeeded{namespace="default",job_name="job-completions"} 2$'; then
	ok "completions 3: /metrics podinit_job_status_succeeded 2"
else
	notok "completions 3: metrics:"; printf '%s\n' "$m" | grep job | sed 's/^/#   /'
fi
: >$OUT/release
bg_wait 10
expect_eq "completions 3: three pods, exit 0, Completed event" "0 3 Normal Job completed" \
    "$RC $(lines $OUT/runs) $(ev_msg Completed)"

# -- Indexed: indexes 0, 1 (failed once, run again), 2
fresh job-indexed
run_pod 15 $BO -f "$(case_file job-indexed)"
expect_eq "Indexed: exit 0" 0 "$RC"
expect_eq "Indexed: JOB_COMPLETION_INDEX, the hostname, the annotation" \
    "0 job-indexed-0 0|1 job-indexed-1 1|1 job-indexed-1 1|2 job-indexed-2 2" \
    "$(tr '\n' '|' <$OUT/runs | sed 's/|$//')"

# -- the Job's activeDeadlineSeconds: across pods, the running one deleted
fresh job-deadline
t0=$(now_ms)
run_pod 15 $BO -f "$(case_file job-deadline)"
te=$(ms_of $OUT/term)
if [ -n "$te" ] && [ $((te - t0)) -ge 1800 ] && [ $((te - t0)) -le 4000 ]; then
	ok "Job deadline 2 s: the second pod got SIGTERM $((te - t0)) ms after the start"
else
	notok "Job deadline: SIGTERM at [$te], start $t0"; dump
fi
expect_eq "Job deadline: non-zero exit, two pods, DeadlineExceeded" \
    "yes 2 Warning Job was active longer than specified deadline" \
    "$([ "$RC" != 0 ] && [ "$RC" != 124 ] && echo yes) $(lines $OUT/runs) $(ev_msg DeadlineExceeded)"
expect_eq "Job deadline: the pod it deleted" 1 "$(ev_count SuccessfulDelete)"

# -- podFailurePolicy: 7 is ignored under backoffLimit 0, then 0 completes
fresh job-policy-ignore
printf '7\n7\n0\n' >$OUT/codes
run_pod 15 $BO -f "$(case_file job-policy)"
expect_eq "podFailurePolicy Ignore: two ignored failures, then Complete" "0 3" "$RC $(lines $OUT/runs)"
# 42 fails the Job at once with the controller's message
fresh job-policy-fail
printf '7\n42\n0\n' >$OUT/codes
run_pod 15 $BO -f "$(case_file job-policy)"
expect_eq "podFailurePolicy FailJob: exit 42 after two pods" "42 2" "$RC $(lines $OUT/runs)"
msg=$(ev_msg PodFailurePolicy)
case "$msg" in
"Warning Container main for pod default/job-policy-"?????" failed with exit code 42 matching FailJob rule at index 0")
	ok "podFailurePolicy FailJob: the controller's message" ;;
*)	notok "podFailurePolicy FailJob: [$msg]"; dump ;;
esac

# -- a CronJob: its template, once, as the Job <cronjob>-<minute>
fresh job-cron
run_pod 10 $BO -f "$(case_file job-cron)"
expect_eq "CronJob: runs once, exit 0" "0 1" "$RC $(lines $OUT/runs)"
if grep -q '^job-cron-[0-9]\{8,\}-[bcdfghjklmnpqrstvwxz2456789]\{5\}$' $OUT/runs; then
	ok "CronJob: the pod is named job-cron-<minutes>-XXXXX"
else
	notok "CronJob: pod name $(cat $OUT/runs)"
fi

# -- SIGTERM between two pods (a 5 s back-off): podinit ends at once
fresh job-wait
bg_pod --backoff-initial 5s --backoff-max 5s -f "$(case_file job-wait)"
# the first pod failed: the Job waits out its back-off with no pod
st_is "1 0" '"%d %d" % (d["job"]["status"]["failed"], d["job"]["status"]["active"])' ||
    notok "back-off: the first pod never ended: $(st 'd.get("job")')"
sig_pod TERM
bg_wait 3
expect_eq "SIGTERM in the back-off: exits with the last pod's code, one pod" "4 1" \
    "$RC $(lines $OUT/runs)"

# -- a suspended Job: no pod, the Suspended event, podinit says why, exit 0
fresh job-suspended
run_pod 5 $BO -f "$(case_file job-suspended)"
expect_eq "suspended: no pod runs, exit 0, the controller's Suspended event" \
    "0 0 Normal Job suspended 0" \
    "$RC $(lines $OUT/runs) $(ev_msg Suspended) $(ev_count SuccessfulCreate)"
if grep -q 'spec.suspend is true' "$T/err"; then
	ok "suspended: podinit says why nothing runs"
else
	notok "suspended: stderr says nothing"; dump
fi
