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

/* ---- SPEC §7: config objects, environment sources, volumes ----
 * The contract between the loader (which fills these), the volume plan,
 * the shell and the renderers.  Everything a run needs is resolved at load
 * time from the documents and the pod's facts (struct pod_facts): a
 * ConfigMap key becomes a value, a configMap volume a list of files. */

/* A label or an annotation. */
struct spec_kv {
	char	*key;
	char	*value;
};

enum config_kind {
	CONFIG_CONFIGMAP = 0,
	CONFIG_SECRET,
};

struct config_entry {
	char	*key;
	char	*value;		/* the bytes (base64-decoded for a Secret's data and a
				   ConfigMap's binaryData), NUL-terminated past len */
	size_t	 len;
	bool	 binary;	/* from binaryData */
};

/* A ConfigMap or Secret document of the pod's namespace. */
struct config_object {
	enum config_kind kind;
	char	*name;
	char	*namespace;	/* default "default" */
	char	*type;		/* a Secret's type, default "Opaque"; NULL for a ConfigMap */
	struct config_entry *entries;	/* sorted by key, unique */
	size_t	 n_entries;
	const char *file;	/* the file it was read from, as given */
	int	 doc;		/* its document (1-based) in that file */
	struct spec_mark mark;
};

/* What kubelet knows of the node and the pod beyond the manifest: the
 * shell gathers it before the load (`check` uses placeholders), the
 * loader resolves fieldRef, resourceFieldRef and downwardAPI with it. */
struct pod_facts {
	const char *uid;		/* metadata.uid: a random UUID per run */
	const char *creation_timestamp;	/* RFC 3339, UTC */
	const char *node_name;		/* spec.nodeName: the host name */
	const char *const *host_ips;	/* status.hostIPs (first = hostIP) */
	size_t	 n_host_ips;
	const char *const *pod_ips;	/* status.podIPs: the pod's network's addresses */
	size_t	 n_pod_ips;
	int64_t	 cpu_milli;		/* node allocatable: an unset cpu limit */
	int64_t	 memory_bytes;		/* an unset memory limit */
	int64_t	 ephemeral_storage_bytes;	/* an unset ephemeral-storage limit */
	/* SPEC §9: what the Job controller gives each pod it creates */
	const char *job_uid;		/* the Job's uid, the same for all its pods */
	const char *name_suffix;	/* generateName's 5 characters, fresh per pod */
	int32_t	 job_index;		/* JOB_COMPLETION_INDEX: read only when Indexed */
	int64_t	 scheduled_minutes;	/* a CronJob's Job is "<name>-<this>": the
					   Unix minute it is run */
	int32_t	 job_index_failures;	/* backoffLimitPerIndex: the index's pods
					   failed so far (an annotation) */
	int32_t	 job_index_ignored_failures;	/* of those, the ones an Ignore rule
						   matched */
};

enum env_source {
	ENV_SOURCE_VALUE = 0,		/* value (possibly empty) */
	ENV_SOURCE_FIELD,		/* valueFrom.fieldRef: ref = fieldPath */
	ENV_SOURCE_RESOURCE,		/* valueFrom.resourceFieldRef: ref = resource,
					   key = containerName or NULL, divisor */
	ENV_SOURCE_CONFIGMAP_KEY,	/* valueFrom.configMapKeyRef: ref = name, key */
	ENV_SOURCE_SECRET_KEY,		/* valueFrom.secretKeyRef: ref = name, key */
	ENV_SOURCE_ENV_FROM,		/* from envFrom[from]: not in the container's `env` */
};

/* One variable of the container's final environment, in kubelet's order
 * (envFrom's first, then env's; a later one replaces an earlier one of
 * the same name in place). */
struct env_var {
	char	*name;
	char	*value;		/* resolved and $(VAR) expanded: what the process gets */
	char	*raw;		/* ENV_SOURCE_VALUE: the value as written, before
				   $(VAR) (what describe shows); else NULL */
	enum env_source source;
	char	*ref;		/* see enum env_source; NULL for a value */
	char	*key;
	char	*divisor;	/* resourceFieldRef's divisor as written, NULL = "1" */
	bool	 optional;
	size_t	 from;		/* ENV_SOURCE_ENV_FROM: index into env_from */
	bool	 absent;	/* an optional configMapKeyRef/secretKeyRef whose object
				   or key is missing: kubelet sets no variable, so the
				   process does not get it; kept for describe */
	struct spec_mark mark;
};

