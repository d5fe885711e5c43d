/* probe_http with scheme HTTPS (Mbed TLS 3.6, verification off) against
 * the python test server wrapped in ssl and against openssl s_server, with
 * self-signed certificates made by openssl(1) in a temporary directory for
 * each test; and against forked servers that misbehave mid-handshake. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include "component/probe_helpers.h"

#define SERVER "tests/servers/httpserver.py"

static struct tserver S;
static char dir[] = "/tmp/podinit-tls-XXXXXX";
static char cert[64], key[64];
static char host_lo[] = "127.0.0.1";

static void
start_tls(void)
{
	char cmd[512];
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, (char *)"--tls", cert, key, NULL };

	cr_assert(mkdtemp(dir) != NULL);
	snprintf(cert, sizeof cert, "%s/cert.pem", dir);
	snprintf(key, sizeof key, "%s/key.pem", dir);
	snprintf(cmd, sizeof cmd, "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
	    "-nodes -days 1 -subj /CN=probe.test -keyout %s -out %s >/dev/null 2>&1", key, cert);
	cr_assert(system(cmd) == 0, "openssl failed");
	tserver_start(&S, argv);
}

static void
stop(void)
{
	char cmd[128];

	tserver_stop(&S);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		cr_log_warn("cleanup of %s failed", dir);
}

static struct handler_spec
https_spec(char *path, int port)
{
	struct handler_spec h;

	spec_handler_defaults(&h);
	h.kind = HANDLER_HTTP_GET;
	h.https = true;
	h.host = host_lo;
	h.port = port;
	h.path = path;
	return h;
}

TestSuite(probe_https, .init = start_tls, .fini = stop, .timeout = 20);

Test(probe_https, self_signed_ok_is_success)
{
	char path[] = "/status/200";
	struct handler_spec h = https_spec(path, S.port);
	struct tprobe t;

	tprobe_run(&t, &h, 2 * NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect_str_eq(t.out.message, "status 200");
	cr_expect(t.max_gap < 100 * NS_PER_MS, "loop stalled %lld ns", (long long)t.max_gap);
}

Test(probe_https, error_status_and_repeat_attempts)
{
	char path[] = "/status/503";
	struct handler_spec h = https_spec(path, S.port);
	struct tprobe t;

	for (int i = 0; i < 3; i++) {
		tprobe_run(&t, &h, 2 * NS_PER_SEC, PROBE_MODE_PROBE);
		cr_expect_eq(t.out.result, PROBE_FAILURE);
		cr_expect_str_eq(t.out.message, "HTTP probe failed with statuscode: 503");
	}
}

Test(probe_https, chunked_body_and_headers)
{
	char path[] = "/echo";
	struct handler_spec h = https_spec(path, S.port);
	struct tprobe t;

	tprobe_run(&t, &h, 2 * NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect(strstr(t.out.message, "User-Agent: kube-probe/"), "%s", t.out.message);
}

Test(probe_https, handshake_that_stalls_times_out)
{
	struct tserver hs;
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, (char *)"--hang", NULL };
	char path[] = "/", want[256];
	struct handler_spec h;
	struct tprobe t;

	tserver_start(&hs, argv);
	h = https_spec(path, hs.port);
	tprobe_run(&t, &h, 500 * NS_PER_MS, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	snprintf(want, sizeof want, "Get \"https://127.0.0.1:%d/\": context deadline exceeded "
	    "(Client.Timeout exceeded while awaiting headers)", hs.port);
	cr_expect_str_eq(t.out.message, want);
	cr_expect(t.out.duration_ns <= 600 * NS_PER_MS);
	cr_expect(t.max_gap < 100 * NS_PER_MS, "loop stalled %lld ns", (long long)t.max_gap);
	tserver_stop(&hs);
}

Test(probe_https, plain_http_server_is_reported)
{
	struct tserver ps;
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, NULL };
	char path[] = "/";
	struct handler_spec h;
	struct tprobe t;

	tserver_start(&ps, argv);
	h = https_spec(path, ps.port);
	tprobe_run(&t, &h, NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	cr_expect(strstr(t.out.message, "server gave HTTP response to HTTPS client"), "%s",
	    t.out.message);
	/* Probes never fall back (K8S: only the handler runner does). */
	cr_expect_not(t.out.http_fallback);
	tserver_stop(&ps);
}

