# The pod's namespaces (SPEC §7, issue 15 item 4): each container in its own
# mount, UTS and PID namespace; exec probes and hooks inside them; the
# user namespace without CAP_SYS_ADMIN; the notice and the refusal where
# neither can be had; --isolation none and tini mode unchanged; nothing
# left mounted.
. "$ROOT/tests/integration/lifecycle_lib.sh"

# What this file's pods could leave mounted: their tmpfs (named ns-demo-priv)
# or anything under $T.  (Not a count of all lines: other work on the
# machine mounts and unmounts in this namespace meanwhile.)
ours() { grep -c -e ns-demo-priv -e "$T" /proc/self/mountinfo; }
mounts_before=$(ours)

# A pod whose container reports its own view, mounts a tmpfs that only its
# mount namespace has, and whose probe and hooks report theirs.
ns_pod() {
	cat >"$T/ns.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: ns-demo}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 2
  containers:
  - name: main
    command: ["/bin/sh", "-c", ". $OUT/main.sh"]
    readinessProbe:
      exec:
        command: ["/bin/sh", "-c", ". $OUT/probe.sh"]
      periodSeconds: 1
    lifecycle:
      postStart:
        exec:
          command: ["/bin/sh", "-c", "hostname > $OUT/hook-host; tr '\\0' ' ' </proc/1/cmdline > $OUT/hook-pid1"]
      preStop:
        exec:
          command: ["/bin/sh", "-c", "ls $OUT/priv > $OUT/prestop-ls"]
EOF
	mkdir -p "$OUT/priv"
	cat >"$OUT/main.sh" <<'EOF'
echo "$$" > $OUT/main-pid
hostname > $OUT/main-host
mount -t tmpfs ns-demo-priv $OUT/priv && echo here > $OUT/priv/marker
echo up > $OUT/main-up
while :; do sleep 1; done
EOF
	cat >"$OUT/probe.sh" <<'EOF'
test -e $OUT/priv/marker || exit 1
hostname > $OUT/probe-host
tr '\0' ' ' </proc/1/cmdline > $OUT/probe-pid1
ps -e -o pid= -o comm= > $OUT/probe-ps.tmp && mv $OUT/probe-ps.tmp $OUT/probe-ps
echo ok > $OUT/probe-ok
EOF
}

# -- default isolation: hostname, PID 1, private mounts, probes and hooks inside
fresh ns-default
ns_pod
bg_pod -f "$T/ns.yaml"
if wait_for $OUT/probe-ok ok 10 && wait_for $OUT/hook-host . 5; then
	ok "isolation: the container ran and its probe passed"
else
	notok "isolation: no passing probe"; dump
fi
expect_eq "isolation: the container's hostname is the pod's name" ns-demo "$(cat $OUT/main-host 2>/dev/null)"
expect_eq "isolation: echo \$\$ in the container is 1" 1 "$(cat $OUT/main-pid 2>/dev/null)"
check "isolation: the container's tmpfs is not seen outside its mount namespace" \
    test ! -e "$OUT/priv/marker"
check "isolation: nor in podinit's mount namespace (rslave: nothing propagates back)" \
    nsenter -t "$PP" -m test ! -e "$OUT/priv/marker"
expect_eq "isolation: an exec probe sees the container's mount (file only there), its hostname" \
    ns-demo "$(cat $OUT/probe-host 2>/dev/null)"
case "$(cat $OUT/probe-pid1 2>/dev/null)" in
*main.sh*) ok "isolation: an exec probe's /proc/1 is the container's PID 1" ;;
*) notok "isolation: probe's /proc/1/cmdline: [$(cat $OUT/probe-pid1 2>/dev/null)]" ;;
esac
# ps in the probe: the container's shell as 1, its sleep, the probe's own
# processes; nothing of podinit's
if grep -q '^ *1 sh$' $OUT/probe-ps 2>/dev/null && ! grep -q podinit $OUT/probe-ps; then
	ok "isolation: ps in a probe lists the container's processes only"
else
	notok "isolation: probe's ps: $(tr '\n' ';' <$OUT/probe-ps 2>/dev/null)"
