#!/bin/sh
# bench/core.sh: podinit's tini-compatible core against tini, tini-static,
# dumb-init and catatonit, each as PID 1 of a new PID namespace, in one
# run on one machine.  Prints a Markdown table (ratios to tini) and
# writes it to bench/RESULTS-core.md.  Needs root (unshare), hyperfine,
# /usr/bin/python3, and build/podinit + build/podinit-static (`make all
# static`).  About 1-2 minutes.
#
# Knobs: BENCH_RUNS (startup runs per init, 100), BENCH_SIG (signal
# samples, 200), BENCH_ORPHANS (20000), BENCH_IDLE (idle seconds, 10),
# BENCH_ROUNDS (rounds of the signal and reaping runs, 5).
set -u
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
RUNS=${BENCH_RUNS:-100}
SIG=${BENCH_SIG:-200}
ORPHANS=${BENCH_ORPHANS:-20000}
IDLE=${BENCH_IDLE:-10}
ROUNDS=${BENCH_ROUNDS:-5}
OUT=bench/RESULTS-core.md
W=$(mktemp -d /tmp/podinit-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
# podinit as users run it: status socket on (in a scratch directory).
export PODINIT_SOCKET="$W/podinit.sock"

die() { echo "bench/core.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (unshare --pid)"
[ -x "$B/podinit" ] || die "$B/podinit missing: make"
[ -x "$B/podinit-static" ] || die "$B/podinit-static missing: make static"
command -v hyperfine >/dev/null || die "hyperfine missing (apt-get install hyperfine)"
mkdir -p "$B/bench"
cc -O2 -std=c11 -D_GNU_SOURCE -Wall -o "$B/bench/initbench" bench/initbench.c || die "cannot build initbench"
IB=$(pwd)/$B/bench/initbench

# name|binary: each is started as "binary -- COMMAND".
INITS="podinit|$(pwd)/$B/podinit
podinit-static|$(pwd)/$B/podinit-static"
for n in tini tini-static dumb-init catatonit; do
	p=$(command -v $n) && INITS="$INITS
$n|$p"
done
names=$(echo "$INITS" | cut -d'|' -f1 | tr '\n' ' ')
bin_of() { echo "$INITS" | awk -F'|' -v n="$1" '$1 == n { print $2 }'; }
# set_v NAME METRIC VALUE / get_v NAME METRIC: results in files.
set_v() { echo "$3" >"$W/v.$1.$2"; }
get_v() { cat "$W/v.$1.$2" 2>/dev/null || echo -; }
echo "# inits: $names" >&2

# ---- binary size ----
for n in $names; do
	b=$(bin_of $n)
	set_v $n size "$(stat -L -c %s "$b")"
	if file -L "$b" | grep -q 'statically linked'; then set_v $n static yes; else set_v $n static no; fi
done

# ---- idle RSS and wake-ups: all inits at once, each with `sleep` ----
ctxt() { awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s + 0 }' /proc/"$1"/status; }
for n in $names; do
	unshare --pid --fork --kill-child "$(bin_of $n)" -- sleep 100000 </dev/null >/dev/null 2>&1 &
	echo $! >"$W/bg.$n"
done
sleep 1
for n in $names; do
	u=$(cat "$W/bg.$n")
	pid=$(awk '{ print $1 }' /proc/"$u"/task/"$u"/children 2>/dev/null)
	echo "$pid" >"$W/pid.$n"
	set_v $n rss "$(awk '/^VmRSS:/ { print $2 }' /proc/"$pid"/status)"
	set_v $n ctxt0 "$(ctxt "$pid")"
done
echo "# idle: ${IDLE} s" >&2
sleep "$IDLE"
for n in $names; do
	pid=$(cat "$W/pid.$n")
	set_v $n wake $(($(ctxt "$pid") - $(get_v $n ctxt0)))
	kill -KILL "$(cat "$W/bg.$n")" "$pid" 2>/dev/null
done
wait 2>/dev/null

# ---- `init -- true`: hyperfine, median ----
T0=$(date +%s)
echo "# startup: $RUNS runs each" >&2
hyperfine -N -w 5 -r "$RUNS" --export-json "$W/base.json" 'unshare --pid --fork /bin/true' >/dev/null 2>&1
for n in $names; do
	hyperfine -N -w 5 -r "$RUNS" --export-json "$W/start.$n.json" \
	    "unshare --pid --fork $(bin_of $n) -- /bin/true" >/dev/null 2>&1
done
median_ms() {
	/usr/bin/python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$1" 2>/dev/null || echo -
}
base=$(median_ms "$W/base.json")
for n in $names; do set_v $n start "$(median_ms "$W/start.$n.json")"; done

# ---- signal-forward latency and reaping ----
# The orphans exist all at once: stay well inside pid_max.
room=$(($(cat /proc/sys/kernel/pid_max) - $(ls -d /proc/[0-9]* | wc -l) - 4000))
if [ "$ORPHANS" -gt "$room" ]; then
	echo "# only $room free pids: $ORPHANS orphans reduced to $room" >&2
	ORPHANS=$room
fi
# Both swing by 2x from run to run here (whether the init and its child
# share a CPU, the host's own load): ROUNDS rounds, the inits taking turns
# in each (each round starting with the next one), and the median of the
# rounds' figures.
echo "# signal latency: $ROUNDS x $SIG samples each; reaping: $ROUNDS x $ORPHANS orphans each" >&2
round=1
while [ $round -le "$ROUNDS" ]; do
	# each round starts one init further along: no init is always first
	order=$(echo $names | tr ' ' '\n' | awk -v r="$round" '{ v[NR] = $0 } END { for (i = 0; i < NR; i++) print v[(i + r - 1) % NR + 1] }')
	for n in $order; do
		r=$("$IB" siglat "$SIG" "$(bin_of $n)" -- </dev/null)
		echo "$r" | sed -n 's/.*median_us=\([0-9.]*\).*/\1/p' >>"$W/r.$n.sigmed"
		echo "$r" | sed -n 's/.*p99_us=\([0-9.]*\).*/\1/p' >>"$W/r.$n.sigp99"
		r=$("$IB" reap "$ORPHANS" "$(bin_of $n)" -- </dev/null)
		echo "$r" | sed -n 's/.*per_s=\([0-9]*\).*/\1/p' >>"$W/r.$n.reap"
	done
	round=$((round + 1))
done
med() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
for n in $names; do
	for k in sigmed sigp99 reap; do set_v $n $k "$(med "$W/r.$n.$k")"; done
done

echo "# measured in $(($(date +%s) - T0 + IDLE + 1)) s" >&2

# ---- the table ----
# ratio VALUE REF: VALUE/REF as "1.23×" (or nothing).
ratio() {
	case "$1$2" in *-*|'') return ;; esac
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf " (%.2f×)", a / b; else if (a == 0) printf " (=)" }'
}
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
{
	echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}, Linux $(uname -r); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
	echo "Run $(date -u +%Y-%m-%dT%H:%MZ) by \`make bench\` (bench/core.sh): every init is PID 1 of a new PID namespace."
	echo
	echo "| init | binary size | idle RSS | idle wake-ups / ${IDLE} s | \`init -- true\` median | signal forward median / p99 | orphans reaped / s |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	for n in $names; do
		# Size ratios compare like with like: static to tini-static,
		# dynamic to tini.
		if [ "$(get_v $n static)" = yes ]; then sref=tini-static; else sref=tini; fi
		size_kb=$(awk -v s="$(get_v $n size)" 'BEGIN { printf "%.0f KiB", s / 1024 }')
		printf '| %s | %s %s%s | %s KiB%s | %s%s | %s ms%s | %s / %s µs%s | %s%s |\n' "$n" \
		    "$size_kb" "$( [ "$(get_v $n static)" = yes ] && echo static || echo dynamic)" \
		    "$(ratio "$(get_v $n size)" "$(get_v $sref size)")" \
		    "$(get_v $n rss)" "$(ratio "$(get_v $n rss)" "$(get_v tini rss)")" \
		    "$(get_v $n wake)" "$(ratio "$(get_v $n wake)" "$(get_v tini wake)")" \
		    "$(get_v $n start)" "$(ratio "$(get_v $n start)" "$(get_v tini start)")" \
		    "$(get_v $n sigmed)" "$(get_v $n sigp99)" "$(ratio "$(get_v $n sigmed)" "$(get_v tini sigmed)")" \
		    "$(get_v $n reap)" "$(ratio "$(get_v $n reap)" "$(get_v tini reap)")"
	done
	echo
	echo "Ratios are to tini (binary size: static to tini-static, dynamic to tini); lower is better except orphans/s."
	echo "Samples: startup $RUNS runs per init (hyperfine, median; \`unshare --pid --fork /bin/true\` alone: $base ms, included in every row);"
	echo "signal forward: $SIG SIGUSR1s to the init, one at a time, send to receipt in the child (median of $ROUNDS rounds' medians and p99s);"
	echo "reaping: $ORPHANS zombies handed to the init at once (their parent exits), until none is left (median of $ROUNDS rounds); idle: VmRSS after 1 s,"
	echo "wake-ups = voluntary + involuntary context switches over ${IDLE} s with the child asleep. One run each, on a shared machine."
} >"$OUT"
cat "$OUT"