/* K8S: lifecycle/handlers.go runHTTPHandler (TestRunHandlerHttpsFailureFallback):
 * an HTTPS hook answered in plain HTTP is retried over HTTP on the same
 * port, without Authorization, and counts as a fallback. */
Test(probe_https, hook_falls_back_to_http_without_authorization)
{
	struct tserver ps;
	char logf[96], head[4096] = "", want[64];
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, (char *)"--log", logf, NULL };
	char path[] = "/hook", n1[] = "Authorization", v1[] = "Bearer secret", n2[] = "X-Keep",
	    v2[] = "yes";
	struct http_header hd[] = { { n1, v1 }, { n2, v2 } };
	struct handler_spec h;
	struct tprobe t;
	FILE *f;
	size_t n;

	snprintf(logf, sizeof logf, "%s/requests.log", dir);
	tserver_start(&ps, argv);
	h = https_spec(path, ps.port);
	h.headers = hd;
	h.n_headers = 2;
	tprobe_run(&t, &h, 0, PROBE_MODE_HOOK);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect(t.out.http_fallback);
	snprintf(want, sizeof want, "127.0.0.1:%d", ps.port);
	cr_expect_str_eq(t.out.message, want);
	tserver_stop(&ps);
	f = fopen(logf, "r");
	cr_assert_not_null(f);
	n = fread(head, 1, sizeof head - 1, f);
	head[n] = '\0';
	fclose(f);
	/* One plain request reached the server (the ClientHello is not one). */
	cr_expect(strncmp(head, "GET /hook HTTP/1.1\r\n", 20) == 0, "%s", head);
	cr_expect(strstr(head, "\r\nUser-Agent: kube-lifecycle/") != NULL, "%s", head);
	cr_expect(strstr(head, "\r\nX-Keep: yes\r\n") != NULL, "%s", head);
	cr_expect_null(strstr(head, "Authorization"), "%s", head);
	cr_expect_null(strstr(head + 1, "GET "), "%s", head);
}

/* The retry fails too: the hook fails with the HTTPS request's error. */
Test(probe_https, hook_fallback_that_fails_reports_the_https_error)
{
	struct tserver ps;
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, (char *)"--rst-plain", NULL };
	char path[] = "/hook", want[160];
	struct handler_spec h;
	struct tprobe t;

	tserver_start(&ps, argv);
	h = https_spec(path, ps.port);
	tprobe_run(&t, &h, 0, PROBE_MODE_HOOK);
	cr_expect_eq(t.out.result, PROBE_FAILURE, "%s", t.out.message);
	cr_expect_not(t.out.http_fallback);
	snprintf(want, sizeof want,
	    "Get \"https://127.0.0.1:%d/hook\": http: server gave HTTP response to HTTPS client",
	    ps.port);
	cr_expect_str_eq(t.out.message, want);
	tserver_stop(&ps);
}

Test(probe_https, redirect_from_http_to_https_same_host)
{
	struct tserver ps;
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, NULL };
	char path[256];
	struct handler_spec h;
	struct tprobe t;

	tserver_start(&ps, argv);
	snprintf(path, sizeof path, "/redirect/302?to=https://127.0.0.1:%d/status/204", S.port);
	spec_handler_defaults(&h);
	h.kind = HANDLER_HTTP_GET;
	h.host = host_lo;
	h.port = ps.port;
	h.path = path;
	tprobe_run(&t, &h, 2 * NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	tserver_stop(&ps);
}

/* ---- against openssl s_server ------------------------------------------
 * Real servers of each kind the issue names (issue 18): TLS 1.3 only,
 * TLS 1.2 only, both; ECDSA and RSA keys; tickets off; with -msg, so the
 * server's own log tells full handshakes (it sends a Certificate) from
 * resumed ones (it does not), and -tlsextdebug shows the SNI we sent. */

#define OPTS(...) ((const char *const[]){ __VA_ARGS__, NULL })

struct sserver {
	pid_t	 pid;
	int	 port;
	char	 log[96];
};

