# Volumes with a payload (issue 15 item 3): configMap, secret, downwardAPI
# and projected volumes as kubelet's atomic writer lays them out, seen
# from inside the container at their mountPaths; read-only; and nothing
# left mounted or created on the machine after the run.
S="$T/state"
M="$T/mnt"	# the mount points: none exists before the run

cat >"$T/payload.yaml" <<EOF
apiVersion: v1
kind: ConfigMap
metadata: {name: web}
data:
  app.conf: "port=80\n"
  log.conf: "level=info\n"
---
apiVersion: v1
kind: Secret
metadata: {name: tls}
data: {password: aHVudGVyMg==}
---
apiVersion: v1
kind: Pod
metadata: {name: payload, labels: {app: shop, tier: web}}
spec:
  restartPolicy: Never
  volumes:
  - name: cfg
    configMap: {name: web}
  - name: items
    configMap:
      name: web
      defaultMode: 0440
      items:
      - {key: app.conf, path: conf/app.conf, mode: 0600}
      - {key: log.conf, path: log.conf}
  - name: creds
    secret: {secretName: tls, defaultMode: 0400}
  - name: info
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      - {path: mem, resourceFieldRef: {containerName: app, resource: limits.memory, divisor: 1Mi}}
  - name: all
    projected:
      sources:
      - configMap: {name: web, items: [{key: app.conf, path: web/app.conf}]}
      - secret: {name: tls}
      - serviceAccountToken: {path: token}
  containers:
  - name: app
    resources: {limits: {memory: 96Mi}}
    command:
    - /bin/sh
    - -c
    - |
      out=$T/out
      cat $M/cfg/app.conf > \$out.cfg
      readlink $M/cfg/..data > \$out.data
      readlink $M/cfg/app.conf > \$out.link
      stat -L -c '%a' $M/items/conf/app.conf $M/items/log.conf > \$out.modes
      cat $M/creds/password > \$out.secret
      stat -c '%a' $M/creds/..data/password > \$out.secret-mode
      cat $M/info/labels > \$out.labels
      cat $M/info/mem > \$out.mem
      ls $M/all > \$out.all
      cat $M/all/web/app.conf > \$out.all-cfg
      grep " $M/creds " /proc/self/mountinfo > \$out.creds-mount
      if touch $M/cfg/new 2>/dev/null; then echo writable; else echo read-only; fi > \$out.ro
    volumeMounts:
    - {name: cfg, mountPath: $M/cfg}
    - {name: items, mountPath: $M/items}
    - {name: creds, mountPath: $M/creds}
    - {name: info, mountPath: $M/info}
    - {name: all, mountPath: $M/all}
EOF

before=$(cut -d' ' -f5 /proc/self/mountinfo | sort)
as_pid1 --state-dir "$S" -f "$T/payload.yaml" >"$T/log" 2>&1
rc=$?
expect_eq "payload volumes: the pod exits 0" 0 $rc
expect_eq "configMap: the key is a file at the mountPath" "port=80" "$(cat "$T/out.cfg")"
check "configMap: ..data is a symlink to the timestamped directory" \
    grep -Eq '^\.\.[0-9]{4}_[0-9]{2}_[0-9]{2}_[0-9]{2}_[0-9]{2}_[0-9]{2}\.[0-9]+$' "$T/out.data"
expect_eq "configMap: a key is a symlink into ..data" "..data/app.conf" "$(cat "$T/out.link")"
expect_eq "configMap items: paths with their modes (item mode, then defaultMode)" "600 440" \
    "$(tr '\n' ' ' <"$T/out.modes" | sed 's/ $//')"
expect_eq "secret: the value decoded from base64" "hunter2" "$(cat "$T/out.secret")"
expect_eq "secret: defaultMode 0400" "400" "$(cat "$T/out.secret-mode")"
check "secret: on a tmpfs, as kubelet's" grep -q ' - tmpfs ' "$T/out.creds-mount"
expect_eq "downwardAPI: metadata.labels as kubelet formats them" 'app="shop"
tier="web"' "$(cat "$T/out.labels")"
expect_eq "downwardAPI: limits.memory with divisor 1Mi" "96" "$(cat "$T/out.mem")"
expect_eq "projected: configMap and secret sources in one directory" "password web" \
    "$(tr '\n' ' ' <"$T/out.all" | sed 's/ $//')"
