/* envresolve: a container's environment as kubelet's
 * makeEnvironmentVariables (pkg/kubelet/kubelet_pods.go) builds it.
 * K8S, in order:
 *   1. envFrom, entry by entry: the object (configMapRef: its `data`, not
 *      binaryData; secretRef: its data), a missing one skipped when
 *      optional, else the load fails with the manager's NotFound error
 *      (`configmap "x" not found`, `secret "x" not found`: the
 *      resource names of pkg/kubelet/configmap and pkg/kubelet/secret's
 *      managers are singular); each key with the prefix, kept when it is a
 *      valid name (IsRelaxedEnvVarName, GA in 1.34), else listed in one
 *      InvalidEnvironmentVariableNames event per entry.
 *   2. env, entry by entry: a non-empty `value` expanded against what is
 *      set so far; else valueFrom: fieldRef (podFieldSelectorRuntimeValue),
 *      resourceFieldRef (limits defaulted to the node's allocatable),
 *      configMapKeyRef / secretKeyRef (`couldn't find key K in ConfigMap
 *      NS/NAME`; optional: no variable at all).  Resolved values are not
 *      expanded.
 * kubelet keeps the result in a map (its order is Go's map order); podinit
 * keeps the order of first definition, a later definition replacing the
 * value in place, which is what `kubectl describe` lists. */
#include "podinit/envresolve.h"

#include <stdio.h>
#include <string.h>

#include "podinit/apivalidate.h"
#include "podinit/decode.h"
#include "podinit/fieldref.h"

/* The environment being built. */
struct env_build {
	struct env_var *v;
	size_t	 n, cap;
};

/* Set name: a new variable at the end, or the one of that name replaced
 * in place.  NULL when full (cannot happen: sized by the caller). */
static struct env_var *
env_set(struct env_build *b, const char *name)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->v[i].name, name) == 0) {
			struct env_var *e = &b->v[i];
			char *keep = e->name;
			memset(e, 0, sizeof *e);
			e->name = keep;
			return e;
		}
	if (b->n == b->cap)
		return NULL;
	memset(&b->v[b->n], 0, sizeof b->v[b->n]);
	return &b->v[b->n++];
}

static bool
env_find(const struct env_build *b, const char *name)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->v[i].name, name) == 0)
			return true;
	return false;
}

static const struct container_spec *
find_container(const struct pod_spec *pod, size_t n_ctrs, const char *name)
{
	for (size_t i = 0; i < n_ctrs; i++)
		if (pod->containers[i].name && strcmp(pod->containers[i].name, name) == 0)
			return &pod->containers[i];
	return NULL;
}

/* K8S: the notice kubelet records (ReasonInvalidEnvironmentVariableNames). */
static char *
invalid_keys_notice(struct arena *a, const struct config_object *o, const char *prefix,
    size_t n_invalid)
{
	size_t total = 256 + strlen(o->namespace) + strlen(o->name);
	size_t plen = prefix ? strlen(prefix) : 0;
	char *s, *p;
	bool first = true;

	for (size_t i = 0; i < o->n_entries; i++)
		total += plen + strlen(o->entries[i].key) + 2;
	if ((s = arena_alloc(a, total)) == NULL)
		return NULL;
	p = s + sprintf(s, "Keys [");
	/* the entries are sorted by key, and a common prefix keeps the order:
	 * sort.Strings of the invalid ones */
	for (size_t i = 0; i < o->n_entries && n_invalid > 0; i++) {
		const struct config_entry *e = &o->entries[i];
		char name[600];

		if (o->kind == CONFIG_CONFIGMAP && e->binary)
			continue;
		snprintf(name, sizeof name, "%s%s", prefix ? prefix : "", e->key);
		if (apivalidate_env_name(name, NULL, 0) == NULL)
			continue;
		p += sprintf(p, "%s%s", first ? "" : ", ", name);
		first = false;
	}
	sprintf(p, "] from the EnvFrom %s %s/%s were skipped since they are considered invalid "
	    "environment variable names.", o->kind == CONFIG_SECRET ? "secret" : "configMap",
	    o->namespace, o->name);
	return s;
}

