# Specific securityContext errors (issue 7), as issue 14 places them: the
# API server accepts an unknown capability and a Localhost profile it never
# reads, so `podinit check` warns (exit 0; --strict: 1) and a run fails the
# container's start as the runtime would (exit 128, the container never
# runs, the message names what is wrong); malformed profiles never crash
# podinit.
. "$ROOT/tests/integration/lifecycle_lib.sh"
. "$ROOT/tests/integration/fixtures/sec_lib.sh"

# start_failed NAME CASE-FILE TEXT: the container's start fails (restartPolicy
# Never: podinit -f exits 128) saying TEXT, and the container never ran
start_failed() {
	rm -f $OUT/app-ran
	run_fg 10 -f "$2"
	if [ "$RC" = 128 ] && has "$T/err" "$3" && [ ! -e $OUT/app-ran ]; then
		ok "$1: the container's start fails, podinit -f exits 128: $(grep -F -- "$3" "$T/err" | head -n1 | cut -c1-110)"
	else
		notok "$1: podinit -f exit $RC, want 128 and \"$3\""; dump
	fi
}
# check_warns NAME CASE-FILE TEXT: podinit check exits 0 with a warning
# saying TEXT, and 1 with --strict
check_warns() {
	local out rc src
	out=$("$PODINIT" check -f "$2" 2>&1); rc=$?
	"$PODINIT" check --strict -f "$2" >/dev/null 2>&1; src=$?
	if [ "$rc" = 0 ] && [ "$src" = 1 ] && printf '%s\n' "$out" | grep -F -- "$3" | grep -q 'warning:'; then
		ok "$1: podinit check warns (exit 0; --strict: 1)"
	else
		notok "$1: podinit check exit $rc, --strict $src: $out"
	fi
}

sec_fresh errors
start_failed "unknown capability" "$(case_file sec_badcap)" 'unknown capability "NET_BIND_SERVIC"'
check_warns "unknown capability" "$(case_file sec_badcap)" \
    'capabilities.add[0]: unknown capability "NET_BIND_SERVIC" (did you mean NET_BIND_SERVICE?)'
start_failed "missing profile" "$(case_file sec_noprofile)" \
    "container app: seccomp profile $ROOT/tests/integration/cases/../fixtures/no-such-profile.json: No such file or directory"
check_warns "missing profile" "$(case_file sec_noprofile)" \
    "spec.containers[0].securityContext.seccompProfile: seccomp profile $ROOT/tests/integration/cases/../fixtures/no-such-profile.json: No such file or directory"

# -- malformed profiles through podinit -f and podinit check
P=$T/profiles
mkdir -p $P
printf '' >$P/empty.json
printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [\n  {"names": ["read"], "action": "SCMP_ACT_ALLOW"\n' >$P/truncated.json
printf '{"defaultAction": "SCMP_ACT_ALLOW",\n "syscalls": [{"names": ["mkdir"] "action": "SCMP_ACT_ERRNO"}]}\n' >$P/missing-comma.json
printf '[1, 2, 3]\n' >$P/array.json
printf 'null\n' >$P/null.json
printf '{"defaultAction": 42}\n' >$P/action-number.json
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": {"names": ["mkdir"]}}\n' >$P/syscalls-object.json
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 99, "value": 1, "op": "SCMP_CMP_EQ"}]}]}\n' >$P/arg-index.json
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 99999999999999999999999, "op": "SCMP_CMP_EQ"}]}]}\n' >$P/huge-number.json
printf '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_PDP11"]}\n' >$P/bad-arch.json
printf '{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": -5}\n' >$P/negative-errno.json
printf '{"a": &x [1], "b": *x, "defaultAction": "SCMP_ACT_ALLOW"}\n' >$P/alias.json
printf '{"defaultAction": "SCMP_ACT_ALLOW"\0, "x": 1}\n' >$P/nul.json
head -c 4096 /dev/urandom >$P/garbage.json
/usr/bin/python3 -c 'print("[" * 100000 + "]" * 100000)' >$P/deep.json
/usr/bin/python3 -c 'print("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"x\": \"" + "a" * 5000000 + "\"}")' >$P/huge.json
mkfifo $P/fifo.json
n=0; bad=
for f in $P/*.json; do
	name=$(basename $f .json)
	cat >$T/bad.yaml <<YAML
apiVersion: v1
kind: Pod
metadata: {name: bad-profile}
spec:
  restartPolicy: Never
  containers:
  - name: app
    command: ["/bin/sh", "-c", "touch \$OUT/app-ran"]
    securityContext:
      seccompProfile: {type: Localhost, localhostProfile: $f}
YAML
	rm -f $OUT/app-ran
	run_fg 10 -f $T/bad.yaml
	"$PODINIT" check -f $T/bad.yaml >$T/check.out 2>&1; crc=$?
	if [ "$RC" = 128 ] && [ ! -e $OUT/app-ran ] && has "$T/err" "seccomp profile $f" &&
	    [ "$crc" = 1 ] && has $T/check.out "seccomp profile $f"; then
		n=$((n + 1))
	else
		bad="$bad $name(-f $RC, check $crc: $(head -n1 $T/err | cut -c1-100))"
	fi
done
if [ -z "$bad" ]; then
	ok "$n malformed profiles: the container's start fails (exit 128) naming the profile, check exits 1, no crash"
else
	notok "malformed profiles:$bad"
fi
# a syntax error carries the profile's line and column
f=$P/missing-comma.json
sed -i "s|localhostProfile: .*}|localhostProfile: $f}|" $T/bad.yaml
"$PODINIT" check -f $T/bad.yaml >$T/check.out 2>&1
if has $T/check.out "seccomp profile $f:2:"; then
	ok "invalid JSON profile: check gives line and column ($(grep -o "$f:[0-9]*:[0-9]*" $T/check.out))"
else
	notok "invalid JSON profile: $(cat $T/check.out)"
fi
