# Hostile status-API clients against the real binary as PID 1 (issue 6):
# 10,000 connections opened and left idle (unix socket, plus 3,000 over
# TCP), 1 MB request lines, binary garbage, slowloris.  Meanwhile a
# well-behaved client keeps asking /readyz (it must keep getting answers),
# two exec probes with period 1 s write timestamps (gaps must stay
# <= 1.2 s), and podinit's VmRSS is sampled (bounded).
# Everything goes to 127.0.0.1 or the test's own socket; every phase is
# bounded in count and time.
. "$ROOT/tests/integration/lifecycle_lib.sh"

PY=/usr/bin/python3
SOCK=$PODINIT_SOCKET
hostile_cleanup() {
	[ -n "$PP" ] && kill -KILL "$BG" 2>/dev/null
	rm -rf "$T"
}
trap hostile_cleanup EXIT
inst() {
	sed -e "s#@DIR@#$T#g" "$(case_file "$1")" >"$T/$1.yaml"
	echo "$T/$1.yaml"
}
TPORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# RSS bound: 64 MB for the plain build; sanitizer builds carry shadow
# memory, so there only the growth over the attack is bounded.
RSS_MAX_KB=65536
RSS_GROW_KB=32768
case "$B" in *asan*) RSS_MAX_KB=0 ;; esac

cat >"$T/hostile.py" <<'PY'
import errno, os, resource, socket, sys, threading, time

sock_path, tport, pid, stamps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:6]
rss_max_kb, rss_grow_kb = int(sys.argv[6]), int(sys.argv[7])
N_UNIX, N_TCP, N_SLOW = 10000, 3000, 60

def res(ok, name, detail=""):
    print(("ok - " if ok else "not ok - ") + name + ("" if ok else ": " + detail), flush=True)

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
want = N_UNIX + N_TCP + 500
if hard != resource.RLIM_INFINITY and hard < want:
    # Scale the flood to what this machine allows, and say so.
    N_TCP = max(0, min(N_TCP, hard // 4))
    N_UNIX = max(1000, hard - N_TCP - 500)
    print("# fd hard limit %d: flood scaled to %d unix + %d tcp" % (hard, N_UNIX, N_TCP))
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(want, soft)) if hard != resource.RLIM_INFINITY else want, hard))

def vmrss():
    try:
        for l in open("/proc/%d/status" % pid):
            if l.startswith("VmRSS:"):
                return int(l.split()[1])
    except OSError:
        pass
    return 0

