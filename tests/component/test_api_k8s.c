/* api_k8s: the Kubernetes API routes against the fixed view, served by a
 * forked child running the real loop and api (as test_api.c): discovery,
 * a pod and a missing one, 405 and 404 v1.Status, a watch that gets its
 * ADDED, then a MODIFIED only when the pod changed (api_notify with an
 * unchanged view sends nothing), an events watch, and pods/NAME/log over
 * a logbuf this test fills: tailLines, timestamps, limitBytes, previous,
 * and a follow that gets what is appended and ends with the instance.
 * The child changes its view on a timer, as super would, and calls
 * api_notify, as workload's hooks do. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "golden_render/fixture_view.h"
#include "podinit/api.h"
#include "podinit/logbuf.h"
#include "podinit/loop.h"

static char sock_path[108], dir[64];
static pid_t server_pid;

/* ---- the server (child) ---- */

static struct api *api;
static struct timer step_timer;
static int step;
static struct logbuf cur, prev;
static uint8_t cur_mem[64 * 1024], prev_mem[64 * 1024];

static const struct pod_view *
view_fn(void *arg)
{
	(void)arg;
	return &fx_view;
}

/* 500 ms after start: a notify with nothing changed; 800 ms: app's
 * readiness flips and its log grows; 1100 ms: app's instance ends. */
static void
on_step(struct loop *l, struct timer *t)
{
	step++;
	if (step == 2) {
		fx_cv[1].ready = false;
		logbuf_append(&cur, loop_real_now(l), LOG_STDOUT, "three\n", 6);
	}
	if (step == 3)
		fx_state(&fx_cv[1].state, VIEW_STATE_TERMINATED, "Completed", 0, FX_T0, FX_NOW);
	api_notify(api);
	if (step < 3)
		timer_start(l, t, loop_now(l) + 300 * NS_PER_MS);
}

static void
server(int wfd)
{
	struct loop *l = loop_new();
	char c = 'k';

	fx_build();
	logbuf_init(&cur, cur_mem, sizeof cur_mem);
	logbuf_init(&prev, prev_mem, sizeof prev_mem);
	logbuf_append(&prev, FX_T0 + 3 * NS_PER_SEC, LOG_STDOUT, "old instance\n", 13);
	logbuf_append(&cur, FX_T0 + 60 * NS_PER_SEC, LOG_STDOUT, "one\n", 4);
	logbuf_append(&cur, FX_T0 + 61 * NS_PER_SEC, LOG_STDERR, "two\n", 4);
	fx_cv[1].log = &cur;
	fx_cv[1].log_previous = &prev;
	if (l == NULL || (api = api_start(l, sock_path, NULL, view_fn, NULL)) == NULL)
		_exit(3);
	if (write(wfd, &c, 1) != 1)
		_exit(4);
	close(wfd);
	timer_init(&step_timer, on_step, NULL);
	timer_start(l, &step_timer, loop_now(l) + 500 * NS_PER_MS);
	loop_run(l);
	_exit(0);
}