/* One envFrom entry (configMapRef or secretRef). */
struct env_from_spec {
	enum config_kind kind;
	char	*name;
	char	*prefix;	/* NULL when none */
	bool	 optional;
	struct spec_mark mark;
};

enum volume_type {
	VOLUME_EMPTY_DIR = 0,
	VOLUME_CONFIGMAP,
	VOLUME_SECRET,
	VOLUME_DOWNWARD_API,
	VOLUME_PROJECTED,
	VOLUME_HOST_PATH,
	VOLUME_PVC,		/* persistentVolumeClaim, or a volumeClaimTemplate */
};

/* One file of a configMap, secret, downwardAPI or projected volume,
 * resolved at load time: what kubelet's atomic writer is given. */
struct volume_file {
	char	*path;		/* relative, validated (no "..", not absolute) */
	char	*data;
	size_t	 len;
	int	 mode;		/* permission bits */
	char	*field_ref;	/* a downwardAPI item's fieldRef.fieldPath or
				   resourceFieldRef.resource (describe's Items,
				   /status); NULL for a ConfigMap's or Secret's key */
};

/* One source of a projected volume (or the one source of a configMap,
 * secret or downwardAPI volume), for describe and the cross-document
 * check. */
struct volume_source {
	enum volume_type type;	/* CONFIGMAP, SECRET, DOWNWARD_API; PVC never */
	char	*name;		/* the object's name; NULL for downwardAPI */
	bool	 optional;
	bool	 missing;	/* optional and not in the files: contributes nothing */
	struct spec_mark mark;
};

struct volume_spec {
	char	*name;
	enum volume_type type;
	/* emptyDir */
	bool	 medium_memory;
	int64_t	 size_limit_bytes;	/* 0 = none */
	/* configMap, secret, downwardAPI, projected: the resolved payload */
	struct volume_source *sources;
	size_t	 n_sources;
	int	 default_mode;		/* 0644 */
	struct volume_file *files;
	size_t	 n_files;
	/* hostPath: path and type ("" = no check, "DirectoryOrCreate", ...);
	   persistentVolumeClaim: path = the claim's name */
	char	*path;
	char	*host_path_type;
	bool	 read_only;		/* persistentVolumeClaim.readOnly */
	bool	 claim_template;	/* PVC: from a StatefulSet's volumeClaimTemplates */
	struct spec_mark mark;
};

