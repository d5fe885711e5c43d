/* probe_http against tests/servers/httpserver.py on 127.0.0.1: kubelet's
 * request, status classes, redirects, body cap, and hostile servers that
 * must end in time with the loop responsive. */
#include "component/probe_helpers.h"

#define SERVER "tests/servers/httpserver.py"

static struct tserver S;
static char host_lo[] = "127.0.0.1";

static void
start_default(void)
{
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, NULL };

	tserver_start(&S, argv);
}

static void
stop(void)
{
	tserver_stop(&S);
}

static struct handler_spec
http_spec(char *path)
{
	struct handler_spec h;

	spec_handler_defaults(&h);
	h.kind = HANDLER_HTTP_GET;
	h.host = host_lo;
	h.port = S.port;
	h.path = path;
	return h;
}

static void
probe_path(struct tprobe *t, const char *path, int64_t timeout_ns)
{
	static char p[512];
	struct handler_spec h;

	snprintf(p, sizeof p, "%s", path);
	h = http_spec(p);
	tprobe_run(t, &h, timeout_ns, PROBE_MODE_PROBE);
}

/* One attempt at path against a server of its own, started with argv. */
static void
probe_own_server(struct tprobe *t, char *const argv[], const char *path, int64_t timeout_ns)
{
	static char p[512];
	struct tserver ts;
	struct handler_spec h;

	tserver_start(&ts, argv);
	snprintf(p, sizeof p, "%s", path);
	h = http_spec(p);
	h.port = ts.port;
	tprobe_run(t, &h, timeout_ns, PROBE_MODE_PROBE);
	tserver_stop(&ts);
}

TestSuite(probe_http, .init = start_default, .fini = stop, .timeout = 20);

