#!/bin/sh
# Lifecycle benchmark (issue 5): time from a container's crash to its
# restart with back-off 0 (target < 5 ms), and from SIGTERM to podinit's
# exit when the workload exits at once (target < 10 ms), side by side with
# tini for the second.  Writes bench/RESULTS-lifecycle.md.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
P=${PODINIT:-$root/build/podinit}
out=$root/bench/RESULTS-lifecycle.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PODINIT_SOCKET="$tmp/podinit.sock"
cc -O2 -o "$tmp/stopwatch" "$root/bench/stopwatch.c"
SW=$tmp/stopwatch

# 1. crash -> restart: 200 crashes with back-off 0.
runs=200
"$P" --restart Always --backoff-initial 0 --backoff-max 0 -- "$SW" stamp "$tmp/stamps" &
pid=$!
i=0
while [ "$(grep -c '^exit' "$tmp/stamps" 2>/dev/null || echo 0)" -lt $runs ] && [ $i -lt 300 ]; do
	sleep 0.1; i=$((i + 1))
done
kill -TERM $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
restart=$("$SW" restarts "$tmp/stamps")

# 2. SIGTERM -> exit, podinit vs tini, workload exits on TERM at once.
term_p=$("$SW" term 100 "$P" -s)
term_t=$("$SW" term 100 tini -s)

p50() { echo "$1" | sed -n 's/.*p50=\([0-9.]*\).*/\1/p'; }
p99() { echo "$1" | sed -n 's/.*p99=\([0-9.]*\).*/\1/p'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
{
	echo "## Lifecycle"
	echo
	echo "| measurement | podinit p50 | podinit p99 | tini p50 | tini p99 | ratio p50 | target |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	echo "| crash to restart, back-off 0 (ms) | $(p50 "$restart") | $(p99 "$restart") | - | - | - | < 5 ms |"
	echo "| SIGTERM to exit, workload exits at once (ms) | $(p50 "$term_p") | $(p99 "$term_p") | $(p50 "$term_t") | $(p99 "$term_t") | $(ratio "$(p50 "$term_p")" "$(p50 "$term_t")") | < 10 ms |"
	echo
	echo "$restart; $term_p (podinit); $term_t (tini).  s6-overlay's fixed grace makes the second 3 s."
} > "$out"
cat "$out"
