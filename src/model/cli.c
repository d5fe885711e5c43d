/* cli: the command line.  tini's letters keep tini's meanings (-s -g -e -p
 * -v -w -l); the long options are podinit's own.  For the no-manifest case
 * the command line becomes a one-container pod, so everything downstream
 * sees one model. */
#include "podinit/cli.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/clock.h"
#include "podinit/hostport.h"
#include "podinit/log.h"
#include "podinit/strconv.h"

void
cli_usage(void)
{
	static const char text[] =
	"Usage: podinit [OPTIONS] [--] COMMAND [ARG...]         supervise one command\n"
	"       podinit [OPTIONS] -f FILE [--] [COMMAND [ARG...]] run a Pod manifest\n"
	"       podinit check [-v] [--dump] [--pod NAME] [--seccomp-root DIR] -f FILE\n"
	"       podinit status [--socket P] [-o json] [--ready|--live]\n"
	"       podinit kubeconfig [--status-addr H:P]   a kubeconfig for kubectl\n"
	"       podinit logs [-c C] [-p] [-f] [--tail N] [--timestamps]\n"
	"       podinit probe --http URL|--tcp H:P|--grpc H:P[/S]|--exec CMD... [--timeout D]\n"
	"tini flags: -s subreaper  -g signal the process group  -e CODE exit CODE -> 0\n"
	"  -p SIG parent-death signal  -v verbose (repeat)  -w warn on orphan reaps  -l license\n"
	"Pod: -f, --file FILE|DIR ('-' = stdin; repeatable; a DIR's *.yaml *.yml *.json)\n"
	"  --pod NAME   --restart Always|OnFailure|Never\n"
	"  --grace-period DUR (30s)  --rewrite FROM:TO (FROM:0 drops)  --no-cgroup\n"
	"  --backoff-initial DUR (10s)  --backoff-max DUR (300s)  --backoff-reset DUR (10m)\n"
	"  --seccomp-root DIR  where a Localhost seccomp profile is looked up first\n"
	"    (kubelet's seccomp root; then the manifest's directory)\n"
	"  -f may be repeated; a directory reads its *.yaml, *.yml, *.json in name order\n"
	"  --command NAME='CMD ARG...'  container NAME's entrypoint (its args are appended)\n"
	"  --state-dir DIR (/var/lib/podinit)  persistentVolumeClaims and per-run volumes\n"
	"  --isolation pod|none  pod (default): each container in its own mount, UTS and\n"
	"    PID namespaces; none: all in podinit's (volumes refused)\n"
	"Probes/hooks without a manifest: --liveness H  --readiness H  --startup H\n"
	"  --post-start H  --pre-stop H, where H is one of\n"
	"    http://[HOST]:PORT/PATH  https://...  tcp://HOST:PORT  tcp:PORT\n"
	"    grpc://HOST:PORT[/SERVICE]  exec:CMD ARG...  sleep:SECONDS\n"
	"  then optional delay=D period=D timeout=D success=N failure=N grace=D\n"
	"  e.g. --liveness 'http://:8080/healthz period=1s failure=3'\n"
	"Status: --socket PATH (/run/podinit.sock, env PODINIT_SOCKET; \"\" = none)\n"
	"  --status-addr HOST:PORT   --events FILE|- (JSON lines)\n"
	"Exit: pod's code (0 Succeeded; first failed container's code; 128+N for\n"
	"  signal N), 125 podinit error, 126 not executable, 127 not found.\n"
	"  --version  -h, --help\n";
	fputs(text, stdout);
}

/* podinit's licence (LICENSE) and those of the libraries a binary links
 * (doc/licenses.md, from Debian's copyright files): the static binary
 * carries them all, so it says so itself. */
