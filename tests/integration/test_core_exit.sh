# Core (tini-compatible) exit codes, as PID 1 and as a subreaper (-s):
# 0..255 passed through, -e remaps, 128+N for death by signal N, 126/127
# for exec failures, 125 for podinit's own errors; --help/--version/-l;
# tini's warning when neither PID 1 nor a subreaper.
. "$ROOT/tests/helpers/core_lib.sh"

# The sweep: every code in both modes.  Per code one run in each mode:
# one plain (code passes through) and one with `-e CODE -e OTHER` (CODE
# becomes 0), swapped between the modes on odd codes, so each code is
# checked with and without -e.  The two modes run side by side, each as
# one shell loop bounded as a whole (no per-run `timeout`, no --mount-proc:
# the exit code needs neither, and starts are what this loop measures).
sweep() {
	local mode=$1 flip=$2 out=$3 pre
	if [ "$mode" = pid1 ]; then
		pre="unshare --pid --fork --kill-child $PODINIT"
	else
		pre="$PODINIT -s"
	fi
	PRE=$pre FLIP=$flip EXITWITH="$H/exitwith" PODINIT_SOCKET= timeout -k 1 120 sh -c '
		for i in $(seq 0 255); do
			if [ $(((i + FLIP) % 2)) -eq 0 ]; then
				$PRE -- "$EXITWITH" "$i"; rc=$?; want=$i
			else
				$PRE -e "$i" -e $(((i + 1) % 256)) -- "$EXITWITH" "$i"; rc=$?; want=0
			fi
			[ "$rc" = "$want" ] || echo "code $i: want $want got $rc"
		done; echo finished' >"$out" 2>"$out.err"
}
t0=$(now_ms)
sweep pid1 0 "$T/sweep.pid1" &
s1=$!
sweep sub 1 "$T/sweep.sub" &
s2=$!
wait $s1 $s2
for m in $MODES; do
	if [ "$(cat "$T/sweep.$m")" = finished ]; then
		ok "core exit: sweep 0..255 with and without -e ($m)"
	else
		notok "core exit: sweep 0..255 with and without -e ($m): $(head -5 "$T/sweep.$m" | tr '\n' ';') $(head -5 "$T/sweep.$m.err")"
	fi
done
echo "# sweep: 512 runs in $(($(now_ms) - t0)) ms"
# Sweep runs print nothing of their own (the subreaper mode has no warning).
expect_eq "core exit: sweep runs are silent on stderr" "" "$(cat "$T"/sweep.*.err | head -3)"

for m in $MODES; do
	# -e for another code leaves this one alone; -e is repeatable.
	run_mode $m -e 1 -e 2 -- "$H/exitwith" 3; expect_eq "core exit: -e other code passes 3 ($m)" 3 $?
	run_mode $m -e 1 -e 2 -e 3 -- "$H/exitwith" 2; expect_eq "core exit: repeated -e ($m)" 0 $?
	# Death by signal: 128 + N.
	for sn in TERM:15 USR1:10 KILL:9 SEGV:11; do
		s=${sn%:*} n=${sn#*:}
		run_mode $m -- "$H/exitwith" -"$n" 2>/dev/null
		expect_eq "core exit: child killed by SIG$s -> $((128 + n)) ($m)" $((128 + n)) $?
	done
	run_mode $m -e 143 -- "$H/exitwith" -15; expect_eq "core exit: -e 143 remaps SIGTERM death ($m)" 0 $?
	# Exec failures.
	run_mode $m -- /nonexistent/cmd 2>"$T/err"; rc=$?
	expect_eq "core exit: not found -> 127 ($m)" 127 $rc
	check "core exit: not-found message names the command ($m)" grep -q '/nonexistent/cmd' "$T/err"
	run_mode $m -- no-such-command-xyz 2>"$T/err"; expect_eq "core exit: not found in PATH -> 127 ($m)" 127 $?
	printf 'x' >"$T/noexec"; chmod 644 "$T/noexec"
	run_mode $m -- "$T/noexec" 2>"$T/err"; rc=$?
	expect_eq "core exit: not executable -> 126 ($m)" 126 $rc
	check "core exit: not-executable message names the command ($m)" grep -q "$T/noexec" "$T/err"
	run_mode $m -- "$T" 2>/dev/null; expect_eq "core exit: a directory -> 126 ($m)" 126 $?
	# A shell's own code passes through, arguments intact.
	run_mode $m -- sh -c 'exit $#' sh a 'b c' ''; expect_eq "core exit: argv passed intact ($m)" 3 $?
done

# Info flags exit 0 and print something; bad flags exit 125 with a message.
for f in --version --help -h -l; do
	out=$("$PODINIT" $f 2>&1); rc=$?
	expect_eq "core cli: $f exits 0" 0 $rc
	check "core cli: $f prints something" test -n "$out"
done
check "core cli: --version names podinit" sh -c '"$PODINIT" --version | grep -q "^podinit [0-9]"'
check "core cli: --help shows the tini flags" sh -c '"$PODINIT" --help | grep -q -- "-s subreaper"'
for bad in "--bogus true" "-x true" "-e 256 true" "-e x true" "-p NOPE true" "--rewrite TERM true" \
    "--rewrite FOO:1 true" "--grace-period soon true" "-e" ""; do
	# shellcheck disable=SC2086
	"$PODINIT" $bad >/dev/null 2>"$T/err"; rc=$?
	expect_eq "core cli: podinit $bad -> 125" 125 $rc
	check "core cli: podinit $bad explains itself" grep -q '^podinit: ' "$T/err"
done
as_pid1 --bogus -- true 2>/dev/null; expect_eq "core cli: bad flag as PID 1 -> 125" 125 $?

# A file with no pod: the API server (and check) takes it, a run has
# nothing to run (125).  (A run never refuses a manifest for a warning:
# the named-port case of test_probes_net.sh.)
G=$ROOT/tests/golden/valid
as_pid1 -f "$G/config-only.yaml" >/dev/null 2>"$T/err"; rc=$?
expect_eq "core manifest: no pod to run -> 125" 125 $rc
check "core manifest: no pod to run says so" grep -q 'no Pod or workload' "$T/err"
"$PODINIT" check -f "$G/config-only.yaml" >/dev/null 2>&1
expect_eq "core manifest: check takes the same file" 0 $?

# tini's warning: only when neither PID 1 nor a subreaper.
"$PODINIT" -- true 2>"$T/err"; rc=$?
expect_eq "core cli: no -s, not PID 1 still runs" 0 $rc
check "core cli: tini-style warning without -s" grep -q 'not running as PID 1 and not registered as a child subreaper' "$T/err"
"$PODINIT" -s -- true 2>"$T/err"
expect_eq "core cli: no warning with -s" "" "$(cat "$T/err")"
TINI_SUBREAPER=1 "$PODINIT" -- true 2>"$T/err"
expect_eq "core cli: no warning with TINI_SUBREAPER" "" "$(cat "$T/err")"
as_pid1 -- true 2>"$T/err"
expect_eq "core cli: no warning as PID 1" "" "$(cat "$T/err")"
