/* api: the status API against a fake view, served by a forked child that
 * runs the real loop (so the client side here may block, with timeouts).
 * Checks every route, the error codes, the socket's mode, and that hostile
 * clients (1 MB request line, binary garbage, slowloris, thousands of idle
 * connections, a reader that does not read) leave it answering and its
 * timers on time.  The child reports its worst timer lateness (in us) as
 * podinit_process_resident_memory_bytes; readiness follows a flag file. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "golden_render/fixture_view.h"
#include "podinit/api.h"
#include "podinit/client.h"
#include "podinit/loop.h"
#include "podinit/usage.h"

static char sock_path[108], flag_ready[128], flag_dead[128], flag_big[128], dir[64];
static pid_t server_pid;
static int server_port;

/* ---- the server (child) ---- */

static struct timer tick;
static int64_t max_late;

#define BIG_N 500
static struct pod_view big_view;
static struct ctr_view big_ctrs[BIG_N];

/* With the "big" flag: 500 containers, so /metrics is megabytes and
 * cannot go out in one send. */
static const struct pod_view *
view_fn(void *arg)
{
	(void)arg;
	fx_view.conditions[VIEW_COND_READY].status = access(flag_ready, F_OK) == 0;
	fx_view.live = access(flag_dead, F_OK) != 0;
	fx_view.rss_bytes = max_late / 1000;
	if (access(flag_big, F_OK) == 0) {
		big_view = fx_view;
		for (int i = 0; i < BIG_N; i++)
			big_ctrs[i] = fx_cv[1];
		big_view.ctrs = big_ctrs;
		big_view.n_ctrs = BIG_N;
		return &big_view;
	}
	return &fx_view;
}

static void
on_tick(struct loop *l, struct timer *t)
{
	int64_t late = loop_now(l) - t->deadline;

	if (late > max_late)
		max_late = late;
	timer_start(l, t, loop_now(l) + 10 * NS_PER_MS);
}

static void
server(int wfd)
{
	struct loop *l = loop_new();
	struct api *a;
	int port;

	fx_build();
	if (l == NULL)
		_exit(3);
	a = api_start(l, sock_path, "127.0.0.1:0", view_fn, NULL);
	port = a ? api_tcp_port(a) : -1;
	if (write(wfd, &port, sizeof port) != sizeof port)
		_exit(4);
	close(wfd);
	timer_init(&tick, on_tick, NULL);
	timer_start(l, &tick, loop_now(l) + 10 * NS_PER_MS);
	loop_run(l);
	_exit(0);
}

static void
setup(void)
{
	int p[2];

	snprintf(dir, sizeof dir, "/tmp/podinit-api-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	/* The subdirectory does not exist: api_start must create it. */
	snprintf(sock_path, sizeof sock_path, "%s/run/podinit.sock", dir);
	snprintf(flag_ready, sizeof flag_ready, "%s/ready", dir);
	snprintf(flag_dead, sizeof flag_dead, "%s/dead", dir);
	snprintf(flag_big, sizeof flag_big, "%s/big", dir);
	cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
	server_pid = fork();
	cr_assert(server_pid >= 0);
	if (server_pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);	/* never outlive the test */
		close(p[0]);
		server(p[1]);
	}
	close(p[1]);
	cr_assert_eq(read(p[0], &server_port, sizeof server_port), (ssize_t)sizeof server_port);
	close(p[0]);
	cr_assert(server_port > 0);
	signal(SIGPIPE, SIG_IGN);
}

static void
teardown(void)
{
	char cmd[256];

	if (server_pid > 0) {
		kill(server_pid, SIGKILL);
		waitpid(server_pid, NULL, 0);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return;
}

/* ---- the client side ---- */

static int
dial(bool tcp)
{
	struct timeval tv = { 5, 0 };
	int fd;

	if (tcp) {
		struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons((uint16_t)server_port) };

		in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&in, sizeof in) == -1) {
			close(fd);
			return -1;
		}
	} else {
		struct sockaddr_un un = { .sun_family = AF_UNIX };

		memcpy(un.sun_path, sock_path, strlen(sock_path));
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&un, sizeof un) == -1) {
			close(fd);
			return -1;
		}
	}
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	}
	return fd;
}

