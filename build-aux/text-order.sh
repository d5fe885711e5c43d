#!/bin/sh
# build-aux/text-order.sh: regenerate build-aux/text-order.txt, the order
# in which the static link (make static, with gold) lays out podinit's own
# functions: first those an idle tini-style podinit runs (start, spawn,
# signal forwarding, reaping, exit), then those a manifest adds.
#
# Why: the kernel maps a static binary's text 64 KB at a time around each
# page touched (fault-around), so functions an idle init runs spread over
# the whole of podinit's code cost its RSS all of it.  Grouped at the front
# they share two windows.  A stale list costs memory, never correctness:
# functions not named are laid out after, as before.
#
# It builds an instrumented copy (-finstrument-functions, a hook that logs
# each function entered), runs the scenarios as PID 1 and writes the names
# in first-seen order.  Needs root (unshare).  usage: sh build-aux/text-order.sh
set -eu
cd "$(dirname "$0")/.."
B=build/text-order
LIBS="$B/mbedtls/libmbedtls.a -lyaml -lseccomp -lnghttp2"
mkdir -p "$B"
trace=$(pwd)/$B/trace.txt
cat >"$B/hook.c" <<EOC
#include <fcntl.h>
#include <unistd.h>
static int fd = -2;
__attribute__((no_instrument_function)) void
__cyg_profile_func_enter(void *fn, void *site)
{
	char b[24];
	int i = 23;
	unsigned long v = (unsigned long)fn;

	(void)site;
	b[i] = '\n';
	do {
		b[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	if (fd == -2)
		fd = open("$trace", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0)
		(void)!write(fd, b + i, (size_t)(24 - i));
}
__attribute__((no_instrument_function)) void
__cyg_profile_func_exit(void *fn, void *site)
{
	(void)fn;
	(void)site;
}
EOC
make -s -j2 B="$B" CFLAGS="-Os -ffunction-sections -fdata-sections -finstrument-functions" \
    "$B/libpodinit.a" "$B/src/cmd/main.o" "$B/mbedtls/libmbedtls.a"
cc -O2 -c -o "$B/hook.o" "$B/hook.c"
cc -static -o "$B/podinit" "$B/src/cmd/main.o" "$B/hook.o" "$B/libpodinit.a" $LIBS
rm -f "$trace" "$B/order.tmp"
export PODINIT_SOCKET="$(pwd)/$B/podinit.sock"
# 1. tini style: start, a forwarded signal, the child's exit, podinit's exit
unshare --pid --fork --kill-child "$B/podinit" -- sh -c 'trap "" USR1; kill -USR1 1; sleep 0.3' \
    </dev/null >/dev/null 2>&1 || true
unshare --pid --fork --kill-child "$B/podinit" -- sh -c 'sleep 0.3' </dev/null >/dev/null 2>&1 &
sleep 0.1
kill -TERM $! 2>/dev/null || true
wait $! 2>/dev/null || true
cp "$trace" "$B/tini.txt"
# 2. a manifest with probes, hooks and a restart
timeout 8 unshare --pid --fork --kill-child "$B/podinit" -f examples/lifecycle-demo.yaml -- sleep 3 \
    </dev/null >/dev/null 2>&1 || true
timeout 8 unshare --pid --fork --kill-child "$B/podinit" -f examples/liveness-exec.yaml \
    </dev/null >/dev/null 2>&1 || true
nm "$B/podinit" | awk '$2 ~ /^[tT]$/ { print $1, $3 }' >"$B/nm.txt"
# trace addresses are hex without leading zeros; nm pads them to 16
awk 'NR == FNR { name[$1] = $2; next }
    { key = sprintf("%16s", $1); gsub(/ /, "0", key) }
    (key in name) && !(key in seen) { seen[key] = 1; print ".text." name[key] }' \
    "$B/nm.txt" "$trace" | grep -v '__cyg_profile' >build-aux/text-order.txt
echo "build-aux/text-order.txt: $(wc -l <build-aux/text-order.txt) functions"
