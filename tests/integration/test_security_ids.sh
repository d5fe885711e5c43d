# securityContext ids (SPEC §5, issue 7): runAsUser, runAsGroup,
# supplementalGroups at pod and container level, a named /etc/passwd user,
# and runAsNonRoot refusing root.  Each container reads its own
# /proc/self/status.
. "$ROOT/tests/integration/lifecycle_lib.sh"
. "$ROOT/tests/integration/fixtures/sec_lib.sh"

# -- numeric ids (no /etc/passwd entry), pod-level inheritance, nobody
sec_fresh ids
run_fg 10 -f "$(case_file sec_ids)"
expect_eq "ids pod: exit code" 0 "$RC"
[ "$RC" = 0 ] || dump
S=$OUT/numeric.status
expect_eq "runAsUser 1000: Uid" "1000 1000 1000 1000" "$(st $S Uid)"
expect_eq "runAsGroup 3000: Gid" "3000 3000 3000 3000" "$(st $S Gid)"
expect_eq "runAsGroup + supplementalGroups: Groups" "3000 4000 5000" "$(st $S Groups)"
S=$OUT/inherit.status
expect_eq "pod-level runAsUser 2000: Uid" "2000 2000 2000 2000" "$(st $S Uid)"
expect_eq "uid without passwd entry: Gid 0 (containerd)" "0 0 0 0" "$(st $S Gid)"
expect_eq "pod-level supplementalGroups: Groups" "0 4000 5000" "$(st $S Groups)"
S=$OUT/nobody.status
expect_eq "runAsUser 65534 (nobody): Uid" "65534 65534 65534 65534" "$(st $S Uid)"
expect_eq "nobody: primary group from /etc/passwd" \
    "$(awk -F: '$1=="nobody"{print $4" "$4" "$4" "$4}' /etc/passwd)" "$(st $S Gid)"
expect_eq "nobody: id -un" nobody "$(cat $OUT/nobody.name 2>/dev/null)"
g=$(awk -F: '$1=="nobody"{print $4}' /etc/passwd)
expect_eq "nobody: Groups" "$(printf '%s\n' 4000 5000 "$g" | sort -n | tr '\n' ' ' | sed 's/ $//')" \
    "$(st $S Groups)"

# -- runAsNonRoot with root (podinit's own uid is the image's user)
sec_fresh nonroot
run_fg 10 -f "$(case_file sec_nonroot)"
expect_eq "runAsNonRoot with root: podinit exits 125" 125 "$RC"
if has "$T/err" "container has runAsNonRoot and image will run as root"; then
	ok "runAsNonRoot with root: kubelet's message"
else
	notok "runAsNonRoot with root: no kubelet message"; dump
fi
if has "$T/err" 'container: app)'; then
	ok "runAsNonRoot: the message names the container"
else
	notok "runAsNonRoot: container not named"; dump
fi
expect_eq "runAsNonRoot refused: no container started (not even the compliant one)" "no no" \
    "$([ -e $OUT/first-ran ] && echo yes || echo no) $([ -e $OUT/app-ran ] && echo yes || echo no)"
