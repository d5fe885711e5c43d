# Helpers for integration tests.  T is a per-test scratch directory.
T=$(mktemp -d /tmp/podinit-it.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PODINIT_SOCKET="$T/podinit.sock"

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
# check NAME CONDITION-COMMAND...: ok when the command succeeds.
check() { local name=$1; shift; if "$@"; then ok "$name"; else notok "$name"; fi; }
# expect_eq NAME WANT GOT
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1: want [$2] got [$3]"; fi; }
# as_pid1 ARGS...: run podinit as PID 1 of a new PID namespace.
as_pid1() { unshare --pid --fork --mount-proc --kill-child "$PODINIT" "$@"; }
# wait_for FILE PATTERN [SECONDS]: wait until FILE contains PATTERN.
wait_for() {
	local f=$1 pat=$2 secs=${3:-10} i=0
	while [ $i -lt $((secs * 50)) ]; do
		grep -q -- "$pat" "$f" 2>/dev/null && return 0
		sleep 0.02; i=$((i + 1))
	done
	return 1
}
# pidof_ns_init PID: the podinit pid inside `unshare` (child of unshare).
child_of() { cat /proc/$1/task/$1/children 2>/dev/null | awk '{print $1}'; }
now_ms() { date +%s%3N; }
