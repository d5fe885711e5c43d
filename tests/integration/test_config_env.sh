# Config objects and the environment (issue 15, SPEC §7), podinit as PID 1:
# ConfigMap, Secret and Deployment in one file, and across a directory, each
# env source visible in the container; envFrom's invalid keys as kubelet's
# event; a missing object or key refused before anything starts (125, the
# reference's file:line:col, kubelet's words; check fails too); --command.

# bg_pid1 OUT ARGS...: podinit as PID 1 in the background (BG = unshare).
bg_pid1() { local out=$1; shift; as_pid1 "$@" >"$out" 2>"$out.err" & BG=$!; }
# stop_pid1: SIGTERM to podinit (the child of unshare), bounded wait.
stop_pid1() {
	local p i=0
	p=$(child_of $BG)
	[ -n "$p" ] && kill -TERM "$p" 2>/dev/null
	while kill -0 $BG 2>/dev/null && [ $i -lt 500 ]; do sleep 0.02; i=$((i + 1)); done
	kill -KILL $BG 2>/dev/null
	wait $BG 2>/dev/null
}
envval() { grep "^$2=" "$1" | head -n1 | cut -d= -f2-; }

cat >"$T/all.yaml" <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  APP_MODE: prod
  LOG_LEVEL: debug
  bad.key: skipped
---
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
type: Opaque
data:
  password: aHVudGVyMg==
stringData:
  user: admin
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      serviceAccountName: builder
      containers:
        - name: app
          command: [/bin/sh, -c]
          args: ['tr "\\0" "\\n" </proc/$$$$/environ | sort >"$OUTFILE.tmp"; echo "argv mode=$(MODE)" >>"$OUTFILE.tmp"; mv "$OUTFILE.tmp" "$OUTFILE"; exec sleep 300']
          resources:
            limits: {memory: 64Mi}
            requests: {cpu: 250m}
          envFrom:
            - configMapRef: {name: web-config}
              prefix: CFG_
            - secretRef: {name: web-secret}
            - configMapRef: {name: absent-config, optional: true}
          env:
            - name: OUTFILE
              value: OUTFILE_PLACEHOLDER
            - name: MODE
              valueFrom: {configMapKeyRef: {name: web-config, key: APP_MODE}}
            - name: PW
              valueFrom: {secretKeyRef: {name: web-secret, key: password}}
            - name: URL
              value: "http://$(user):$(PW)@db/$(MODE)?$$(literal)&$(UNDEFINED)"
            - name: OPT
              valueFrom: {configMapKeyRef: {name: web-config, key: nothere, optional: true}}
            - name: CFG_LOG_LEVEL
              value: overridden
            - name: POD_NAME
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            - name: POD_NS
              valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
            - name: POD_UID
              valueFrom: {fieldRef: {fieldPath: metadata.uid}}
            - name: TIER
              valueFrom: {fieldRef: {fieldPath: "metadata.labels['tier']"}}
            - name: NODE
              valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
            - name: SA
              valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}
            - name: POD_IP
              valueFrom: {fieldRef: {fieldPath: status.podIP}}
            - name: HOST_IPS
              valueFrom: {fieldRef: {fieldPath: status.hostIPs}}
            - name: MEM_MI
              valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
            - name: REQ_MEM
              valueFrom: {resourceFieldRef: {resource: requests.memory, divisor: 1Mi}}
            - name: CPU_M
              valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}
            - name: REQ_CPU
              valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1m}}
EOF
sed -i "s|OUTFILE_PLACEHOLDER|$T/env.one|" "$T/all.yaml"

