#!/bin/sh
# Time `podinit check` on two generated manifests and report wall time (ms,
# best of RUNS) and peak RSS (KB, from /usr/bin/time -v): a Pod of 1,000
# containers (budget, issue 3: under 50 ms and under 20 MB), and a file of
# 1,000 documents, Pods, Deployments and Services mixed, every one of which
# the schema check reads (issue 14: the same budget).
# usage: sh bench/check.sh [PODINIT]      (default build/podinit-static, the
# binary that ships; build/podinit when there is none: its dynamic loading
# of six libraries adds ~4 ms)
# KEEP=FILE only writes the generated 1,000-container manifest to FILE;
# DOCUMENTS=N sets the second file's document count.
set -eu
bin=${1:-build/podinit-static}
[ -x "$bin" ] || bin=build/podinit
runs=${RUNS:-10}
n=${CONTAINERS:-1000}
n_docs=${DOCUMENTS:-1000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
f="$tmp/pod-$n.yaml"
{
	printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n'
	i=0
	while [ "$i" -lt "$n" ]; do
		cat <<EOC
    - name: c$i
      image: busybox
      command: ["/bin/sh", "-c", "exec server --port \$(PORT)"]
      args: ["--id", "$i"]
      env:
        - name: PORT
          value: "$((10000 + i % 50000))"
        - name: ADDR
          value: "127.0.0.1:\$(PORT)"
      ports:
        - name: http
          containerPort: $((10000 + i % 50000))
      livenessProbe:
        httpGet:
          port: http
          path: /healthz
          httpHeaders:
            - name: x-probe
              value: podinit
        periodSeconds: 5
        failureThreshold: 3
      readinessProbe:
        tcpSocket:
          port: http
      resources:
        limits:
          memory: 64Mi
          cpu: 100m
      lifecycle:
        preStop:
          exec:
            command: ["/bin/sh", "-c", "sleep 1"]
EOC
		i=$((i + 1))
	done
} >"$f"
if [ -n "${KEEP:-}" ]; then cp "$f" "$KEEP"; exit 0; fi
g="$tmp/docs-$n_docs.yaml"
# One document in three of each kind; every workload's selector selects its
# template, as the API server wants.
i=0
while [ "$i" -lt "$n_docs" ]; do
	case $((i % 3)) in
	0) cat <<EOD ;;
---
apiVersion: v1
kind: Pod
metadata:
  name: pod-$i
  labels: {app: a$i, tier: web}
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: [/bin/server, --port, "8080"]
      ports: [{name: http, containerPort: 8080}]
      readinessProbe:
        httpGet: {port: http, path: /ready}
      resources:
        requests: {cpu: 50m, memory: 32Mi}
  tolerations:
    - {key: dedicated, operator: Equal, value: web, effect: NoSchedule}
EOD
	1) cat <<EOD ;;
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: deploy-$i
spec:
  replicas: 2
  selector:
    matchLabels: {app: a$i}
  template:
    metadata:
      labels: {app: a$i}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          command: [/usr/sbin/nginx, -g, "daemon off;"]
          volumeMounts: [{name: cache, mountPath: /cache}]
      volumes:
        - name: cache
          emptyDir: {sizeLimit: 1Gi}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchExpressions: [{key: app, operator: In, values: [a$i]}]
EOD
	*) cat <<EOD ;;
---
apiVersion: v1
kind: Service
metadata:
  name: svc-$i
spec:
  selector: {app: a$i}
  ports:
    - {name: http, port: 80, targetPort: http, protocol: TCP}
EOD
	esac
	i=$((i + 1))
done >"$g"

# measure FILE WHAT: the best time of RUNS and the peak RSS, against the budget.
status=0
measure()
{
	"$bin" check -f "$1" >/dev/null 2>&1 || {
		echo "bench: check failed on $1" >&2
		"$bin" check -f "$1" 2>&1 | tail -5
		exit 1
	}
	best=""
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		"$bin" check -f "$1" >/dev/null 2>&1
		t1=$(date +%s%N)
		ms=$(( (t1 - t0) / 1000000 ))
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
		i=$((i + 1))
	done
	rss=$(/usr/bin/time -v "$bin" check -f "$1" 2>&1 >/dev/null |
	    awk -F': ' '/Maximum resident set size/ {print $2}')
	size=$(wc -c <"$1")
	echo "check: $2 ($size bytes): ${best} ms (best of $runs), peak RSS ${rss} KB"
	[ "$best" -lt 50 ] || { echo "check: $2: over the 50 ms budget" >&2; status=1; }
	[ "$rss" -lt 20480 ] || { echo "check: $2: over the 20 MB budget" >&2; status=1; }
}

measure "$f" "$n containers"
measure "$g" "$n_docs documents"
exit $status