expect_eq "projected: an item's path with a directory" "port=80" "$(cat "$T/out.all-cfg")"
check "projected: serviceAccountToken warned and skipped" grep -q 'serviceAccountToken.*skipped' "$T/log"
expect_eq "a configMap volume is read-only in the container" read-only "$(cat "$T/out.ro")"
after=$(cut -d' ' -f5 /proc/self/mountinfo | sort)
expect_eq "nothing left mounted on the machine" "$before" "$after"
check "the mount points podinit made are gone" test ! -e "$M"
expect_eq "the per-run pod directory is gone" "" "$(ls -A "$S/pods" 2>/dev/null)"

# A missing object or key is an error before anything starts (125).
sed 's/name: web, items: \[{key: app.conf/name: web, items: [{key: app.cnf/' "$T/payload.yaml" >"$T/badkey.yaml"
as_pid1 --state-dir "$S" -f "$T/badkey.yaml" >"$T/log2" 2>&1
expect_eq "a missing key: 125" 125 $?
check "a missing key: kubelet's words at the reference's line:col" \
    grep -q 'badkey.yaml:[0-9]*:[0-9]*:.*MountVolume.SetUp failed for volume "all" : configmap references non-existent config key: app.cnf' "$T/log2"
check "a missing key: nothing ran" test ! -e "$T/out.cfg.2"

# The pod's fsGroup (K8S: SetVolumeOwnership): a secret's keys become
# readable by the group (0400 -> 0440), an emptyDir group-writable and
# setgid, so a container running as another user reads and writes them
# through the fsGroup it is given; a hostPath is left alone.
mkdir -p "$T/host-fsg"
cat >"$T/fsgroup.yaml" <<EOF
apiVersion: v1
kind: Secret
metadata: {name: tls}
data: {password: aHVudGVyMg==}
---
apiVersion: v1
kind: Pod
metadata: {name: fsgroup}
spec:
  restartPolicy: Never
  securityContext: {runAsUser: 4321, runAsGroup: 4321, fsGroup: 2345}
  volumes:
  - name: creds
    secret: {secretName: tls, defaultMode: 0400}
  - name: scratch
    emptyDir: {}
  - name: host
    hostPath: {path: $T/host-fsg}
  containers:
  - name: app
    command:
    - /bin/sh
    - -c
    - |
      out=$T/fsg
      stat -c '%g %a' $M/creds/..data/password > \$out.secret
      cat $M/creds/password > \$out.read 2>&1
      stat -c '%g %a' $M/scratch > \$out.dir
      touch $M/scratch/new && stat -c '%g' $M/scratch/new > \$out.new
      stat -c '%g' $M/host > \$out.host
    volumeMounts:
    - {name: creds, mountPath: $M/creds}
    - {name: scratch, mountPath: $M/scratch}
    - {name: host, mountPath: $M/host}
EOF
# The container writes its findings as uid 4321 into $T.
chmod 0777 "$T"
as_pid1 --state-dir "$S" -f "$T/fsgroup.yaml" >"$T/log3" 2>&1
expect_eq "fsGroup: the pod exits 0" 0 $?
expect_eq "fsGroup: a secret's key given to the group, 0400 widened to 0440" "2345 440" \
    "$(cat "$T/fsg.secret")"
expect_eq "fsGroup: a container of another uid reads the key through the group" hunter2 \
    "$(cat "$T/fsg.read")"
expect_eq "fsGroup: an emptyDir is the group's, setgid and group-writable" "2345 2777" \
    "$(cat "$T/fsg.dir")"
expect_eq "fsGroup: what the container makes there belongs to the group" 2345 "$(cat "$T/fsg.new")"
expect_eq "fsGroup: a hostPath is left alone" 0 "$(cat "$T/fsg.host")"