struct volume_mount {
	char	*name;
	size_t	 volume;	/* index into pod_spec.volumes */
	char	*mount_path;	/* absolute */
	char	*sub_path;	/* subPath, or subPathExpr expanded; NULL = whole volume */
	char	*sub_path_expr;	/* subPathExpr as written (describe), or NULL */
	bool	 read_only;	/* as written; configMap, secret, downwardAPI and
				   projected volumes are read-only anyway */
	struct spec_mark mark;
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

enum restart_policy {
	RESTART_ALWAYS = 0,
	RESTART_ON_FAILURE,
	RESTART_NEVER,
};

/* A container's restartPolicyRules entry (ContainerRestartRule): when the
 * exit code matches (operator In: among values; NotIn: not among them),
 * action decides. */
enum restart_rule_action {
	RULE_RESTART = 0,		/* "Restart": this container again */
	RULE_RESTART_ALL_CONTAINERS,	/* "RestartAllContainers" (1.35): every
					   container of the pod in place, init
					   containers first */
};

struct restart_rule {
	enum restart_rule_action action;
	bool	 not_in;	/* operator NotIn (else In) */
	int32_t	*values;
	size_t	 n_values;
	struct spec_mark mark;
};

struct container_spec {
	char	*name;
	char	**argv;		/* command+args ready to exec, NULL-terminated;
				   NULL when neither manifest nor command line gives one */
	size_t	 argc;
	bool	 has_command;	/* manifest gave `command` */
	/* SPEC §8: as written, for the API's v1.Pod (argv is what runs) */
	char	*image;		/* NULL when the manifest names none */
	char	**command;	/* before $(VAR) expansion */
	size_t	 n_command;
	char	**args;
	size_t	 n_args;
	char	*working_dir;	/* NULL = inherit podinit's start directory */
	struct env_var *env;	/* the final environment, resolved (SPEC §7) */
	size_t	 n_env;
	struct env_from_spec *env_from;
	size_t	 n_env_from;
	char	**env_notices;	/* kubelet's InvalidEnvironmentVariableNames
				   messages, emitted as Warning events at each start */
	size_t	 n_env_notices;
	struct volume_mount *mounts;
	size_t	 n_mounts;
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
	/* SPEC §7: the rest of resources, for resourceFieldRef.  As the API
	 * server stores them: a request that is not written takes the limit
	 * of the same resource (SetDefaults_Pod); has_*_limit tells a written
	 * 0 from none (an unset limit is the node's capacity for the Downward
	 * API). */
	bool	 has_cpu_limit, has_memory_limit, has_ephemeral_limit;
	int64_t	 ephemeral_limit_bytes;	/* limits.ephemeral-storage */
	int64_t	 cpu_request_milli;	/* requests.cpu; 0 = none */
	int64_t	 memory_request_bytes;	/* requests.memory */
	int64_t	 ephemeral_request_bytes;	/* requests.ephemeral-storage */
	char	*termination_message_path;	/* default /dev/termination-log */
	bool	 fallback_to_logs;	/* terminationMessagePolicy: FallbackToLogsOnError
					   (the default, File, is false) */
	bool	 tty;
	bool	 stdin_open;
	bool	 is_init;	/* from initContainers */
	bool	 is_sidecar;	/* init container with restartPolicy: Always */
	bool	 has_restart_rules;	/* the container's own restartPolicy (other
					   than a sidecar's Always) or restartPolicyRules
					   are written: pod_restart_decision runs them */
	/* SPEC §9 (K8S 1.34+ ContainerRestartRules): the container's own
	 * restartPolicy overrides the pod's; its rules are tried first, in
	 * order (podutil.ContainerShouldRestart).  A sidecar has
	 * has_restart_policy with RESTART_ALWAYS. */
	bool	 has_restart_policy;
	enum restart_policy restart_policy;
	struct restart_rule *restart_rules;
	size_t	 n_restart_rules;
	struct spec_mark mark;
};

/* ---- SPEC §9: a Job (or a CronJob's jobTemplate) as its controller
 * drives it on one node ----
 * The loader fills these from the JobSpec (validated as the API server's
 * batch validation); core/job_sm decides from them; the app runs one pod
 * after another, each decoded again with its own facts (a fresh uid, a
 * fresh name, its completion index). */
enum job_completion_mode {
	JOB_COMPLETION_NON_INDEXED = 0,
	JOB_COMPLETION_INDEXED,
};

enum job_rule_action {
	JOB_ACTION_FAIL_JOB = 0,
	JOB_ACTION_IGNORE,
	JOB_ACTION_COUNT,
	JOB_ACTION_FAIL_INDEX,		/* needs backoffLimitPerIndex */
};

enum job_exit_operator {
	JOB_EXIT_IN = 0,
	JOB_EXIT_NOT_IN,
};

/* podFailurePolicy.rules[].onPodConditions[] */
struct job_pod_condition {
	char	*type;
	char	*status;		/* "True", "False", "Unknown" (default "True") */
};

/* One podFailurePolicy rule: onExitCodes or onPodConditions, never both. */
struct job_failure_rule {
	enum job_rule_action action;
	bool	 has_exit_codes;
	char	*container_name;	/* onExitCodes.containerName; NULL = any */
	enum job_exit_operator op;
	int32_t	*values;		/* onExitCodes.values, ascending, unique */
	size_t	 n_values;
	struct job_pod_condition *conditions;	/* onPodConditions */
	size_t	 n_conditions;
	struct spec_mark mark;
};

struct job_spec {
	bool	 present;		/* the document is a Job or a CronJob */
	bool	 from_cronjob;		/* a CronJob's jobTemplate, run once */
	char	*name;			/* the Job's name: metadata.name, a CronJob's
					   "<name>-<scheduled minutes>" */
	char	*uid;			/* the Job's uid (pod_facts.job_uid) */
	int32_t	 backoff_limit;		/* default 6; MaxInt32 with backoffLimitPerIndex */
	int32_t	 completions;		/* default 1 */
	bool	 completions_set;	/* given (Indexed requires it) */
	int32_t	 parallelism;		/* default 1; read and noted: one pod at a time */
	enum job_completion_mode completion_mode;
	int32_t	 completion_index;	/* this pod's index when Indexed, else -1 */
	int64_t	 active_deadline_ns;	/* the Job's activeDeadlineSeconds; 0 = none */
	bool	 has_active_deadline;	/* activeDeadlineSeconds given: 0 is legal, and the
					   Job controller fails such a Job at once */
	bool	 has_backoff_limit_per_index;
	int32_t	 backoff_limit_per_index;	/* Indexed only */
	bool	 has_max_failed_indexes;
	int32_t	 max_failed_indexes;
	bool	 suspend;		/* spec.suspend: true runs no pod */
	bool	 has_failure_policy;
	struct job_failure_rule *rules;	/* podFailurePolicy.rules, in order */
	size_t	 n_rules;
	struct spec_mark mark;		/* the JobSpec, for messages */
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
	int64_t	 active_deadline_ns;	/* spec.activeDeadlineSeconds; 0 = none */
	bool	 has_security;
	struct secctx_spec security;
	/* SPEC §7 */
	char	*uid;			/* pod_facts.uid; NULL from the command line */
	char	*creation_timestamp;	/* pod_facts.creation_timestamp */
	struct spec_kv *labels;		/* the pod's (a workload's template's) */
	size_t	 n_labels;
	struct spec_kv *annotations;
	size_t	 n_annotations;
	char	*hostname;		/* spec.hostname, else the pod's name (63 at most) */
	char	*service_account_name;	/* spec.serviceAccountName, default "default" */
	bool	 share_process_namespace;
	struct config_object *configs;	/* the ConfigMaps and Secrets of the files */
	size_t	 n_configs;
	struct volume_spec *volumes;
	size_t	 n_volumes;
	/* initContainers first (in order), then containers: one array so
	 * indices are stable runtime ids.  n_init of them are init containers. */
	struct container_spec *containers;
	size_t	 n_containers;
	size_t	 n_init;
	struct job_spec job;		/* SPEC §9: .present for a Job or CronJob */
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
/* The value of key in a label or annotation list, or NULL. */
const char *spec_kv_get(const struct spec_kv *kv, size_t n, const char *key);
/* The ConfigMap or Secret `name` of the pod's namespace, or NULL. */
const struct config_object *spec_config_find(const struct pod_spec *p, enum config_kind kind,
	    const char *name);
/* Its entry `key`, or NULL. */
const struct config_entry *spec_config_entry(const struct config_object *o, const char *key);
const char *spec_config_kind_name(enum config_kind k);	/* "ConfigMap", "Secret" */
const char *spec_volume_type_name(enum volume_type t);	/* "emptyDir", "configMap", ... */
/* Does the variable's value come from a Secret (secretKeyRef, or envFrom a
 * secretRef)?  Then no renderer or dump may print it, only its source. */
bool	spec_env_from_secret(const struct container_spec *c, const struct env_var *e);

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
const char *spec_restart_rule_action_name(enum restart_rule_action a);	/* "Restart", ... */
const char *spec_handler_kind_name(enum handler_kind k);	/* "exec", "httpGet", ... */
const char *spec_job_completion_mode_name(enum job_completion_mode m);	/* "Indexed", ... */
const char *spec_job_action_name(enum job_rule_action a);	/* "FailJob", "Ignore", ... */
/* "Success", "Failure", "Unknown": kubelet's results.Result words, which
 * `podinit probe` prints. */
const char *spec_probe_result_name(enum probe_result r);
/* "successful", "failed", "unknown": the result label of kubelet's
 * prober_probe_total. */
const char *spec_probe_result_label(enum probe_result r);

#endif /* PODINIT_SPEC_H */