static void
license(void)
{
	fputs("podinit " PODINIT_VERSION " - MIT License\n"
	    "Copyright (c) the podinit authors\n"
	    "\n"
	    "Permission is hereby granted, free of charge, to any person obtaining a copy\n"
	    "of this software and associated documentation files (the \"Software\"), to deal\n"
	    "in the Software without restriction, including without limitation the rights\n"
	    "to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
	    "copies of the Software, and to permit persons to whom the Software is\n"
	    "furnished to do so, subject to the following conditions:\n"
	    "\n"
	    "The above copyright notice and this permission notice shall be included in all\n"
	    "copies or substantial portions of the Software.\n"
	    "\n"
	    "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n"
	    "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
	    "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
	    "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"
	    "LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
	    "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\n"
	    "SOFTWARE.\n"
	    "\n"
	    "Libraries linked in (the static binary holds them all; doc/licenses.md):\n"
	    "  GNU C Library 2.36 (glibc)   LGPL-2.1-or-later\n"
	    "  libgcc (static runtime)      GPL-3.0-or-later WITH GCC-exception-3.1\n"
	    "  libyaml 0.2                  MIT\n"
	    "  libseccomp 2.5               LGPL-2.1-only\n"
	    "  Mbed TLS 3.6                 Apache-2.0 OR GPL-2.0-or-later (used under Apache-2.0)\n"
	    "  nghttp2 1.52                 MIT\n", stdout);
}

static int
parse_restart(const char *s, enum restart_policy *out)
{
	if (strcmp(s, "Always") == 0)
		*out = RESTART_ALWAYS;
	else if (strcmp(s, "OnFailure") == 0)
		*out = RESTART_ON_FAILURE;
	else if (strcmp(s, "Never") == 0)
		*out = RESTART_NEVER;
	else
		return -1;
	return 0;
}

static int
parse_rewrite(struct options *o, const char *s, char *err, size_t errsz)
{
	char from[32];
	const char *colon = strchr(s, ':');
	int f, t;

	if (colon == NULL || (size_t)(colon - s) >= sizeof from) {
		snprintf(err, errsz, "--rewrite %s: expected FROM:TO", s);
		return -1;
	}
	memcpy(from, s, (size_t)(colon - s));
	from[colon - s] = '\0';
	if (strconv_signal(from, &f) == -1 || f >= CLI_MAX_SIGNAL) {
		snprintf(err, errsz, "--rewrite %s: unknown signal \"%s\"", s, from);
		return -1;
	}
	if (strcmp(colon + 1, "0") == 0)
		t = 0;
	else if (strconv_signal(colon + 1, &t) == -1) {
		snprintf(err, errsz, "--rewrite %s: unknown signal \"%s\"", s, colon + 1);
		return -1;
	}
	o->rewrite[f] = t;
	return 0;
}

static int
parse_duration_flag(const char *name, const char *v, int64_t *out, char *err, size_t errsz)
{
	int64_t secs;

	if (strconv_duration(v, out) == 0)
		return 0;
	if (strconv_int64(v, 0, INT64_MAX / NS_PER_SEC, &secs) == 0) {
		*out = secs * NS_PER_SEC;
		return 0;
	}
	snprintf(err, errsz, "%s %s: invalid duration (examples: 100ms, 10s, 5m)", name, v);
	return -1;
}

enum {
	OPT_REWRITE = 256, OPT_LIVENESS, OPT_READINESS, OPT_STARTUP, OPT_POST_START,
	OPT_PRE_STOP, OPT_RESTART, OPT_GRACE, OPT_BACKOFF_INITIAL, OPT_BACKOFF_MAX,
	OPT_BACKOFF_RESET, OPT_STATUS_ADDR, OPT_SOCKET, OPT_EVENTS, OPT_POD, OPT_NO_CGROUP,
	OPT_SECCOMP_ROOT, OPT_COMMAND, OPT_STATE_DIR, OPT_ISOLATION,
	OPT_VERSION,
};

