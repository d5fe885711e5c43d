/* probe_cmd: `podinit probe`: parse the one-shot probe flags into a
 * handler_spec (the targets with cli_parse_target, as --liveness parses
 * them), run it once on a private loop, print the outcome. */
#include "podinit/probe_cmd.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podinit/cli.h"
#include "podinit/clock.h"
#include "podinit/hostport.h"
#include "podinit/log.h"
#include "podinit/loop.h"
#include "podinit/probe.h"
#include "podinit/strconv.h"

extern char **environ;

#define CMD_HEADERS_MAX 32
#define CMD_HEADER_MAX	512	/* one --header argument, name and value */

static const char usage[] =
    "usage: podinit probe --http URL | --tcp HOST:PORT | --grpc HOST:PORT[/SERVICE]\n"
    "                     | --exec CMD [ARG...]  [--timeout DUR] [--header 'Name: value']...\n"
    "  Runs one probe as kubelet would and prints Success|Failure|Unknown: <message>.\n"
    "  Exit status 0 Success, 1 Failure, 2 Unknown.  --timeout defaults to 1s;\n"
    "  --timeout and --header must come before --exec.\n";

struct cmd {
	struct arena arena;	/* the handler's strings */
	struct handler_spec h;
	struct http_header headers[CMD_HEADERS_MAX];
	size_t	 n_headers;
	int	 code;
};

static int
bad(const char *fmt, const char *arg)
{
	log_warnx(fmt, arg);
	fputs(usage, stderr);
	return 125;
}

/* "FOO-bAR: v" -> name "Foo-Bar", value "v" (Go's canonical form). */
static int
add_header(struct cmd *c, const char *arg)
{
	const char *colon = strchr(arg, ':'), *v;
	struct http_header *hd;
	size_t nl;

	if (colon == NULL || colon == arg || c->n_headers == CMD_HEADERS_MAX ||
	    strlen(arg) >= CMD_HEADER_MAX || strpbrk(arg, "\r\n") != NULL)
		return -1;
	nl = (size_t)(colon - arg);
	if (memchr(arg, ' ', nl) != NULL || memchr(arg, '\t', nl) != NULL)
		return -1;
	v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	hd = &c->headers[c->n_headers];
	if ((hd->name = arena_strndup(&c->arena, arg, nl)) == NULL ||
	    (hd->value = arena_strdup(&c->arena, v)) == NULL)
		return -1;
	hostport_canonical_header(hd->name, hd->name);
	c->n_headers++;
	return 0;
}

static void
on_done(struct loop *l, struct probe_run *r, const struct probe_outcome *out, void *arg)
{
	struct cmd *c = arg;
	const char *name = spec_probe_result_name(out->result);

	(void)r;
	c->code = out->result == PROBE_SUCCESS ? 0 : out->result == PROBE_FAILURE ? 1 : 2;
	if (out->message[0] != '\0')
		printf("%s: %s\n", name, out->message);
	else
		printf("%s\n", name);
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

	log_set_prog("podinit probe");
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
			/* The targets of --liveness & co, one dialect. */
			static const struct {
				const char *flag;
				enum handler_kind kind;
				const char *bad;
			} targets[] = {
				{ "--http", HANDLER_HTTP_GET, "bad URL %s" },
				{ "--tcp", HANDLER_TCP_SOCKET, "bad HOST:PORT %s" },
				{ "--grpc", HANDLER_GRPC, "bad HOST:PORT[/SERVICE] %s" },
			};
			const char *v = argv[++i];
			char err[256];
			size_t t = 0;

			if (c.h.kind != HANDLER_NONE)
				return bad("%s: only one probe per run", a);
			while (strcmp(a, targets[t].flag) != 0)
				t++;
			if ((targets[t].kind == HANDLER_HTTP_GET && !hostport_is_url(v)) ||
			    cli_parse_target(targets[t].kind, v, &c.arena, &c.h, err,
			    sizeof err) == -1)
				return bad(targets[t].bad, v);
		} else
			return bad("unknown option %s", a);
	}
	if (c.h.kind == HANDLER_NONE)
		return bad("%s", "no probe given");
	if (c.h.kind == HANDLER_HTTP_GET && c.n_headers > 0) {
		c.h.headers = c.headers;
		c.h.n_headers = c.n_headers;
	}

	l = loop_new();
	if (l == NULL) {
		log_warnx("cannot set up the event loop");
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
		log_warnx("cannot start the probe");
		loop_free(l);
		return 2;
	}
	code = loop_run(l);
	probe_run_free(&run);
	arena_free(&c.arena);
	/* An exec child killed at the deadline is reaped here if it is
	 * already gone; otherwise it is left to whoever reaps us. */
	loop_reap(l);
	loop_free(l);
	return code;
}
