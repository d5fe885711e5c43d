/* logs_cmd: `podinit logs` (see logs_cmd.h).  One GET for the pod's name
 * and namespace (the describe text's first lines: no JSON parser on this
 * side), then the log route's answer streamed: the response parser of the
 * prober (http_parse, fuzzed) is fed what each read returns and the body
 * it decodes (chunked with -f) is written out at once, never held. */
#include "podinit/logs_cmd.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "podinit/api.h"
#include "podinit/buf.h"
#include "podinit/client.h"
#include "podinit/fdx.h"
#include "podinit/http_parse.h"
#include "podinit/log.h"
#include "podinit/strconv.h"
#include "podinit/units.h"

#define READ_SIZE	4096
#define NAME_MAX_LEN	254	/* a DNS subdomain, and its NUL */

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: podinit logs [--socket PATH] [-c CONTAINER] [-p|--previous] [-f|--follow]\n"
	    "                    [--tail N] [--timestamps] [--since DUR] [--limit-bytes N]\n"
	    "  --socket PATH    status socket (default $PODINIT_SOCKET, else %s)\n"
	    "  -c CONTAINER     the container (needed when the pod has several)\n"
	    "  -p, --previous   the instance before the current one\n"
	    "  -f, --follow     go on printing until the instance ends (or ^C)\n"
	    "  --tail N         the last N lines only\n"
	    "  --timestamps     an RFC 3339 arrival time before each line\n"
	    "  --since DUR      what arrived in the last DUR (5s, 2m, 1h)\n"
	    "  --limit-bytes N  at most N bytes\n"
	    "exit status: 0 ok, 1 error answer, 2 unreachable or usage\n",
	    API_DEFAULT_SOCKET);
}

/* Where a body goes: written to out as it comes (the log), or kept in a
 * bounded buffer (the describe text, an error's v1.Status). */
struct sink {
	FILE	*out;
	struct buf keep;
};

static bool
sink_put(struct sink *s, const char *p, size_t n)
{
	if (s->out != NULL) {
		if (fwrite(p, 1, n, s->out) != n)
			return false;
		return fflush(s->out) == 0;
	}
	buf_add(&s->keep, p, n);
	return true;
}

/* GET path; the body of a 200 answer goes to ok, any other to bad.  The
 * HTTP status, -1 unreachable or broken (message printed). */
static int
get(const char *sock, const char *path, bool follow, struct sink *ok, struct sink *bad)
{
	static char body[2 * READ_SIZE + 1];
	struct http_resp resp;
	struct sink *to = NULL;
	enum http_parse_status st = HTTP_PARSE_MORE;
	char in[READ_SIZE];
	ssize_t n;
	int fd = client_get(sock, path, !follow, "podinit-logs");

	if (fd == -1)
		return -1;
	/* At most READ_SIZE body bytes come out of one feed, and they are
	 * taken out after each: the body buffer never fills, so the
	 * parser never stops at its cap. */
	http_resp_init(&resp, body, sizeof body - 1);
	while (st == HTTP_PARSE_MORE) {
		n = read(fd, in, sizeof in);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			log_warnx("%s: %s", sock, errno == EAGAIN ? "timed out" : strerror(errno));
			break;
		}
		st = n == 0 ? http_resp_eof(&resp) : http_resp_feed(&resp, in, (size_t)n);
		if (resp.headers_done && to == NULL)
			to = resp.status == 200 ? ok : bad;
		if (to != NULL && resp.body_len > 0) {
			if (!sink_put(to, resp.body, resp.body_len))
				break;		/* stdout went away: done */
			resp.body_len = 0;
		}
	}
	fdx_close(&fd);
	if (st == HTTP_PARSE_ERROR) {
		log_warnx("%s: garbled answer: %s", sock, resp.error);
		return -1;
	}
	return resp.headers_done ? resp.status : -1;
}

/* The value of the describe text's line "KEY:   value". */
static bool
describe_field(const char *text, const char *key, char *out, size_t outsz)
{
	size_t kl = strlen(key);

	for (const char *l = text; l != NULL && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strncmp(l, key, kl) != 0 || l[kl] != ':')
			continue;
		l += kl + 1;
		l += strspn(l, " \t");
		size_t n = strcspn(l, "\n");
		if (n == 0 || n >= outsz)
			return false;
		memcpy(out, l, n);
		out[n] = '\0';
		return true;
	}
	return false;
}

