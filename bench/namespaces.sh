#!/bin/sh
# Namespaces benchmark (issue 15, SPEC §7): the time from `podinit -f` to
# the containers' exec for a pod of 10 containers, each in its own mount,
# UTS and PID namespace (the default --isolation pod), with and without 3
# volumes each, against the same pod with --isolation none (no volumes:
# it refuses them); the cost of the namespaces per container (target
# under 5 ms).  podinit runs as PID 1 of a PID namespace of its own, as in a
# container; the unshare in front of it is the same in both modes.  Writes
# bench/RESULTS-namespaces.md.  Env: RUNS (default 30), CONTAINERS (10).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
P=${PODINIT:-$root/build/podinit}
out=$root/bench/RESULTS-namespaces.md
runs=${RUNS:-30}
n=${CONTAINERS:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PODINIT_SOCKET="$tmp/podinit.sock"
cc -O2 -I"$root/bench" -o "$tmp/nsbench" "$root/bench/nsbench.c"
NB=$tmp/nsbench

# pod_yaml VOLUMES: the pod, each container mounting VOLUMES emptyDirs
pod_yaml() {
	echo "apiVersion: v1"
	echo "kind: Pod"
	echo "metadata: {name: ns-bench}"
	echo "spec:"
	echo "  restartPolicy: Never"
	echo "  containers:"
	i=0
	while [ $i -lt "$n" ]; do
		echo "  - name: c$i"
		echo "    command: [\"$NB\", \"stamp\", \"$tmp/stamps\"]"
		[ "$1" -gt 0 ] && echo "    volumeMounts:"
		v=0
		while [ $v -lt "$1" ]; do
			echo "    - {name: v$v, mountPath: $tmp/mnt$v}"
			v=$((v + 1))
		done
		i=$((i + 1))
	done
	[ "$1" -gt 0 ] && echo "  volumes:"
	v=0
	while [ $v -lt "$1" ]; do
		echo "  - {name: v$v, emptyDir: {}}"
		v=$((v + 1))
	done
}
pod_yaml 0 >"$tmp/pod.yaml"
pod_yaml 3 >"$tmp/pod3.yaml"

pid1() { echo unshare --pid --fork --mount-proc --kill-child "$P"; }
# the three take turns (see nsbench.c); --isolation none refuses volumes
# (SPEC §7): its pod has none
"$NB" run "$runs" "$tmp/stamps" $(pid1) --isolation none -f "$tmp/pod.yaml" \
    ::: $(pid1) -f "$tmp/pod.yaml" ::: $(pid1) -f "$tmp/pod3.yaml" >"$tmp/res"
none=$(sed -n 1p "$tmp/res")
iso=$(sed -n 2p "$tmp/res")
vol=$(sed -n 3p "$tmp/res")

field() { echo "$1" | sed -n "s/.*$2=\\([0-9.]*\\).*/\\1/p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
per() { awk -v a="$1" -v b="$2" -v n="$n" 'BEGIN { printf "%.3f", (a - b) / n }'; }
row() {
	echo "| $1 | $(field "$2" first_p50) | $(field "$2" first_p99) | $(field "$2" last_p50) | $(field "$2" last_p99) | $(ratio "$(field "$2" last_p50)" "$(field "$none" last_p50)") |"
}
{
	echo "## Namespaces"
	echo
	echo "A pod of $n containers, $runs runs each: ms from the start of \`unshare ... podinit -f\`"
	echo "to the first and to the last container's exec.  --isolation none refuses volumes, so"
	echo "its pod has none."
	echo
	echo "| pod | first p50 | first p99 | last p50 | last p99 | last p50 / none |"
	echo "| --- | --- | --- | --- | --- | --- |"
	row "--isolation none, no volumes" "$none"
	row "own mount, UTS, PID namespaces, no volumes" "$iso"
	row "own namespaces, 3 emptyDir volumes each" "$vol"
	echo
	echo "Per container (last exec p50, minus none's, / $n): namespaces" \
	    "$(per "$(field "$iso" last_p50)" "$(field "$none" last_p50)") ms, namespaces and 3 volumes" \
	    "$(per "$(field "$vol" last_p50)" "$(field "$none" last_p50)") ms (target < 5 ms)."
	echo "The first container's time includes the once-per-pod kernel check (isolation_probe)"
	echo "and the volumes' setup."
	echo
	echo "none: $none; namespaces: $iso; with volumes: $vol"
} >"$out"
cat "$out"
