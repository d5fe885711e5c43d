/* Unit tests: cli_parse (tini's flags, podinit's long options, the
 * --rewrite table, bad flags -> CLI_ERROR, which main turns into 125) and
 * cli_build_pod for the no-manifest case. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <criterion/redirect.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/cli.h"
#include "podinit/clock.h"
#include "podinit/log.h"

#define MAXARGS 16

/* argv built from a NULL-terminated list of literals, copied into fresh
 * writable storage per call as a real argv would be: getopt keeps a
 * pointer into the previous argv (its position inside a flag cluster), so
 * reusing one buffer for several parses would confuse it.  Leaked on
 * purpose (each test is its own process). */
static char *argvv[MAXARGS + 1];

static int
mkargv(const char *first, ...)
{
	va_list ap;
	int n = 0;

	va_start(ap, first);
	for (const char *a = first; a != NULL && n < MAXARGS; a = va_arg(ap, const char *)) {
		argvv[n++] = strdup(a);
	}
	va_end(ap);
	argvv[n] = NULL;
	return n;
}

static struct options o;
static char err[512];

#define PARSE(...) cli_parse(mkargv("podinit", __VA_ARGS__, (const char *)NULL), argvv, &o, err, sizeof err)

static void
quiet(void)
{
	cr_redirect_stdout();
	unsetenv("TINI_SUBREAPER");
	unsetenv("TINI_KILL_PROCESS_GROUP");
	unsetenv("PODINIT_SOCKET");
}

TestSuite(cli, .init = quiet);

Test(cli, defaults)
{
	cr_assert_eq(PARSE("sleep", "1"), CLI_OK, "%s", err);
	cr_assert_eq(o.ncmd, 2);
	cr_assert_str_eq(o.cmd[0], "sleep");
	cr_assert_str_eq(o.cmd[1], "1");
	cr_assert_null(o.cmd[2]);
	cr_assert(!o.subreaper && !o.group_signal && !o.warn_orphans);
	cr_assert_eq(o.pdeathsig, 0);
	cr_assert_null(o.manifest);
	cr_assert(!o.has_grace && !o.has_restart);
	for (int i = 0; i < 256; i++)
		cr_assert(!o.remap_exit[i]);
	for (int i = 0; i < CLI_MAX_SIGNAL; i++)
		cr_assert_eq(o.rewrite[i], -1, "rewrite[%d] = %d", i, o.rewrite[i]);
	cr_assert_eq(o.backoff_initial_ns, 10 * NS_PER_SEC);
	cr_assert_eq(o.backoff_max_ns, 300 * NS_PER_SEC);
	cr_assert_eq(o.backoff_reset_ns, 600 * NS_PER_SEC);
}

Test(cli, tini_flags)
{
	int v0 = log_verbosity;

	cr_assert_eq(PARSE("-s", "-g", "-w", "-v", "-v", "-e", "3", "-e", "143", "-p", "SIGTERM",
	    "--", "cmd", "-x"), CLI_OK, "%s", err);
	cr_assert(o.subreaper && o.group_signal && o.warn_orphans);
	cr_assert_eq(log_verbosity, v0 + 2);
	cr_assert(o.remap_exit[3] && o.remap_exit[143]);
	cr_assert(!o.remap_exit[0] && !o.remap_exit[4]);
	cr_assert_eq(o.pdeathsig, SIGTERM);
	cr_assert_eq(o.ncmd, 2);
	cr_assert_str_eq(o.cmd[0], "cmd");
	cr_assert_str_eq(o.cmd[1], "-x");
}

Test(cli, clustered_flags)
{
	cr_assert_eq(PARSE("-sgw", "-e0", "-pKILL", "true"), CLI_OK, "%s", err);
	cr_assert(o.subreaper && o.group_signal && o.warn_orphans);
	cr_assert(o.remap_exit[0]);
	cr_assert_eq(o.pdeathsig, SIGKILL);
}

