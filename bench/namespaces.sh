#!/bin/sh
# Namespaces benchmark (issue 15, SPEC §7): the time from `podinit -f` to
# the containers' exec for a pod of 10 containers, each in its own mount,
# UTS and PID namespace (the default --isolation pod), against the same pod
# with --isolation none; the cost of the namespaces per container (target
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

{
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
		i=$((i + 1))
	done
} >"$tmp/pod.yaml"

pid1() { echo unshare --pid --fork --mount-proc --kill-child "$P"; }
iso=$("$NB" run "$runs" "$tmp/stamps" $(pid1) -f "$tmp/pod.yaml")
none=$("$NB" run "$runs" "$tmp/stamps" $(pid1) --isolation none -f "$tmp/pod.yaml")

field() { echo "$1" | sed -n "s/.*$2=\\([0-9.]*\\).*/\\1/p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
per() { awk -v a="$1" -v b="$2" -v n="$n" 'BEGIN { printf "%.3f", (a - b) / n }'; }
{
	echo "## Namespaces"
	echo
	echo "A pod of $n containers (no volumes yet: the volume plan is not in this build), $runs runs"
	echo "each; times from the start of \`unshare ... podinit -f\` to a container's exec (ms)."
	echo
	echo "| measurement | --isolation pod p50 | p99 | --isolation none p50 | p99 | ratio p50 |"
	echo "| --- | --- | --- | --- | --- | --- |"
	echo "| to the first container's exec | $(field "$iso" first_p50) | $(field "$iso" first_p99) | $(field "$none" first_p50) | $(field "$none" first_p99) | $(ratio "$(field "$iso" first_p50)" "$(field "$none" first_p50)") |"
	echo "| to the last ($n th) container's exec | $(field "$iso" last_p50) | $(field "$iso" last_p99) | $(field "$none" last_p50) | $(field "$none" last_p99) | $(ratio "$(field "$iso" last_p50)" "$(field "$none" last_p50)") |"
	echo
	echo "Namespaces cost per container (last exec, p50, pod minus none, / $n):" \
	    "$(per "$(field "$iso" last_p50)" "$(field "$none" last_p50)") ms (target < 5 ms)."
	echo "The first container's figure includes the once-per-pod kernel check (isolation_probe)."
	echo
	echo "pod: $iso; none: $none"
} >"$out"
cat "$out"