fi
expect_eq "isolation: postStart runs in the container's UTS namespace" ns-demo \
    "$(cat $OUT/hook-host 2>/dev/null)"
case "$(cat $OUT/hook-pid1 2>/dev/null)" in
*main.sh*) ok "isolation: postStart sees the container's PID 1" ;;
*) notok "isolation: postStart's /proc/1/cmdline: [$(cat $OUT/hook-pid1 2>/dev/null)]" ;;
esac
sig_pod TERM; bg_wait 8
expect_eq "isolation: preStop sees the container's mount" marker "$(cat $OUT/prestop-ls 2>/dev/null)"
# K8S: the stop signal reaches the container's init only, and a shell as
# PID 1 has no handler for it: killed at the end of the 2 s grace.
expect_eq "isolation: a shell that ignores SIGTERM (PID 1, no handler) exits 137 at the grace" \
    137 "$RC"

# -- --isolation none: today's behaviour (podinit's hostname, no PID 1, SIGTERM kills the shell)
fresh ns-none
ns_pod
bg_pod --isolation none -f "$T/ns.yaml"
wait_for $OUT/main-up up 5
expect_eq "isolation none: the host's name" "$(hostname)" "$(cat $OUT/main-host 2>/dev/null)"
pid=$(cat $OUT/main-pid 2>/dev/null)
check "isolation none: \$\$ is not 1 ($pid)" test -n "$pid" -a "$pid" != 1
sig_pod TERM; bg_wait 8
expect_eq "isolation none: SIGTERM to the group ends the shell, 143" 143 "$RC"
# its tmpfs was mounted in podinit's namespace (unshare's): gone with it
check "isolation none: the tmpfs went with podinit's mount namespace" test ! -e "$OUT/priv/marker"

# -- tini mode: never isolated
fresh ns-tini
as_pid1 -- /bin/sh -c 'echo "$$ $(hostname)"' >"$T/tini.out" 2>&1
expect_eq "isolation: never in tini mode" "2 $(hostname)" "$(cat $T/tini.out)"

# -- no cgroup: the container's namespace takes its escaped grandchild with it
fresh ns-escape
cat >"$T/escape.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: ns-escape}
spec:
  restartPolicy: Never
  containers:
  - name: main
    command: ["/bin/sh", "-c", "setsid sleep 4321.5 & sleep 0.2; echo started > $OUT/started"]
EOF
run_pod 10 --no-cgroup -f "$T/escape.yaml"
expect_eq "isolation, no cgroup: the pod ends (0)" 0 "$RC"
check "isolation, no cgroup: the escaped grandchild died with the namespace's init" \
    sh -c '! pgrep -f "[s]leep 4321[.]5" >/dev/null'
pkill -f "sleep 4321.5" 2>/dev/null

# -- without CAP_SYS_ADMIN: a user namespace (setpriv drops it from the bounding set)
if command -v setpriv >/dev/null; then
	fresh ns-userns
	ns_pod
	PODINIT_REAL=$PODINIT
	PODINIT="$T/podinit-nosysadmin"
	printf '#!/bin/sh\nexec setpriv --bounding-set -sys_admin "%s" "$@"\n' "$PODINIT_REAL" >"$PODINIT"
	chmod +x "$PODINIT"
	bg_pod -v -f "$T/ns.yaml"
	if wait_for $OUT/probe-ok ok 10; then
		ok "user namespace: the container ran and its probe passed"
	else
		notok "user namespace: no passing probe"; dump
	fi
	expect_eq "user namespace: hostname and PID 1" "ns-demo 1" \
	    "$(cat $OUT/main-host 2>/dev/null) $(cat $OUT/main-pid 2>/dev/null)"
	expect_eq "user namespace: the probe sees the container's mount and hostname" ns-demo \
	    "$(cat $OUT/probe-host 2>/dev/null)"
	check "user namespace: podinit says so (verbose)" grep -q 'made in a user namespace' "$T/err"
	sig_pod TERM; bg_wait 8
	expect_eq "user namespace: SIGTERM-ignoring PID 1 exits 137" 137 "$RC"

	# -- a read-only volume in a user namespace, its source on a nosuid,
	# nodev, noexec filesystem: the remount keeps those locked flags
	cat >"$T/cm.yaml" <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {greeting: hello}
