# What the child inherits from podinit, as PID 1 and as a subreaper (-s):
# the signal mask and ignored set podinit itself inherited; no descriptor
# of podinit's own (fds 0,1,2 only), inherited descriptors passed to the
# first container (DESIGN §1.5) and podinit's copies closed, except
# LISTEN_FDS which podinit keeps, with LISTEN_PID rewritten to the child's
# pid; podinit's cwd is / after spawning while the child keeps its own.
. "$ROOT/tests/helpers/core_lib.sh"

sigs() { grep -E '^Sig(Blk|Ign)' "$1" | tr '\n' ' '; }

# Blocked: USR1 WINCH RTMIN+2; ignored: HUP USR2 PIPE.  Compared with
# sigdump started the same way without podinit.
MASK="-b 10,28,36 -i 1,12,13"
"$H/execwith" $MASK -- "$H/sigdump" >"$T/direct"
"$H/execwith" $MASK -- unshare --pid --fork --mount-proc --kill-child "$H/sigdump" >"$T/direct.ns"
check "core env: the test's mask is not empty" grep -q 'SigBlk:.*[1-9a-f]' "$T/direct"
PODINIT_SOCKET= "$H/execwith" $MASK -- "$PODINIT" -s -- "$H/sigdump" >"$T/via.sub"
expect_eq "core env: child's SigBlk/SigIgn = inherited (sub)" "$(sigs "$T/direct")" "$(sigs "$T/via.sub")"
PODINIT_SOCKET= "$H/execwith" $MASK -- unshare --pid --fork --mount-proc --kill-child "$PODINIT" -- "$H/sigdump" >"$T/via.pid1"
expect_eq "core env: child's SigBlk/SigIgn = inherited (pid1)" "$(sigs "$T/direct.ns")" "$(sigs "$T/via.pid1")"
# And with nothing added, exactly what the test itself runs with (empty
# on a terminal; a CI runner may pass on ignored signals of its own).
"$H/execwith" -- "$H/sigdump" >"$T/clean.direct"
PODINIT_SOCKET= "$H/execwith" -- "$PODINIT" -s -- "$H/sigdump" >"$T/clean"
expect_eq "core env: nothing added, nothing changed" "$(sigs "$T/clean.direct")" "$(sigs "$T/clean")"

# Descriptors.  execwith -c closes everything >= 3 first, so what the
# child sees beyond 0,1,2 can only come from podinit.  The status socket
# is on (its fd must not leak either).
for m in $MODES; do
	if [ $m = pid1 ]; then pre="unshare --pid --fork --mount-proc --kill-child $PODINIT"; else pre="$PODINIT -s"; fi
	PODINIT_SOCKET=$T/fd.$m.sock "$H/execwith" -c -- $pre -- "$H/fdcheck" >"$T/fds.$m"
	expect_eq "core env: child sees only fds 0 1 2 ($m)" "0 1 2" "$(sort -n "$T/fds.$m" | tr '\n' ' ' | sed 's/ $//')"
	# Inherited fds 5 and 9: the first container gets them (tini does
	# the same); podinit keeps no copy.
	PODINIT_SOCKET= "$H/execwith" -c -o 5 -o 9 -- $pre -- "$H/fdcheck" >"$T/ifds.$m"
	expect_eq "core env: inherited fds go to the first container ($m)" "0 1 2 5 9" \
	    "$(sort -n "$T/ifds.$m" | tr '\n' ' ' | sed 's/ $//')"
done