/* Options stop at the first non-option: the command's flags are its own. */
Test(cli, command_flags_untouched)
{
	cr_assert_eq(PARSE("-s", "ls", "-l", "-s", "--help"), CLI_OK, "%s", err);
	cr_assert_eq(o.ncmd, 4);
	cr_assert_str_eq(o.cmd[0], "ls");
	cr_assert_str_eq(o.cmd[1], "-l");
	cr_assert_str_eq(o.cmd[3], "--help");
}

Test(cli, double_dash_then_dash_command)
{
	cr_assert_eq(PARSE("--", "-weird-name"), CLI_OK, "%s", err);
	cr_assert_eq(o.ncmd, 1);
	cr_assert_str_eq(o.cmd[0], "-weird-name");
	cr_assert(!o.warn_orphans);
}

Test(cli, tini_environment)
{
	setenv("TINI_SUBREAPER", "1", 1);
	setenv("TINI_KILL_PROCESS_GROUP", "1", 1);
	cr_assert_eq(PARSE("true"), CLI_OK, "%s", err);
	cr_assert(o.subreaper);
	cr_assert(o.group_signal);
	setenv("TINI_SUBREAPER", "", 1);
	unsetenv("TINI_KILL_PROCESS_GROUP");
	cr_assert_eq(PARSE("true"), CLI_OK, "%s", err);
	cr_assert(!o.subreaper, "empty TINI_SUBREAPER counts as unset (tini)");
	cr_assert(!o.group_signal);
}

Test(cli, info_flags_exit_ok)
{
	cr_assert_eq(PARSE("--help"), CLI_EXIT_OK);
	cr_assert_eq(PARSE("-h"), CLI_EXIT_OK);
	cr_assert_eq(PARSE("--version"), CLI_EXIT_OK);
	cr_assert_eq(PARSE("-l"), CLI_EXIT_OK);
	/* Even with a command after them. */
	cr_assert_eq(PARSE("--version", "true"), CLI_EXIT_OK);
}

Test(cli, version_text)
{
	fflush(stdout);
	cr_assert_eq(PARSE("--version"), CLI_EXIT_OK);
	fflush(stdout);
	cr_assert_stdout_eq_str("podinit " PODINIT_VERSION "\n");
}

/* ---- --rewrite ---- */

Test(cli, rewrite_table)
{
	cr_assert_eq(PARSE("--rewrite", "TERM:QUIT", "--rewrite", "10:12", "--rewrite", "SIGHUP:0",
	    "--rewrite", "winch:sigusr1", "--rewrite", "RTMIN+1:INT", "true"), CLI_OK, "%s", err);
	cr_assert_eq(o.rewrite[SIGTERM], SIGQUIT);
	cr_assert_eq(o.rewrite[SIGUSR1], SIGUSR2);
	cr_assert_eq(o.rewrite[SIGHUP], 0, "FROM:0 drops");
	cr_assert_eq(o.rewrite[SIGWINCH], SIGUSR1);
	cr_assert_eq(o.rewrite[SIGRTMIN + 1], SIGINT);
	for (int s = 1; s < CLI_MAX_SIGNAL; s++) {
		if (s == SIGTERM || s == SIGUSR1 || s == SIGHUP || s == SIGWINCH || s == SIGRTMIN + 1)
			continue;
		cr_assert_eq(o.rewrite[s], -1, "rewrite[%d] touched: %d", s, o.rewrite[s]);
	}
}

Test(cli, rewrite_last_wins)
{
	cr_assert_eq(PARSE("--rewrite", "TERM:QUIT", "--rewrite", "TERM:0", "true"), CLI_OK, "%s", err);
	cr_assert_eq(o.rewrite[SIGTERM], 0);
	cr_assert_eq(PARSE("--rewrite=TERM:USR2", "true"), CLI_OK, "%s", err);
	cr_assert_eq(o.rewrite[SIGTERM], SIGUSR2);
	cr_assert_eq(PARSE("--rewrite", "64:1", "true"), CLI_OK, "%s", err);
	cr_assert_eq(o.rewrite[64], 1);
}

/* ---- durations and the rest ---- */

