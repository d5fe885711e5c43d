/* probe_http with scheme HTTPS (mbed TLS, verification off) against the
 * python test server wrapped in ssl, with a self-signed certificate made
 * by openssl(1) in a temporary directory for each test. */
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