static size_t
read_all(int fd, char *out, size_t outsz)
{
	size_t len = 0;
	ssize_t n;

	while (len < outsz - 1 && (n = read(fd, out + len, outsz - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	return len;
}

static char answer[1 << 20];

/* Send raw bytes, read the whole answer; returns the status code or -1. */
static int
raw(bool tcp, const char *req, size_t reqlen, const char **body)
{
	int fd = dial(tcp), code = -1;
	char *end;

	cr_assert(fd >= 0, "connect: %s", strerror(errno));
	(void)send(fd, req, reqlen, MSG_NOSIGNAL);
	read_all(fd, answer, sizeof answer);
	close(fd);
	if (sscanf(answer, "HTTP/1.1 %d", &code) != 1)
		return -1;
	end = strstr(answer, "\r\n\r\n");
	if (body)
		*body = end ? end + 4 : "";
	return code;
}

static int
raws(bool tcp, const char *req, const char **body)
{
	return raw(tcp, req, strlen(req), body);
}

static int
get(bool tcp, const char *path, const char **body)
{
	char req[512];

	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path);
	return raw(tcp, req, strlen(req), body);
}

static char *
slurp(const char *path)
{
	static char buf[256 * 1024];
	FILE *f = fopen(path, "r");
	size_t n;

	cr_assert_not_null(f, "%s", path);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

TestSuite(api, .init = setup, .fini = teardown, .timeout = 60);

Test(api, routes)
{
	const char *body;

	cr_assert_eq(get(false, "/livez", &body), 200);
	cr_assert_str_eq(body, "ok\n");
	cr_assert_eq(get(false, "/readyz", &body), 503);
	/* Readiness flips: /readyz follows. */
	close(open(flag_ready, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	cr_assert_eq(get(false, "/readyz", &body), 200);
	cr_assert_eq(get(true, "/readyz", &body), 200);
	unlink(flag_ready);
	cr_assert_eq(get(true, "/readyz", &body), 503);
	close(open(flag_dead, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	cr_assert_eq(get(false, "/livez", &body), 503);
	unlink(flag_dead);

	cr_assert_eq(get(false, "/status", &body), 200);
	cr_assert_str_eq(body, slurp("tests/golden_render/status.json"));
	cr_assert_eq(get(true, "/events?x=1", &body), 200);
	cr_assert_str_eq(body, slurp("tests/golden_render/events.json"));
	cr_assert_eq(get(false, "/describe", &body), 200);
	cr_assert(strstr(body, "Name:             web\n"));
	cr_assert(strstr(body, "Events:\n  Type"));
	cr_assert_eq(get(false, "/describe?events", &body), 200);
	cr_assert(strncmp(body, "Events:\n", 8) == 0);
	cr_assert_eq(get(false, "/metrics", &body), 200);
	cr_assert(strstr(answer, "Content-Type: text/plain; version=0.0.4"));
	cr_assert(strstr(body, "# TYPE prober_probe_total counter\n"));
}

Test(api, head_and_errors)
{
	const char *body;
	static const char garbage[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\xff\xfe";

	int code = raws(false, "HEAD /status HTTP/1.1\r\nHost: x\r\n\r\n", &body);
	cr_assert_eq(code, 200, "%d %s", code, answer);
	cr_assert(strstr(answer, "Content-Length: "));
	cr_assert_str_eq(body, "");
	cr_assert_eq(raws(false, "POST /status HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", &body), 405);
	cr_assert(strstr(answer, "Allow: GET, HEAD\r\n"));
	cr_assert_eq(raws(true, "DELETE / HTTP/1.1\r\nHost: x\r\n\r\n", NULL), 405);
	cr_assert_eq(raws(false, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", NULL), 404);
	cr_assert_eq(raws(false, "GET /statusx HTTP/1.0\r\n\r\n", NULL), 404);
	cr_assert_eq(raws(false, "GET status HTTP/1.1\r\nHost: x\r\n\r\n", NULL), 400);
	cr_assert_eq(raws(false, "hello\r\n\r\n", NULL), 400);
	cr_assert_eq(raw(false, garbage, sizeof garbage - 1, NULL), 400);
	code = raws(true, "GET / HTTP/2.0\r\n\r\n", NULL);
	cr_assert(code == 400 || code == 505, "%d", code);
	cr_assert_eq(raws(false, "GET /livez HTTP/1.1\r\n\r\n", NULL), 400);	/* 1.1 needs Host */
	cr_assert_eq(get(false, "/livez", NULL), 200);
}

/* A request followed at once by the client's half-close (`nc -N`): the
 * server must answer what it read before the EOF.  The server is stopped
 * while the request and the FIN queue up, so it reads both in one go. */
Test(api, request_then_half_close)
{
	static const char req[] = "GET /livez HTTP/1.1\r\nHost: x\r\n\r\n";

	for (int tcp = 0; tcp <= 1; tcp++) {
		int fd, code = -1;

		cr_assert_eq(kill(server_pid, SIGSTOP), 0);
		fd = dial(tcp);
		cr_assert(fd >= 0, "connect: %s", strerror(errno));
		cr_assert_eq(send(fd, req, sizeof req - 1, MSG_NOSIGNAL), (ssize_t)(sizeof req - 1));
		cr_assert_eq(shutdown(fd, SHUT_WR), 0);
		cr_assert_eq(kill(server_pid, SIGCONT), 0);
		read_all(fd, answer, sizeof answer);
		close(fd);
		cr_assert_eq(sscanf(answer, "HTTP/1.1 %d", &code), 1, "%s: no answer: '%s'",
		    tcp ? "tcp" : "unix", answer);
		cr_assert_eq(code, 200, "%s: %s", tcp ? "tcp" : "unix", answer);
	}
	/* EOF before a complete request: closed without an answer, and the
	 * server still serves the next client. */
	{
		int fd = dial(false);
		cr_assert(fd >= 0);
		(void)send(fd, "GET /livez HT", 13, MSG_NOSIGNAL);
		cr_assert_eq(shutdown(fd, SHUT_WR), 0);
		cr_assert_eq(read_all(fd, answer, sizeof answer), 0, "'%s'", answer);
		close(fd);
	}
	cr_assert_eq(get(false, "/livez", NULL), 200);
}

Test(api, socket_mode_and_second_instance)
{
	struct stat st;
	struct loop *l;

	cr_assert_eq(stat(sock_path, &st), 0);
	cr_assert(S_ISSOCK(st.st_mode));
	cr_assert_eq(st.st_mode & 0777, 0600);
	/* A live socket is not stolen by a second instance... */
	l = loop_new();
	cr_assert_not_null(l);
	cr_assert_null(api_start(l, sock_path, NULL, NULL, NULL));
	/* ...a stale one is replaced. */
	kill(server_pid, SIGKILL);
	waitpid(server_pid, NULL, 0);
	server_pid = 0;
	struct api *a = api_start(l, sock_path, NULL, NULL, NULL);
	cr_assert_not_null(a);
	cr_assert_str_eq(api_unix_path(a), sock_path);
	api_stop(a);
	cr_assert_eq(access(sock_path, F_OK), -1);
	loop_free(l);
}

Test(api, huge_request_line)
{
	size_t n = 1 << 20;
	char *big = malloc(n);
	int fd, code = -1;

	cr_assert_not_null(big);
	memset(big, 'a', n);
	memcpy(big, "GET /", 5);
	fd = dial(false);
	cr_assert(fd >= 0);
	(void)send(fd, big, n, MSG_NOSIGNAL);	/* may fail half-way: the server closes */
	read_all(fd, answer, sizeof answer);
	close(fd);
	free(big);
	if (answer[0])
		cr_assert(sscanf(answer, "HTTP/1.1 %d", &code) == 1 && (code == 414 || code == 431),
		    "%.40s", answer);
	cr_assert_eq(get(false, "/livez", NULL), 200);
}

Test(api, slowloris_and_idle_flood)
{
	struct rlimit rl;
	int want = 10000, n = 0, *fds;
	const char *body;
	struct timeval t0, t1;

	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < (rlim_t)want + 100 && rl.rlim_max > rl.rlim_cur) {
		rl.rlim_cur = rl.rlim_max < (rlim_t)want + 100 ? rl.rlim_max : (rlim_t)want + 100;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if ((rlim_t)want + 100 > rl.rlim_cur)
		want = (int)rl.rlim_cur - 100;
	fds = calloc((size_t)want, sizeof *fds);
	cr_assert_not_null(fds);
	/* Half of them send a partial request (slowloris), all stay open. */
	for (int i = 0; i < want; i++) {
		int fd = dial(i % 2 == 0);

		if (fd < 0)
			break;
		if (i % 4 == 1)
			(void)send(fd, "GET /livez HTTP/1.1\r\nX-A: ", 26, MSG_NOSIGNAL | MSG_DONTWAIT);
		fds[n++] = fd;
		/* Every few hundred, a legitimate client must still get through. */
		if (i % 500 == 499) {
			gettimeofday(&t0, NULL);
			cr_assert_eq(get(i % 1000 == 999, "/livez", &body), 200, "after %d idle", n);
			gettimeofday(&t1, NULL);
			cr_assert((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_usec - t0.tv_usec) < 1000000);
		}
	}
	cr_assert(n >= 1000, "only %d connections", n);
	cr_assert_eq(get(false, "/status", &body), 200);
	cr_assert_eq(get(true, "/metrics", &body), 200);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	free(fds);
	/* Timers stayed on time (lateness in us, generous for a busy CI box). */
	const char *p = strstr(body, "\npodinit_process_resident_memory_bytes ");
	cr_assert_not_null(p);
	cr_assert(atol(p + 39) < 250000, "timer late by %ld us", atol(p + 39));
}

static char rest[64 << 20];

Test(api, slow_reader_does_not_block)
{
	const char *body, *cl;
	size_t len;
	int fd;

	close(open(flag_big, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	/* A unix socket: its buffers are a fixed ~200 KiB, so the server
	 * must keep the rest and continue on EPOLLOUT. */
	fd = dial(false);
	cr_assert(fd >= 0);
	/* One request for megabytes, then not reading. */
	cr_assert_eq(send(fd, "GET /metrics HTTP/1.0\r\n\r\n", 25, MSG_NOSIGNAL), 25);
	for (int i = 0; i < 20; i++)
		cr_assert_eq(get(i % 2, "/livez", &body), 200);
	len = read_all(fd, rest, sizeof rest);
	close(fd);
	unlink(flag_big);
	cr_assert(strncmp(rest, "HTTP/1.1 200", 12) == 0, "len %zu: %.80s", len, rest);
	cl = strstr(rest, "Content-Length: ");
	cr_assert_not_null(cl);
	body = strstr(rest, "\r\n\r\n") + 4;
	cr_assert_eq((size_t)atol(cl + 16), len - (size_t)(body - rest));
	cr_assert(len > 2 * 1024 * 1024, "len %zu", len);
	cr_assert(strstr(rest, "podinit_process_open_fds 12\n"));
}

Test(api, metrics_parse_with_prometheus_client)
{
	const char *body;
	char path[160], cmd[2048];
	FILE *f;
	int rc;

	cr_assert_eq(get(false, "/metrics", &body), 200);
	snprintf(path, sizeof path, "%s/metrics.txt", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(body, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c '"
	    "import sys\n"
	    "from prometheus_client.parser import text_string_to_metric_families as p\n"
	    "fams = {f.name: f for f in p(open(sys.argv[1]).read())}\n"
	    "need = [\"prober_probe\", \"prober_probe_duration_seconds\", \"podinit_container_restarts\","
	    " \"podinit_container_ready\", \"podinit_container_started\", \"podinit_container_last_exit_code\","
	    " \"podinit_container_cpu_seconds\", \"podinit_container_memory_bytes\", \"podinit_pod_phase\","
	    " \"podinit_zombies_reaped\", \"podinit_process_resident_memory_bytes\", \"podinit_process_open_fds\"]\n"
	    "missing = [n for n in need if n not in fams]\n"
	    "assert not missing, missing\n"
	    "assert fams[\"prober_probe_duration_seconds\"].type == \"histogram\"\n"
	    "' %s", path);
	rc = system(cmd);
	cr_assert_eq(rc, 0, "prometheus_client rejected /metrics (rc %d)", rc);
}

Test(api, status_command)
{
	char *argv_ready[] = { "status", "--socket", sock_path, "--ready", NULL };
	char *argv_live[] = { "status", "--live", NULL };
	char *argv_bad[] = { "status", "--socket", "/nonexistent/podinit.sock", NULL };
	char *argv_json[] = { "status", "--socket", sock_path, "-o", "json", NULL };
	char *argv_usage[] = { "status", "--frobnicate", NULL };

	cr_assert_eq(status_command_main(4, argv_ready), 1);
	close(open(flag_ready, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	cr_assert_eq(status_command_main(4, argv_ready), 0);
	setenv("PODINIT_SOCKET", sock_path, 1);
	cr_assert_eq(status_command_main(2, argv_live), 0);
	unsetenv("PODINIT_SOCKET");
	cr_assert_eq(status_command_main(3, argv_bad), 2);
	cr_assert_eq(status_command_main(5, argv_json), 0);
	cr_assert_eq(status_command_main(2, argv_usage), 2);
}

Test(api_misc, nothing_to_open)
{
	struct loop *l = loop_new();

	cr_assert_not_null(l);
	cr_assert_null(api_start(l, NULL, NULL, NULL, NULL));
	cr_assert_null(api_start(l, "", "not-an-address", NULL, NULL));
	loop_free(l);
}

Test(api_misc, resource_readers)
{
	int64_t rss = 0, fds = 0;
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	cr_assert_eq(usage_self(&rss, &fds), 0);
	cr_assert(rss > 4096);
	cr_assert(fds >= 4, "%lld", (long long)fds);	/* 0-2 and /dev/null */
	close(fd);
	pid_t groups[2] = { getpgrp(), 999999999 };
	double cpus[2] = { -1, -1 };
	int64_t mems[2] = { 0, 0 };
	bool found[2] = { false, true };

	cr_assert_eq(usage_process_groups(groups, 2, cpus, mems, found), 0);
	cr_assert(found[0]);
	cr_assert(cpus[0] >= 0 && mems[0] > 0);
	cr_assert(!found[1]);
}