# podinit closes its copies of inherited fds once the child has them, but
# keeps LISTEN_FDS (3, 4) for restarts; LISTEN_PID names the child.
for m in $MODES; do
	out=$T/lfd.$m
	if [ $m = pid1 ]; then
		LISTEN_FDS=2 LISTEN_PID=1 PODINIT_SOCKET= "$H/execwith" -c -o 3 -o 4 -o 7 -- \
		    unshare --pid --fork --mount-proc --kill-child "$PODINIT" -- \
		    sh -c 'echo "pid=$$ LISTEN_PID=$LISTEN_PID LISTEN_FDS=$LISTEN_FDS"; "$0"; echo ready; exec sleep 300' \
		    "$H/fdcheck" >"$out" 2>"$out.err" &
		BG=$!
	else
		LISTEN_FDS=2 LISTEN_PID=1 PODINIT_SOCKET= "$H/execwith" -c -o 3 -o 4 -o 7 -- \
		    "$PODINIT" -s -- \
		    sh -c 'echo "pid=$$ LISTEN_PID=$LISTEN_PID LISTEN_FDS=$LISTEN_FDS"; "$0"; echo ready; exec sleep 300' \
		    "$H/fdcheck" >"$out" 2>"$out.err" &
		BG=$!
	fi
	if ! wait_for "$out" '^ready$' 10; then
		notok "core env: LISTEN_FDS run ($m)"; stop_bg; continue
	fi
	if [ $m = pid1 ]; then PP=$(child_of $BG); else PP=$BG; fi
	line=$(grep '^pid=' "$out")
	pid=${line#pid=}; pid=${pid%% *}
	expect_eq "core env: LISTEN_PID rewritten to the child's pid ($m)" "pid=$pid LISTEN_PID=$pid LISTEN_FDS=2" "$line"
	expect_eq "core env: child gets LISTEN_FDS 3 4 and inherited 7 ($m)" "0 1 2 3 4 7" \
	    "$(grep -E '^[0-9]+$' "$out" | sort -n | tr '\n' ' ' | sed 's/ $//')"
	# podinit's own table: 3 and 4 still open and pointing at /dev/null,
	# 7 closed (or reused by podinit for something else).
	check "core env: podinit keeps LISTEN_FDS ($m)" \
	    sh -c "[ \"\$(readlink /proc/$PP/fd/3)\" = /dev/null ] && [ \"\$(readlink /proc/$PP/fd/4)\" = /dev/null ]"
	check "core env: podinit closed its copy of inherited fd 7 ($m)" \
	    sh -c "[ \"\$(readlink /proc/$PP/fd/7 2>/dev/null)\" != /dev/null ]"
	kill -TERM "$PP"
	wait_bg 10
	expect_eq "core env: LISTEN_FDS run stops on TERM ($m)" 143 "$RC"
	stop_bg
done

# cwd: podinit moves to / after spawning (no mount pinned), the child
# stays where it was started.  Inside the namespace /proc/1 is podinit.
mkdir -p "$T/work dir"
cwd_is_root() { [ "$(readlink /proc/"$1"/cwd)" = / ]; }
for m in $MODES; do
	out=$T/cwd.$m
	if [ $m = pid1 ]; then pre="unshare --pid --fork --mount-proc --kill-child $PODINIT"; else pre="$PODINIT -s"; fi
	( cd "$T/work dir" && PODINIT_SOCKET= exec $pre -- sh -c 'pwd; echo ready; exec sleep 300' ) >"$out" 2>&1 &
	BG=$!
	if ! wait_for "$out" '^ready$' 10; then
		notok "core env: cwd run ($m)"; stop_bg; continue
	fi
	if [ $m = pid1 ]; then PP=$(child_of $BG); else PP=$BG; fi
	expect_eq "core env: child keeps its cwd ($m)" "$T/work dir" "$(head -1 "$out")"
	check "core env: podinit's cwd becomes / ($m)" wait_until 5 cwd_is_root "$PP"
	if [ $m = pid1 ]; then
		expect_eq "core env: /proc/1/cwd is / inside the namespace" / \
		    "$(nsenter -t "$PP" -m -p readlink /proc/1/cwd)"
	fi
	kill -TERM "$PP"
	wait_bg 10
	expect_eq "core env: cwd run stops on TERM ($m)" 143 "$RC"
	stop_bg
done

# The open-file limit: podinit raises its own soft limit to the hard one
# (a pod holds descriptors per container) and gives every child the limit
# it found: the container, an exec probe and a postStart hook.
hard=$(ulimit -H -n)
if [ "$hard" != unlimited ] && [ "$hard" -gt 100 ]; then
	for m in $MODES; do
		if [ $m = pid1 ]; then pre="unshare --pid --fork --mount-proc --kill-child $PODINIT"; else pre="$PODINIT -s"; fi
		out=$(ulimit -S -n 100; PODINIT_SOCKET= $pre -- sh -c 'ulimit -n; p=$(awk "{print \$4}" /proc/$$/stat); grep "^Max open files" /proc/$p/limits' 2>&1)
		expect_eq "core env: the child gets the soft open-file limit podinit found ($m)" 100 "$(echo "$out" | head -n1)"
		expect_eq "core env: podinit's own soft open-file limit is the hard one ($m)" "$hard" \
		    "$(echo "$out" | awk '/^Max open files/ { print $4 }')"
	done
	cat >"$T/nofile.yaml" <<EOY
apiVersion: v1
kind: Pod
metadata: {name: nofile}
spec:
  restartPolicy: Never
  containers:
    - name: app
      command: ["sh", "-c", "ulimit -n >$T/nofile.ctr; i=0; while [ ! -s $T/nofile.probe ] && [ \$i -lt 100 ]; do sleep 0.05; i=\$((i+1)); done"]
      lifecycle:
        postStart:
          exec: {command: ["sh", "-c", "ulimit -n >$T/nofile.hook"]}
      readinessProbe:
        exec: {command: ["sh", "-c", "ulimit -n >$T/nofile.probe"]}
        periodSeconds: 1
EOY
	(ulimit -S -n 100; PODINIT_SOCKET= timeout 10 unshare --pid --fork --mount-proc --kill-child "$PODINIT" -f "$T/nofile.yaml" >/dev/null 2>&1)
	expect_eq "core env: container, postStart hook and exec probe get the limit podinit found" "100 100 100" \
	    "$(cat "$T/nofile.ctr" "$T/nofile.hook" "$T/nofile.probe" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')"
else
	ok "core env: open-file limit (skipped: hard limit $hard)"
fi