Test(cli, grace_and_backoff)
{
	cr_assert_eq(PARSE("--grace-period", "3s", "--backoff-initial", "100ms",
	    "--backoff-max", "1m", "--backoff-reset", "90", "--restart", "OnFailure", "true"),
	    CLI_OK, "%s", err);
	cr_assert(o.has_grace);
	cr_assert_eq(o.grace_ns, 3 * NS_PER_SEC);
	cr_assert_eq(o.backoff_initial_ns, 100 * NS_PER_MS);
	cr_assert_eq(o.backoff_max_ns, 60 * NS_PER_SEC);
	cr_assert_eq(o.backoff_reset_ns, 90 * NS_PER_SEC, "plain numbers are seconds");
	cr_assert(o.has_restart);
	cr_assert_eq(o.restart, RESTART_ON_FAILURE);
	cr_assert_eq(PARSE("--grace-period", "0", "true"), CLI_OK, "%s", err);
	cr_assert_eq(o.grace_ns, 0);
}

Test(cli, socket_flags)
{
	setenv("PODINIT_SOCKET", "/tmp/from-env.sock", 1);
	cr_assert_eq(PARSE("true"), CLI_OK, "%s", err);
	cr_assert_str_eq(o.socket_path, "/tmp/from-env.sock");
	cr_assert_eq(PARSE("--socket", "/tmp/flag.sock", "true"), CLI_OK, "%s", err);
	cr_assert_str_eq(o.socket_path, "/tmp/flag.sock");
	cr_assert(!o.no_socket);
	cr_assert_eq(PARSE("--socket", "", "true"), CLI_OK, "%s", err);
	cr_assert(o.no_socket);
}

Test(cli, manifest_without_command)
{
	cr_assert_eq(PARSE("-f", "pod.yaml"), CLI_OK, "%s", err);
	cr_assert_str_eq(o.manifest, "pod.yaml");
	cr_assert_eq(o.ncmd, 0);
	cr_assert_eq(PARSE("--file", "-", "--pod", "web", "--", "x"), CLI_OK, "%s", err);
	cr_assert_str_eq(o.manifest, "-");
	cr_assert_str_eq(o.pod_name, "web");
	cr_assert_eq(o.ncmd, 1);
}

/* ---- bad command lines: CLI_ERROR with a message ---- */

struct bad {
	char	 args[6][40];	/* "" ends the list */
	char	 msg[40];	/* substring of the error */
};

ParameterizedTestParameters(cli, bad_flags)
{
	static struct bad b[] = {
		{ { "-x", "true" }, "unknown option" },
		{ { "-sx", "true" }, "unknown option" },
		{ { "--frobnicate", "true" }, "frobnicate" },
		{ { "-e" }, "needs an argument" },
		{ { "-p" }, "needs an argument" },
		{ { "-f" }, "needs an argument" },
		{ { "-e", "256", "true" }, "0..255" },
		{ { "-e", "-1", "true" }, "0..255" },
		{ { "-e", "abc", "true" }, "0..255" },
		{ { "-e", "<empty>", "true" }, "0..255" },
		{ { "-p", "SIGBOGUS", "true" }, "unknown signal" },
		{ { "-p", "0", "true" }, "unknown signal" },
		{ { "--rewrite", "TERM", "true" }, "FROM:TO" },
		{ { "--rewrite", "TERM:", "true" }, "unknown signal" },
		{ { "--rewrite", ":TERM", "true" }, "unknown signal" },
		{ { "--rewrite", "FOO:TERM", "true" }, "unknown signal" },
		{ { "--rewrite", "TERM:BAR", "true" }, "unknown signal" },
		{ { "--rewrite", "0:TERM", "true" }, "unknown signal" },
		{ { "--rewrite", "65:1", "true" }, "unknown signal" },
		{ { "--rewrite" }, "" },
		{ { "--grace-period", "soon", "true" }, "invalid duration" },
		{ { "--grace-period", "-1s", "true" }, "invalid duration" },
		{ { "--backoff-initial", "1x", "true" }, "invalid duration" },
		{ { "--backoff-initial", "20s", "--backoff-max", "10s", "true" }, "backoff-max" },
		{ { "--restart", "always", "true" }, "Always, OnFailure or Never" },
		{ { "-s" }, "no command" },
		{ { "-s", "--" }, "no command" },
		{ { "-f", "p.yaml", "--liveness", "tcp:80" }, "manifest" },
		{ { "-f", "p.yaml", "--pre-stop", "sleep:1" }, "manifest" },
	};
	return cr_make_param_array(struct bad, b, sizeof b / sizeof b[0]);
}

