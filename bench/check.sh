#!/bin/sh
# Time `podinit check` on a generated 1,000-container manifest and report
# wall time (ms, best of RUNS) and peak RSS (KB, from /usr/bin/time -v).
# Budget (issue 3): under 50 ms and under 20 MB.
# usage: sh bench/check.sh [PODINIT]      (default build/podinit-static, the
# binary that ships; build/podinit when there is none: its dynamic loading
# of six libraries adds ~4 ms)
# KEEP=FILE only writes the generated manifest to FILE.
set -eu
bin=${1:-build/podinit-static}
[ -x "$bin" ] || bin=build/podinit
runs=${RUNS:-10}
n=${CONTAINERS:-1000}
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
"$bin" check -f "$f" >/dev/null 2>&1 || { echo "bench: check failed on $f" >&2; "$bin" check -f "$f" | tail -5; exit 1; }
best=""
i=0
while [ "$i" -lt "$runs" ]; do
	t0=$(date +%s%N)
	"$bin" check -f "$f" >/dev/null 2>&1
	t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
	if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
	i=$((i + 1))
done
rss=$(/usr/bin/time -v "$bin" check -f "$f" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
size=$(wc -c <"$f")
echo "check: $n containers ($size bytes): ${best} ms (best of $runs), peak RSS ${rss} KB"
status=0
[ "$best" -lt 50 ] || { echo "check: over the 50 ms budget" >&2; status=1; }
[ "$rss" -lt 20480 ] || { echo "check: over the 20 MB budget" >&2; status=1; }
exit $status
