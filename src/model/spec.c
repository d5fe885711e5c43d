/* spec: Kubernetes defaults for the Pod model, and its names. */
#include "podinit/spec.h"

#include <string.h>

#include "podinit/units.h"

int64_t
spec_seconds_to_ns(int64_t seconds)
{
	if (seconds <= 0)
		return 0;
	if (seconds >= SPEC_DURATION_MAX_NS / NS_PER_SEC)
		return SPEC_DURATION_MAX_NS;
	return seconds * NS_PER_SEC;
}

void
spec_handler_defaults(struct handler_spec *h)
{
	memset(h, 0, sizeof *h);
}

int
spec_handler_default_host(struct handler_spec *h, struct arena *a)
{
	switch (h->kind) {
	case HANDLER_HTTP_GET:
	case HANDLER_TCP_SOCKET:
	case HANDLER_GRPC:
		if (h->host == NULL || h->host[0] == '\0')
			h->host = arena_strdup(a, SPEC_DEFAULT_HOST);
		return h->host != NULL ? 0 : -1;
	case HANDLER_NONE:
	case HANDLER_EXEC:
	case HANDLER_SLEEP:
		break;
	}
	return 0;
}

void
spec_probe_defaults(struct probe_spec *p)
{
	memset(p, 0, sizeof *p);
	p->timeout_ns = 1 * NS_PER_SEC;
	p->period_ns = 10 * NS_PER_SEC;
	p->success_threshold = 1;
	p->failure_threshold = 3;
}

void
spec_container_defaults(struct container_spec *c)
{
	memset(c, 0, sizeof *c);
	for (int t = 0; t < PROBE_TYPE_COUNT; t++)
		spec_probe_defaults(&c->probes[t]);
	c->security.run_as_non_root = -1;
	c->security.allow_privilege_escalation = -1;
	c->security.privileged = -1;
	c->security.read_only_root_filesystem = -1;
}

void
spec_pod_defaults(struct pod_spec *p)
{
	memset(p, 0, sizeof *p);
	p->restart_policy = RESTART_ALWAYS;
	p->termination_grace_ns = 30 * NS_PER_SEC;
	p->security.run_as_non_root = -1;
	p->security.allow_privilege_escalation = -1;
	p->security.privileged = -1;
	p->security.read_only_root_filesystem = -1;
	p->job.completion_index = -1;
}

void
spec_apply_overrides(struct pod_spec *p, const struct spec_overrides *o)
{
	if (o->has_restart)
		p->restart_policy = o->restart;
	if (o->has_grace)
		p->termination_grace_ns = o->grace_ns;
	if (o->seccomp_root != NULL)
		p->seccomp_root = arena_strdup(&p->arena, o->seccomp_root);
}

void
spec_free(struct pod_spec *p)
{
	arena_free(&p->arena);
	p->containers = NULL;
	p->n_containers = 0;
	p->n_init = 0;
}

const char *
spec_probe_type_name(enum probe_type t)
{
	switch (t) {
	case PROBE_LIVENESS: return "Liveness";
	case PROBE_READINESS: return "Readiness";
	case PROBE_STARTUP: return "Startup";
	case PROBE_TYPE_COUNT: break;
	}
	return "?";
}

const char *
spec_restart_policy_name(enum restart_policy r)
{
	switch (r) {
	case RESTART_ALWAYS: return "Always";
	case RESTART_ON_FAILURE: return "OnFailure";
	case RESTART_NEVER: return "Never";
	}
	return "?";
}

const char *
spec_restart_rule_action_name(enum restart_rule_action a)
{
	switch (a) {
	case RULE_RESTART: return "Restart";
	case RULE_RESTART_ALL_CONTAINERS: return "RestartAllContainers";
	}
	return "?";
}

const char *
spec_job_completion_mode_name(enum job_completion_mode m)
{
	return m == JOB_COMPLETION_INDEXED ? "Indexed" : "NonIndexed";
}

const char *
spec_job_action_name(enum job_rule_action a)
{
	switch (a) {
	case JOB_ACTION_FAIL_JOB: return "FailJob";
	case JOB_ACTION_IGNORE: return "Ignore";
	case JOB_ACTION_COUNT: return "Count";
	case JOB_ACTION_FAIL_INDEX: return "FailIndex";
	}
	return "?";
}

const char *
spec_handler_kind_name(enum handler_kind k)
{
	switch (k) {
	case HANDLER_NONE: return "none";
	case HANDLER_EXEC: return "exec";
	case HANDLER_HTTP_GET: return "httpGet";
	case HANDLER_TCP_SOCKET: return "tcpSocket";
	case HANDLER_GRPC: return "grpc";
	case HANDLER_SLEEP: return "sleep";
	}
	return "?";
}

const char *
spec_probe_result_name(enum probe_result r)
{
	switch (r) {
	case PROBE_SUCCESS: return "Success";
	case PROBE_FAILURE: return "Failure";
	case PROBE_UNKNOWN: return "Unknown";
	}
	return "Unknown";
}

const char *
spec_probe_result_label(enum probe_result r)
{
	switch (r) {
	case PROBE_SUCCESS: return "successful";
	case PROBE_FAILURE: return "failed";
	case PROBE_UNKNOWN: return "unknown";
	}
	return "unknown";
}

const struct config_object *
spec_config_find(const struct pod_spec *p, enum config_kind kind, const char *name)
{
	for (size_t i = 0; i < p->n_configs; i++) {
		const struct config_object *o = &p->configs[i];

		if (o->kind == kind && strcmp(o->name, name) == 0 &&
		    strcmp(o->namespace, p->namespace ? p->namespace : "default") == 0)
			return o;
	}
	return NULL;
}

const char *
spec_kv_get(const struct spec_kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].value;
	return NULL;
}

/* Entries are sorted by key (the loader's promise): a binary search. */
const struct config_entry *
spec_config_entry(const struct config_object *o, const char *key)
{
	size_t lo = 0, hi = o->n_entries;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(o->entries[mid].key, key);

		if (c == 0)
			return &o->entries[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
spec_config_kind_name(enum config_kind k)
{
	return k == CONFIG_SECRET ? "Secret" : "ConfigMap";
}

bool
spec_env_from_secret(const struct container_spec *c, const struct env_var *e)
{
	if (e->source == ENV_SOURCE_SECRET_KEY)
		return true;
	/* An envFrom index out of range: unknown, so treated as secret. */
	return e->source == ENV_SOURCE_ENV_FROM && (e->from >= c->n_env_from ||
	    c->env_from[e->from].kind == CONFIG_SECRET);
}

const char *
spec_volume_type_name(enum volume_type t)
{
	switch (t) {
	case VOLUME_EMPTY_DIR: return "emptyDir";
	case VOLUME_CONFIGMAP: return "configMap";
	case VOLUME_SECRET: return "secret";
	case VOLUME_DOWNWARD_API: return "downwardAPI";
	case VOLUME_PROJECTED: return "projected";
	case VOLUME_HOST_PATH: return "hostPath";
	case VOLUME_PVC: return "persistentVolumeClaim";
	}
	return "?";
}