enum cli_result
cli_parse(int argc, char **argv, struct options *o, char *err, size_t errsz)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "rewrite", required_argument, NULL, OPT_REWRITE },
		{ "liveness", required_argument, NULL, OPT_LIVENESS },
		{ "readiness", required_argument, NULL, OPT_READINESS },
		{ "startup", required_argument, NULL, OPT_STARTUP },
		{ "post-start", required_argument, NULL, OPT_POST_START },
		{ "pre-stop", required_argument, NULL, OPT_PRE_STOP },
		{ "restart", required_argument, NULL, OPT_RESTART },
		{ "grace-period", required_argument, NULL, OPT_GRACE },
		{ "backoff-initial", required_argument, NULL, OPT_BACKOFF_INITIAL },
		{ "backoff-max", required_argument, NULL, OPT_BACKOFF_MAX },
		{ "backoff-reset", required_argument, NULL, OPT_BACKOFF_RESET },
		{ "status-addr", required_argument, NULL, OPT_STATUS_ADDR },
		{ "socket", required_argument, NULL, OPT_SOCKET },
		{ "events", required_argument, NULL, OPT_EVENTS },
		{ "pod", required_argument, NULL, OPT_POD },
		{ "no-cgroup", no_argument, NULL, OPT_NO_CGROUP },
		{ "seccomp-root", required_argument, NULL, OPT_SECCOMP_ROOT },
		{ "command", required_argument, NULL, OPT_COMMAND },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "isolation", required_argument, NULL, OPT_ISOLATION },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	int64_t n;
	const char *env;

	memset(o, 0, sizeof *o);
	for (int i = 0; i < CLI_MAX_SIGNAL; i++)
		o->rewrite[i] = -1;
	o->backoff_initial_ns = 10 * NS_PER_SEC;
	o->backoff_max_ns = 300 * NS_PER_SEC;
	o->backoff_reset_ns = 600 * NS_PER_SEC;
	o->state_dir = CLI_DEFAULT_STATE_DIR;
	/* tini's environment switches, for drop-in use. */
	if ((env = getenv("TINI_SUBREAPER")) != NULL && *env)
		o->subreaper = true;
	if ((env = getenv("TINI_KILL_PROCESS_GROUP")) != NULL && *env)
		o->group_signal = true;
	if ((env = getenv("PODINIT_SOCKET")) != NULL)
		o->socket_path = env;

	optind = 1;
	opterr = 0;
	/* '+': stop at the first non-option, so the command's own flags are
	 * left alone (podinit -v ls -l). */
	while ((c = getopt_long(argc, argv, "+f:sge:p:vwlh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (o->n_manifests == CLI_MAX_MANIFESTS) {
				snprintf(err, errsz, "-f: at most %d files or directories",
				    CLI_MAX_MANIFESTS);
				return CLI_ERROR;
			}
			if (o->manifest == NULL)
				o->manifest = optarg;
			o->manifests[o->n_manifests++] = optarg;
			break;
		case 's': o->subreaper = true; break;
		case 'g': o->group_signal = true; break;
		case 'e':
			if (strconv_int64(optarg, 0, 255, &n) == -1) {
				snprintf(err, errsz, "-e %s: exit code must be 0..255", optarg);
				return CLI_ERROR;
			}
			o->remap_exit[n] = true;
			break;
		case 'p':
			if (strconv_signal(optarg, &o->pdeathsig) == -1) {
				snprintf(err, errsz, "-p %s: unknown signal", optarg);
				return CLI_ERROR;
			}
			break;
		case 'v': log_verbosity++; break;
		case 'w': o->warn_orphans = true; break;
		case 'l': license(); return CLI_EXIT_OK;
		case 'h': cli_usage(); return CLI_EXIT_OK;
		case OPT_VERSION: printf("podinit %s\n", PODINIT_VERSION); return CLI_EXIT_OK;
		case OPT_REWRITE:
			if (parse_rewrite(o, optarg, err, errsz) == -1)
				return CLI_ERROR;
			break;
		case OPT_LIVENESS: o->probe_flag[PROBE_LIVENESS] = optarg; break;
		case OPT_READINESS: o->probe_flag[PROBE_READINESS] = optarg; break;
		case OPT_STARTUP: o->probe_flag[PROBE_STARTUP] = optarg; break;
		case OPT_POST_START: o->post_start_flag = optarg; break;
		case OPT_PRE_STOP: o->pre_stop_flag = optarg; break;
		case OPT_RESTART:
			if (parse_restart(optarg, &o->restart) == -1) {
				snprintf(err, errsz, "--restart %s: must be Always, OnFailure or Never", optarg);
				return CLI_ERROR;
			}
			o->has_restart = true;
			break;
		case OPT_GRACE:
			if (parse_duration_flag("--grace-period", optarg, &o->grace_ns, err, errsz) == -1)
				return CLI_ERROR;
			o->has_grace = true;
			break;
		case OPT_BACKOFF_INITIAL:
			if (parse_duration_flag("--backoff-initial", optarg, &o->backoff_initial_ns, err, errsz) == -1)
				return CLI_ERROR;
			break;
		case OPT_BACKOFF_MAX:
			if (parse_duration_flag("--backoff-max", optarg, &o->backoff_max_ns, err, errsz) == -1)
				return CLI_ERROR;
			break;
		case OPT_BACKOFF_RESET:
			if (parse_duration_flag("--backoff-reset", optarg, &o->backoff_reset_ns, err, errsz) == -1)
				return CLI_ERROR;
			break;
		case OPT_STATUS_ADDR: o->status_addr = optarg; break;
		case OPT_SOCKET:
			o->socket_path = optarg;
			break;
		case OPT_EVENTS: o->events_path = optarg; break;
		case OPT_POD: o->pod_name = optarg; break;
		case OPT_NO_CGROUP: o->no_cgroup = true; break;
		case OPT_SECCOMP_ROOT:
			if (optarg[0] == '\0') {
				snprintf(err, errsz, "--seccomp-root: expected a directory");
				return CLI_ERROR;
			}
			o->seccomp_root = optarg;
			break;
		case OPT_COMMAND: {
			const char *eq = strchr(optarg, '=');

			if (eq == NULL || eq == optarg) {
				snprintf(err, errsz, "--command %s: expected NAME='CMD ARG...'", optarg);
				return CLI_ERROR;
			}
			if (o->n_commands == CLI_MAX_COMMANDS) {
				snprintf(err, errsz, "--command: at most %d", CLI_MAX_COMMANDS);
				return CLI_ERROR;
			}
			o->commands[o->n_commands++] = optarg;
			break;
		}
		case OPT_STATE_DIR:
			if (optarg[0] != '/') {
				snprintf(err, errsz, "--state-dir %s: expected an absolute directory",
				    optarg);
				return CLI_ERROR;
			}
			o->state_dir = optarg;
			break;
		case OPT_ISOLATION:
			if (strcmp(optarg, "pod") == 0)
				o->isolation = ISOLATION_POD;
			else if (strcmp(optarg, "none") == 0)
				o->isolation = ISOLATION_NONE;
			else {
				snprintf(err, errsz, "--isolation %s: expected pod or none", optarg);
				return CLI_ERROR;
			}
			break;
		case '?':
		default:
			if (optopt && optopt < 256)
				snprintf(err, errsz, "-%c: %s", optopt,
				    strchr("fep", optopt) ? "option needs an argument" : "unknown option");
			else
				snprintf(err, errsz, "%s: unknown option or missing argument",
				    argv[optind - 1]);
			return CLI_ERROR;
		}
	}
	if (o->socket_path != NULL && o->socket_path[0] == '\0')
		o->no_socket = true;
	if (o->backoff_max_ns < o->backoff_initial_ns) {
		snprintf(err, errsz, "--backoff-max must not be below --backoff-initial");
		return CLI_ERROR;
	}
	o->cmd = argv + optind;
	o->ncmd = argc - optind;
	if (o->manifest == NULL && o->ncmd == 0) {
		snprintf(err, errsz, "no command given (see podinit --help)");
		return CLI_ERROR;
	}
	if (o->manifest == NULL && o->n_commands > 0) {
		snprintf(err, errsz, "--command: names a container of a manifest (-f)");
		return CLI_ERROR;
	}
	if (o->manifest != NULL) {
		for (int t = 0; t < PROBE_TYPE_COUNT; t++)
			if (o->probe_flag[t]) {
				snprintf(err, errsz, "--%s: probes come from the manifest when -f is given",
				    t == PROBE_LIVENESS ? "liveness" : t == PROBE_READINESS ? "readiness" : "startup");
				return CLI_ERROR;
			}
		if (o->post_start_flag || o->pre_stop_flag) {
			snprintf(err, errsz, "--post-start/--pre-stop: hooks come from the manifest when -f is given");
			return CLI_ERROR;
		}
	}
	return CLI_OK;
}

