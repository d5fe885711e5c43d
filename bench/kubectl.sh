#!/bin/sh
# kubectl against podinit (SPEC §8): the latency of `kubectl get pods`
# (the whole command: kubectl's start, discovery from its cache, the
# Table request) and of the request alone (curl, the Table and the full
# v1.Pod), with 50 containers' worth of state (50 `sleep 1000`
# containers), over TCP (--status-addr).  Writes bench/RESULTS-kubectl.md
# and prints it.
#
# usage: sh bench/kubectl.sh [PODINIT]     (default build/podinit)
# Env: N (50 containers), RUNS (20 kubectl runs), REQS (200 curl requests)
set -u
cd "$(dirname "$0")/.." || exit 1
bin=${1:-${B:-build}/podinit}
n=${N:-50}
runs=${RUNS:-20}
reqs=${REQS:-200}
out=bench/RESULTS-kubectl.md
command -v kubectl >/dev/null 2>&1 || { echo "kubectl: none on PATH, skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
{
	printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: bench}\nspec:\n  containers:\n'
	i=0
	while [ $i -lt "$n" ]; do
		printf '    - {name: c%d, image: x, command: [sleep, "1000"]}\n' $i
		i=$((i + 1))
	done
} >"$tmp/pod.yaml"
"$bin" -s --socket "$tmp/sock" --status-addr 127.0.0.1:0 -f "$tmp/pod.yaml" >"$tmp/log" 2>&1 &
pid=$!
i=0
until "$bin" kubeconfig --socket "$tmp/sock" >"$tmp/kubeconfig" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 200 ] && { echo "podinit did not start"; exit 1; }; sleep 0.05
done
export KUBECONFIG="$tmp/kubeconfig" HOME="$tmp"
server=$(sed -n 's/.*server: "\(.*\)"/\1/p' "$tmp/kubeconfig")
kubectl get pods >/dev/null 2>&1	# fills kubectl's discovery cache
# p50/p90/max of a list of ms values, one a line
stats() { sort -n | awk '{a[NR]=$1} END {printf "p50 %.1f ms, p90 %.1f ms, max %.1f ms (%d runs)", a[int(NR*0.5)+1], a[int(NR*0.9)+1], a[NR], NR}'; }
i=0
while [ $i -lt "$runs" ]; do
	s=$(date +%s%N); kubectl get pods >/dev/null 2>&1; e=$(date +%s%N)
	echo $(( (e - s) / 1000 )) | awk '{print $1 / 1000}'
	i=$((i + 1))
done >"$tmp/kubectl.ms"
req() {
	i=0
	while [ $i -lt "$reqs" ]; do
		curl -s -o /dev/null -w '%{time_total}\n' -H "Accept: $2" "$server$1"
		i=$((i + 1))
	done | awk '{print $1 * 1000}'
}
req /api/v1/namespaces/default/pods 'application/json;as=Table;v=v1;g=meta.k8s.io' >"$tmp/table.ms"
req /api/v1/namespaces/default/pods/bench 'application/json' >"$tmp/pod.ms"
bytes=$(curl -s "$server/api/v1/namespaces/default/pods/bench" | wc -c)
cpu0=$(awk '{print $14 + $15}' /proc/$pid/stat)
req /api/v1/namespaces/default/pods 'application/json' >/dev/null
cpu1=$(awk '{print $14 + $15}' /proc/$pid/stat)
tck=$(getconf CLK_TCK)
{
	echo "# kubectl get pods at $n containers"
	echo
	echo "- \`kubectl get pods\` (whole command, discovery cached): $(stats <"$tmp/kubectl.ms")"
	echo "- GET pods as Table (curl, one connection each): $(stats <"$tmp/table.ms")"
	echo "- GET pods/bench, the v1.Pod of $bytes bytes: $(stats <"$tmp/pod.ms")"
	echo "- podinit's CPU per PodList request: $(awk -v a="$cpu0" -v b="$cpu1" -v t="$tck" -v n="$reqs" 'BEGIN {printf "%.3f ms", (b - a) * 1000 / t / n}')"
} >"$out"
cat "$out"
