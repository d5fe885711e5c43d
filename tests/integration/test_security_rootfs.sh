# readOnlyRootFilesystem (issue 7): the container gets a mount namespace of
# its own whose root is read-only; its neighbour's root stays writable, and
# podinit's own view is unchanged.
as_pid1 -f tests/integration/cases/sec_rootfs.yaml >"$T/log" 2>&1
rc=$?
expect_eq "readOnlyRootFilesystem: pod exits 0" 0 $rc
expect_eq "readOnlyRootFilesystem: / is read-only in that container" read-only "$(sed -n 's/^ro: //p' "$T/log")"
expect_eq "readOnlyRootFilesystem: the other container's / stays writable" writable "$(sed -n 's/^rw: //p' "$T/log")"
if [ -e /podinit-rootfs-ro.* ] 2>/dev/null; then notok "a file was left in /"; else ok "nothing written to / by the read-only container"; fi
