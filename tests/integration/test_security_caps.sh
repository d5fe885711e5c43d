# securityContext capabilities and no_new_privs (SPEC §5, issue 7): the
# sets in each container's own /proc/self/status for drop ALL, for drop
# ALL + add NET_BIND_SERVICE as uid 1000 (which then binds port 80), both
# spellings as root, allowPrivilegeEscalation: false.
. "$ROOT/tests/integration/lifecycle_lib.sh"
. "$ROOT/tests/integration/fixtures/sec_lib.sh"

sec_fresh caps
run_pod_net 15 -f "$(case_file sec_caps)"
expect_eq "caps pod: exit code" 0 "$RC"
[ "$RC" = 0 ] || dump
Z=0000000000000000
S=$OUT/dropall.status
expect_eq "drop ALL (root): CapEff CapPrm CapBnd CapAmb CapInh" "$Z $Z $Z $Z $Z" \
    "$(st $S CapEff) $(st $S CapPrm) $(st $S CapBnd) $(st $S CapAmb) $(st $S CapInh)"
expect_eq "drop ALL (root): still uid 0" "0 0 0 0" "$(st $S Uid)"

NB=0000000000000400	# bit 10, CAP_NET_BIND_SERVICE
S=$OUT/bind.status
expect_eq "uid 1000, drop ALL + add NET_BIND_SERVICE: Uid" "1000 1000 1000 1000" "$(st $S Uid)"
expect_eq "uid 1000, drop ALL + add NET_BIND_SERVICE: CapEff CapPrm CapBnd CapAmb" \
    "$NB $NB $NB $NB" "$(st $S CapEff) $(st $S CapPrm) $(st $S CapBnd) $(st $S CapAmb)"
expect_eq "uid 1000 with NET_BIND_SERVICE binds 127.0.0.1:80" "bound 80" "$(cat $OUT/bind.out 2>/dev/null)"

S=$OUT/nobind.status
expect_eq "uid 1000, drop ALL: CapEff CapPrm CapBnd CapAmb" "$Z $Z $Z $Z" \
    "$(st $S CapEff) $(st $S CapPrm) $(st $S CapBnd) $(st $S CapAmb)"
if has $OUT/nobind.out "Permission denied"; then
	ok "uid 1000 without NET_BIND_SERVICE cannot bind port 80 (EACCES)"
else
	notok "uid 1000 without NET_BIND_SERVICE: $(cat $OUT/nobind.out 2>/dev/null)"
fi

RA=0000000000000401	# CAP_CHOWN | CAP_NET_BIND_SERVICE
S=$OUT/rootadd.status
expect_eq "root, drop [all] + add [cap_net_bind_service, CAP_CHOWN]: CapEff CapPrm CapBnd CapAmb" \
    "$RA $RA $RA $Z" "$(st $S CapEff) $(st $S CapPrm) $(st $S CapBnd) $(st $S CapAmb)"

expect_eq "allowPrivilegeEscalation: false: NoNewPrivs" 1 "$(st $OUT/nnp.status NoNewPrivs)"
expect_eq "no securityContext: NoNewPrivs 0, Seccomp 0" "0 0" \
    "$(st $OUT/plain.status NoNewPrivs) $(st $OUT/plain.status Seccomp)"
# podinit's own sets are unchanged: only children get the context
expect_eq "no securityContext: podinit's CapBnd kept" "$(st /proc/self/status CapBnd)" \
    "$(st $OUT/plain.status CapBnd)"