static void
setup(void)
{
	int p[2];
	char c;

	snprintf(dir, sizeof dir, "/tmp/podinit-k8s-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(sock_path, sizeof sock_path, "%s/sock", dir);
	cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
	server_pid = fork();
	cr_assert(server_pid >= 0);
	if (server_pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(p[0]);
		server(p[1]);
	}
	close(p[1]);
	cr_assert_eq(read(p[0], &c, 1), 1);
	close(p[0]);
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

static char answer[1 << 20];

/* One request; the whole answer (until the server closes) in answer. */
static int
get(const char *method, const char *target, const char *accept)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct timeval tv = { 5, 0 };
	char req[2048];
	size_t len = 0;
	ssize_t n;
	int fd, code = -1;

	memcpy(un.sun_path, sock_path, strlen(sock_path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert(fd >= 0 && connect(fd, (struct sockaddr *)&un, sizeof un) == 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	snprintf(req, sizeof req, "%s %s HTTP/1.1\r\nHost: x\r\n%s%s%sConnection: close\r\n\r\n",
	    method, target, accept ? "Accept: " : "", accept ? accept : "", accept ? "\r\n" : "");
	cr_assert(send(fd, req, strlen(req), MSG_NOSIGNAL) == (ssize_t)strlen(req));
	while (len < sizeof answer - 1 && (n = read(fd, answer + len, sizeof answer - 1 - len)) > 0)
		len += (size_t)n;
	answer[len] = '\0';
	close(fd);
	if (sscanf(answer, "HTTP/1.1 %d", &code) != 1)
		return -1;
	return code;
}

static const char *
body(void)
{
	const char *b = strstr(answer, "\r\n\r\n");

	return b ? b + 4 : "";
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

TestSuite(api_k8s, .init = setup, .fini = teardown, .timeout = 20);

Test(api_k8s, discovery_pods_and_refusals)
{
	cr_assert_eq(get("GET", "/version", NULL), 200);
	cr_assert(strstr(body(), "\"gitVersion\":\"v1."));
	cr_assert_eq(get("GET", "/api", "application/json;g=apidiscovery.k8s.io;v=v2;"
	    "as=APIGroupDiscoveryList,application/json"), 200);
	cr_assert(strstr(answer, "Content-Type: application/json\r\n"));
	cr_assert(strstr(body(), "\"kind\":\"APIVersions\""));
	cr_assert_eq(get("GET", "/api/v1", NULL), 200);
	cr_assert(strstr(body(), "\"name\":\"pods/log\""));
	cr_assert_eq(get("GET", "/apis/metrics.k8s.io/v1beta1", NULL), 200);
	cr_assert_eq(get("GET", "/api/v1/namespaces/default/pods/web", NULL), 200);
	cr_assert(strstr(body(), "{\"kind\":\"Pod\",\"apiVersion\":\"v1\""));
	cr_assert_eq(get("GET", "/api/v1/namespaces/default/pods/nope", NULL), 404);
	cr_assert(strstr(body(), "\"message\":\"pods \\\"nope\\\" not found\",\"reason\":\"NotFound\""));
	cr_assert_eq(get("GET", "/api/v1/namespaces/other/pods", NULL), 200);
	cr_assert(strstr(body(), "\"items\":[]"));
	cr_assert_eq(get("GET", "/api/v1/pods?labelSelector=app%3Dnone", NULL), 200);
	cr_assert(strstr(body(), "\"items\":[]"));
	cr_assert_eq(get("GET", "/api/v1/pods?fieldSelector=metadata.name%3Dweb",
	    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"), 200);
	cr_assert(strstr(body(), "\"kind\":\"Table\""));
	cr_assert(strstr(body(), "\"cells\":[\"web\""));
	cr_assert_eq(get("DELETE", "/api/v1/namespaces/default/pods/web", NULL), 405);
	cr_assert(strstr(body(), "\"reason\":\"MethodNotAllowed\""));
	cr_assert(strstr(body(), "\"code\":405"));
	cr_assert_eq(get("PATCH", "/api/v1/namespaces/default/pods/web", NULL), 405);
	cr_assert_eq(get("GET", "/api/v1/secrets", NULL), 404);
	cr_assert(strstr(body(), "\"kind\":\"Status\""));
	cr_assert_eq(get("GET", "/apis/apps/v1", NULL), 404);
	/* The old routes are untouched. */
	cr_assert_eq(get("GET", "/status", NULL), 200);
	cr_assert_eq(get("POST", "/status", NULL), 405);
}

/* ADDED at once, nothing for the notify that changed nothing, MODIFIED
 * for the readiness flip and for the container's end, then the end of the
 * stream at timeoutSeconds. */
Test(api_k8s, watch_pod)
{
	const char *b;
	int code = get("GET", "/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=2", NULL);

	cr_assert_eq(code, 200);
	cr_assert(strstr(answer, "Transfer-Encoding: chunked\r\n"));
	b = body();
	cr_assert_eq(count(b, "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\""), 1, "%s", b);
	cr_assert_eq(count(b, "{\"type\":\"MODIFIED\""), 2, "%.2000s", b);
	cr_assert(strstr(b, "\r\n0\r\n\r\n"), "the last chunk");
}

Test(api_k8s, watch_pod_from_version_as_table)
{
	const char *b;
	char target[256], *rv;
	int v;

	cr_assert_eq(get("GET", "/api/v1/namespaces/default/pods", NULL), 200);
	rv = strstr(answer, "\"resourceVersion\":\"");
	cr_assert_not_null(rv);
	v = atoi(rv + 19);
	snprintf(target, sizeof target,
	    "/api/v1/namespaces/default/pods?watch=true&resourceVersion=%d&timeoutSeconds=2", v);
	cr_assert_eq(get("GET", target, "application/json;as=Table;v=v1;g=meta.k8s.io"), 200);
	b = body();
	cr_assert_eq(count(b, "\"type\":\"ADDED\""), 0, "%s", b);
	cr_assert_eq(count(b, "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Table\""), 2, "%s", b);
}

Test(api_k8s, events_list_and_watch)
{
	cr_assert_eq(get("GET", "/api/v1/namespaces/default/events?fieldSelector="
	    "involvedObject.name%3Dweb%2CinvolvedObject.namespace%3Ddefault", NULL), 200);
	cr_assert_eq(count(body(), "\"kind\":\"Event\""), 4);
	cr_assert_eq(get("GET", "/api/v1/events?fieldSelector=involvedObject.name%3Dother", NULL),
	    200);
	cr_assert_eq(count(body(), "\"kind\":\"Event\""), 0);
	cr_assert_eq(get("GET", "/api/v1/namespaces/default/events?watch=1&timeoutSeconds=1", NULL),
	    200);
	cr_assert_eq(count(body(), "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Event\""), 3);
	cr_assert_eq(count(body(), "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Event\""), 1);
}

Test(api_k8s, logs)
{
	const char *base = "/api/v1/namespaces/default/pods/web/log";
	char t[256];

	snprintf(t, sizeof t, "%s?container=app", base);
	cr_assert_eq(get("GET", t, NULL), 200);
	cr_assert(strstr(body(), "one\n\r\n") || strstr(body(), "one\ntwo\n"), "%s", body());
	cr_assert(strstr(answer, "Content-Type: text/plain"));
	snprintf(t, sizeof t, "%s?container=app&tailLines=1&timestamps=true", base);
	cr_assert_eq(get("GET", t, NULL), 200);
	cr_assert(strstr(body(), "2023-11-14T22:14:21"), "%s", body());
	cr_assert(strstr(body(), "one") == NULL);
	snprintf(t, sizeof t, "%s?container=app&limitBytes=2", base);
	cr_assert_eq(get("GET", t, NULL), 200);
	cr_assert(strstr(body(), "on\r\n"), "%s", body());
	snprintf(t, sizeof t, "%s?container=app&previous=true", base);
	cr_assert_eq(get("GET", t, NULL), 200);
	cr_assert(strstr(body(), "old instance"));
	snprintf(t, sizeof t, "%s?container=worker&previous=true", base);
	cr_assert_eq(get("GET", t, NULL), 400);
	cr_assert(strstr(body(), "previous terminated container \\\"worker\\\" in pod \\\"web\\\" not found"));
	snprintf(t, sizeof t, "%s?container=nope", base);
	cr_assert_eq(get("GET", t, NULL), 400);
	cr_assert_eq(get("GET", base, NULL), 400);	/* two containers: name one */
	cr_assert(strstr(body(), "a container name must be specified for pod web"));
	/* follow: what is appended, then the end when the instance ends. */
	snprintf(t, sizeof t, "%s?container=app&follow=true", base);
	cr_assert_eq(get("GET", t, NULL), 200);
	cr_assert(strstr(body(), "three\n"), "%s", body());
	cr_assert(strstr(body(), "\r\n0\r\n\r\n"));
}
