/* probe_cmd: `podinit probe`: parse the one-shot probe flags into a
 * handler_spec, run it once on a private loop, print the outcome. */
#include "podinit/probe_cmd.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "podinit/clock.h"
#include "podinit/loop.h"
#include "podinit/probe.h"
#include "podinit/strconv.h"

extern char **environ;

#define CMD_HEADERS_MAX 32

static const char usage[] =
    "usage: podinit probe --http URL | --tcp HOST:PORT | --grpc HOST:PORT[/SERVICE]\n"
    "                     | --exec CMD [ARG...]  [--timeout DUR] [--header 'Name: value']...\n"
    "  Runs one probe as kubelet would and prints Success|Failure|Unknown: <message>.\n"
    "  Exit status 0 Success, 1 Failure, 2 Unknown.  --timeout defaults to 1s;\n"
    "  --timeout and --header must come before --exec.\n";

struct cmd {
	struct handler_spec h;
	char	 host[256];
	char	 path[2048];
	char	 service[1024];
	struct http_header headers[CMD_HEADERS_MAX];
	char	 hbuf[CMD_HEADERS_MAX][512];
	int	 code;
};

static int
bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "podinit probe: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage);
	return 125;
}

static int
parse_port(const char *s, size_t n)
{
	int p = 0;

	if (n == 0 || n > 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		p = p * 10 + (s[i] - '0');
	}
	return p >= 1 && p <= 65535 ? p : -1;
}

/* "host:port", "[v6]:port", or "host" when defport > 0.  Sets c->host, port. */
static int
parse_hostport(struct cmd *c, const char *s, size_t n, int defport)
{
	const char *hs = s, *he, *colon = NULL;

	if (n > 0 && s[0] == '[') {
		he = memchr(s, ']', n);
		if (he == NULL)
			return -1;
		hs = s + 1;
		if (he + 1 < s + n) {
			if (he[1] != ':')
				return -1;
			colon = he + 1;
		}
	} else {
		colon = memrchr(s, ':', n);
		he = colon ? colon : s + n;
	}
	if (he - hs <= 0 || (size_t)(he - hs) >= sizeof c->host)
		return -1;
	memcpy(c->host, hs, (size_t)(he - hs));
	c->host[he - hs] = '\0';
	c->h.port = colon ? parse_port(colon + 1, (size_t)(s + n - colon - 1)) : defport;
	return c->h.port > 0 ? 0 : -1;
}

static int
parse_url(struct cmd *c, const char *url)
{
	const char *a, *p;

	if (strncasecmp(url, "http://", 7) == 0)
		a = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0) {
		a = url + 8;
		c->h.https = true;
	} else
		return -1;
	p = a + strcspn(a, "/?");
	if (parse_hostport(c, a, (size_t)(p - a), c->h.https ? 443 : 80) == -1)
		return -1;
	snprintf(c->path, sizeof c->path, "%s%s", *p == '/' ? "" : "/", p);
	c->h.path = c->path;
	return 0;
}

/* "FOO-bAR: v" -> name "Foo-Bar", value "v" (Go's canonical form). */
static int
add_header(struct cmd *c, const char *arg)
{
	const char *colon = strchr(arg, ':'), *v;
	struct http_header *hd;
	char *b;
	size_t nl;
	bool up = true;

	if (colon == NULL || colon == arg || c->h.n_headers == CMD_HEADERS_MAX ||
	    strlen(arg) >= sizeof c->hbuf[0] || strpbrk(arg, "\r\n") != NULL)
		return -1;
	b = c->hbuf[c->h.n_headers];
	nl = (size_t)(colon - arg);
	for (size_t i = 0; i < nl; i++) {
		char ch = arg[i];

		if (ch == ' ' || ch == '\t')
			return -1;
		b[i] = up ? (char)toupper((unsigned char)ch) : (char)tolower((unsigned char)ch);
		up = ch == '-';
	}
	b[nl] = '\0';
	v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	strcpy(b + nl + 1, v);
	hd = &c->headers[c->h.n_headers++];
	hd->name = b;
	hd->value = b + nl + 1;
	c->h.headers = c->headers;
	return 0;
}