Test(probe_http, ok_is_success_with_body)
{
	struct tprobe t;

	probe_path(&t, "/status/200", NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect_not(t.out.warning);
	cr_expect_str_eq(t.out.message, "status 200");
}

Test(probe_http, server_error_is_failure)
{
	struct tprobe t;

	probe_path(&t, "/status/500", NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	cr_expect_str_eq(t.out.message, "HTTP probe failed with statuscode: 500");
}

Test(probe_http, status_399_is_success_with_warning)
{
	struct tprobe t;

	probe_path(&t, "/status/399", NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_SUCCESS);
	cr_expect(t.out.warning);
	cr_expect_str_eq(t.out.message, "Probe terminated redirects, Response body: status 399");
}

Test(probe_http, request_carries_kubelet_headers)
{
	struct tprobe t;

	probe_path(&t, "/echo", NS_PER_SEC);
	cr_assert_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect(strncmp(t.out.message, "GET /echo HTTP/1.1\r\n", 20) == 0, "%s", t.out.message);
	cr_expect(strstr(t.out.message, "\r\nUser-Agent: kube-probe/" PROBE_K8S_VERSION "\r\n"));
	cr_expect(strstr(t.out.message, "\r\nAccept: */*\r\n"));
	cr_expect(strstr(t.out.message, "\r\nConnection: close\r\n"));
	{
		char want[64];

		snprintf(want, sizeof want, "\r\nHost: 127.0.0.1:%d\r\n", S.port);
		cr_expect(strstr(t.out.message, want), "%s", t.out.message);
	}
}

Test(probe_http, custom_headers_host_override_and_empty_user_agent)
{
	char path[] = "/echo", n1[] = "Host", v1[] = "muffins.cupcakes.org",
	    n2[] = "User-Agent", v2[] = "", n3[] = "X-Foo", v3[] = "a", n4[] = "X-Foo", v4[] = "b",
	    n5[] = "Accept", v5[] = "";
	struct http_header hd[] = { { n1, v1 }, { n2, v2 }, { n3, v3 }, { n4, v4 }, { n5, v5 } };
	struct handler_spec h = http_spec(path);
	struct tprobe t;

	h.headers = hd;
	h.n_headers = 5;
	tprobe_run(&t, &h, NS_PER_SEC, PROBE_MODE_PROBE);
	cr_assert_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect(strstr(t.out.message, "\r\nHost: muffins.cupcakes.org\r\n"), "%s", t.out.message);
	cr_expect_null(strstr(t.out.message, "User-Agent"), "%s", t.out.message);
	cr_expect_null(strstr(t.out.message, "Accept"), "%s", t.out.message);
	cr_expect(strstr(t.out.message, "\r\nX-Foo: a\r\nX-Foo: b\r\n"), "%s", t.out.message);
}

Test(probe_http, hook_mode_user_agent_and_any_status_succeeds)
{
	char path[] = "/status/500";
	struct handler_spec h = http_spec(path);
	struct tprobe t;

	tprobe_run(&t, &h, 0, PROBE_MODE_HOOK);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
}

Test(probe_http, same_host_redirect_is_followed)
{
	struct tprobe t;

	probe_path(&t, "/redirect/302?to=/status/500", NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_FAILURE, "%s", t.out.message);
	cr_expect_str_eq(t.out.message, "HTTP probe failed with statuscode: 500");
	probe_path(&t, "/redirect/308?to=/status/200", NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect_not(t.out.warning);
}

Test(probe_http, absolute_redirect_to_same_host_other_port_is_followed)
{
	struct tserver other;
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, NULL };
	char path[256];
	struct tprobe t;

	tserver_start(&other, argv);
	snprintf(path, sizeof path, "/redirect/301?to=http://127.0.0.1:%d/status/201", other.port);
	probe_path(&t, path, NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect_str_eq(t.out.message, "status 201");
	tserver_stop(&other);
}

Test(probe_http, other_host_redirect_is_a_warning)
{
	struct tprobe t;

	probe_path(&t, "/redirect/302?to=http://0.0.0.0/fail", NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect(t.out.warning);
	cr_expect_str_eq(t.out.message, "Probe terminated redirects, Response body: moved");
}

Test(probe_http, redirect_loop_stops_after_10)
{
	struct tprobe t;

	probe_path(&t, "/loop", 2 * NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	cr_expect_str_eq(t.out.message, "Get \"/loop\": stopped after 10 redirects");
}

Test(probe_http, body_is_capped_at_10k)
{
	struct tprobe t;

	probe_path(&t, "/status/200", NS_PER_SEC);	/* warm up */
	probe_path(&t, "/body/10241", NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_SUCCESS);
	/* The message holds what fits of the 10240 bytes read. */
	cr_expect_eq(strlen(t.out.message), PROBE_MESSAGE_MAX - 1);
}

Test(probe_http, chunked_body)
{
	struct tprobe t;

	probe_path(&t, "/chunked/2500", NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect_eq(t.out.message[0], 'y');
}

Test(probe_http, refused_port_message)
{
	char path[] = "/healthz", want[256];
	struct handler_spec h = http_spec(path);
	struct tprobe t;

	h.port = 1;
	tprobe_run(&t, &h, NS_PER_SEC, PROBE_MODE_PROBE);
	snprintf(want, sizeof want,
	    "Get \"http://127.0.0.1:1/healthz\": dial tcp 127.0.0.1:1: connect: connection refused");
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	cr_expect_str_eq(t.out.message, want);
}

/* ---- hostile servers: each ends in Failure, in time, loop responsive ---- */

static void
expect_timely_failure(const struct tprobe *t, int64_t timeout_ns)
{
	cr_expect_eq(t->out.result, PROBE_FAILURE, "%s: %s", tprobe_result(t), t->out.message);
	cr_expect(t->out.duration_ns <= timeout_ns + 100 * NS_PER_MS,
	    "took %lld ns", (long long)t->out.duration_ns);
	cr_expect(t->max_gap < 100 * NS_PER_MS, "loop stalled %lld ns", (long long)t->max_gap);
}

Test(probe_http, slow_answer_times_out_awaiting_headers)
{
	struct tprobe t;
	char want[256];

	probe_path(&t, "/delay/3000", 500 * NS_PER_MS);
	expect_timely_failure(&t, 500 * NS_PER_MS);
	cr_expect(t.out.duration_ns >= 500 * NS_PER_MS);
	snprintf(want, sizeof want, "Get \"http://127.0.0.1:%d/delay/3000\": context deadline "
	    "exceeded (Client.Timeout exceeded while awaiting headers)", S.port);
	cr_expect_str_eq(t.out.message, want);
}

Test(probe_http, never_answers)
{
	struct tprobe t;

	probe_path(&t, "/hang", 500 * NS_PER_MS);
	expect_timely_failure(&t, 500 * NS_PER_MS);
}

Test(probe_http, one_byte_a_second)
{
	struct tprobe t;

	probe_path(&t, "/drip", 1500 * NS_PER_MS);
	expect_timely_failure(&t, 1500 * NS_PER_MS);
	cr_expect(strstr(t.out.message, "awaiting headers"), "%s", t.out.message);
}

Test(probe_http, megabyte_header_line)
{
	struct tprobe t;

	probe_path(&t, "/bigheader", NS_PER_SEC);
	expect_timely_failure(&t, NS_PER_SEC);
	cr_expect(strstr(t.out.message, "server response headers exceeded 65536 bytes"),
	    "%s", t.out.message);
}

Test(probe_http, endless_body_with_error_status)
{
	struct tprobe t;

	probe_path(&t, "/endless/500", NS_PER_SEC);
	expect_timely_failure(&t, NS_PER_SEC);
	cr_expect_str_eq(t.out.message, "HTTP probe failed with statuscode: 500");
}

Test(probe_http, endless_body_with_ok_status_stops_at_cap)
{
	struct tprobe t;

	/* kubelet reads 10 KiB and judges the status: Success, promptly. */
	probe_path(&t, "/endless/200", NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect(t.out.duration_ns < 500 * NS_PER_MS);
}

Test(probe_http, garbage_status_line)
{
	struct tprobe t;
	char want[256];

	probe_path(&t, "/garbage", NS_PER_SEC);
	expect_timely_failure(&t, NS_PER_SEC);
	snprintf(want, sizeof want, "Get \"http://127.0.0.1:%d/garbage\": net/http: HTTP/1.x "
	    "transport connection broken: malformed HTTP response \"garbage\"", S.port);
	cr_expect_str_eq(t.out.message, want);
}

Test(probe_http, reset_after_request)
{
	struct tprobe t;

	probe_path(&t, "/rst", NS_PER_SEC);
	expect_timely_failure(&t, NS_PER_SEC);
	cr_expect(strstr(t.out.message, "connection reset by peer") ||
	    strstr(t.out.message, "EOF"), "%s", t.out.message);
}

Test(probe_http, reset_right_after_connect)
{
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, (char *)"--rst", NULL };
	struct tprobe t;

	probe_own_server(&t, argv, "/", NS_PER_SEC);
	expect_timely_failure(&t, NS_PER_SEC);
}

Test(probe_http, accepts_and_never_answers)
{
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, (char *)"--hang", NULL };
	struct tprobe t;

	probe_own_server(&t, argv, "/", 400 * NS_PER_MS);
	expect_timely_failure(&t, 400 * NS_PER_MS);
}

/* The request is written as soon as the connect completes; when the SYN
 * is dropped (a full accept queue) that is on the retransmit, ~1 s later:
 * the send that finds the handshake unfinished waits to be writable. */
Test(probe_http, handshake_completing_late_still_sends_the_request)
{
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, (char *)"--slow-accept",
	    (char *)"300", NULL };
	struct tprobe t;

	probe_own_server(&t, argv, "/status/200", 4 * NS_PER_SEC);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect_str_eq(t.out.message, "status 200");
	/* It did wait for the retransmitted SYN. */
	cr_expect(t.out.duration_ns >= 500 * NS_PER_MS, "%lld ns", (long long)t.out.duration_ns);
	cr_expect(t.max_gap < 100 * NS_PER_MS, "loop stalled %lld ns", (long long)t.max_gap);
}

/* The first hop's request is built once per probe and reused; a redirect
 * must not leave the next attempt starting from where it ended. */
Test(probe_http, next_attempt_after_a_redirect_starts_at_the_first_hop)
{
	struct tserver ls;
	char logf[] = "/tmp/podinit-http-log-XXXXXX", line[256];
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, (char *)"--log", logf, NULL };
	char path[] = "/redirect/302?to=/status/200";
	struct handler_spec h;
	struct probe_run r;
	struct tprobe t;
	int fd, first = 0, second = 0;
	FILE *f;

	fd = mkstemp(logf);
	cr_assert(fd >= 0);
	close(fd);
	tserver_start(&ls, argv);
	h = http_spec(path);
	h.port = ls.port;
	probe_run_init(&r);
	for (int i = 0; i < 2; i++) {
		struct loop *l = loop_new();

		memset(&t, 0, sizeof t);
		cr_assert(probe_run_start(&r, l, &h, NULL, NS_PER_SEC, PROBE_MODE_PROBE,
		    tprobe_done, &t) == 0);
		loop_run(l);
		cr_expect(t.done);
		cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
		cr_expect_str_eq(t.out.message, "status 200");
		loop_free(l);
	}
	probe_run_free(&r);
	tserver_stop(&ls);
	f = fopen(logf, "r");
	cr_assert_not_null(f);
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "GET /redirect/302?to=/status/200 ", 33) == 0)
			first++;
		else if (strncmp(line, "GET /status/200 ", 16) == 0)
			second++;
	}
	fclose(f);
	unlink(logf);
	cr_expect_eq(first, 2, "first hop requested %d times", first);
	cr_expect_eq(second, 2, "second hop requested %d times", second);
}