int
cli_split_words(const char *s, struct arena *a, char ***argv_out)
{
	size_t len = strlen(s);
	char *word = arena_alloc(a, len + 1);
	char **argv = arena_alloc(a, (len / 2 + 2) * sizeof *argv);
	int argc = 0;
	const char *p = s;

	if (word == NULL || argv == NULL)
		return -1;
	while (*p) {
		size_t n = 0;
		bool any = false;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		while (*p && !isspace((unsigned char)*p)) {
			any = true;
			if (*p == '\'') {
				p++;
				while (*p && *p != '\'')
					word[n++] = *p++;
				if (*p != '\'')
					return -1;
				p++;
			} else if (*p == '"') {
				p++;
				while (*p && *p != '"') {
					if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$'))
						p++;
					word[n++] = *p++;
				}
				if (*p != '"')
					return -1;
				p++;
			} else if (*p == '\\' && p[1]) {
				word[n++] = p[1];
				p += 2;
			} else {
				word[n++] = *p++;
			}
		}
		if (any)
			argv[argc++] = arena_strndup(a, word, n);
	}
	argv[argc] = NULL;
	*argv_out = argv;
	return argc;
}

/* HOST:PORT, [IPv6]:PORT or :PORT into h; an empty host is left for
 * spec_handler_default_host. */
