#!/bin/sh
# bench/logs.sh: a container's output through podinit (SPEC §8: read from
# its pipe, kept in the logbuf, written on to podinit's stdout) against
# the same writer straight to /dev/null, and through a plain pipe to cat
# (what any reader of a pipe pays).  1 GiB of zeros by dd in 64 KiB
# writes; podinit's stdout is /dev/null.  Prints a Markdown table (no
# assertions; the issue's target is >= 0.8x of straight) and writes it to
# bench/RESULTS-logs.md.  Also podinit's CPU per MiB and its RSS during the
# run (sampled from /proc every 20 ms; VmHWM at the last sample).
# Needs root (unshare) and build/podinit.  About 10-30 s.
#
# Knobs: BENCH_LOG_MIB (1024), BENCH_ROUNDS (3: the best of each).
set -u
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
MIB=${BENCH_LOG_MIB:-1024}
ROUNDS=${BENCH_ROUNDS:-3}
OUT=bench/RESULTS-logs.md
W=$(mktemp -d /tmp/podinit-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
export PODINIT_SOCKET="$W/podinit.sock"

die() { echo "bench/logs.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (unshare --pid)"
[ -x "$B/podinit" ] || die "$B/podinit missing: make"
P=$(pwd)/$B/podinit
WRITER="dd if=/dev/zero bs=64k count=$((MIB * 16)) status=none"
now() { date +%s%N; }

cat >"$W/pod.yaml" <<EOF
apiVersion: v1
kind: Pod
metadata: {name: logbench}
spec:
  restartPolicy: Never
  containers:
  - name: w
    image: x
    command: [sh, -c, "$WRITER"]
EOF

best() { sort -n | head -1; }

# straight: the writer's stdout is /dev/null
for r in $(seq "$ROUNDS"); do
	t0=$(now); sh -c "$WRITER" >/dev/null; t1=$(now)
	echo $((t1 - t0))
done | best >"$W/straight"
# a plain pipe to cat
for r in $(seq "$ROUNDS"); do
	t0=$(now); sh -c "$WRITER" | cat >/dev/null; t1=$(now)
	echo $((t1 - t0))
done | best >"$W/pipe"
# through podinit, PID 1 of a new PID namespace; /proc sampled meanwhile
: >"$W/through"
for r in $(seq "$ROUNDS"); do
	t0=$(now)
	unshare --pid --fork --mount-proc --kill-child "$P" -f "$W/pod.yaml" >/dev/null 2>"$W/err" &
	bg=$!
	pp= cpu=0 hwm=0 rss=0
	while kill -0 $bg 2>/dev/null; do
		[ -n "$pp" ] || pp=$(cat /proc/$bg/task/$bg/children 2>/dev/null | awk '{print $1}')
		if [ -n "$pp" ] && [ -r /proc/$pp/stat ]; then
			c=$(awk '{print $14 + $15}' /proc/$pp/stat 2>/dev/null)
			[ -n "$c" ] && cpu=$c
			h=$(awk '/^VmHWM/ {print $2}' /proc/$pp/status 2>/dev/null)
			[ -n "$h" ] && hwm=$h
			s=$(awk '/^VmRSS/ {print $2}' /proc/$pp/status 2>/dev/null)
			[ -n "$s" ] && [ "$s" -gt "$rss" ] && rss=$s
		fi
		sleep 0.02
	done
	wait $bg
	t1=$(now)
	echo "$((t1 - t0)) $cpu $hwm $rss" >>"$W/through"
done
sort -n "$W/through" | head -1 >"$W/through.best"
read -r t_pod cpu hwm rss <"$W/through.best"
t_str=$(cat "$W/straight")
t_pipe=$(cat "$W/pipe")
hz=$(getconf CLK_TCK)

/usr/bin/python3 - "$MIB" "$t_str" "$t_pipe" "$t_pod" "$cpu" "$hz" "$hwm" "$rss" <<'PY' | tee "$OUT"
import sys
mib, t_str, t_pipe, t_pod, cpu, hz, hwm, rss = (float(x) for x in sys.argv[1:])
def row(name, t):
    s = t / 1e9
    print("| %s | %.3f | %.0f | %.2fx |" % (name, s, mib / s, t_str / t))
print("## Container logs through podinit (%d MiB, dd bs=64k of /dev/zero)" % mib)
print()
print("| writer to | seconds | MiB/s | vs straight |")
print("| --- | ---: | ---: | ---: |")
row("/dev/null straight", t_str)
row("a pipe, cat > /dev/null", t_pipe)
row("podinit (kept, then /dev/null)", t_pod)
print()
print("podinit: %.1f us of CPU per MiB (%.2f s user+sys in all), RSS at most %d kB "
      "during the run (VmHWM %d kB); through podinit vs a plain pipe: %.2fx." %
      (cpu / hz / mib * 1e6, cpu / hz, rss, hwm, t_pipe / t_pod))
PY