static int
env_from_one(struct arena *a, const struct pod_spec *pod, struct container_spec *ct,
    size_t i, struct env_build *b, char **notices, size_t *n_notices, envresolve_error_fn *err,
    void *ctx)
{
	const struct env_from_spec *ef = &ct->env_from[i];
	const struct config_object *o = spec_config_find(pod, ef->kind, ef->name);
	size_t n_invalid = 0;
	char msg[512];

	if (o == NULL) {
		if (ef->optional)
			return 0;
		snprintf(msg, sizeof msg, "%s \"%s\" not found", ef->kind == CONFIG_SECRET ?
		    "secret" : "configmap", ef->name);
		err(ctx, true, i, false, msg);
		return 1;
	}
	for (size_t k = 0; k < o->n_entries; k++) {
		const struct config_entry *e = &o->entries[k];
		struct env_var *v;
		char *name;
		size_t plen = ef->prefix ? strlen(ef->prefix) : 0;

		if (o->kind == CONFIG_CONFIGMAP && e->binary)
			continue;	/* K8S: configMap.Data only */
		if ((name = arena_alloc(a, plen + strlen(e->key) + 1)) == NULL)
			return -1;
		if (plen)
			memcpy(name, ef->prefix, plen);
		strcpy(name + plen, e->key);
		if (apivalidate_env_name(name, NULL, 0) != NULL) {
			n_invalid++;
			continue;
		}
		if ((v = env_set(b, name)) == NULL)
			return -1;
		if (v->name == NULL)
			v->name = name;
		v->value = e->value;
		v->source = ENV_SOURCE_ENV_FROM;
		v->ref = ef->name;
		v->key = e->key;
		v->optional = ef->optional;
		v->from = i;
		v->mark = ef->mark;
	}
	if (n_invalid > 0) {
		if ((notices[*n_notices] = invalid_keys_notice(a, o, ef->prefix, n_invalid)) == NULL)
			return -1;
		(*n_notices)++;
	}
	return 0;
}

/* One env entry's value: 0 and *out (NULL: absent, optional), 1 after a
 * refusal, -1 out of memory. */
static int
env_value(struct arena *a, const struct pod_spec *pod, size_t n_ctrs, const struct pod_facts *f,
    const struct container_spec *ct, const struct env_build *b, const struct env_var *d,
    size_t i, char **out, envresolve_error_fn *err, void *ctx)
{
	const struct config_object *o;
	const struct config_entry *e;
	const struct container_spec *target;
	enum config_kind kind;
	char msg[512];
	bool about_key = false;

	*out = NULL;
	switch (d->source) {
	case ENV_SOURCE_VALUE:
	case ENV_SOURCE_ENV_FROM:
		if (d->value == NULL || d->value[0] == '\0')
			return (*out = arena_strdup(a, "")) ? 0 : -1;
		*out = decode_expand(a, d->value, b->v, b->n);
		if (*out == NULL) {
			err(ctx, false, i, false, "$(VAR) expansion is too long");
			return 1;
		}
		return 0;
	case ENV_SOURCE_FIELD:
		*out = fieldref_value(a, pod, f, d->ref, false, msg, sizeof msg);
		break;
	case ENV_SOURCE_RESOURCE:
		target = ct;
		if (d->key != NULL && d->key[0] != '\0' &&
		    (target = find_container(pod, n_ctrs, d->key)) == NULL) {
			/* K8S: findContainerInPod */
			snprintf(msg, sizeof msg, "container %s not found", d->key);
			break;
		}
		*out = fieldref_resource_value(a, target, f, d->ref, d->divisor, msg, sizeof msg);
		/* the divisor's fault is said at the divisor */
		about_key = *out == NULL && strncmp(msg, "invalid divisor", 15) == 0;
		break;
	case ENV_SOURCE_CONFIGMAP_KEY:
	case ENV_SOURCE_SECRET_KEY:
		kind = d->source == ENV_SOURCE_SECRET_KEY ? CONFIG_SECRET : CONFIG_CONFIGMAP;
		if ((o = spec_config_find(pod, kind, d->ref)) == NULL) {
			if (d->optional)
				return 0;
			snprintf(msg, sizeof msg, "%s \"%s\" not found", kind == CONFIG_SECRET ?
			    "secret" : "configmap", d->ref);
			err(ctx, false, i, false, msg);
			return 1;
		}
		e = spec_config_entry(o, d->key);
		if (e == NULL || (kind == CONFIG_CONFIGMAP && e->binary)) {
			if (d->optional)
				return 0;
			snprintf(msg, sizeof msg, "couldn't find key %s in %s %s/%s", d->key,
			    spec_config_kind_name(kind), o->namespace, o->name);
			err(ctx, false, i, true, msg);
			return 1;
		}
		*out = e->value;
		return 0;
	}
	if (*out == NULL) {
		if (strcmp(msg, "out of memory") == 0)
			return -1;
		err(ctx, false, i, about_key, msg);
		return 1;
	}
	return 0;
}

