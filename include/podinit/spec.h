/* spec: the Pod model, decoded once from a manifest (or synthesised from
 * the command line) and treated as const afterwards.  Every string and
 * array lives in the arena of the pod_spec.  Kubernetes defaults are
 * applied by spec_*_defaults() so a zeroed struct plus defaults is what an
 * absent field means.  Runtime state lives elsewhere (super's *_rt). */
#ifndef PODINIT_SPEC_H
#define PODINIT_SPEC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "podinit/buf.h"

/* A position in the manifest, for diagnostics after decoding. */
struct spec_mark {
	int	line, col;	/* 1-based; 0 = unknown (command line) */
};

enum handler_kind {
	HANDLER_NONE = 0,
	HANDLER_EXEC,
	HANDLER_HTTP_GET,
	HANDLER_TCP_SOCKET,
	HANDLER_GRPC,
	HANDLER_SLEEP,
};

struct http_header {
	char	*name;		/* canonicalised: "Foo-Bar" */
	char	*value;
};

/* The host of an httpGet, tcpSocket or grpc action that names none
 * (K8S: the pod IP; podinit shares the pod's network namespace, so
 * loopback).  Applied once, by spec_handler_default_host(). */
#define SPEC_DEFAULT_HOST	"127.0.0.1"

/* One probe or lifecycle action.  Ports are resolved at decode time. */
struct handler_spec {
	enum handler_kind kind;
	/* exec */
	char	**command;	/* NULL-terminated, $(VAR) already expanded */
	size_t	 n_command;
	/* httpGet, tcpSocket, grpc */
	char	*host;		/* SPEC_DEFAULT_HOST when none is given */
	int	 port;		/* 1..65535, resolved; 0: a named port the container
				   does not declare (each attempt fails, as kubelet's) */
	char	*port_name;	/* the name as written when the port was named, else NULL */
	/* httpGet */
	char	*path;		/* default "/" */
	bool	 https;		/* scheme HTTPS */
	struct http_header *headers;
	size_t	 n_headers;
	/* grpc */
	char	*grpc_service;	/* NULL when not set */
	/* sleep: whole seconds */
	int64_t	 sleep_ns;
	struct spec_mark mark;
};

enum probe_type {
	PROBE_LIVENESS = 0,
	PROBE_READINESS,
	PROBE_STARTUP,
	PROBE_TYPE_COUNT,
};

/* One attempt's result (a probe's or a hook's).  Data shared by the
 * runners (probe.h), the state machine (probe_sm.h) and the counters. */
enum probe_result {
	PROBE_SUCCESS = 0,
	PROBE_FAILURE,
	PROBE_UNKNOWN,		/* could not run: changes nothing */
};
#define PROBE_RESULT_COUNT (PROBE_UNKNOWN + 1)

struct probe_spec {
	bool	 present;
	struct handler_spec handler;
	/* Times in ns: whole seconds from a manifest, any duration from the
	 * command line. */
	int64_t	 initial_delay_ns;		/* 0 */
	int64_t	 timeout_ns;			/* 1 s */
	int64_t	 period_ns;			/* 10 s */
	int32_t	 success_threshold;		/* 1 */
	int32_t	 failure_threshold;		/* 3 */
	bool	 has_termination_grace;
	int64_t	 termination_grace_ns;		/* the probe's own, whole seconds */
	struct spec_mark success_threshold_mark;	/* for validate's rule */
	struct spec_mark mark;
};

struct env_var {
	char	*name;
	char	*value;		/* $(VAR) expanded */
};

struct port_spec {
	char	*name;		/* may be NULL */
	int	 container_port;
	char	*protocol;	/* "TCP" default */
};

enum seccomp_kind {
	SECCOMP_UNSET = 0,
	SECCOMP_UNCONFINED,
	SECCOMP_RUNTIME_DEFAULT,
	SECCOMP_LOCALHOST,
};

/* A Kubernetes SecurityContext / PodSecurityContext.  Tri-states use
 * -1 unset, 0 false, 1 true. */
struct secctx_spec {
	bool	 has_run_as_user;
	int64_t	 run_as_user;
	bool	 has_run_as_group;
	int64_t	 run_as_group;
	int	 run_as_non_root;
	int64_t	*supplemental_groups;	/* pod level only */
	size_t	 n_supplemental_groups;
	bool	 has_fs_group;
	int64_t	 fs_group;
	char	**cap_add;		/* as written: "NET_BIND_SERVICE" or "CAP_..." or "ALL" */
	size_t	 n_cap_add;
	char	**cap_drop;
	size_t	 n_cap_drop;
	int	 allow_privilege_escalation;
	int	 privileged;
	int	 read_only_root_filesystem;
	enum seccomp_kind seccomp;
	char	*seccomp_localhost_profile;	/* resolved against the manifest's directory */
	char	*seccomp_localhost_name;	/* as written (the runtime resolves a relative
						   one against --seccomp-root first) */
	struct spec_mark mark;
};