static int
parse_host_port(const char *s, size_t len, struct arena *a, struct handler_spec *h,
    char *err, size_t errsz)
{
	struct hostport hp;

	if (hostport_parse(s, len, 1, 0, &hp, err, errsz) == -1)
		return -1;
	h->host = hp.host_len > 0 ? arena_strndup(a, hp.host, hp.host_len) : NULL;
	h->port = hp.port;
	return 0;
}

static int
parse_setting(const char *kv, struct probe_spec *p, char *err, size_t errsz)
{
	const char *eq = strchr(kv, '=');
	const char *v = eq + 1;
	size_t klen = (size_t)(eq - kv);
	int64_t ns, n;

#define KEY(s) (klen == sizeof(s) - 1 && strncmp(kv, s, klen) == 0)
	if (KEY("success") || KEY("failure")) {
		if (strconv_int64(v, 1, INT32_MAX, &n) == -1) {
			snprintf(err, errsz, "%s: must be a positive integer", kv);
			return -1;
		}
		if (KEY("success"))
			p->success_threshold = (int32_t)n;
		else
			p->failure_threshold = (int32_t)n;
		return 0;
	}
	if (parse_duration_flag(kv, v, &ns, err, errsz) == -1)
		return -1;
	if (KEY("delay")) {
		p->initial_delay_ns = ns;
	} else if (KEY("period")) {
		if (ns <= 0) {
			snprintf(err, errsz, "%s: must be positive", kv);
			return -1;
		}
		p->period_ns = ns;
	} else if (KEY("timeout")) {
		if (ns <= 0) {
			snprintf(err, errsz, "%s: must be positive", kv);
			return -1;
		}
		p->timeout_ns = ns;
	} else if (KEY("grace")) {
		/* Whole seconds, rounded up, as terminationGracePeriodSeconds. */
		p->has_termination_grace = true;
		p->termination_grace_ns = (ns + NS_PER_SEC - 1) / NS_PER_SEC * NS_PER_SEC;
	} else {
		snprintf(err, errsz, "%s: unknown setting (delay, period, timeout, success, failure, grace)", kv);
		return -1;
	}
#undef KEY
	return 0;
}