---
apiVersion: v1
kind: Pod
metadata: {name: ns-cm}
spec:
  restartPolicy: Never
  containers:
  - name: main
    command: ["/bin/sh", "-c", "echo $(cat /tmp/ns-cm-mnt/greeting) > $OUT/cm; touch /tmp/ns-cm-mnt/x 2>/dev/null || echo ro >> $OUT/cm"]
    volumeMounts:
    - {name: c, mountPath: /tmp/ns-cm-mnt}
  volumes:
  - name: c
    configMap: {name: cfg}
EOF
	if "$PODINIT_REAL" check -v -f "$T/cm.yaml" 2>&1 | grep -q 'volumes: validated, not acted on'; then
		echo "# skip: volumes are not acted on by this build's loader"
	else
		fresh ns-userns-ro
		mkdir -p "$T/sd"
		printf '#!/bin/sh\nmount -t tmpfs -o nosuid,nodev,noexec ns-sd "%s" || exit 99\nexec setpriv --bounding-set -sys_admin "%s" --state-dir "%s" "$@"\n' \
		    "$T/sd" "$PODINIT_REAL" "$T/sd" >"$PODINIT"
		run_pod 8 -f "$T/cm.yaml"
		expect_eq "user namespace: a read-only configMap volume on a nosuid,nodev,noexec filesystem" \
		    "0 hello ro" "$RC $(tr '\n' ' ' <$OUT/cm 2>/dev/null | sed 's/ $//')"
	fi

	# -- neither: a user namespace is refused (max_user_namespaces 0 in a
	# namespace of the test's own, so the host's sysctl is untouched)
	fresh ns-notice
	ns_pod
	printf '#!/bin/sh\necho 0 > /proc/sys/user/max_user_namespaces || exit 99\nexec setpriv --bounding-set -sys_admin "%s" "$@"\n' \
	    "$PODINIT_REAL" >"$PODINIT"
	: >"$T/out"; : >"$T/err"
	unshare --user --map-root-user --pid --fork --mount-proc --kill-child "$PODINIT" \
	    -f "$T/ns.yaml" >"$T/out" 2>"$T/err" &
	BG=$!
	if wait_for $OUT/main-up up 10; then
		ok "no privilege, no user namespace, no volumes: the pod runs"
	else
		notok "no privilege, no user namespace: the pod did not run"; dump
	fi
	n=$(grep -c 'every container runs in podinit.s namespaces, as with --isolation none' "$T/err")
	expect_eq "no privilege, no user namespace: one notice naming what is missing" 1 "$n"
	check "no privilege: the notice says CAP_SYS_ADMIN and the user namespace" \
	    grep -q 'lacks CAP_SYS_ADMIN and the kernel refused the namespaces in a user namespace' "$T/err"
	expect_eq "no privilege: the host's name, as --isolation none" "$(hostname)" \
	    "$(cat $OUT/main-host 2>/dev/null)"
	kill -KILL $BG 2>/dev/null; wait $BG 2>/dev/null

	# -- the same with a volume: refused, 125, naming the volume (needs the
	# loader's volumes: skipped while they are "not acted on")
	cat >"$T/vol.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: ns-vol}
spec:
  containers:
  - name: main
    command: ["/bin/true"]
    volumeMounts:
    - {name: scratch, mountPath: /scratch}
  volumes:
  - name: scratch
    emptyDir: {}
EOF
	if "$PODINIT_REAL" check -v -f "$T/vol.yaml" 2>&1 | grep -q 'volumes: validated, not acted on'; then
		echo "# skip: volumes are not acted on by this build's loader (the 125 case needs them)"
	else
		: >"$T/err"
		unshare --user --map-root-user --pid --fork --mount-proc --kill-child "$PODINIT" \
		    -f "$T/vol.yaml" >"$T/out" 2>"$T/err"
		RC=$?
		expect_eq "no privilege, no user namespace, a volume: 125" 125 "$RC"
		check "the refusal names the volume and what is missing" \
		    grep -q 'volume "scratch" (container main mounts it at /scratch): cannot be mounted: podinit lacks CAP_SYS_ADMIN' "$T/err"
	fi
	PODINIT=$PODINIT_REAL
