/* cli: argv -> struct options (tini-compatible flags plus podinit's own),
 * and for the no-manifest case a one-container pod spec synthesised from
 * the command line and the --liveness/--readiness/--startup/--post-start/
 * --pre-stop flags.
 *
 * Handler syntax of those flags (documented in --help and doc/usage.md):
 *   http://HOST:PORT/PATH  https://...   httpGet (empty HOST = SPEC_DEFAULT_HOST;
 *                                        no :PORT = 80 or 443; scheme in any case)
 *   tcp://HOST:PORT  or  tcp:PORT        tcpSocket
 *   grpc://HOST:PORT[/SERVICE]           grpc
 * (HOST:PORT, [IPv6]:PORT and URLs are hostport.h's one dialect.)
 *   exec:COMMAND ARG...                  exec (shell-like quoting, no shell)
 *   sleep:SECONDS                        sleep (hooks only)
 * followed by optional settings: delay= period= timeout= success= failure=
 * grace= (durations like 500ms, 2s; plain numbers are seconds). */
#ifndef PODINIT_CLI_H
#define PODINIT_CLI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "podinit/spec.h"

#define CLI_MAX_SIGNAL 65
#define CLI_DEFAULT_STATE_DIR	"/var/lib/podinit"

/* -f may be given this many times (a directory counts once). */
#define CLI_MAX_MANIFESTS	64
/* --command may be given this many times. */
#define CLI_MAX_COMMANDS	64

/* --isolation: SPEC §7. */
enum isolation_mode {
	ISOLATION_POD = 0,	/* default: each container in its own mount, UTS and PID
				   namespaces (a user namespace where podinit lacks
				   CAP_SYS_ADMIN and the kernel allows one) */
	ISOLATION_NONE,		/* every container in podinit's namespaces; volumes refused */
};

struct options {
	const char *manifest;		/* the first -f (non-NULL: manifest mode) */
	const char *manifests[CLI_MAX_MANIFESTS];	/* every -f, in order: files,
						   directories or "-" */
	size_t	 n_manifests;
	const char *commands[CLI_MAX_COMMANDS];	/* --command NAME='CMD ARG...', as given */
	size_t	 n_commands;
	const char *state_dir;		/* --state-dir, default CLI_DEFAULT_STATE_DIR */
	enum isolation_mode isolation;	/* --isolation pod|none */
	const char *pod_name;		/* --pod */
	char	**cmd;			/* after options / "--"; NULL-terminated */
	int	 ncmd;
	bool	 subreaper;		/* -s */
	bool	 group_signal;		/* -g */
	bool	 remap_exit[256];	/* -e CODE */
	int	 pdeathsig;		/* -p */
	bool	 warn_orphans;		/* -w */
	int	 rewrite[CLI_MAX_SIGNAL];	/* --rewrite: -1 identity, 0 drop, else target */
	const char *probe_flag[PROBE_TYPE_COUNT];	/* --liveness ... */
	const char *post_start_flag, *pre_stop_flag;
	bool	 has_restart;
	enum restart_policy restart;
	bool	 has_grace;
	int64_t	 grace_ns;
	int64_t	 backoff_initial_ns, backoff_max_ns, backoff_reset_ns;
	const char *status_addr;	/* --status-addr */
	const char *socket_path;	/* --socket / PODINIT_SOCKET */
	bool	 no_socket;		/* --socket "" */
	const char *events_path;	/* --events */
	bool	 no_cgroup;
	const char *seccomp_root;	/* --seccomp-root DIR, or NULL */
};

enum cli_result { CLI_OK = 0, CLI_EXIT_OK = 1, CLI_ERROR = -1 };

/* Parse argv (argv[0] is the program).  CLI_EXIT_OK: --help/--version/-l
 * printed, exit 0.  CLI_ERROR: message in err; exit 125. */
enum cli_result cli_parse(int argc, char **argv, struct options *o, char *err, size_t errsz);

/* The no-manifest pod: one container "main" running o->cmd. */
int	cli_build_pod(const struct options *o, struct pod_spec *out, char *err, size_t errsz);
/* --restart, --grace-period and --seccomp-root, for the manifest loader (manifest_opts)
 * and cli_build_pod. */
struct spec_overrides cli_spec_overrides(const struct options *o);

/* Parse one handler flag value into h (arena-allocated strings); when p is
 * non-NULL, settings (delay=, period=, ...) go there. */
int	cli_parse_handler(const char *text, struct arena *a, struct handler_spec *h,
	    struct probe_spec *p, char *err, size_t errsz);

/* The target of a network handler, the part after the flag's scheme:
 * HANDLER_HTTP_GET the whole URL (http:// or https://), HANDLER_TCP_SOCKET
 * "HOST:PORT" or "PORT", HANDLER_GRPC "HOST:PORT[/SERVICE]".  h is reset
 * first and its host defaulted.  `podinit probe` parses --http/--tcp/--grpc
 * with it.  0, or -1 with err. */
int	cli_parse_target(enum handler_kind kind, const char *text, struct arena *a,
	    struct handler_spec *h, char *err, size_t errsz);

/* Split a command line with shell-like quoting ('', "", \) into argv
 * allocated from a.  Returns the count or -1 (unterminated quote). */
int	cli_split_words(const char *s, struct arena *a, char ***argv_out);

void	cli_usage(void);

#endif /* PODINIT_CLI_H */
