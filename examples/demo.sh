#!/bin/sh
# make demo: run the seed's liveness-exec example with shortened times, so
# a newcomer sees probes fail, the container killed and restarted, and the
# events kubelet would show, in about 20 seconds.
set -e
PODINIT=${1:-build/podinit}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export PODINIT_SOCKET="$dir/podinit.sock"
cat > "$dir/pod.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: liveness-exec-demo
spec:
  terminationGracePeriodSeconds: 3
  containers:
    - name: liveness-exec-container
      command: ["/bin/sh", "-c", "touch /tmp/podinit-demo-live; sleep 5; rm -f /tmp/podinit-demo-live; sleep 3600"]
      livenessProbe:
        exec:
          command: ["test", "-e", "/tmp/podinit-demo-live"]
        initialDelaySeconds: 1
        periodSeconds: 1
        failureThreshold: 2
YAML
echo "== podinit check"
"$PODINIT" check -f "$dir/pod.yaml"
echo "== running it for 15 s (liveness fails after ~6 s, the container restarts)"
"$PODINIT" -f "$dir/pod.yaml" --events - &
pid=$!
sleep 15
echo "== podinit status"
"$PODINIT" status || true
kill -TERM $pid
wait $pid || true

# The second part: a directory as `kubectl apply -f` takes it (a
# Deployment, its ConfigMap and its Secret), env and volumes from them,
# the container in its own namespaces; describe shows where each variable
# and mount comes from, never the Secret's value.
app=$(dirname "$0")/config-app
echo "== podinit check -f $app/"
"$PODINIT" check -f "$app/"
echo "== running it for 4 s"
"$PODINIT" -f "$app/" --state-dir "$dir/state" &
pid=$!
sleep 4
echo "== podinit status (Environment, Mounts, Volumes)"
"$PODINIT" status | sed -n '/^Containers:/,$p' || true
kill -TERM $pid
wait $pid || true