static char odir[] = "/tmp/podinit-ossl-XXXXXX";
static char eccert[96], eckey[96], rsacert[96], rsakey[96];

static void
ossl_init(void)
{
	char cmd[640];

	cr_assert(mkdtemp(odir) != NULL);
	snprintf(eccert, sizeof eccert, "%s/ec.pem", odir);
	snprintf(eckey, sizeof eckey, "%s/eckey.pem", odir);
	snprintf(rsacert, sizeof rsacert, "%s/rsa.pem", odir);
	snprintf(rsakey, sizeof rsakey, "%s/rsakey.pem", odir);
	snprintf(cmd, sizeof cmd, "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
	    "-nodes -days 1 -subj /CN=localhost -keyout %s -out %s >/dev/null 2>&1 && "
	    "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
	    "-keyout %s -out %s >/dev/null 2>&1", eckey, eccert, rsakey, rsacert);
	cr_assert(system(cmd) == 0, "openssl req failed");
}

static void
ossl_fini(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", odir);
	if (system(cmd) != 0)
		cr_log_warn("cleanup of %s failed", odir);
}

/* Count the lines of the server's log that contain `what`. */
static int
log_count(const struct sserver *s, const char *what)
{
	char line[512];
	int n = 0;
	FILE *f = fopen(s->log, "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strstr(line, what) != NULL)
			n++;
	fclose(f);
	return n;
}

/* The server's log is written as it goes, not always flushed by the time
 * the attempt is over: wait up to 2 s for `want` lines with `what`. */
static int
log_wait(const struct sserver *s, const char *what, int want)
{
	int n = log_count(s, what);

	for (int i = 0; i < 100 && n != want; i++) {
		usleep(20000);
		n = log_count(s, what);
	}
	return n;
}

/* openssl s_server -www on 127.0.0.1 (port: `port`, or 0 for any),
 * with the ECDSA or RSA key and the extra options (NULL-terminated). */
static void
sserver_start(struct sserver *s, bool rsa, int port, const char *const *opts)
{
	char *argv[24], accept[32];
	int argc = 0;

	static int nth;

	snprintf(s->log, sizeof s->log, "%s/s_server.%d.log", odir, nth++);
	snprintf(accept, sizeof accept, "127.0.0.1:%d", port);
	argv[argc++] = (char *)"/usr/bin/openssl";
	argv[argc++] = (char *)"s_server";
	argv[argc++] = (char *)"-www";
	argv[argc++] = (char *)"-msg";
	argv[argc++] = (char *)"-tlsextdebug";
	argv[argc++] = (char *)"-accept";
	argv[argc++] = accept;
	argv[argc++] = (char *)"-cert";
	argv[argc++] = rsa ? rsacert : eccert;
	argv[argc++] = (char *)"-key";
	argv[argc++] = rsa ? rsakey : eckey;
	for (; opts != NULL && *opts != NULL && argc < 23; opts++)
		argv[argc++] = (char *)*opts;
	argv[argc] = NULL;
	s->pid = fork();
	cr_assert(s->pid >= 0);
	if (s->pid == 0) {
		int fd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int nul = open("/dev/null", O_RDONLY);

		/* A failed assertion ends the test without sserver_stop. */
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (fd < 0 || nul < 0)
			_exit(126);
		dup2(nul, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	s->port = 0;
	for (int i = 0; i < 500 && s->port == 0; i++) {
		char line[256];
		FILE *f = fopen(s->log, "r");

		while (f != NULL && fgets(line, sizeof line, f) != NULL)
			if (strncmp(line, "ACCEPT 127.0.0.1:", 17) == 0)
				s->port = atoi(line + 17);
		if (f != NULL)
			fclose(f);
		if (s->port == 0)
			usleep(20000);
	}
	cr_assert(s->port > 0, "s_server did not start");
}

static void
sserver_stop(struct sserver *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		(void)waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
}

/* Attempts of one probe run, as the supervisor makes them: the same
 * probe_run (and so the same TLS context and kept session) each time; a
 * loop of its own per attempt (a stopped loop does not run again). */
struct attempts {
	struct probe_run r;
	struct tprobe t;
};

static void
attempts_init(struct attempts *a)
{
	probe_run_init(&a->r);
}

static void
attempt(struct attempts *a, const struct handler_spec *h, enum probe_mode mode)
{
	struct tprobe *t = &a->t;
	struct loop *l = loop_new();

	cr_assert(l != NULL);
	memset(t, 0, sizeof *t);
	t->started = t->last_tick = loop_now(l);
	timer_init(&t->tick, tprobe_tick, t);
	timer_init(&t->guard, tprobe_guard, t);
	timer_start(l, &t->tick, t->started + 20 * NS_PER_MS);
	timer_start(l, &t->guard, t->started + 5 * NS_PER_SEC);
	cr_assert(probe_run_start(&a->r, l, h, NULL, 2 * NS_PER_SEC, mode, tprobe_done, t) == 0);
	(void)loop_run(l);
	cr_assert(t->done, "probe did not finish");
	cr_assert(!probe_run_busy(&a->r));
	timer_stop(l, &t->tick);
	timer_stop(l, &t->guard);
	loop_free(l);
}

static void
attempts_free(struct attempts *a)
{
	probe_run_free(&a->r);
}

TestSuite(probe_https_ossl, .init = ossl_init, .fini = ossl_fini, .timeout = 30);

/* Start an s_server and make a probe's first attempt against it, which
 * succeeds. */
static void
first_attempt(struct sserver *s, struct attempts *a, struct handler_spec *h, bool rsa,
    const char *const *opts, enum probe_mode mode)
{
	static char root[] = "/";

	sserver_start(s, rsa, 0, opts);
	*h = https_spec(root, s->port);
	attempts_init(a);
	attempt(a, h, mode);
	cr_expect_eq(a->t.out.result, PROBE_SUCCESS, "%s", a->t.out.message);
}

/* Three attempts against one server: each succeeds, in `hellos`
 * connections; `full` of them were full handshakes (-1: any number). */
static void
three_attempts(bool rsa, int full, int hellos, const char *const *opts)
{
	struct sserver s;
	struct attempts a;
	struct handler_spec h;
	char path[] = "/";

	sserver_start(&s, rsa, 0, opts);
	h = https_spec(path, s.port);
	attempts_init(&a);
	for (int i = 0; i < 3; i++) {
		attempt(&a, &h, PROBE_MODE_PROBE);
		cr_expect_eq(a.t.out.result, PROBE_SUCCESS, "attempt %d: %s", i, a.t.out.message);
		cr_expect(strstr(a.t.out.message, "<HTML>") != NULL, "%s", a.t.out.message);
		cr_expect(a.t.max_gap < 100 * NS_PER_MS, "loop stalled %lld ns",
		    (long long)a.t.max_gap);
	}
	attempts_free(&a);
	cr_expect_eq(log_wait(&s, "ClientHello", hellos), hellos, "one connection per attempt");
	if (full >= 0)
		cr_expect_eq(log_wait(&s, "], Certificate\n", full), full, "full handshakes");
	sserver_stop(&s);
}

Test(probe_https_ossl, tls13_only_ecdsa_resumes)
{
	three_attempts(false, 1, 3, OPTS("-tls1_3"));
}

Test(probe_https_ossl, tls13_only_rsa_resumes)
{
	three_attempts(true, 1, 3, OPTS("-tls1_3"));
}

Test(probe_https_ossl, tls12_only_ecdsa_resumes)
{
	three_attempts(false, 1, 3, OPTS("-tls1_2"));
}

Test(probe_https_ossl, tls12_only_rsa_resumes)
{
	three_attempts(true, 1, 3, OPTS("-tls1_2"));
}

Test(probe_https_ossl, both_versions_speaks_tls13)
{
	three_attempts(false, 1, 3, NULL);
}

/* -no_ticket: TLS 1.2 resumes by session ID, TLS 1.3 by OpenSSL's
 * stateful tickets; whatever the server does, every attempt passes. */
Test(probe_https_ossl, no_ticket_still_passes)
{
	three_attempts(false, -1, 3, OPTS("-tls1_3", "-no_ticket"));
	three_attempts(true, -1, 3, OPTS("-tls1_2", "-no_ticket"));
}

/* A server that hands out sessions it does not keep (-no_cache: a TLS
 * 1.2 session ID, TLS 1.3 stateful tickets, forgotten at once) rejects
 * each one offered: the same connection goes on with a full handshake,
 * and every attempt passes. */
Test(probe_https_ossl, rejected_sessions_fall_back_to_full_handshakes)
{
	three_attempts(false, 3, 3, OPTS("-tls1_2", "-no_ticket", "-no_cache"));
	three_attempts(false, 3, 3, OPTS("-tls1_3", "-no_ticket", "-no_cache"));
}

/* A TLS 1.2 server that prefers RSA-PSS (Mbed TLS checks PSS only in
 * 1.3): the first attempt reconnects offering 1.2 without PSS, later ones
 * offer that at once. */
Test(probe_https_ossl, tls12_server_preferring_pss)
{
	three_attempts(true, -1, 4, OPTS("-tls1_2", "-serverpref", "-sigalgs", "RSA-PSS+SHA256:RSA+SHA256"));
}

/* Every probe keeps a TLS context (and its keys) between attempts: 60
 * of them alive at once, as in a pod with 30 containers' liveness and
 * readiness probes, each succeeds. */
Test(probe_https_ossl, many_probes_keep_contexts)
{
	static struct attempts a[60];
	struct sserver s;
	struct handler_spec h;
	char path[] = "/";

	sserver_start(&s, false, 0, OPTS("-tls1_3"));
	h = https_spec(path, s.port);
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
			if (round == 0)
				attempts_init(&a[i]);
			attempt(&a[i], &h, PROBE_MODE_PROBE);
			cr_assert_eq(a[i].t.out.result, PROBE_SUCCESS, "probe %zu, round %d: %s", i,
			    round, a[i].t.out.message);
		}
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
		attempts_free(&a[i]);
	sserver_stop(&s);
}

/* SNI as Go sends it: the URL's host name, none for an IP literal
 * (whatever the Host header says). */
Test(probe_https_ossl, sni_for_names_not_for_ip_literals)
{
	struct sserver s;
	struct attempts a;
	struct handler_spec h, h2, h3;
	char localhost[] = "localhost", hn[] = "Host", hv[] = "probe.test";
	struct http_header host = { hn, hv };

	first_attempt(&s, &a, &h, false, NULL, PROBE_MODE_PROBE);
	cr_expect_eq(log_wait(&s, "\"server name\"", 0), 0, "SNI sent for an IP literal");
	h2 = h;
	h2.host = localhost;
	attempt(&a, &h2, PROBE_MODE_PROBE);
	cr_expect_eq(a.t.out.result, PROBE_SUCCESS, "%s", a.t.out.message);
	cr_expect_eq(log_wait(&s, "\"server name\"", 1), 1, "no SNI for a name");
	/* Go's transport takes the name from the URL, not the Host header
	 * (dialConn: addTLS(cm.addr()'s host)): still none for an IP. */
	h3 = h;
	h3.headers = &host;
	h3.n_headers = 1;
	attempt(&a, &h3, PROBE_MODE_PROBE);
	cr_expect_eq(a.t.out.result, PROBE_SUCCESS, "%s", a.t.out.message);
	cr_expect_eq(log_wait(&s, "ClientHello", 3), 3);
	cr_expect_eq(log_count(&s, "\"server name\""), 1, "SNI from a Host header");
	attempts_free(&a);
	sserver_stop(&s);
}

/* ---- servers that misbehave ---------------------------------------------
 * A forked listener on 127.0.0.1 that reads the ClientHello, then resets
 * the connection (RST: SO_LINGER 0) or answers with bytes that are no TLS
 * record; it reports each accept on a pipe. */

enum bad_mode { BAD_RESET, BAD_GARBAGE };

struct bad_server {
	pid_t	 pid;
	int	 port;
	int	 accepts;	/* read end: one byte per accept */
};

static void
bad_server_start(struct bad_server *b, enum bad_mode mode, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof sa;
	int one = 1, ls, p[2];

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)port);
	ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert(ls >= 0);
	cr_assert(setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
	cr_assert(bind(ls, (struct sockaddr *)&sa, sizeof sa) == 0, "bind: %s", strerror(errno));
	cr_assert(listen(ls, 8) == 0);
	cr_assert(getsockname(ls, (struct sockaddr *)&sa, &len) == 0);
	b->port = ntohs(sa.sin_port);
	cr_assert(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0);
	b->pid = fork();
	cr_assert(b->pid >= 0);
	if (b->pid == 0) {
		static const char junk[] = "\x00\x01\x02garbage, not a TLS record\r\n";

		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);

		for (;;) {
			struct linger lg = { 1, 0 };
			char buf[4096];
			int c = accept(ls, NULL, NULL);

			if (c < 0)
				_exit(0);
			(void)!write(p[1], "a", 1);
			(void)!read(c, buf, sizeof buf);
			if (mode == BAD_GARBAGE)
				(void)!write(c, junk, sizeof junk - 1);
			else
				(void)setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
			close(c);
		}
	}
	close(ls);
	close(p[1]);
	b->accepts = p[0];
}