/* A v1.Status's "message" (the API server's words), else the body. */
static void
print_error(const char *body)
{
	const char *m = strstr(body, "\"message\":\"");
	size_t n;

	if (m == NULL) {
		log_warnx("%s", body);
		return;
	}
	m += strlen("\"message\":\"");
	for (n = 0; m[n] && m[n] != '"'; n++)
		if (m[n] == '\\' && m[n + 1])
			n++;
	log_warnx("error from server: %.*s", (int)n, m);
}

/* A DNS label's characters (container, pod and namespace names). */
static bool
name_ok(const char *s)
{
	return s[0] != '\0' && strlen(s) < NAME_MAX_LEN &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-.") == strlen(s);
}

int
logs_command_main(int argc, char **argv)
{
	const char *sock = getenv("PODINIT_SOCKET"), *ctr = NULL;
	bool previous = false, follow = false, timestamps = false;
	int64_t tail = -1, since_ns = 0, limit = -1;
	char text[16 * 1024], errtext[4096], name[NAME_MAX_LEN], ns[NAME_MAX_LEN], path[1024];
	struct sink out = { .out = stdout }, keep, err;
	struct buf b;
	sigset_t none;
	int status;

	log_set_prog("podinit logs");
	/* main blocked every signal for the supervisor: ^C ends a follower. */
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	if (sock == NULL || *sock == '\0')
		sock = API_DEFAULT_SOCKET;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool v = i + 1 < argc;	/* a value follows */

		if (strcmp(a, "--socket") == 0 && v)
			sock = argv[++i];
		else if (strncmp(a, "--socket=", 9) == 0)
			sock = a + 9;
		else if ((strcmp(a, "-c") == 0 || strcmp(a, "--container") == 0) && v)
			ctr = argv[++i];
		else if (strncmp(a, "--container=", 12) == 0)
			ctr = a + 12;
		else if (strcmp(a, "-p") == 0 || strcmp(a, "--previous") == 0)
			previous = true;
		else if (strcmp(a, "-f") == 0 || strcmp(a, "--follow") == 0)
			follow = true;
		else if (strcmp(a, "--timestamps") == 0)
			timestamps = true;
		else if (strcmp(a, "--tail") == 0 && v) {
			if (strconv_int64(argv[++i], -1, INT64_MAX, &tail) == -1) {
				log_warnx("--tail: not a number: %s", argv[i]);
				return 2;
			}
		} else if (strcmp(a, "--since") == 0 && v) {
			if (strconv_duration(argv[++i], &since_ns) == -1) {
				log_warnx("--since: not a duration: %s", argv[i]);
				return 2;
			}
		} else if (strcmp(a, "--limit-bytes") == 0 && v) {
			if (strconv_int64(argv[++i], 1, INT64_MAX, &limit) == -1) {
				log_warnx("--limit-bytes: not a positive number: %s", argv[i]);
				return 2;
			}
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			log_warnx("unknown argument: %s", a);
			usage(stderr);
			return 2;
		}
	}
	if (ctr != NULL && !name_ok(ctr)) {
		log_warnx("-c: not a container name: %s", ctr);
		return 2;
	}

	buf_init(&keep.keep, text, sizeof text);
	keep.out = NULL;
	buf_init(&err.keep, errtext, sizeof errtext);
	err.out = NULL;
	status = get(sock, "/describe", false, &keep, &err);
	if (status < 0)
		return 2;
	if (status != 200 || !describe_field(text, "Name", name, sizeof name) ||
	    !describe_field(text, "Namespace", ns, sizeof ns) || !name_ok(name) || !name_ok(ns)) {
		log_warnx("%s: no pod's name and namespace in the answer", sock);
		return 1;
	}

	buf_init(&b, path, sizeof path);
	buf_printf(&b, "/api/v1/namespaces/%s/pods/%s/log?", ns, name);
	if (ctr != NULL)
		buf_printf(&b, "container=%s&", ctr);
	if (previous)
		buf_adds(&b, "previous=true&");
	if (follow)
		buf_adds(&b, "follow=true&");
	if (timestamps)
		buf_adds(&b, "timestamps=true&");
	if (tail >= 0)
		buf_printf(&b, "tailLines=%lld&", (long long)tail);
	if (since_ns > 0)
		buf_printf(&b, "sinceSeconds=%lld&",
		    (long long)((since_ns + NS_PER_SEC - 1) / NS_PER_SEC));
	if (limit > 0)
		buf_printf(&b, "limitBytes=%lld&", (long long)limit);
	path[strlen(path) - 1] = '\0';		/* the last '&' or the '?' */

	buf_init(&err.keep, errtext, sizeof errtext);
	status = get(sock, path, follow, &out, &err);
	if (status < 0)
		return 2;
	if (status != 200) {
		print_error(errtext);
		return 1;
	}
	return 0;
}
