# kubectl against podinit (SPEC §8, issue 17): the real kubectl (on PATH;
# .ci/install-deps installs Debian's kubernetes-client when there is none)
# through `podinit kubeconfig` against podinit as PID 1 on an ephemeral
# 127.0.0.1 port: version, get pods (READY STATUS RESTARTS), -o json and
# yaml, describe with the events of a liveness failure, get events, wait
# for Ready (passes when readiness flips, times out when it never does),
# get pods -w showing the restart, top pod, a refused delete, a missing
# pod.  The logs checks need the capture (helper L's, src/shell): they are
# marked WAITS-FOR-CAPTURE and skipped while `kubectl logs` shows nothing.
# Every wait is bounded.
. "$ROOT/tests/integration/lifecycle_lib.sh"

if ! command -v kubectl >/dev/null 2>&1; then
	ok "# SKIP kubectl: none on PATH"
	return 0 2>/dev/null || exit 0
fi
PY=${PY:-python3}
K="timeout 20 kubectl --request-timeout=10s"
export KUBECONFIG="$T/kubeconfig"
export HOME="$T"	# kubectl's discovery cache: ours, not the user's
# has NAME ERE TEXT: ok when a line of TEXT matches ERE; the text otherwise
has() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then ok "$1"; else notok "$1: $(printf '%s' "$3" | head -c 600)"; fi
}

cat >"$T/pod.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: kube
  namespace: demo
  labels: {app: kube}
spec:
  # the container is its PID namespace's init, deaf to SIGTERM: killed
  # after the grace
  terminationGracePeriodSeconds: 1
  containers:
    - name: app
      image: busybox
      command: ["/bin/sh", "-c", "echo started; touch $T/live; exec sleep 3600"]
      env:
        - {name: GREETING, value: hello}
        - name: TOKEN
          valueFrom: {secretKeyRef: {name: creds, key: token}}
      resources:
        limits: {cpu: 250m, memory: 32Mi}
      livenessProbe:
        exec: {command: ["test", "-e", "$T/live"]}
        initialDelaySeconds: 1  # the file is the container's first act
        periodSeconds: 1
        failureThreshold: 1
      readinessProbe:
        exec: {command: ["test", "-e", "$T/ready"]}
        periodSeconds: 1
        failureThreshold: 1
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: demo}
stringData: {token: s3cr3t-value}
YAML

rm -f "$T/live" "$T/ready"
bg_pod -f "$T/pod.yaml" --status-addr 127.0.0.1:0
i=0
until "$PODINIT" kubeconfig >"$T/kubeconfig" 2>"$T/kc.err"; do
	i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.05
done
check "kubeconfig: podinit kubeconfig names the pod's cluster and its TCP address" \
    grep -q 'server: "http://127.0.0.1:[0-9]*"' "$T/kubeconfig"

v=$($K version -o json 2>&1)
check "version: kubectl version shows podinit's server version" \
    sh -c "printf '%s' '$v' | grep -q '\"gitVersion\": \"v1.[0-9]*.0+podinit'"

out=$($K get pods 2>&1)
has "get pods: NAME READY STATUS RESTARTS AGE header" \
    '^NAME +READY +STATUS +RESTARTS +AGE' "$out"
has "get pods: kube 0/1 Running 0 before readiness" \
    '^kube +0/1 +Running +0 ' "$out"

# wait: times out while never ready, passes when readiness flips.
$K wait --for=condition=Ready pod/kube --timeout=2s >"$T/wait1" 2>&1
expect_eq "wait: --for=condition=Ready times out when the pod never gets ready" 1 $?
( sleep 1; touch "$T/ready" ) &
TP=$!
$K wait --for=condition=Ready pod/kube --timeout=15s >"$T/wait2" 2>&1
expect_eq "wait: --for=condition=Ready passes when readiness flips" 0 $?
wait $TP

out=$($K get pods -o wide 2>&1)
has "get pods -o wide: 1/1 Running, IP and NODE columns" \
    '^kube +1/1 +Running +0 +[^ ]+ +[^ ]+ +[^ ]+ +<none> +<none>' "$out"

