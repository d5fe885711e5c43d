/* probe_grpc against tests/servers/grpcserver.py (python3-grpcio with a
 * hand-written grpc.health.v1 service). */
#include "component/probe_helpers.h"

#define SERVER "tests/servers/grpcserver.py"

static char host_lo[] = "127.0.0.1";

static struct handler_spec
grpc_spec(int port, char *service)
{
	struct handler_spec h;

	spec_handler_defaults(&h);
	h.kind = HANDLER_GRPC;
	h.host = host_lo;
	h.port = port;
	h.grpc_service = service;
	return h;
}

TestSuite(probe_grpc, .timeout = 30);

Test(probe_grpc, serving_and_not_serving)
{
	struct tserver s;
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, (char *)"db=NOT_SERVING",
	    (char *)"cache=SERVICE_UNKNOWN", NULL };
	char db[] = "db", cache[] = "cache", none[] = "nope";
	struct handler_spec h;
	struct tprobe t;
	char want[128];

	tserver_start(&s, argv);
	h = grpc_spec(s.port, NULL);
	tprobe_run(&t, &h, 3 * NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	cr_expect_str_eq(t.out.message, "service healthy");

	h = grpc_spec(s.port, db);
	tprobe_run(&t, &h, 3 * NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	cr_expect_str_eq(t.out.message, "service unhealthy (responded with \"NOT_SERVING\")");

	h = grpc_spec(s.port, cache);
	tprobe_run(&t, &h, 3 * NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_str_eq(t.out.message, "service unhealthy (responded with \"SERVICE_UNKNOWN\")");

	h = grpc_spec(s.port, none);
	tprobe_run(&t, &h, 3 * NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	snprintf(want, sizeof want, "error: health rpc probe failed: rpc error: code = NotFound "
	    "desc = unknown service");
	cr_expect_str_eq(t.out.message, want);
	tserver_stop(&s);
}

Test(probe_grpc, unimplemented)
{
	struct tserver s;
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, (char *)"--no-health", NULL };
	struct handler_spec h;
	struct tprobe t;

	tserver_start(&s, argv);
	h = grpc_spec(s.port, NULL);
	tprobe_run(&t, &h, 3 * NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	cr_expect(strncmp(t.out.message, "error: this server does not implement the grpc health "
	    "protocol (grpc.health.v1.Health): ", 87) == 0, "%s", t.out.message);
	tserver_stop(&s);
}

Test(probe_grpc, slow_rpc_times_out)
{
	struct tserver s;
	char *argv[] = { (char *)"/usr/bin/python3", (char *)SERVER, (char *)"--delay",
	    (char *)"5", NULL };
	struct handler_spec h;
	struct tprobe t;

	tserver_start(&s, argv);
	h = grpc_spec(s.port, NULL);
	tprobe_run(&t, &h, NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	cr_expect_str_eq(t.out.message, "timeout: health rpc did not complete within 1s");
	cr_expect(t.max_gap < 100 * NS_PER_MS, "loop stalled %lld ns", (long long)t.max_gap);
	tserver_stop(&s);
}

Test(probe_grpc, refused)
{
	struct handler_spec h = grpc_spec(1, NULL);
	struct tprobe t;

	tprobe_run(&t, &h, NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	cr_expect_str_eq(t.out.message, "error: failed to connect service at \"127.0.0.1:1\": "
	    "dial tcp 127.0.0.1:1: connect: connection refused");
}

Test(probe_grpc, server_that_never_speaks_http2)
{
	struct tserver s;
	char *argv[] = { (char *)"/usr/bin/python3", (char *)"tests/servers/httpserver.py",
	    (char *)"--hang", NULL };
	struct handler_spec h;
	struct tprobe t;
	char want[160];

	tserver_start(&s, argv);
	h = grpc_spec(s.port, NULL);
	tprobe_run(&t, &h, 500 * NS_PER_MS, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	snprintf(want, sizeof want, "timeout: failed to connect service \"127.0.0.1:%d\" within "
	    "500ms: context deadline exceeded", s.port);
	cr_expect_str_eq(t.out.message, want);
	tserver_stop(&s);
}
