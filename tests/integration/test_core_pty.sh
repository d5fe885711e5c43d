# Interactive use through a pseudo-terminal, as PID 1 and as a subreaper:
# the child's process group owns the terminal's foreground (so Ctrl-C
# reaches it, not podinit), `exit 5` in an interactive shell comes back
# as podinit's 5, Ctrl-C to a `sleep 100` comes back as 130.
. "$ROOT/tests/helpers/core_lib.sh"
export PODINIT_SOCKET=

# ptyrun TIMEOUT EXPECT SEND [EXPECT SEND]... -- CMD...: run CMD on a new
# pty; each time the output so far contains EXPECT (a Python bytes
# literal body), write SEND.  Prints "exit N" (or "signal N"/"timeout")
# and the transcript on stderr.
ptyrun() {
	/usr/bin/python3 - "$@" <<'EOF'
import os, pty, select, sys, time
args = sys.argv[1:]
timeout = float(args.pop(0))
sep = args.index('--')
steps = [(args[i].encode().decode('unicode_escape').encode('latin-1'),
          args[i + 1].encode().decode('unicode_escape').encode('latin-1'))
         for i in range(0, sep, 2)]
cmd = args[sep + 1:]
pid, fd = pty.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
out = b''
seen = 0                      # output already matched by earlier steps
deadline = time.monotonic() + timeout
result = None
while True:
    while steps and steps[0][0] in out[seen:]:
        seen = out.index(steps[0][0], seen) + len(steps[0][0])
        os.write(fd, steps[0][1])
        steps.pop(0)
    left = deadline - time.monotonic()
    if left <= 0:
        os.kill(pid, 9)
        result = 'timeout'
        break
    r, _, _ = select.select([fd], [], [], left)
    if not r:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:
        break                 # EIO: the other side is gone
    if not data:
        break
    out += data
_, st = os.waitpid(pid, 0)
if result is None:
    result = 'exit %d' % os.WEXITSTATUS(st) if os.WIFEXITED(st) else 'signal %d' % os.WTERMSIG(st)
    if steps:
        result += ' (unsent: %r)' % [s[0] for s in steps]
sys.stderr.write(out.decode('utf-8', 'replace'))
print(result)
EOF
}

# The child's group is the terminal's foreground group: fields 5 (pgrp)
# and 8 (tpgid) of its /proc stat match.  Then it reads the exit code.
FG='read -r a b c d pg f g tp rest </proc/$$/stat; [ "$pg" = "$tp" ] && echo FG-yes || echo FG-no; echo ready; read x; exit $x'
for m in $MODES; do
	if [ $m = pid1 ]; then pre="unshare --pid --fork --mount-proc --kill-child $PODINIT"; else pre="$PODINIT -s"; fi
	res=$(ptyrun 10 'ready' '7\n' -- $pre -- sh -c "$FG" 2>"$T/fg.$m")
	expect_eq "core pty: child reads the terminal, its code comes back ($m)" "exit 7" "$res"
	check "core pty: child's group is the terminal's foreground ($m)" grep -q FG-yes "$T/fg.$m"

	# An interactive shell: a job killed with Ctrl-C leaves the shell
	# alive ($? is 130), then `exit 5` ends podinit with 5.  The job
	# prints "gone" (typed as go%s, so the terminal's echo of the command
	# line does not match) once it runs.
	res=$(ptyrun 15 '# ' "sh -c 'printf \"go%s\\\\n\" ne; exec sleep 100'\\n" 'gone' '\x03' \
	    '# ' 'echo "st=$?"\n' 'st=130' 'exit 5\n' -- env PS1='# ' $pre -- sh -i 2>"$T/sh.$m")
	expect_eq "core pty: interactive sh, exit 5 -> 5 ($m)" "exit 5" "$res"
	check "core pty: Ctrl-C reached the shell's job, shell lives on ($m)" grep -q 'st=130' "$T/sh.$m"

	# Ctrl-C to a foreground sleep: killed by SIGINT -> 130.
	res=$(ptyrun 10 'ready' '\x03' -- $pre -- sh -c 'echo ready; exec sleep 100' 2>"$T/int.$m")
	expect_eq "core pty: Ctrl-C to sleep 100 -> 130 ($m)" "exit 130" "$res"
done
