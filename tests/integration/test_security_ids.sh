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
# The ids may have /etc/passwd entries on some machines (1000 often does):
# what creds adds for them is computed here from the files.
# pw UID FIELD: that /etc/passwd field of UID; groups_of UID EXTRA...: the
# sorted gids: EXTRA plus the groups listing UID's name as a member.
pw() { awk -F: -v u="$1" -v f="$2" '$3==u{print $f; exit}' /etc/passwd; }
groups_of() {
	local name; name=$(pw "$1" 1); shift
	{ printf '%s\n' "$@"
	  [ -n "$name" ] && awk -F: -v n="$name" '{k=split($4,m,","); for(i=1;i<=k;i++) if(m[i]==n) print $3}' /etc/group
	} | sort -n -u | paste -sd' '
}
x4() { echo "$1 $1 $1 $1"; }

S=$OUT/numeric.status
expect_eq "runAsUser 1000: Uid" "$(x4 1000)" "$(st $S Uid)"
expect_eq "runAsGroup 3000: Gid" "$(x4 3000)" "$(st $S Gid)"
expect_eq "runAsGroup + supplementalGroups: Groups" "$(groups_of 1000 3000 4000 5000)" "$(st $S Groups)"
S=$OUT/inherit.status
g=$(pw 2000 4); g=${g:-0}
expect_eq "pod-level runAsUser 2000: Uid" "$(x4 2000)" "$(st $S Uid)"
expect_eq "runAsUser 2000 without runAsGroup: its passwd gid, else 0 (containerd): Gid" \
    "$(x4 $g)" "$(st $S Gid)"
expect_eq "pod-level supplementalGroups: Groups" "$(groups_of 2000 $g 4000 5000)" "$(st $S Groups)"
S=$OUT/nobody.status
g=$(pw 65534 4)
expect_eq "runAsUser 65534 (nobody): Uid" "$(x4 65534)" "$(st $S Uid)"
expect_eq "nobody: primary group from /etc/passwd" "$(x4 $g)" "$(st $S Gid)"
expect_eq "nobody: id -un" "$(pw 65534 1)" "$(cat $OUT/nobody.name 2>/dev/null)"
expect_eq "nobody: Groups" "$(groups_of 65534 $g 4000 5000)" "$(st $S Groups)"
expect_eq "nobody: HOME from /etc/passwd" "$(pw 65534 6)" "$(cat $OUT/nobody.home 2>/dev/null)"

# -- runAsNonRoot with root (podinit's own uid is the image's user)
sec_fresh nonroot
run_fg 10 -f "$(case_file sec_nonroot)"
expect_eq "runAsNonRoot with root: the container's start fails, podinit exits 128" 128 "$RC"
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
if grep -q '"reason":"Failed".*runAsNonRoot' "$EV" 2>/dev/null; then
	ok "runAsNonRoot: a Warning Failed event in --events"
else
	notok "runAsNonRoot: no Failed event in --events"; dump
fi
expect_eq "runAsNonRoot refused: the compliant container runs, the other never starts" "yes no" \
    "$([ -e $OUT/first-ran ] && echo yes || echo no) $([ -e $OUT/app-ran ] && echo yes || echo no)"

# -- users and groups from /etc/passwd and /etc/group (fixtures bind-mounted
# over them in podinit's own mount namespace)
sec_fresh passwd
: >"$T/out"; : >"$T/err"
timeout -s KILL 10 unshare --pid --fork --mount-proc --kill-child /bin/sh -c \
    'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && shift 2 && exec "$@"' \
    sh "$FIX/passwd" "$FIX/group" "$PODINIT" -f "$(case_file sec_passwd)" >"$T/out" 2>"$T/err"
RC=$?
expect_eq "passwd fixtures pod: exit code" 0 "$RC"
[ "$RC" = 0 ] || dump
S=$OUT/app.status
expect_eq "uid 1500 (app): Uid Gid from /etc/passwd" "1500 1500 1500 1500|1600 1600 1600 1600" \
    "$(st $S Uid)|$(st $S Gid)"
expect_eq "uid 1500 (app): Groups = primary + /etc/group memberships + supplementalGroups" \
    "1600 1700 1800 4000" "$(st $S Groups)"
expect_eq "uid 1500 (app): HOME from /etc/passwd" /home/app "$(cat $OUT/app.home 2>/dev/null)"
S=$OUT/group.status
expect_eq "uid 1500 + runAsGroup 3000: Gid; memberships still added" "3000 3000 3000 3000|1700 1800 3000 4000" \
    "$(st $S Gid)|$(st $S Groups)"
