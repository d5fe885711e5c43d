# seccompProfile (SPEC §5, issue 7): RuntimeDefault loads a filter
# (Seccomp: 2) that refuses unshare, mount, keyctl, ptrace with EPERM and
# lets ordinary programs (coreutils, busybox applets, python3) run; the
# same calls succeed unconfined; a Localhost profile relative to the
# manifest's directory denies mkdir with EPERM.
. "$ROOT/tests/integration/lifecycle_lib.sh"
. "$ROOT/tests/integration/fixtures/sec_lib.sh"

sec_fresh seccomp
mkdir -p $OUT/mnt-rd $OUT/mnt-un
run_fg 20 -v -f "$(case_file sec_seccomp)"
expect_eq "seccomp pod: exit code" 0 "$RC"
[ "$RC" = 0 ] || dump

expect_eq "RuntimeDefault: Seccomp" 2 "$(st $OUT/rd.status Seccomp)"
# root keeps CAP_SYS_ADMIN here, so the kernel does not require NoNewPrivs
expect_eq "RuntimeDefault as root with CAP_SYS_ADMIN: NoNewPrivs" 0 "$(st $OUT/rd.status NoNewPrivs)"
# calls_expect FILE WANT LABEL: each probed call's result in FILE is WANT
calls_expect() {
	for call in keyctl ptrace unshare mount; do
		expect_eq "$3: $call() $([ "$2" = ok ] && echo succeeds || echo "fails with $2")" "$2" \
		    "$(awk -v c=$call '$1==c{print $2}' "$1" 2>/dev/null)"
	done
}
calls_expect $OUT/rd.calls EPERM RuntimeDefault
[ -s $OUT/rd.calls ] || { echo "# rd.calls:"; sed 's/^/#   /' $OUT/rd.calls 2>/dev/null; }
expect_eq "RuntimeDefault: \`unshare -U true\` fails" "unshare-cmd 1" "$(grep unshare-cmd $OUT/rd.cmds)"
if has $OUT/rd.unshare.err "Operation not permitted"; then
	ok "RuntimeDefault: unshare(1) says Operation not permitted"
else
	notok "RuntimeDefault: unshare(1) said: $(cat $OUT/rd.unshare.err 2>/dev/null)"
fi
if grep -q '^mount-cmd [1-9]' $OUT/rd.cmds && ! mountpoint -q $OUT/mnt-rd; then
	ok "RuntimeDefault: mount(8) fails ($(head -c 80 $OUT/rd.mount.err))"
else
	notok "RuntimeDefault: mount(8): $(grep mount-cmd $OUT/rd.cmds) $(cat $OUT/rd.mount.err 2>/dev/null)"
fi
expect_eq "RuntimeDefault: /bin/true, busybox echo/ls/sh+expr, python3 run" \
    "true 0|busybox-echo 0|busybox-ls 0|busybox-sh 0|python 0" \
    "$(grep -E '^(true|busybox|python)' $OUT/rd.cmds | paste -sd'|')"
expect_eq "RuntimeDefault: busybox output" "hello 42" \
    "$(head -n1 $OUT/rd.bb 2>/dev/null) $(tail -n1 $OUT/rd.bb 2>/dev/null)"
expect_eq "RuntimeDefault: python3 -c 'print(1)'" 1 "$(cat $OUT/rd.py 2>/dev/null)"

# the control: the same calls, unfiltered, are not refused by permission
expect_eq "Unconfined: Seccomp" 0 "$(st $OUT/unconfined.status Seccomp)"
calls_expect $OUT/unconfined.calls ok Unconfined

expect_eq "Localhost (relative path): Seccomp" 2 "$(st $OUT/local.status Seccomp)"
expect_eq "Localhost deny-mkdir: mkdir fails, touch works" "mkdir 1|touch 0" \
    "$(paste -sd'|' $OUT/local.cmds 2>/dev/null)"
if has $OUT/local.mkdir.err "Operation not permitted" && [ ! -e $OUT/made-by-local ]; then
	ok "Localhost deny-mkdir: mkdir says Operation not permitted (EPERM)"
else
	notok "Localhost deny-mkdir: $(cat $OUT/local.mkdir.err 2>/dev/null)"
fi
if grep -q "unknown syscalls skipped: no_such_syscall_podinit" "$T/err"; then
	ok "Localhost: an unknown syscall name is skipped with a notice"
else
	notok "Localhost: no notice for the unknown syscall name"; dump
fi

# a non-root user has no CAP_SYS_ADMIN: the kernel needs no_new_privs to load the filter
expect_eq "RuntimeDefault as uid 1000: Seccomp NoNewPrivs, python3 runs" "2 1 1" \
    "$(st $OUT/rduser.status Seccomp) $(st $OUT/rduser.status NoNewPrivs) $(cat $OUT/rduser.py 2>/dev/null)"
# K8S: privileged containers run unconfined, with every capability
expect_eq "privileged: true: no filter, podinit's bounding set" "0 $(st /proc/self/status CapBnd)" \
    "$(st $OUT/priv.status Seccomp) $(st $OUT/priv.status CapBnd)"