static bool
is_setting(const char *w)
{
	static const char *const keys[] = { "delay=", "period=", "timeout=", "success=",
		"failure=", "grace=" };

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strncmp(w, keys[i], strlen(keys[i])) == 0)
			return true;
	return false;
}

int
cli_parse_target(enum handler_kind kind, const char *text, struct arena *a,
    struct handler_spec *h, char *err, size_t errsz)
{
	struct hostport_url url;
	const char *slash;

	spec_handler_defaults(h);
	h->kind = kind;
	switch (kind) {
	case HANDLER_HTTP_GET:
		if (hostport_parse_url(text, &url, err, errsz) == -1)
			return -1;
		h->https = url.https;
		h->port = url.authority.port;
		if (url.authority.host_len > 0)
			h->host = arena_strndup(a, url.authority.host, url.authority.host_len);
		/* "http://h:80" and "http://h:80?q" ask for "/" and "/?q". */
		if (url.path_len > 0 && url.path[0] == '/')
			h->path = arena_strdup(a, url.path);
		else if ((h->path = arena_alloc(a, url.path_len + 2)) != NULL) {
			h->path[0] = '/';
			memcpy(h->path + 1, url.path, url.path_len + 1);
		}
		break;
	case HANDLER_TCP_SOCKET:
		/* tcp:PORT: the port alone. */
		if (strchr(text, ':') == NULL) {
			if ((h->port = hostport_parse_port(text, strlen(text), 1)) == -1) {
				snprintf(err, errsz, "\"%s\": port must be 1..65535", text);
				return -1;
			}
		} else if (parse_host_port(text, strlen(text), a, h, err, errsz) == -1)
			return -1;
		break;
	case HANDLER_GRPC:
		slash = strchr(text, '/');
		if (parse_host_port(text, slash ? (size_t)(slash - text) : strlen(text), a, h,
		    err, errsz) == -1)
			return -1;
		if (slash && slash[1])
			h->grpc_service = arena_strdup(a, slash + 1);
		break;
	case HANDLER_NONE:
	case HANDLER_EXEC:
	case HANDLER_SLEEP:
		snprintf(err, errsz, "\"%s\": not a network handler", text);
		return -1;
	}
	if (spec_handler_default_host(h, a) == -1) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	return 0;
}

int
cli_parse_handler(const char *text, struct arena *a, struct handler_spec *h,
    struct probe_spec *p, char *err, size_t errsz)
{
	char **words;
	int nw = cli_split_words(text, a, &words);
	int nsettings = 0;

	spec_handler_defaults(h);
	if (nw <= 0) {
		snprintf(err, errsz, "\"%s\": %s", text, nw == 0 ? "empty" : "unterminated quote");
		return -1;
	}
	/* Settings are trailing key=value words. */
	while (nsettings < nw - 1 && is_setting(words[nw - 1 - nsettings]))
		nsettings++;
	for (int i = nw - nsettings; i < nw; i++) {
		if (p == NULL) {
			snprintf(err, errsz, "%s: settings apply to probes only", words[i]);
			return -1;
		}
		if (parse_setting(words[i], p, err, errsz) == -1)
			return -1;
	}
	nw -= nsettings;
	words[nw] = NULL;