static int
bad_server_accepts(struct bad_server *b)
{
	char buf[64];
	int n = 0;
	ssize_t k;

	while ((k = read(b->accepts, buf, sizeof buf)) > 0)
		n += (int)k;
	return n;
}

static void
bad_server_stop(struct bad_server *b)
{
	kill(b->pid, SIGKILL);
	(void)waitpid(b->pid, NULL, 0);
	close(b->accepts);
}

Test(probe_https_ossl, reset_mid_handshake_fails)
{
	struct bad_server b;
	struct attempts a;
	struct handler_spec h;
	char path[] = "/";

	bad_server_start(&b, BAD_RESET, 0);
	h = https_spec(path, b.port);
	attempts_init(&a);
	attempt(&a, &h, PROBE_MODE_PROBE);
	cr_expect_eq(a.t.out.result, PROBE_FAILURE);
	cr_expect(strstr(a.t.out.message, "connection reset by peer") != NULL, "%s",
	    a.t.out.message);
	cr_expect_eq(bad_server_accepts(&b), 1, "no session was offered: no retry");
	attempts_free(&a);
	bad_server_stop(&b);
}

Test(probe_https_ossl, garbage_answer_fails_as_go_says)
{
	struct bad_server b;
	struct attempts a;
	struct handler_spec h;
	char path[] = "/", want[160];

	bad_server_start(&b, BAD_GARBAGE, 0);
	h = https_spec(path, b.port);
	attempts_init(&a);
	attempt(&a, &h, PROBE_MODE_PROBE);
	cr_expect_eq(a.t.out.result, PROBE_FAILURE);
	snprintf(want, sizeof want,
	    "Get \"https://127.0.0.1:%d/\": tls: first record does not look like a TLS handshake",
	    b.port);
	cr_expect_str_eq(a.t.out.message, want);
	attempts_free(&a);
	bad_server_stop(&b);
}