ParameterizedTest(struct bad *b, cli, bad_flags)
{
	char *av[8];
	int n = 0;
	enum cli_result r;

	cr_redirect_stdout();
	av[n++] = "podinit";
	for (int i = 0; i < 6 && b->args[i][0] != '\0'; i++)
		av[n++] = strcmp(b->args[i], "<empty>") == 0 ? "" : b->args[i];
	av[n] = NULL;
	err[0] = '\0';
	r = cli_parse(n, av, &o, err, sizeof err);
	cr_assert_eq(r, CLI_ERROR, "%s %s %s accepted", b->args[0], b->args[1], b->args[2]);
	cr_assert_neq(err[0], '\0', "no message");
	cr_assert(strstr(err, b->msg) != NULL, "message \"%s\" lacks \"%s\"", err, b->msg);
}

/* getopt_long accepts unique prefixes of long options. */
Test(cli, long_option_prefix)
{
	cr_assert_eq(PARSE("--rewrit", "TERM:1", "true"), CLI_OK, "%s", err);
	cr_assert_eq(o.rewrite[SIGTERM], 1);
}

/* ---- the no-manifest pod ---- */

Test(cli, build_pod)
{
	struct pod_spec pod;

	cr_assert_eq(PARSE("--grace-period", "3s", "sh", "-c", "exit 3"), CLI_OK, "%s", err);
	cr_assert_eq(cli_build_pod(&o, &pod, err, sizeof err), 0, "%s", err);
	cr_assert_eq(pod.n_containers, 1);
	cr_assert_eq(pod.n_init, 0);
	cr_assert_str_eq(pod.containers[0].name, "main");
	cr_assert_eq(pod.containers[0].argc, 3);
	cr_assert_str_eq(pod.containers[0].argv[2], "exit 3");
	cr_assert_eq(pod.restart_policy, RESTART_NEVER, "tini behaviour: never restart");
	cr_assert_eq(pod.termination_grace_ns, 3 * NS_PER_SEC);
	spec_free(&pod);
}

Test(cli, build_pod_probes)
{
	struct pod_spec pod;
	const struct container_spec *c;

	cr_assert_eq(PARSE("--liveness", "http://:8080/healthz period=1s failure=3",
	    "--readiness", "tcp:9000", "--pre-stop", "sleep:2", "--restart", "Always", "srv"),
	    CLI_OK, "%s", err);
	cr_assert_eq(cli_build_pod(&o, &pod, err, sizeof err), 0, "%s", err);
	c = &pod.containers[0];
	cr_assert(c->probes[PROBE_LIVENESS].present);
	cr_assert_eq(c->probes[PROBE_LIVENESS].handler.kind, HANDLER_HTTP_GET);
	cr_assert_eq(c->probes[PROBE_LIVENESS].handler.port, 8080);
	cr_assert_str_eq(c->probes[PROBE_LIVENESS].handler.host, "127.0.0.1");
	cr_assert_str_eq(c->probes[PROBE_LIVENESS].handler.path, "/healthz");
	cr_assert_eq(c->probes[PROBE_LIVENESS].period_ns, NS_PER_SEC);
	cr_assert_eq(c->probes[PROBE_LIVENESS].failure_threshold, 3);
	cr_assert(c->probes[PROBE_READINESS].present);
	cr_assert_eq(c->probes[PROBE_READINESS].handler.kind, HANDLER_TCP_SOCKET);
	cr_assert_eq(c->probes[PROBE_READINESS].handler.port, 9000);
	cr_assert(!c->probes[PROBE_STARTUP].present);
	cr_assert_eq(c->pre_stop.kind, HANDLER_SLEEP);
	cr_assert_eq(c->pre_stop.sleep_ns, 2 * NS_PER_SEC);
	cr_assert_eq(pod.restart_policy, RESTART_ALWAYS);
	spec_free(&pod);
}