else
	echo "# skip: no setpriv to drop CAP_SYS_ADMIN"
fi

# -- --isolation none with a volume: refused (nowhere to mount it)
if "$PODINIT" check -v -f "$T/vol.yaml" 2>&1 | grep -q 'volumes: validated, not acted on'; then
	echo "# skip: volumes are not acted on by this build's loader"
else
	run_pod 5 --isolation none -f "$T/vol.yaml"
	expect_eq "--isolation none with a volume: 125" 125 "$RC"
	check "--isolation none with a volume: the message names it" \
	    grep -q 'volume "scratch" (container main mounts it at /scratch): --isolation none' "$T/err"
fi

# -- a volume: mounted in the container's namespace only, seen by its exec probe
cat >"$T/volprobe.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: ns-volprobe}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    command: ["/bin/sh", "-c", "echo there > /tmp/ns-volprobe-mnt/f; trap 'exit 0' TERM; while :; do sleep 0.1; done"]
    volumeMounts:
    - {name: scratch, mountPath: /tmp/ns-volprobe-mnt}
    readinessProbe:
      exec:
        command: ["/bin/sh", "-c", "cat /tmp/ns-volprobe-mnt/f > $OUT/probe-vol"]
      periodSeconds: 1
  volumes:
  - name: scratch
    emptyDir: {}
EOF
if "$PODINIT" check -v -f "$T/volprobe.yaml" 2>&1 | grep -q 'volumes: validated, not acted on'; then
	echo "# skip: volumes are not acted on by this build's loader"
else
	fresh ns-volprobe
	bg_pod -f "$T/volprobe.yaml"
	wait_for $OUT/probe-vol there 10
	expect_eq "a volume: an exec probe reads it at its mountPath" there "$(cat $OUT/probe-vol 2>/dev/null)"
	check "a volume: not mounted in podinit's namespace" \
	    nsenter -t "$PP" -m sh -c '! grep -q " /tmp/ns-volprobe-mnt " /proc/self/mountinfo'
	sig_pod TERM; bg_wait 5
	expect_eq "a volume: the pod ends (0)" 0 "$RC"
	check "a volume: its mount point is gone after the run" test ! -e /tmp/ns-volprobe-mnt
fi

# -- shareProcessNamespace: the containers see each other, $$ is not 1
cat >"$T/share.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: ns-share}
spec:
  shareProcessNamespace: true
  restartPolicy: Never
  terminationGracePeriodSeconds: 2
  containers:
  - name: a
    command: ["/bin/sh", "-c", "exec sleep 4321.25"]
  - name: b
    command: ["/bin/sh", "-c", "echo $$$$ > $OUT/b-pid; hostname > $OUT/b-host; while ! ps -e -o args= | grep -q '^sleep 4321.25'; do sleep 0.05; done; ps -e -o args= > $OUT/b-ps; sleep 100"]
EOF
if "$PODINIT" check -v -f "$T/share.yaml" 2>&1 | grep -q 'shareProcessNamespace: validated, not acted on'; then
	echo "# skip: shareProcessNamespace is not acted on by this build's loader"
else
	fresh ns-share
	bg_pod -f "$T/share.yaml"
	wait_for $OUT/b-ps sleep 10
	check "shareProcessNamespace: container b sees container a's process" grep -q '^sleep 4321.25' $OUT/b-ps
	pid=$(cat $OUT/b-pid 2>/dev/null)
	check "shareProcessNamespace: \$\$ is not 1 ($pid)" test -n "$pid" -a "$pid" != 1
	expect_eq "shareProcessNamespace: still the pod's hostname" ns-share "$(cat $OUT/b-host 2>/dev/null)"
	sig_pod TERM; bg_wait 8
	expect_eq "shareProcessNamespace: SIGTERM ends the group as before (143)" 143 "$RC"
fi

# -- nothing left mounted in the test's namespace
expect_eq "isolation: no mount left behind (our mountinfo lines before, after)" "0 0" \
    "$mounts_before $(ours)"