	const char *w0 = words[0];
	if (strncmp(w0, "exec:", 5) == 0) {
		h->kind = HANDLER_EXEC;
		if (w0[5] != '\0') {
			words[0] = arena_strdup(a, w0 + 5);
			h->command = words;
			h->n_command = (size_t)nw;
		} else {
			h->command = words + 1;
			h->n_command = (size_t)nw - 1;
		}
		if (h->n_command == 0) {
			snprintf(err, errsz, "\"%s\": exec: needs a command", text);
			return -1;
		}
		return 0;
	}
	if (nw != 1) {
		snprintf(err, errsz, "\"%s\": unexpected \"%s\"", text, words[1]);
		return -1;
	}
	if (hostport_is_url(w0))
		return cli_parse_target(HANDLER_HTTP_GET, w0, a, h, err, errsz);
	if (strncmp(w0, "tcp://", 6) == 0 || strncmp(w0, "tcp:", 4) == 0)
		return cli_parse_target(HANDLER_TCP_SOCKET, w0 + (w0[4] == '/' ? 6 : 4), a, h,
		    err, errsz);
	if (strncmp(w0, "grpc://", 7) == 0)
		return cli_parse_target(HANDLER_GRPC, w0 + 7, a, h, err, errsz);
	if (strncmp(w0, "sleep:", 6) == 0) {
		int64_t secs;
		if (p != NULL) {
			snprintf(err, errsz, "\"%s\": sleep is a hook action, not a probe", text);
			return -1;
		}
		if (strconv_int64(w0 + 6, 0, 86400, &secs) == -1) {
			snprintf(err, errsz, "\"%s\": sleep: needs whole seconds", text);
			return -1;
		}
		h->kind = HANDLER_SLEEP;
		h->sleep_ns = secs * NS_PER_SEC;
		return 0;
	}
	snprintf(err, errsz, "\"%s\": expected http://, https://, tcp://, grpc://, exec: or sleep:", text);
	return -1;
}

struct spec_overrides
cli_spec_overrides(const struct options *o)
{
	struct spec_overrides ov = {
		.has_restart = o->has_restart,
		.restart = o->restart,
		.has_grace = o->has_grace,
		.grace_ns = o->grace_ns,
		.seccomp_root = o->seccomp_root,
	};

	return ov;
}

int
cli_build_pod(const struct options *o, struct pod_spec *pod, char *err, size_t errsz)
{
	struct container_spec *c;
	struct spec_overrides ov;
	static const char *const flag_names[] = { "--liveness", "--readiness", "--startup" };

	spec_pod_defaults(pod);
	pod->kind = arena_strdup(&pod->arena, "Pod");
	pod->name = arena_strdup(&pod->arena, "podinit");
	pod->namespace = arena_strdup(&pod->arena, "default");
	pod->restart_policy = RESTART_NEVER;
	ov = cli_spec_overrides(o);
	spec_apply_overrides(pod, &ov);
	c = arena_alloc(&pod->arena, sizeof *c);
	if (c == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	spec_container_defaults(c);
	c->name = arena_strdup(&pod->arena, "main");
	c->argv = o->cmd;
	c->argc = (size_t)o->ncmd;
	c->termination_message_path = arena_strdup(&pod->arena, "/dev/termination-log");
	for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
		char e[256];
		if (o->probe_flag[t] == NULL)
			continue;
		c->probes[t].present = true;
		if (cli_parse_handler(o->probe_flag[t], &pod->arena, &c->probes[t].handler,
		    &c->probes[t], e, sizeof e) == -1) {
			snprintf(err, errsz, "%s %s", flag_names[t], e);
			return -1;
		}
		if (c->probes[t].handler.kind == HANDLER_HTTP_GET && c->probes[t].handler.path == NULL)
			c->probes[t].handler.path = arena_strdup(&pod->arena, "/");
		if (t != PROBE_READINESS && c->probes[t].success_threshold != 1) {
			snprintf(err, errsz, "%s: success must be 1 for liveness and startup probes", flag_names[t]);
			return -1;
		}
	}
	if (o->post_start_flag && cli_parse_handler(o->post_start_flag, &pod->arena, &c->post_start,
	    NULL, err, errsz) == -1)
		return -1;
	if (o->pre_stop_flag && cli_parse_handler(o->pre_stop_flag, &pod->arena, &c->pre_stop,
	    NULL, err, errsz) == -1)
		return -1;
	pod->containers = c;
	pod->n_containers = 1;
	pod->n_init = 0;
	return 0;
}