Test(cli, build_pod_bad_handler)
{
	struct pod_spec pod;

	cr_assert_eq(PARSE("--liveness", "ftp://x:1", "srv"), CLI_OK, "%s", err);
	cr_assert_eq(cli_build_pod(&o, &pod, err, sizeof err), -1);
	cr_assert(strstr(err, "--liveness") != NULL, "%s", err);
	spec_free(&pod);
	cr_assert_eq(PARSE("--startup", "tcp:80 success=2", "srv"), CLI_OK, "%s", err);
	cr_assert_eq(cli_build_pod(&o, &pod, err, sizeof err), -1);
	cr_assert(strstr(err, "success must be 1") != NULL, "%s", err);
	spec_free(&pod);
}

Test(cli, split_words)
{
	struct arena a;
	char **w;

	memset(&a, 0, sizeof a);
	cr_assert_eq(cli_split_words("sh -c 'echo \"hi there\"' a\\ b \"x\\\"y\"", &a, &w), 5);
	cr_assert_str_eq(w[0], "sh");
	cr_assert_str_eq(w[1], "-c");
	cr_assert_str_eq(w[2], "echo \"hi there\"");
	cr_assert_str_eq(w[3], "a b");
	cr_assert_str_eq(w[4], "x\"y");
	cr_assert_null(w[5]);
	cr_assert_eq(cli_split_words("'open", &a, &w), -1);
	cr_assert_eq(cli_split_words("   ", &a, &w), 0);
	arena_free(&a);
}

/* ---- handler targets: the one dialect of --liveness & co and `podinit probe` ---- */

struct target_case {
	char	text[48];
	enum handler_kind kind;
	int	rc;
	char	host[16];	/* on success; the default host when none is written */
	int	port;
	char	path[16];	/* httpGet */
	char	service[16];	/* grpc; "" = NULL */
	bool	https;
	char	err[40];	/* on failure: a part of the message */
};

