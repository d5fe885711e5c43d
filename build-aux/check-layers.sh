#!/bin/sh
# check-layers: the include rule of doc/ARCHITECTURE.md, checked from the
# folder names.  src/ has one folder per layer, lowest first:
#
#   base < model < core < shell < probe < app < cmd
#
# A file may include the headers of its own layer and of the layers below,
# never one above.  A header include/podinit/X.h belongs to the layer of the
# src/*/X.c beside it, or to the layer the table below gives it (headers
# with no .c of their own).  The pure core also may not include the libc
# headers that make syscalls, nor read a clock.
#
# Usage: check-layers.sh [ROOT]       check the tree at ROOT (default .)
#        check-layers.sh --self-test  show that an upward include, an
#                                     unknown header and a syscall header in
#                                     core each fail (a copy of the tree in a
#                                     temporary directory)
set -eu

LAYERS="base model core shell probe app cmd"

# Headers with no .c of the same name.
header_table() {
	case "$1" in
	units) echo base ;;
	view) echo core ;;
	spawn_stage) echo shell ;;
	*) echo "" ;;
	esac
}

# The libc headers the pure core may include: declarations of pure
# functions and macros only (sys/types.h: ssize_t, pid_t; sys/wait.h: the W* status macros).
CORE_LIBC="assert.h ctype.h errno.h inttypes.h limits.h math.h stdarg.h stdbool.h
stddef.h stdint.h stdio.h stdlib.h string.h strings.h time.h sys/types.h sys/wait.h"

rank() {
	i=0
	for l in $LAYERS; do
		[ "$l" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo ""
}

check_tree() {
	root=$1
	bad=0
	tmp=$(mktemp)
	# header name -> layer
	for h in "$root"/include/podinit/*.h; do
		n=$(basename "$h" .h)
		layer=""
		for c in "$root"/src/*/"$n".c; do
			[ -f "$c" ] && layer=$(basename "$(dirname "$c")")
		done
		[ -n "$layer" ] || layer=$(header_table "$n")
		if [ -z "$layer" ]; then
			echo "check-layers: include/podinit/$n.h: no src/*/$n.c and not in the header table of build-aux/check-layers.sh" >&2
			bad=1
			continue
		fi
		echo "$n $layer" >>"$tmp"
	done
	for d in "$root"/src/*/; do
		l=$(basename "$d")
		if [ -z "$(rank "$l")" ]; then
			echo "check-layers: src/$l/: not a layer ($LAYERS)" >&2
			bad=1
		fi
	done
	[ -z "$(find "$root/src" -maxdepth 1 -name '*.c')" ] || {
		echo "check-layers: .c files directly under src/: each belongs in its layer's folder" >&2
		bad=1
	}
	# Every file of src/ and every public header, with the layer it is in.
	{
		for f in "$root"/src/*/*.c "$root"/src/*/*.h; do
			[ -f "$f" ] && echo "$f $(basename "$(dirname "$f")")"
		done
		for h in "$root"/include/podinit/*.h; do
			n=$(basename "$h" .h)
			l=$(awk -v n="$n" '$1 == n { print $2 }' "$tmp")
			[ -n "$l" ] && echo "$h $l"
		done
	} >"$tmp.files"
	while read -r f l; do
		r=$(rank "$l")
		rel=${f#"$root"/}
		grep -n '^#include "podinit/' "$f" | while IFS= read -r line; do
			ln=${line%%:*}
			inc=$(echo "$line" | sed 's|.*"podinit/\([^"]*\)\.h".*|\1|')
			il=$(awk -v n="$inc" '$1 == n { print $2 }' "$tmp")
			if [ -z "$il" ]; then
				echo "$rel:$ln: includes podinit/$inc.h, which has no layer"
				continue
			fi
			ir=$(rank "$il")
			if [ "$ir" -gt "$r" ]; then
				echo "$rel:$ln: includes podinit/$inc.h ($il): $l may include only the layers up to $l ($LAYERS)"
			fi
		done
		if [ "$l" = core ]; then
			grep -n '^#include <' "$f" | while IFS= read -r line; do
				ln=${line%%:*}
				inc=$(echo "$line" | sed 's|.*<\([^>]*\)>.*|\1|')
				case " $(echo $CORE_LIBC) " in
				*" $inc "*) ;;
				*) echo "$rel:$ln: includes <$inc>: the core is pure (no syscalls); allowed: $(echo $CORE_LIBC)" ;;
				esac
			done
			grep -n 'clock_mono *(\|clock_real *(' "$f" | while IFS= read -r line; do
				echo "$rel:${line%%:*}: reads a clock: the core takes the time as an argument"
			done
		fi
	done <"$tmp.files" >"$tmp.out"
	rm -f "$tmp" "$tmp.files"
	if [ -s "$tmp.out" ]; then
		sed 's/^/check-layers: /' "$tmp.out" >&2
		bad=1
	fi
	rm -f "$tmp.out"
	return $bad
}

self_test() {
	here=$(cd "$(dirname "$0")/.." && pwd)
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	fails=0
	try() {	# NAME FILE LINE: add LINE after the first line of FILE, expect a failure
		rm -rf "$work/t"
		mkdir -p "$work/t"
		cp -r "$here/src" "$here/include" "$work/t/"
		sed -i "1a $3" "$work/t/$2"
		if check_tree "$work/t" 2>"$work/err"; then
			echo "check-layers self-test: $1: not caught" >&2
			fails=1
		elif ! grep -q "$2" "$work/err"; then
			echo "check-layers self-test: $1: failed without naming $2:" >&2
			cat "$work/err" >&2
			fails=1
		fi
	}
	if ! check_tree "$here" 2>"$work/err"; then
		echo "check-layers self-test: the tree itself fails:" >&2
		cat "$work/err" >&2
		exit 1
	fi
	try "core includes shell" src/core/backoff.c '#include "podinit/loop.h"'
	try "model includes app" include/podinit/spec.h '#include "podinit/super.h"'
	try "core includes a syscall header" src/core/pod_sm.c '#include <unistd.h>'
	try "core reads a clock" src/core/probe_sm.c 'static long long now_x(void) { return clock_mono(); }'
	try "unknown header" src/base/buf.c '#include "podinit/nowhere.h"'
	[ $fails = 0 ] || exit 1
	echo "check-layers self-test: 5 upward or impure includes caught"
}

if [ "${1:-}" = --self-test ]; then
	self_test
	exit 0
fi
check_tree "${1:-.}"
echo "layers: ok"