$K get pod kube -o json >"$T/pod.json" 2>&1
got=$($PY -c 'import json,sys; d=json.load(open(sys.argv[1]));
c=d["spec"]["containers"][0]
print(d["kind"], d["metadata"]["namespace"], bool(d["metadata"]["uid"]), d["metadata"]["labels"]["app"],
      d["status"]["phase"], d["status"]["qosClass"], bool(d["status"].get("podIP")),
      c["resources"]["limits"]["memory"], [e.get("valueFrom",{}).get("secretKeyRef",{}).get("key") for e in c["env"]])' "$T/pod.json" 2>&1)
expect_eq "get -o json: a v1.Pod with metadata, spec defaults and status" \
    "Pod demo True kube Running Guaranteed True 32Mi [None, 'token']" "$got"
check "get -o json: the Secret's value never appears" sh -c "! grep -q s3cr3t '$T/pod.json'"
expect_eq "get -o jsonpath: the image and the command as written" \
    "busybox|[\"/bin/sh\",\"-c\",\"echo started; touch $T/live; exec sleep 3600\"]" \
    "$($K get pod kube -o jsonpath='{.spec.containers[0].image}|{.spec.containers[0].command}' 2>&1)"
$K get pod kube -o yaml >"$T/pod.yaml.out" 2>&1
check "get -o yaml: kubectl's YAML of the Pod" grep -q '^  terminationGracePeriodSeconds: 1$' "$T/pod.yaml.out"

# A liveness failure: kubelet's restart, seen by a watch and describe.
$K get pods -w >"$T/watch" 2>&1 &
WP=$!
sleep 1
rm -f "$T/live"
i=0
until grep -Eq '^kube +[01]/1 +Running +1 ' "$T/watch"; do
	i=$((i + 1)); [ $i -gt 300 ] && break; sleep 0.05
done
check "get pods -w: the restart shows as RESTARTS 1" grep -Eq '^kube +[01]/1 +Running +1 ' "$T/watch"
kill $WP 2>/dev/null; wait $WP 2>/dev/null

$K describe pod kube >"$T/describe" 2>&1
check "describe pod: the liveness failure in Events, From kubelet" \
    grep -Eq 'Warning +Unhealthy +.* kubelet +Liveness probe failed' "$T/describe"
check "describe pod: the Killing event of the restart" grep -Eq 'Normal +Killing ' "$T/describe"
$K get events >"$T/events" 2>&1
check "get events: LAST SEEN TYPE REASON OBJECT MESSAGE, pod/kube" \
    sh -c "grep -Eq '^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE' '$T/events' && grep -q 'pod/kube' '$T/events'"
$K get events -o json >"$T/events.json" 2>&1
got=$($PY -c 'import json,sys; d=json.load(open(sys.argv[1]))
e=[i for i in d["items"] if i["reason"]=="Unhealthy"][0]
print(e["involvedObject"]["kind"], e["involvedObject"]["fieldPath"], e["source"]["component"], e["count"] >= 1)' \
    "$T/events.json" 2>&1)
expect_eq "get events -o json: v1.Event with involvedObject.fieldPath" \
    "Pod spec.containers{app} kubelet True" "$got"

out=$($K top pod 2>&1)
has "top pod: NAME CPU(cores) MEMORY(bytes)" \
    '^kube +[0-9]+m +[0-9]+Mi' "$out"
out=$($K top pod --containers 2>&1)
has "top pod --containers: the app container" \
    '^kube +app +[0-9]+m' "$out"

out=$($K delete pod kube --wait=false 2>&1)
has "delete: refused with MethodNotAllowed" \
    'MethodNotAllowed' "$out"
out=$($K get pod other 2>&1)
case $out in
*'pods "other" not found'*) ok "get pod other: NotFound as the API server says it" ;;
*) notok "get pod other: NotFound as the API server says it: $out" ;;
esac

# WAITS-FOR-CAPTURE: the logs need helper L's capture of the output.
out=$($K logs kube 2>&1)
if printf '%s\n' "$out" | grep -q started; then
	check "logs: the container's output" true
	out=$($K logs kube --previous 2>&1)
	has "logs --previous: the instance before the restart" \
	    'started' "$out"
	out=$($K logs kube -c app --tail 1 --timestamps 2>&1)
	has "logs -c app --tail 1 --timestamps: one line with its time" \
	    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[^ ]+Z started' "$out"
	timeout 2 kubectl logs -f kube >"$T/follow" 2>&1
	check "logs -f: follows until stopped" grep -q started "$T/follow"
else
	ok "# SKIP logs: WAITS-FOR-CAPTURE (no output kept yet)"
fi

kill -TERM $PP 2>/dev/null
bg_wait 10

# A Job's pods one after another: ownerReferences to the Job, the pod a
# watch showed DELETED when the next replaces it, the Job controller's events.
cat >"$T/job.yaml" <<YAML
apiVersion: batch/v1
kind: Job
metadata: {name: twice}
spec:
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - {name: c, image: busybox, command: ["sh", "-c", "sleep 1"]}
YAML
rm -f "$PODINIT_SOCKET"
bg_pod -f "$T/job.yaml" --status-addr 127.0.0.1:0
i=0
until "$PODINIT" kubeconfig >"$T/kubeconfig" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.05
done
$K get pods -w --output-watch-events >"$T/jobwatch" 2>&1 &
WP=$!
$K get events -w >"$T/jobevents" 2>&1 &
EP=$!
out=$($K get pods -o jsonpath='{.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}' 2>&1)
expect_eq "job: the pod's ownerReferences name its Job" "Job/twice" "$out"
bg_wait 20
kill $WP $EP 2>/dev/null; wait $WP $EP 2>/dev/null
has "job: get pods -w shows the first pod DELETED when the next replaces it" \
    '^DELETED +twice-[a-z0-9]{5} ' "$(cat "$T/jobwatch")"
has "job: get events -w shows the Job controller's SuccessfulCreate on job/twice" \
    'SuccessfulCreate +job/twice +Created pod: twice-' "$(cat "$T/jobevents")"