ParameterizedTestParameters(cli, handler_targets)
{
	static struct target_case c[] = {
		{ "http://:8080/healthz", HANDLER_HTTP_GET, 0, "127.0.0.1", 8080, "/healthz", "", false, "" },
		{ "http://10.0.0.1:80", HANDLER_HTTP_GET, 0, "10.0.0.1", 80, "/", "", false, "" },
		{ "https://[::1]:8443/r?x", HANDLER_HTTP_GET, 0, "::1", 8443, "/r?x", "", true, "" },
		{ "http://h:81?q=1", HANDLER_HTTP_GET, 0, "h", 81, "/?q=1", "", false, "" },
		{ "http://h/x", HANDLER_HTTP_GET, 0, "h", 80, "/x", "", false, "" },
		{ "HTTPS://h", HANDLER_HTTP_GET, 0, "h", 443, "/", "", true, "" },
		{ "tcp:9000", HANDLER_TCP_SOCKET, 0, "127.0.0.1", 9000, "", "", false, "" },
		{ "tcp://9000", HANDLER_TCP_SOCKET, 0, "127.0.0.1", 9000, "", "", false, "" },
		{ "tcp://:9000", HANDLER_TCP_SOCKET, 0, "127.0.0.1", 9000, "", "", false, "" },
		{ "tcp://db:5432", HANDLER_TCP_SOCKET, 0, "db", 5432, "", "", false, "" },
		{ "tcp://[::1]:9000", HANDLER_TCP_SOCKET, 0, "::1", 9000, "", "", false, "" },
		{ "grpc://127.0.0.1:50051/my.Svc", HANDLER_GRPC, 0, "127.0.0.1", 50051, "", "my.Svc", false, "" },
		{ "grpc://:50051/", HANDLER_GRPC, 0, "127.0.0.1", 50051, "", "", false, "" },
		{ "grpc://[::1]:1", HANDLER_GRPC, 0, "::1", 1, "", "", false, "" },
		{ "tcp:0", HANDLER_NONE, -1, "", 0, "", "", false, "\"0\": port must be 1..65535" },
		{ "tcp:+80", HANDLER_NONE, -1, "", 0, "", "", false, "port must be 1..65535" },
		{ "tcp://h", HANDLER_NONE, -1, "", 0, "", "", false, "\"h\": port must be 1..65535" },
		{ "tcp://h:70000", HANDLER_NONE, -1, "", 0, "", "", false, "port must be 1..65535" },
		{ "tcp://[::1]", HANDLER_NONE, -1, "", 0, "", "", false, "expected [IPv6]:PORT" },
		{ "grpc://h", HANDLER_NONE, -1, "", 0, "", "", false, "\"h\": expected HOST:PORT" },
		{ "http://[::1/x", HANDLER_NONE, -1, "", 0, "", "", false, "expected [IPv6]:PORT" },
		{ "ftp://x:1", HANDLER_NONE, -1, "", 0, "", "", false, "expected http://, https://" },
	};
	return cr_make_param_array(struct target_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct target_case *tc, cli, handler_targets)
{
	struct arena a;
	struct handler_spec h;
	char e[256] = "";
	int rc;

	memset(&a, 0, sizeof a);
	rc = cli_parse_handler(tc->text, &a, &h, NULL, e, sizeof e);
	cr_assert_eq(rc, tc->rc, "\"%s\": rc %d (%s)", tc->text, rc, e);
	if (rc != 0) {
		cr_assert(strstr(e, tc->err) != NULL, "\"%s\": \"%s\" lacks \"%s\"", tc->text, e,
		    tc->err);
		arena_free(&a);
		return;
	}
	cr_assert_eq(h.kind, tc->kind, "\"%s\"", tc->text);
	cr_assert_str_eq(h.host, tc->host, "\"%s\"", tc->text);
	cr_assert_eq(h.port, tc->port, "\"%s\"", tc->text);
	cr_assert_eq(h.https, tc->https, "\"%s\"", tc->text);
	if (h.kind == HANDLER_HTTP_GET)
		cr_assert_str_eq(h.path, tc->path, "\"%s\"", tc->text);
	if (tc->service[0] != '\0')
		cr_assert_str_eq(h.grpc_service, tc->service, "\"%s\"", tc->text);
	else
		cr_assert_null(h.grpc_service, "\"%s\"", tc->text);
	arena_free(&a);
}

/* `podinit probe --http/--tcp/--grpc V` hands V over without the scheme
 * of the handler flag (a URL keeps its own). */
Test(cli, parse_target_for_the_probe_command)
{
	struct arena a;
	struct handler_spec h;
	char e[256];

	memset(&a, 0, sizeof a);
	cr_assert_eq(cli_parse_target(HANDLER_TCP_SOCKET, "127.0.0.1:5432", &a, &h, e, sizeof e), 0, "%s", e);
	cr_assert_eq(h.kind, HANDLER_TCP_SOCKET);
	cr_assert_str_eq(h.host, "127.0.0.1");
	cr_assert_eq(h.port, 5432);
	cr_assert_eq(cli_parse_target(HANDLER_GRPC, "[::1]:50051/my.Service", &a, &h, e, sizeof e), 0, "%s", e);
	cr_assert_eq(h.kind, HANDLER_GRPC);
	cr_assert_str_eq(h.host, "::1");
	cr_assert_str_eq(h.grpc_service, "my.Service");
	cr_assert_eq(cli_parse_target(HANDLER_HTTP_GET, "https://127.0.0.1:8443/ready", &a, &h, e, sizeof e), 0, "%s", e);
	cr_assert(h.https);
	cr_assert_str_eq(h.path, "/ready");
	cr_assert_eq(cli_parse_target(HANDLER_HTTP_GET, "tcp://127.0.0.1:1", &a, &h, e, sizeof e), -1);
	cr_assert_eq(cli_parse_target(HANDLER_EXEC, "true", &a, &h, e, sizeof e), -1);
	arena_free(&a);
}