bg_pid1 "$T/run.one" --events "$T/events.one" -f "$T/all.yaml"
if wait_for "$T/env.one" '^argv' 10; then
	E=$T/env.one
	expect_eq "config env: configMapKeyRef" "prod" "$(envval $E MODE)"
	expect_eq "config env: secretKeyRef (base64 data decoded)" "hunter2" "$(envval $E PW)"
	expect_eq "config env: envFrom secretRef (stringData)" "admin" "$(envval $E user)"
	expect_eq "config env: envFrom configMapRef with prefix" "prod" "$(envval $E CFG_APP_MODE)"
	expect_eq "config env: env replaces envFrom's variable" "overridden" "$(envval $E CFG_LOG_LEVEL)"
	expect_eq "config env: \$(VAR) expansion, \$\$ and an undefined reference" \
	    'http://admin:hunter2@db/prod?$(literal)&$(UNDEFINED)' "$(envval $E URL)"
	# K8S 1.35: IsRelaxedEnvVarName, so a key such as bad.key is a name
	expect_eq "config env: a dotted key is a valid name (relaxed, 1.35)" "skipped" \
	    "$(envval $E CFG_bad.key)"
	expect_eq "config env: an optional missing key sets nothing" "0" "$(grep -c '^OPT=' $E)"
	expect_eq "config env: fieldRef metadata.name" "web" "$(envval $E POD_NAME)"
	expect_eq "config env: fieldRef metadata.namespace" "default" "$(envval $E POD_NS)"
	check "config env: fieldRef metadata.uid is a UUID v4" \
	    grep -Eq '^POD_UID=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' $E
	expect_eq "config env: fieldRef metadata.labels['tier']" "front" "$(envval $E TIER)"
	expect_eq "config env: fieldRef spec.nodeName is the host name" "$(uname -n)" "$(envval $E NODE)"
	expect_eq "config env: fieldRef spec.serviceAccountName" "builder" "$(envval $E SA)"
	check "config env: status.podIP is an address" grep -Eq '^POD_IP=[0-9a-f.:]+$' $E
	expect_eq "config env: status.podIP is the first of status.hostIPs" \
	    "$(envval $E HOST_IPS | cut -d, -f1)" "$(envval $E POD_IP)"
	expect_eq "config env: resourceFieldRef limits.memory / 1Mi" "64" "$(envval $E MEM_MI)"
	expect_eq "config env: requests.memory defaults to the limit" "64" "$(envval $E REQ_MEM)"
	expect_eq "config env: an unset cpu limit is the node's CPUs" "$(($(nproc) * 1000))" \
	    "$(envval $E CPU_M)"
	expect_eq "config env: requests.cpu" "250" "$(envval $E REQ_CPU)"
	check "config env: args expanded against the final env" grep -qx 'argv mode=prod' $E
	# every key is a valid name under 1.35's rule (a prefix is validated
	# too), so kubelet records no InvalidEnvironmentVariableNames here
	check "config env: no InvalidEnvironmentVariableNames event for valid keys" \
	    sh -c "! grep -q InvalidEnvironmentVariableNames '$T/events.one'"
	check "config env: the container's Started event" grep -q '"reason":"Started"' "$T/events.one"
	check "config env: no Secret value in podinit's messages" sh -c "! grep -q hunter2 '$T/run.one.err'"
else
	notok "config env: the container did not write its environment"; cat "$T/run.one.err"
fi
stop_pid1

# The same objects across a directory, in name order: the Pod first, its
# objects after it (kubectl apply -f DIR takes them all).
mkdir -p "$T/dir"
cat >"$T/dir/10-pod.yml" <<EOF
apiVersion: v1
kind: Pod
metadata: {name: dirpod}
spec:
  restartPolicy: Never
  containers:
    - name: app
      command: [/bin/sh, -c, 'echo "\$GREETING \$PASS \$NAME_ONLY" >$T/env.dir']
      env:
        - name: GREETING
          valueFrom: {configMapKeyRef: {name: greet, key: hello}}
        - name: PASS
          valueFrom: {secretKeyRef: {name: creds, key: pass}}
      envFrom:
        - secretRef: {name: creds}
          prefix: NAME_
EOF
cat >"$T/dir/20-config.yaml" <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata: {name: greet}
data: {hello: bonjour}
EOF
cat >"$T/dir/30-secret.json" <<'EOF'
{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
 "stringData": {"pass": "s3cret", "ONLY": "o"}}
EOF
echo 'not: a manifest' >"$T/dir/README.txt"
as_pid1 -f "$T/dir" >"$T/run.dir" 2>&1; rc=$?
expect_eq "config dir: the pod runs and exits 0" "0" "$rc"
expect_eq "config dir: env from a ConfigMap, a Secret and envFrom across the files" \
    "bonjour s3cret o" "$(cat "$T/env.dir" 2>/dev/null)"
out=$("$PODINIT" check -f "$T/dir" 2>&1); rc=$?
expect_eq "config dir: check takes the directory, one verdict" \
    "0 $T/dir: valid: Pod \"dirpod\", 1 container" "$rc $out"
