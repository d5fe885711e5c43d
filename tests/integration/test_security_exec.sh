# Exec probes and exec hooks run with their container's securityContext
# (SPEC §5, issue 7): a readiness probe, postStart and preStop each write
# `id -u` / their own /proc/self/status.
. "$ROOT/tests/integration/lifecycle_lib.sh"
. "$ROOT/tests/integration/fixtures/sec_lib.sh"

sec_fresh exec
bg_pod -f "$(case_file sec_exec)"
if wait_for $OUT/probe.uid . 8 && wait_for $OUT/poststart.status Uid 5; then
	ok "exec probe and postStart ran"
else
	notok "exec probe / postStart did not run"; dump
fi
sig_pod TERM; bg_wait 8
expect_eq "sec-exec pod: exit code after SIGTERM" 0 "$RC"
expect_eq "container runs as 1000" 1000 "$(cat $OUT/app.uid 2>/dev/null)"
expect_eq "readiness exec probe: id -u" 1000 "$(cat $OUT/probe.uid 2>/dev/null)"
Z=0000000000000000
for w in probe poststart prestop; do
	S=$OUT/$w.status
	expect_eq "$w: Uid Gid Groups" "1000 1000 1000 1000|3000 3000 3000 3000|3000 4000" \
	    "$(st $S Uid)|$(st $S Gid)|$(st $S Groups)"
	expect_eq "$w: CapEff CapBnd NoNewPrivs Seccomp" "$Z $Z 1 2" \
	    "$(st $S CapEff) $(st $S CapBnd) $(st $S NoNewPrivs) $(st $S Seccomp)"
done
