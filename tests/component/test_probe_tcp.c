/* probe_tcp against real listeners on 127.0.0.1 (and ::1). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "component/probe_helpers.h"
#include "podinit/hosts.h"

static int
listener(int family, int *port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int s = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memset(&ss, 0, sizeof ss);
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof *a;
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_loopback;
		len = sizeof *a;
	}
	if (s < 0 || bind(s, (struct sockaddr *)&ss, len) != 0 || listen(s, 8) != 0)
		return -1;
	len = sizeof ss;
	getsockname(s, (struct sockaddr *)&ss, &len);
	*port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
	return s;
}

static struct handler_spec
tcp_spec(char *host, int port)
{
	struct handler_spec h;

	spec_handler_defaults(&h);
	h.kind = HANDLER_TCP_SOCKET;
	h.host = host;
	h.port = port;
	return h;
}

Test(probe_tcp, listening_port_is_success)
{
	int port, s = listener(AF_INET, &port);
	char host[] = "127.0.0.1";
	struct handler_spec h = tcp_spec(host, port);
	struct tprobe t;

	cr_assert(s >= 0);
	tprobe_run(&t, &h, NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s: %s", tprobe_result(&t), t.out.message);
	cr_expect_str_empty(t.out.message);
	close(s);
}

/* A handler without a host gets the default as decode and the command
 * line give it (spec_handler_default_host): the runner probes loopback. */
Test(probe_tcp, default_host_is_loopback)
{
	int port, s = listener(AF_INET, &port);
	struct handler_spec h = tcp_spec(NULL, port);
	struct arena a = { 0 };
	struct tprobe t;

	cr_assert_eq(spec_handler_default_host(&h, &a), 0);
	tprobe_run(&t, &h, NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	arena_free(&a);
	close(s);
}

Test(probe_tcp, ipv6_literal)
{
	int port, s = listener(AF_INET6, &port);
	char host[] = "::1";
	struct handler_spec h = tcp_spec(host, port);
	struct tprobe t;

	if (s < 0)
		cr_skip_test("no IPv6 loopback");
	tprobe_run(&t, &h, NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	close(s);
}

Test(probe_tcp, closed_port_is_refused)
{
	int port, s = listener(AF_INET, &port);
	char host[] = "127.0.0.1", want[128];
	struct handler_spec h;
	struct tprobe t;

	close(s);	/* the port is now (almost certainly) closed */
	h = tcp_spec(host, port);
	tprobe_run(&t, &h, NS_PER_SEC, PROBE_MODE_PROBE);
	snprintf(want, sizeof want, "dial tcp 127.0.0.1:%d: connect: connection refused", port);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	cr_expect_str_eq(t.out.message, want);
}

Test(probe_tcp, name_from_hosts_file)
{
	char path[] = "/tmp/podinit-hosts-XXXXXX", host[] = "health.test";
	int fd = mkstemp(path), port, s = listener(AF_INET, &port);
	struct handler_spec h = tcp_spec(host, port);
	struct tprobe t;
	const char text[] = "# test\n::1 health.test\n127.0.0.1   other health.test # x\n";

	cr_assert(fd >= 0 && write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
	close(fd);
	hosts_set_path(path);
	tprobe_run(&t, &h, NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_SUCCESS, "%s", t.out.message);
	hosts_set_path(NULL);
	unlink(path);
	close(s);
}

Test(probe_tcp, unknown_name_fails_without_dns)
{
	char path[] = "/tmp/podinit-hosts-XXXXXX", host[] = "nowhere.invalid";
	int fd = mkstemp(path);
	struct handler_spec h = tcp_spec(host, 80);
	struct tprobe t;

	close(fd);
	hosts_set_path(path);
	tprobe_run(&t, &h, NS_PER_SEC, PROBE_MODE_PROBE);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	cr_expect_str_eq(t.out.message, "dial tcp: lookup nowhere.invalid: no such host");
	hosts_set_path(NULL);
	unlink(path);
}

Test(probe_tcp, full_backlog_times_out_in_time)
{
	/* A listener whose backlog is full stops answering SYNs: the
	 * connect hangs until the deadline. */
	int port, s = listener(AF_INET, &port), c[16], i;
	char host[] = "127.0.0.1", want[128];
	struct handler_spec h = tcp_spec(host, port);
	struct tprobe t;
	struct sockaddr_in a = { .sin_family = AF_INET };

	listen(s, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	for (i = 0; i < 16; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		(void)connect(c[i], (struct sockaddr *)&a, sizeof a);
	}
	tprobe_run(&t, &h, 300 * NS_PER_MS, PROBE_MODE_PROBE);
	if (t.out.result == PROBE_SUCCESS)
		cr_skip_test("kernel accepted past the backlog");
	snprintf(want, sizeof want, "dial tcp 127.0.0.1:%d: i/o timeout", port);
	cr_expect_str_eq(t.out.message, want);
	cr_expect(t.out.duration_ns >= 300 * NS_PER_MS && t.out.duration_ns < 600 * NS_PER_MS);
	cr_expect(t.max_gap < 100 * NS_PER_MS, "loop stalled %lld ns", (long long)t.max_gap);
	for (i = 0; i < 16; i++)
		close(c[i]);
	close(s);
}

Test(probe_tcp, tcp_hook_is_invalid_handler)
{
	char host[] = "127.0.0.1";
	struct handler_spec h = tcp_spec(host, 1);
	struct tprobe t;

	tprobe_run(&t, &h, 0, PROBE_MODE_HOOK);
	cr_expect_eq(t.out.result, PROBE_FAILURE);
	cr_expect(strstr(t.out.message, "invalid handler") != NULL, "%s", t.out.message);
}

Test(probe_tcp, sleep_hook_waits_then_succeeds)
{
	struct handler_spec h;
	struct tprobe t;

	spec_handler_defaults(&h);
	h.kind = HANDLER_SLEEP;
	h.sleep_ns = 1 * NS_PER_SEC;
	tprobe_run(&t, &h, 0, PROBE_MODE_HOOK);
	cr_expect_eq(t.out.result, PROBE_SUCCESS);
	cr_expect(t.out.duration_ns >= NS_PER_SEC && t.out.duration_ns < NS_PER_SEC + 100 * NS_PER_MS);
}