Test(probe_http, attempts_reuse_the_run)
{
	struct loop *l = loop_new();
	struct probe_run r;
	char path[] = "/status/200";
	struct handler_spec h = http_spec(path);
	struct tprobe t;
	void *impl;

	probe_run_init(&r);
	memset(&t, 0, sizeof t);
	cr_assert(probe_run_start(&r, l, &h, NULL, NS_PER_SEC, PROBE_MODE_PROBE, tprobe_done, &t) == 0);
	cr_assert(probe_run_start(&r, l, &h, NULL, NS_PER_SEC, PROBE_MODE_PROBE, tprobe_done, &t) == -1);
	loop_run(l);
	cr_assert(t.done);
	impl = r.impl;
	t.done = false;
	cr_assert(probe_run_start(&r, l, &h, NULL, NS_PER_SEC, PROBE_MODE_PROBE, tprobe_done, &t) == 0);
	probe_run_cancel(&r);
	cr_assert_not(probe_run_busy(&r));
	/* loop_stop is final for a loop: run the next attempt on a new one. */
	loop_free(l);
	l = loop_new();
	cr_assert(probe_run_start(&r, l, &h, NULL, NS_PER_SEC, PROBE_MODE_PROBE, tprobe_done, &t) == 0);
	loop_run(l);
	cr_expect(t.done);
	cr_expect_eq(t.out.result, PROBE_SUCCESS);
	cr_expect_eq(r.impl, impl, "per-kind state must be reused");
	probe_run_free(&r);
	loop_free(l);
}