int
envresolve(struct arena *a, const struct pod_spec *pod, size_t n_ctrs,
    const struct pod_facts *f, struct container_spec *ct, const struct env_var *decls,
    size_t n_decls, envresolve_error_fn *err, void *ctx)
{
	struct env_build b = { 0 };
	size_t cap = n_decls;
	int refused = 0, r;

	if (f == NULL)
		f = envresolve_placeholder_facts();
	for (size_t i = 0; i < ct->n_env_from; i++) {
		const struct config_object *o = spec_config_find(pod, ct->env_from[i].kind,
		    ct->env_from[i].name);
		if (o != NULL)
			cap += o->n_entries;
	}
	if ((b.v = arena_alloc(a, (cap + 1) * sizeof *b.v)) == NULL)
		return -1;
	b.cap = cap;
	if (ct->n_env_from > 0 &&
	    (ct->env_notices = arena_alloc(a, ct->n_env_from * sizeof *ct->env_notices)) == NULL)
		return -1;
	ct->n_env_notices = 0;
	for (size_t i = 0; i < ct->n_env_from; i++) {
		if ((r = env_from_one(a, pod, ct, i, &b, ct->env_notices, &ct->n_env_notices, err,
		    ctx)) < 0)
			return -1;
		refused += r;
	}
	for (size_t i = 0; i < n_decls; i++) {
		const struct env_var *d = &decls[i];
		struct env_var *v;
		char *val;

		if ((r = env_value(a, pod, n_ctrs, f, ct, &b, d, i, &val, err, ctx)) < 0)
			return -1;
		refused += r;
		if (r > 0)
			continue;
		/* K8S: an optional reference that finds nothing `continue`s:
		 * what an earlier entry set stays.  Kept as absent only when
		 * there is none, for describe. */
		if (val == NULL && env_find(&b, d->name))
			continue;
		if ((v = env_set(&b, d->name)) == NULL)
			return -1;
		if (v->name == NULL)
			v->name = d->name;
		v->value = val ? val : "";
		v->raw = d->source == ENV_SOURCE_VALUE ? (d->value ? d->value : v->value) : NULL;
		v->absent = val == NULL;
		v->source = d->source;
		v->ref = d->ref;
		v->key = d->key;
		v->divisor = d->divisor;
		v->optional = d->optional;
		v->mark = d->mark;
	}
	ct->env = b.v;
	ct->n_env = b.n;
	return refused;
}

const struct pod_facts *
envresolve_placeholder_facts(void)
{
	static const char *const ips[] = { "10.0.0.1" };
	static const struct pod_facts f = {
		.uid = "00000000-0000-4000-8000-000000000000",
		.creation_timestamp = "1970-01-01T00:00:00Z",
		.node_name = "node",
		.host_ips = ips,
		.n_host_ips = 1,
		.pod_ips = ips,
		.n_pod_ips = 1,
		.cpu_milli = 1000,
		.memory_bytes = 1LL << 30,
		.ephemeral_storage_bytes = 10LL << 30,
		.job_uid = "00000000-0000-4000-8000-000000000001",
		.name_suffix = "xxxxx",
		.job_index = 0,
		.scheduled_minutes = 0,
	};

	return &f;
}
