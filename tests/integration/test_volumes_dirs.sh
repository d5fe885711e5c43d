# Directory volumes (issue 15 item 3): an emptyDir shared by two
# containers and removed at exit, medium Memory as a tmpfs of its
# sizeLimit, hostPath with kubelet's type checks (125 and its message),
# a persistentVolumeClaim and a StatefulSet's claim template kept across
# runs under --state-dir, subPath and subPathExpr, readOnly enforced.
S="$T/state"
M="$T/mnt"

cat >"$T/dirs.yaml" <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  selector: {matchLabels: {app: db}}
  serviceName: db
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 2
      volumes:
      - name: shared
        emptyDir: {}
      - name: cache
        emptyDir: {medium: Memory, sizeLimit: 8Mi}
      - name: made
        hostPath: {path: $T/host/made, type: DirectoryOrCreate}
      - name: logs
        persistentVolumeClaim: {claimName: logs}
      initContainers:
      - name: writer
        command: [/bin/sh, -c, 'echo from-init > $M/shared/hello; mkdir -p $M/shared/sub; echo in-sub > $M/shared/sub/f']
        volumeMounts:
        - {name: shared, mountPath: $M/shared}
      containers:
      - name: reader
        env: [{name: SHARD, value: s1}]
        command:
        - /bin/sh
        - -c
        - |
          out=$T/out
          cat $M/shared/hello > \$out.shared
          grep " $M/cache " /proc/self/mountinfo > \$out.cache
          stat -c %a $M/cache > \$out.cachemode
          cat $M/sub/f > \$out.subpath
          n=\$(cat $M/data/count 2>/dev/null || echo 0); echo \$((n + 1)) > $M/data/count; cat $M/data/count > \$out.count
          ls -d $S/claims/default/data-db-0/s1 > \$out.expr
          echo x > $M/logs-ro/f 2>/dev/null && echo writable > \$out.ro || echo read-only > \$out.ro
          test -d $M/made && echo dir > \$out.made
          echo done > \$out.done
          exec sleep 30
        volumeMounts:
        - {name: shared, mountPath: $M/shared, readOnly: true}
        - {name: cache, mountPath: $M/cache}
        - {name: shared, mountPath: $M/sub, subPath: sub}
        - {name: data, mountPath: $M/data, subPathExpr: "\$(SHARD)"}
        - {name: logs, mountPath: $M/logs-ro, readOnly: true}
        - {name: made, mountPath: $M/made}
EOF

# run_dirs: one run of the StatefulSet (restartPolicy Always), stopped
# with SIGTERM once its container has reported.
run_dirs() {
	rm -f "$T/out.done"
	unshare --pid --fork --mount-proc --kill-child "$PODINIT" --state-dir "$S" \
	    -f "$T/dirs.yaml" >"$T/log" 2>&1 &
	local u=$! pp=
	wait_for "$T/out.done" done 10
	for i in $(seq 1 100); do pp=$(child_of $u); [ -n "$pp" ] && break; sleep 0.02; done
	kill -TERM "$pp"
	wait $u
}

before=$(cut -d' ' -f5 /proc/self/mountinfo | sort)
run_dirs
rc=$?
expect_eq "directory volumes: stopped by SIGTERM (its sleep, PID 1 of its namespace, is killed at the grace)" 137 $rc
expect_eq "emptyDir: what the init container wrote, the next one reads" from-init "$(cat "$T/out.shared")"
check "emptyDir medium Memory: a tmpfs of its sizeLimit" grep -q ' - tmpfs tmpfs rw,size=8192k' "$T/out.cache"
expect_eq "emptyDir medium Memory: the tmpfs's root keeps the kernel's mode (kubelet passes none)" 1777 "$(cat "$T/out.cachemode")"
expect_eq "subPath: a directory of the volume" in-sub "$(cat "$T/out.subpath")"
expect_eq "claim template: the first run counts 1" 1 "$(cat "$T/out.count")"
check "subPathExpr: expanded with the container's env, made in the claim" test -s "$T/out.expr"
expect_eq "readOnly: a write fails" read-only "$(cat "$T/out.ro")"
expect_eq "hostPath DirectoryOrCreate: made" dir "$(cat "$T/out.made")"
check "hostPath: made, and kept (it is the machine's)" test -d "$T/host/made"
after=$(cut -d' ' -f5 /proc/self/mountinfo | sort)
expect_eq "nothing left mounted on the machine" "$before" "$after"
check "the mount points podinit made are gone" test ! -e "$M"
expect_eq "the emptyDir went with the per-run pod directory" "" "$(ls -A "$S/pods" 2>/dev/null)"

run_dirs
expect_eq "claim template: the second run counts on from the first" 2 "$(cat "$T/out.count")"
check "claim: kept across runs under --state-dir/claims/<namespace>/<claim>" \
    test -d "$S/claims/default/logs"

# hostPath type checks: kubelet's messages, and the pod does not start.
hostpath_case() {	# NAME PATH TYPE WANT-MESSAGE
	cat >"$T/hp.yaml" <<EOF
apiVersion: v1
kind: Pod
metadata: {name: hp}
spec:
  restartPolicy: Never
  volumes:
  - name: host
    hostPath: {path: $2, type: $3}
  containers:
  - name: c
    command: [/bin/sh, -c, 'touch $T/hp-ran']
    volumeMounts:
    - {name: host, mountPath: $M/host}
EOF
	rm -f "$T/hp-ran"
	as_pid1 --state-dir "$S" -f "$T/hp.yaml" >"$T/hp.log" 2>&1
	expect_eq "hostPath $3 on $1: 125" 125 $?
	check "hostPath $3 on $1: kubelet's message" grep -qF "$4" "$T/hp.log"
	check "hostPath $3 on $1: nothing ran, nothing left" test ! -e "$T/hp-ran" -a ! -e "$M"
}
mkdir -p "$T/host"; echo x >"$T/host/file"
hostpath_case "a missing path" "$T/host/missing" Directory \
    "MountVolume.SetUp failed for volume \"host\" : hostPath type check failed: $T/host/missing is not a directory"
hostpath_case "a file" "$T/host/file" Directory "hostPath type check failed: $T/host/file is not a directory"
hostpath_case "a directory" "$T/host" File "hostPath type check failed: $T/host is not a file"
hostpath_case "a file" "$T/host/file" Socket "hostPath type check failed: $T/host/file is not a socket file"
hostpath_case "a file" "$T/host/file" CharDevice "hostPath type check failed: $T/host/file is not a character device"
hostpath_case "a file" "$T/host/file" BlockDevice "hostPath type check failed: $T/host/file is not a block device"
sed -i "s|type: .*}|type: FileOrCreate}|; s|path: [^,]*,|path: $T/host/new.sock,|" "$T/hp.yaml"
as_pid1 --state-dir "$S" -f "$T/hp.yaml" >"$T/hp.log" 2>&1
expect_eq "hostPath FileOrCreate: the pod runs" 0 $?
check "hostPath FileOrCreate: the file is made" test -f "$T/host/new.sock"

# --isolation none has nowhere to mount them: refused.
as_pid1 --isolation none --state-dir "$S" -f "$T/hp.yaml" >"$T/none.log" 2>&1
expect_eq "--isolation none with volumes: 125" 125 $?
check "--isolation none with volumes: the message names the volume" grep -q 'volume "host"' "$T/none.log"