# several -f: the Pod file and the objects' files
rm -f "$T/env.dir"
as_pid1 -f "$T/dir/10-pod.yml" -f "$T/dir/20-config.yaml" -f "$T/dir/30-secret.json" >"$T/run.multi" 2>&1
expect_eq "config -f x3: the same environment" "bonjour s3cret o" "$(cat "$T/env.dir" 2>/dev/null)"

# refused: nothing starts, 125, the reference's position, kubelet's words
refused() {
	local name=$1 file=$2 want=$3 out rc crc
	rm -f "$T/started"
	as_pid1 -f "$file" >"$T/ref.out" 2>"$T/ref.err"; rc=$?
	out=$("$PODINIT" check -f "$file" 2>&1); crc=$?
	if [ "$rc" = 125 ] && [ ! -e "$T/started" ] && grep -qF -- "$want" "$T/ref.err" &&
	    [ "$crc" = 1 ] && printf '%s\n' "$out" | grep -qF -- "$want"; then
		ok "config refused: $name: 125 before anything starts; check fails: $(grep -F -- "$want" "$T/ref.err" | cut -c1-120)"
	else
		notok "config refused: $name: run $rc, check $crc, want \"$want\""; cat "$T/ref.err"
	fi
}
mkpod() {
	cat <<EOF
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {LOG: info}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Never
  containers:
    - name: app
      command: [/bin/sh, -c, 'touch $T/started']
$1
EOF
}
mkpod "      env:
        - name: A
          valueFrom: {configMapKeyRef: {name: web-config, key: APP_MODE}}" >"$T/nokey.yaml"
refused "missing key" "$T/nokey.yaml" \
    "nokey.yaml:16:64: document 2: spec.containers[0].env[0].valueFrom.configMapKeyRef.key: couldn't find key APP_MODE in ConfigMap default/web-config"
mkpod "      env:
        - name: A
          valueFrom: {configMapKeyRef: {name: other-config, key: LOG}}" >"$T/nocm.yaml"
refused "missing configmap" "$T/nocm.yaml" \
    "nocm.yaml:16:47: document 2: spec.containers[0].env[0].valueFrom.configMapKeyRef.name: configmap \"other-config\" not found"
mkpod "      envFrom:
        - secretRef: {name: db}" >"$T/nosecret.yaml"
refused "missing secret (envFrom)" "$T/nosecret.yaml" \
    "spec.containers[0].envFrom[0].secretRef.name: secret \"db\" not found"
mkpod "      env:
        - name: A
          valueFrom: {configMapKeyRef: {name: web-config, key: LOG}}" |
    sed 's/^metadata: {name: web-config}/metadata: {name: web-config, namespace: prod}/' >"$T/otherns.yaml"
refused "a ConfigMap of another namespace is not the pod's" "$T/otherns.yaml" \
    "configmap \"web-config\" not found"

# --command: an image's entrypoint for a container without `command`
cat >"$T/nocmd.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Never
  containers:
    - name: app
      args: [world, "$(WHO)"]
      env: [{name: WHO, value: you}]
    - name: side
      command: [/bin/true]
EOF
out=$(as_pid1 --command "app=/bin/echo 'hello  there'" -f "$T/nocmd.yaml" 2>/dev/null); rc=$?
expect_eq "--command: the entrypoint, the manifest's args appended and expanded" \
    "0 hello  there world you" "$rc $out"
as_pid1 --command "web=/bin/echo" -f "$T/nocmd.yaml" >/dev/null 2>"$T/cmd.err"; rc=$?
check "--command: an unknown container is refused (125), naming the containers" \
    sh -c "[ $rc = 125 ] && grep -qF -- '--command web: no container \"web\" in the pod (its containers: app, side)' '$T/cmd.err'"
out=$("$PODINIT" check -f "$T/nocmd.yaml" 2>&1)
check "check: lists the container that has no command" \
    sh -c "printf '%s\n' \"\$1\" | grep -c 'no command' | grep -qx 1 && printf '%s\n' \"\$1\" | grep -q 'spec.containers\\[0\\]: no command'" _ "$out"
out=$("$PODINIT" check --command "app=/bin/echo" -f "$T/nocmd.yaml" 2>&1)
check "check --command: no container without a command" sh -c "! printf '%s' \"\$1\" | grep -q 'no command'" _ "$out"