/* A server that fails the resumed handshake outright (here: a server
 * that resets, where a session came from): the attempt reconnects for a
 * full handshake within its deadline, and the next attempt offers none. */
Test(probe_https_ossl, failed_resumption_reconnects_once)
{
	struct sserver s;
	struct bad_server b;
	struct attempts a;
	struct handler_spec h;

	first_attempt(&s, &a, &h, false, OPTS("-tls1_3"), PROBE_MODE_PROBE);
	sserver_stop(&s);
	bad_server_start(&b, BAD_RESET, h.port);
	attempt(&a, &h, PROBE_MODE_PROBE);
	cr_expect_eq(a.t.out.result, PROBE_FAILURE);
	cr_expect_eq(bad_server_accepts(&b), 2, "the resumed try and the full one");
	attempt(&a, &h, PROBE_MODE_PROBE);
	cr_expect_eq(bad_server_accepts(&b), 1, "no session left to offer");
	attempts_free(&a);
	bad_server_stop(&b);
}

/* Hooks run the same TLS code: an HTTPS postStart against a TLS 1.3-only
 * server. */
Test(probe_https_ossl, hook_against_tls13_only)
{
	struct sserver s;
	struct attempts a;
	struct handler_spec h;

	first_attempt(&s, &a, &h, true, OPTS("-tls1_3"), PROBE_MODE_HOOK);
	cr_expect_not(a.t.out.http_fallback);
	attempts_free(&a);
	sserver_stop(&s);
}