static void
on_done(struct loop *l, struct probe_run *r, const struct probe_outcome *out, void *arg)
{
	struct cmd *c = arg;
	static const char *const names[] = { "Success", "Failure", "Unknown" };

	(void)r;
	c->code = out->result == PROBE_SUCCESS ? 0 : out->result == PROBE_FAILURE ? 1 : 2;
	if (out->message[0] != '\0')
		printf("%s: %s\n", names[c->code], out->message);
	else
		printf("%s\n", names[c->code]);
	fflush(stdout);
	loop_stop(l, c->code);
}

static void
on_signal(struct loop *l, const struct signalfd_siginfo *si, void *arg)
{
	struct probe_run *r = arg;

	if (si->ssi_signo == SIGINT || si->ssi_signo == SIGTERM || si->ssi_signo == SIGHUP) {
		probe_run_cancel(r);
		printf("Unknown: interrupted\n");
		fflush(stdout);
		loop_stop(l, 2);
	}
}

int
probe_command_main(int argc, char **argv)
{
	static struct cmd c;
	struct probe_run run;
	struct probe_exec_ctx ctx;
	struct loop *l;
	int64_t timeout = NS_PER_SEC;
	int i, code;

	memset(&c, 0, sizeof c);
	spec_handler_defaults(&c.h);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		if (strcmp(a, "--exec") == 0) {
			if (c.h.kind != HANDLER_NONE)
				return bad("%s: only one probe per run", a);
			if (i + 1 >= argc)
				return bad("%s needs a command", a);
			c.h.kind = HANDLER_EXEC;
			c.h.command = argv + i + 1;
			c.h.n_command = (size_t)(argc - i - 1);
			break;
		}
		if (i + 1 >= argc)
			return bad("%s needs a value", a);
		if (strcmp(a, "--timeout") == 0) {
			if (strconv_duration(argv[++i], &timeout) == -1 || timeout <= 0)
				return bad("bad --timeout %s", argv[i]);
		} else if (strcmp(a, "--header") == 0) {
			if (add_header(&c, argv[++i]) == -1)
				return bad("bad --header %s", argv[i]);
		} else if (strcmp(a, "--http") == 0 || strcmp(a, "--tcp") == 0 ||
		    strcmp(a, "--grpc") == 0) {
			const char *v = argv[++i];

			if (c.h.kind != HANDLER_NONE)
				return bad("%s: only one probe per run", a);
			if (a[2] == 'h') {
				c.h.kind = HANDLER_HTTP_GET;
				if (parse_url(&c, v) == -1)
					return bad("bad URL %s", v);
			} else if (a[2] == 't') {
				c.h.kind = HANDLER_TCP_SOCKET;
				if (parse_hostport(&c, v, strlen(v), 0) == -1)
					return bad("bad HOST:PORT %s", v);
			} else {
				const char *slash = strchr(v, '/');
				size_t n = slash ? (size_t)(slash - v) : strlen(v);

				c.h.kind = HANDLER_GRPC;
				if (parse_hostport(&c, v, n, 0) == -1)
					return bad("bad HOST:PORT[/SERVICE] %s", v);
				if (slash != NULL) {
					snprintf(c.service, sizeof c.service, "%s", slash + 1);
					c.h.grpc_service = c.service;
				}
			}
			c.h.host = c.host;
		} else
			return bad("unknown option %s", a);
	}
	if (c.h.kind == HANDLER_NONE)
		return bad("%s", "no probe given");

	l = loop_new();
	if (l == NULL) {
		fprintf(stderr, "podinit probe: cannot set up the event loop\n");
		return 125;
	}
	probe_run_init(&run);
	loop_on_signal(l, on_signal, &run);
	memset(&ctx, 0, sizeof ctx);
	ctx.envp = environ;
	ctx.cwd = ".";	/* a foreground tool: relative commands work */
	ctx.cgroup_procs_fd = -1;
	ctx.sigmask = loop_original_mask(l);
	c.code = 2;
	if (probe_run_start(&run, l, &c.h, &ctx, timeout, PROBE_MODE_PROBE, on_done, &c) == -1) {
		fprintf(stderr, "podinit probe: cannot start the probe\n");
		loop_free(l);
		return 2;
	}
	code = loop_run(l);
	probe_run_free(&run);
	/* An exec child killed at the deadline is reaped here if it is
	 * already gone; otherwise it is left to whoever reaps us. */
	loop_reap(l);
	loop_free(l);
	return code;
}
