# What status and check show of a whole manifest (issue 15 items 6 and 7):
# the real binary as PID 1 with a ConfigMap, a Secret, four volume types
# and a Service in one file.  `podinit status` shows each container's
# Environment and Mounts and the pod's Volumes in kubectl's layout,
# /status carries them under "spec" as the API server shapes them, and the
# Secret's bytes appear nowhere: not in the describe text, /status, the
# check --dump output or -vv's model dump.  `podinit check` says that the
# Service's targetPort names no port of the pod it selects, naming both
# ends.  Every wait is bounded.
. "$ROOT/tests/integration/lifecycle_lib.sh"

SECRET=s3cr3t-Zq9	# the Secret's value: must never be shown
S="$T/state"
M="$T/mnt"

cat >"$T/pod.yaml" <<EOF
apiVersion: v1
kind: ConfigMap
metadata: {name: web}
data: {app.conf: "port=80\n"}
---
apiVersion: v1
kind: Secret
metadata: {name: tls}
stringData: {password: $SECRET}
---
apiVersion: v1
kind: Pod
metadata: {name: spec-view, labels: {app: web}}
spec:
  volumes:
  - name: cache
    emptyDir: {sizeLimit: 64Mi}
  - name: cfg
    configMap: {name: web}
  - name: creds
    secret: {secretName: tls, optional: true}
  - name: info
    downwardAPI:
      items:
      - {path: name, fieldRef: {fieldPath: metadata.name}}
  containers:
  - name: app
    command: [/bin/sh, -c, 'trap "exit 0" TERM; env > $T/environ; touch $T/started; while :; do sleep 0.1; done']
    envFrom:
    - secretRef: {name: tls}
      prefix: TLS_
    env:
    - {name: GREETING, value: hello}
    - {name: GREETING_PATH, value: \$(GREETING)/x}
    - name: POD_NAME
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - name: PASSWORD
      valueFrom: {secretKeyRef: {name: tls, key: password}}
    - name: PORT_CONF
      valueFrom: {configMapKeyRef: {name: web, key: app.conf, optional: true}}
    ports: [{name: web, containerPort: 8080}]
    volumeMounts:
    - {name: cfg, mountPath: $M/cfg}
    - {name: creds, mountPath: $M/creds, readOnly: true}
    - {name: cache, mountPath: $M/cache}
    - {name: info, mountPath: $M/info}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
  - {port: 80, targetPort: wbe}
EOF

# --- check: the Service's targetPort against the pod ----------------------
(cd "$T" && "$PODINIT" check -v --dump -f pod.yaml) >"$T/check" 2>&1
crc=$?
expect_eq "spec: check of a Service mistake exits 0 (the API server takes it)" 0 "$crc"
check "spec: check warns at the targetPort, naming the Pod's position and did-you-mean" \
    grep -qF 'pod.yaml:54:28: warning: document 4: spec.ports[0].targetPort: Service "web" port 80 targets the port named "wbe", which no container of the pods it selects declares: the Service has no endpoints on this port (the Pod "spec-view" at pod.yaml:13:37 declares 8080/TCP "web"); did you mean "web"?' "$T/check"
check "spec: check --dump (the model dump) never prints the Secret's value" \
    sh -c "! grep -qF '$SECRET' '$T/check'"

# --- a run: describe and /status --------------------------------------------
bg_pod -vv --state-dir "$S" -f "$T/pod.yaml"
# wait_file FILE: at most 5 s for FILE to exist
wait_file() {
	local i=0
	while [ $i -lt 250 ] && ! [ -e "$1" ]; do sleep 0.02; i=$((i + 1)); done
	[ -e "$1" ]
}
check "spec: the container starts" wait_file "$T/started"
check "spec: the status socket is there" wait_file "$PODINIT_SOCKET"
"$PODINIT" status >"$T/describe" 2>&1
"$PODINIT" status -o json >"$T/status.json" 2>&1

check "spec: describe shows Environment Variables from and Environment as kubectl does" sh -c "
    sed -n '/^    Environment Variables from:/,/^    Mounts:/p' '$T/describe' > '$T/env' &&
    cat > '$T/env.want' <<'W'
    Environment Variables from:
      tls  Secret with prefix 'TLS_'  Optional: false
    Environment:
      GREETING:       hello
      GREETING_PATH:  \$(GREETING)/x
      POD_NAME:       spec-view (v1:metadata.name)
      PASSWORD:       <set to the key 'password' in secret 'tls'>      Optional: false
      PORT_CONF:      <set to the key 'app.conf' of config map 'web'>  Optional: true
    Mounts:
W
    cmp -s '$T/env.want' '$T/env' || diff '$T/env.want' '$T/env' >&2"
check "spec: describe shows Mounts sorted by path, ro and rw" sh -c "
    grep -A4 -xF '    Mounts:' '$T/describe' | tail -4 > '$T/mounts' &&
    printf '%s\n' '      $M/cache from cache (rw)' '      $M/cfg from cfg (rw)' \
        '      $M/creds from creds (ro)' '      $M/info from info (rw)' | cmp -s - '$T/mounts'"
check "spec: describe shows the Volumes section in kubectl's layout" sh -c "
    sed -n '/^Volumes:/,/^Events:/p' '$T/describe' > '$T/volumes' &&
    cat > '$T/volumes.want' <<'W'
Volumes:
  cache:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:     
    SizeLimit:  64Mi
  cfg:
    Type:      ConfigMap (a volume populated by a ConfigMap)
    Name:      web
    Optional:  false
  creds:
    Type:        Secret (a volume populated by a Secret)
    SecretName:  tls
    Optional:    true
  info:
    Type:  DownwardAPI (a volume populated by information about the pod)
    Items:
      metadata.name -> name
Events:
W
    cmp -s '$T/volumes.want' '$T/volumes'"
check "spec: /status carries the volumes and mounts as the API server shapes them" sh -c "
    jq -e '.spec.volumes[2] == {\"name\":\"creds\",\"secret\":{\"secretName\":\"tls\",\"defaultMode\":420,\"optional\":true}}
        and .spec.containers[0].volumeMounts[1] == {\"name\":\"creds\",\"mountPath\":\"$M/creds\",\"readOnly\":true}
        and .spec.containers[0].env[0] == {\"name\":\"GREETING\",\"value\":\"hello\"}
        and .spec.containers[0].env[3] == {\"name\":\"PASSWORD\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"tls\",\"key\":\"password\"}}}
        and .spec.containers[0].envFrom == [{\"secretRef\":{\"name\":\"tls\"},\"prefix\":\"TLS_\"}]
        and .containerStatuses[0].name == \"app\"' '$T/status.json' >/dev/null"
check "spec: neither describe, /status nor -vv's log shows the Secret's value" \
    sh -c "! grep -qF '$SECRET' '$T/describe' '$T/status.json' '$T/out' '$T/err'"
check "spec: the process got the Secret's value (so the checks above mean something)" \
    grep -qxF "PASSWORD=$SECRET" "$T/environ"
check "spec: -vv's log has the model dump (so the check above means something)" \
    grep -qF 'Secret default/tls type=Opaque password=(10 bytes)' "$T/err"

kill -TERM "$PP" 2>/dev/null
bg_wait 10
check "spec: the pod stops on SIGTERM" [ "$RC" != 124 ]
check "spec: nothing left at the mount points" sh -c "! grep -qF ' $M/' /proc/self/mountinfo"