def connect(tcp, block=True):
    s = socket.socket(socket.AF_INET if tcp else socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(2.0)
    s.connect(("127.0.0.1", tport) if tcp else sock_path)
    return s

def get(path, tcp=False):
    """One well-behaved GET; returns (status or None, seconds)."""
    t0 = time.monotonic()
    try:
        s = connect(tcp)
        s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: podinit\r\n\r\n")
        data = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
        s.close()
        return int(data.split(b" ", 2)[1]), time.monotonic() - t0
    except (OSError, ValueError, IndexError):
        return None, time.monotonic() - t0

# --- background: a well-behaved client and the RSS sampler ---------------
stop = threading.Event()
legit = []          # (phase, ok, seconds, tries)
phase = ["start"]
rss = {"base": vmrss(), "max": 0}
def good_client():
    i = 0
    while not stop.is_set():
        t0 = time.monotonic()
        tries, st = 0, None
        # The API evicts the oldest connection still sending its request
        # when all slots are taken, so a flood can evict a polite client
        # between its connect and its request: it may retry, within 2 s
        # (5 s while the flood is being opened at full speed).
        budget = 5.0 if phase[0] == "flood" else 2.0
        while time.monotonic() - t0 < budget and st != 200:
            tries += 1
            st, _ = get("/readyz", tcp=(i % 2 == 1))
        legit.append((phase[0], st == 200, time.monotonic() - t0, tries))
        i += 1
        stop.wait(0.1)
def sampler():
    while not stop.is_set():
        rss["max"] = max(rss["max"], vmrss())
        stop.wait(0.05)
threads = [threading.Thread(target=good_client, daemon=True), threading.Thread(target=sampler, daemon=True)]
for t in threads:
    t.start()
t_start = time.time()

# --- 1. flood: connections opened and left idle ---------------------------
phase[0] = "flood"
idle = []
def flood(n, tcp, deadline):
    opened = 0
    while opened < n and time.monotonic() < deadline:
        s = socket.socket(socket.AF_INET if tcp else socket.AF_UNIX, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", tport) if tcp else sock_path)
        except OSError as e:
            if e.errno != errno.EINPROGRESS:
                # EAGAIN: the unix backlog is full until podinit accepts
                s.close()
                time.sleep(0.001)
                continue
        idle.append(s)
        opened += 1
    return opened
t0 = time.monotonic()
nu = flood(N_UNIX, False, t0 + 30)
nt = flood(N_TCP, True, t0 + 40)
res(nu == N_UNIX and nt == N_TCP, "hostile: %d unix + %d TCP connections opened and left idle (%.1f s)" % (nu, nt, time.monotonic() - t0),
    "opened %d unix, %d tcp" % (nu, nt))
time.sleep(0.5)
st, dt = get("/status")
res(st == 200 and dt < 1.0, "hostile: /status answered with the flood held open (%.1f ms)" % (dt * 1000), "status %s in %.3f s" % (st, dt))
st, dt = get("/metrics", tcp=True)
res(st == 200 and dt < 1.0, "hostile: TCP /metrics answered with the flood held open (%.1f ms)" % (dt * 1000), "status %s in %.3f s" % (st, dt))

# --- 2. 1 MB request lines --------------------------------------------------
# send_status(i, data): send data on a fresh connection (unix or TCP by i)
# and return the answer's status code, "closed", or "connect: <error>".
def send_status(i, data):
    try:
        s = connect(i % 2 == 1)
    except OSError as e:
        return "connect: %s" % e
    s.settimeout(5.0)
    try:
        s.sendall(data)
    except OSError:
        pass    # the server may close after the head limit: fine
    try:
        d = s.recv(4096)
        code = int(d.split(b" ", 2)[1]) if d else "closed"
    except (OSError, ValueError, IndexError):
        code = "closed"
    s.close()
    return code
phase[0] = "bigline"
codes = [send_status(i, b"GET /" + b"a" * (1 << 20) + b" HTTP/1.1\r\nHost: podinit\r\n\r\n")
         for i in range(4)]
res(all(c in (400, 414, 431, "closed") for c in codes), "hostile: 1 MB request lines refused (%s)" % codes, str(codes))

# --- 3. binary garbage (seeded: a failure can be replayed) ----------------
phase[0] = "garbage"
class Rnd:
    def __init__(self):
        import random
        self.r = random.Random(6)
    def read(self, n):
        return bytes(self.r.getrandbits(8) for _ in range(n))
rnd = Rnd()
codes = [send_status(i, rnd.read(64 + 200 * i) + b"\r\n\r\n") for i in range(20)]
# 400 is the answer, however long the garbage "method" (a method must be a
# token: 405 is only for a well-formed one podinit does not serve).
res(all(c in (400, 414, 431, "closed") for c in codes), "hostile: binary garbage gets an error answer or a close (%s)" % sorted(set(map(str, codes))), str(codes))
codes = []
for i in range(10):
    st = None
    try:
        s = connect(i % 2 == 1)
        s.sendall(b"\x01" + rnd.read(200).replace(b" ", b"!") + b"\r\n\r\n")
        st = int(s.recv(4096).split(b" ", 2)[1])
        s.close()
    except (OSError, ValueError, IndexError):
        st = "closed"
    codes.append(st)
res(all(c == 400 for c in codes), "hostile: binary garbage starting with a control byte gets 400", str(codes))

# --- 4. slowloris: a byte every 300 ms, never finishing the head ----------
phase[0] = "slowloris"
slow = []
for i in range(N_SLOW):
    try:
        s = connect(i % 2 == 1)
        s.setblocking(False)
        s.send(b"GET /status HTTP/1.1\r\n")
        slow.append([s, None])
    except OSError:
        pass
t0 = time.monotonic()
while time.monotonic() - t0 < 8.0 and any(c is None for _, c in slow):
    for e in slow:
        if e[1] is not None:
            continue
        try:
            e[0].recv(4096)     # an answer (408/400) or EOF: cut off
            e[1] = time.monotonic() - t0
        except BlockingIOError:
            try:
                e[0].send(b"X")
            except BlockingIOError:
                pass
            except OSError:
                e[1] = time.monotonic() - t0
        except OSError:
            e[1] = time.monotonic() - t0
    time.sleep(0.3)
closed = [c for _, c in slow if c is not None]
res(len(slow) == N_SLOW and len(closed) == len(slow) and max(closed) < 7.0,
    "hostile: %d slowloris connections cut off by the request timeout (last after %.1f s)" % (len(slow), max(closed or [0])),
    "%d of %d closed within 8 s" % (len(closed), len(slow)))
for s, _ in slow:
    s.close()

# --- the end: still answering, probes on time, RSS bounded -----------------
phase[0] = "after"
time.sleep(0.3)
st, dt = get("/status")
res(st == 200, "hostile: /status answers after the attacks", str(st))
st, dt = get("/readyz", tcp=True)
res(st == 200, "hostile: TCP /readyz 200 after the attacks (the probes kept the pod ready)", str(st))
t_end = time.time()
stop.set()
for t in threads:
    t.join(3)
for s in idle:
    s.close()

bad = [(p, round(d, 3), n) for p, ok, d, n in legit if not ok]
per = {}
for p, ok, d, n in legit:
    c, sd, sn = per.get(p, (0, 0, 0))
    per[p] = (c + 1, max(sd, d), max(sn, n))
res(len(legit) >= 20 and not bad,
    "hostile: a polite client got /readyz 200 all along (%s)"
    % ", ".join("%s: %d reqs, slowest %.0f ms, %d tries" % (p, c, d * 1000, n) for p, (c, d, n) in per.items()),
    "%d of %d failed: %s" % (len(bad), len(legit), bad[:5]))
for f in stamps:
    try:
        ts = [int(l) for l in open(f).read().split()]
    except (OSError, ValueError):
        ts = []
    ts = [t for t in ts if t_start * 1000 - 1500 <= t <= t_end * 1000 + 100]
    gaps = [b - a for a, b in zip(ts, ts[1:])]
    res(len(ts) >= (t_end - t_start) - 2 and gaps and max(gaps) <= 1200,
        "hostile: %s probe ran on time through %.0f s of attacks (%d runs, largest gap %d ms)"
        % (os.path.basename(f).split(".")[0], t_end - t_start, len(ts), max(gaps or [0])),
        "gaps %s" % [g for g in gaps if g > 1200][:10])
grow = rss["max"] - rss["base"]
res((rss_max_kb == 0 or rss["max"] < rss_max_kb) and grow < rss_grow_kb,
    "hostile: podinit VmRSS bounded (base %d kB, max %d kB, limit %s)"
    % (rss["base"], rss["max"], "%d kB" % rss_max_kb if rss_max_kb else "growth %d kB" % rss_grow_kb),
    "base %d max %d" % (rss["base"], rss["max"]))
PY

bg_pod -f "$(inst obs_hostile)" --status-addr "127.0.0.1:$TPORT"
check "hostile: pod started" wait_for "$EV" "\"reason\":\"Started\"" 5
# Ready means the probes have started writing stamps.
i=0
while [ $i -lt 100 ] && ! "$PODINIT" status --ready >/dev/null 2>&1; do sleep 0.05; i=$((i + 1)); done
check "hostile: pod ready before the attacks" "$PODINIT" status --ready
if [ -n "$PP" ]; then
	timeout 90 $PY "$T/hostile.py" "$SOCK" "$TPORT" "$PP" "$T/ready.stamps" "$T/live.stamps" \
	    "$RSS_MAX_KB" "$RSS_GROW_KB" 2>"$T/hostile.err"
	rc=$?
	expect_eq "hostile: the attack driver finished in time" 0 "$rc"
	[ -s "$T/hostile.err" ] && sed 's/^/#   /' "$T/hostile.err" | tail -n 20
fi
check "hostile: podinit still running (no restart, no crash)" kill -0 "$PP"
check "hostile: no container restarts" [ "$(ev_count Killing)" -eq 0 ]
kill -TERM "$PP" 2>/dev/null
bg_wait 10
check "hostile: pod stops on SIGTERM" [ "$RC" -ne 124 ]
PP=