struct container_spec {
	char	*name;
	char	**argv;		/* command+args ready to exec, NULL-terminated;
				   NULL when neither manifest nor command line gives one */
	size_t	 argc;
	bool	 has_command;	/* manifest gave `command` */
	char	*working_dir;	/* NULL = inherit podinit's start directory */
	struct env_var *env;	/* the container's own env, expanded */
	size_t	 n_env;
	struct port_spec *ports;
	size_t	 n_ports;
	struct probe_spec probes[PROBE_TYPE_COUNT];	/* indexed by enum probe_type */
	struct handler_spec post_start;	/* kind NONE when absent */
	struct handler_spec pre_stop;
	int	 stop_signal;	/* 0 = default (SIGTERM, or --rewrite of it) */
	bool	 has_security;
	struct secctx_spec security;
	int64_t	 memory_limit_bytes;	/* 0 = none */
	int64_t	 cpu_limit_milli;	/* 0 = none */
	char	*termination_message_path;	/* default /dev/termination-log */
	bool	 tty;
	bool	 stdin_open;
	bool	 is_init;	/* from initContainers */
	bool	 is_sidecar;	/* init container with restartPolicy: Always */
	bool	 has_restart_rules;	/* a regular container's own restartPolicy or
					   restartPolicyRules: validated, not run (the
					   pod's restartPolicy applies) */
	struct spec_mark mark;
};

enum restart_policy {
	RESTART_ALWAYS = 0,
	RESTART_ON_FAILURE,
	RESTART_NEVER,
};

struct pod_spec {
	struct arena arena;	/* owns everything below */
	char	*kind;		/* "Pod", "Deployment", ... as in the document */
	char	*name;		/* metadata.name, default "podinit" */
	char	*namespace;	/* default "default" */
	char	*source;	/* file name as given, "-" for stdin, NULL for CLI */
	char	*dir;		/* directory of the manifest, for relative paths */
	char	*seccomp_root;	/* --seccomp-root: where kubelet would read a
				   Localhost profile; NULL: the manifest's directory only */
	enum restart_policy restart_policy;
	int64_t	 termination_grace_ns;	/* 30 s; --grace-period may give a fraction */
	bool	 has_security;
	struct secctx_spec security;
	/* initContainers first (in order), then containers: one array so
	 * indices are stable runtime ids.  n_init of them are init containers. */
	struct container_spec *containers;
	size_t	 n_containers;
	size_t	 n_init;
};

/* The longest duration the model holds: manifests may say up to int64
 * seconds (terminationGracePeriodSeconds: 9223372036854775807 is legal),
 * which no nanosecond count holds.  A quarter of int64 (~73 years) keeps
 * "now + duration + duration" from overflowing anywhere. */
#define SPEC_DURATION_MAX_NS	(INT64_MAX / 4)
/* Seconds to nanoseconds, saturated at SPEC_DURATION_MAX_NS (negative: 0). */
int64_t	spec_seconds_to_ns(int64_t seconds);

void	spec_probe_defaults(struct probe_spec *p);
void	spec_handler_defaults(struct handler_spec *h);
/* Once a handler is read (manifest or command line): an httpGet, tcpSocket
 * or grpc action with no host, or an empty one, gets SPEC_DEFAULT_HOST.
 * 0, or -1 when the arena is out of memory. */
int	spec_handler_default_host(struct handler_spec *h, struct arena *a);
void	spec_container_defaults(struct container_spec *c);
void	spec_pod_defaults(struct pod_spec *p);
void	spec_free(struct pod_spec *p);		/* frees the arena */

/* What the command line changes in a loaded manifest, applied once by
 * the loader (manifest_opts) and by cli_build_pod. */
struct spec_overrides {
	bool	 has_restart;
	enum restart_policy restart;	/* --restart */
	bool	 has_grace;
	int64_t	 grace_ns;		/* --grace-period */
	const char *seccomp_root;	/* --seccomp-root, or NULL */
};
void	spec_apply_overrides(struct pod_spec *p, const struct spec_overrides *o);

const char *spec_probe_type_name(enum probe_type t);	/* "Liveness", "Readiness", "Startup" */
const char *spec_restart_policy_name(enum restart_policy r);
const char *spec_handler_kind_name(enum handler_kind k);	/* "exec", "httpGet", ... */
/* "Success", "Failure", "Unknown": kubelet's results.Result words, which
 * `podinit probe` prints. */
const char *spec_probe_result_name(enum probe_result r);
/* "successful", "failed", "unknown": the result label of kubelet's
 * prober_probe_total. */
const char *spec_probe_result_label(enum probe_result r);

#endif /* PODINIT_SPEC_H */
