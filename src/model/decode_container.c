/* decode_container: the Container type and its parts: ports, env,
 * command and args ($(VAR) expansion), resources; the probes, lifecycle
 * and security context are decoded by decode_handler.c and
 * decode_secctx.c.  Private to src/model/decode*.c (see
 * decode_internal.h). */
#include "decode_internal.h"

#include <stdio.h>
#include <string.h>

#include "podinit/apivalidate.h"
#include "podinit/cli.h"
#include "podinit/envresolve.h"

/* ---- resources ---- */

static bool
d_quantity(struct dctx *c, const struct ynode *n, const char *path, int64_t *milli)
{
	enum yscalar_type t;

	if (n->kind != YNODE_SCALAR || ((t = ynode_scalar_type(n)) != YS_STRING &&
	    t != YS_INT && t != YS_FLOAT)) {
		decode_err(c, n, path, "expected a quantity such as 128Mi or 500m, got %s",
		    ynode_describe(n));
		return false;
	}
	/* K8S: resource.ParseQuantity, MilliValue() (saturated). */
	if (apivalidate_quantity_milli(n->str, milli, NULL, 0) != NULL) {
		decode_err(c, n, path, "invalid quantity \"%s\" (expected e.g. 128Mi, 1G, 500m)",
		    n->str);
		return false;
	}
	if (*milli < 0) {
		decode_err(c, n, path, "must be greater than or equal to 0");
		return false;
	}
	return true;
}

/* K8S: Quantity.Value(): whole units, rounded up. */
static int64_t
milli_to_units(int64_t m)
{
	return m / 1000 + (m % 1000 != 0);
}

/* Decoding a container's resources: the limits, which bound the requests. */
struct resources_decode {
	struct container_spec *ct;
	int64_t	 cpu_limit, memory_limit;	/* milli-units; -1 = none */
	bool	 cpu_request, memory_request, ephemeral_request;	/* written */
};

static bool
resources_limits(struct dctx *c, const struct field_at *at)
{
	struct resources_decode *rd = at->object;
	const struct ynode *lim = at->value;
	char q[FIELDPATH_MAX];
	int64_t m;

	if (!want_map(c, lim, at->path))
		return true;
	for (size_t i = 0; i + 1 < lim->n; i += 2) {
		const struct ynode *k = lim->kids[i];
		if (k->kind != YNODE_SCALAR)
			continue;
		fieldpath_field(q, at->path, k->str);
		if (!d_quantity(c, lim->kids[i + 1], q, &m))
			continue;
		if (strcmp(k->str, "cpu") == 0) {
			rd->cpu_limit = m;
			rd->ct->cpu_limit_milli = m;
			rd->ct->has_cpu_limit = true;
		} else if (strcmp(k->str, "memory") == 0) {
			rd->memory_limit = m;
			rd->ct->memory_limit_bytes = milli_to_units(m);
			rd->ct->has_memory_limit = true;
		} else if (strcmp(k->str, "ephemeral-storage") == 0) {
			/* not enforced: read for resourceFieldRef */
			rd->ct->ephemeral_limit_bytes = milli_to_units(m);
			rd->ct->has_ephemeral_limit = true;
		} else {
			diag_add(c->d, DIAG_NOTE, k->line, k->col, q,
			    "resource limit ignored by podinit");
		}
	}
	return true;
}

static bool
resources_requests(struct dctx *c, const struct field_at *at)
{
	struct resources_decode *rd = at->object;
	const struct ynode *req = at->value;
	char q[FIELDPATH_MAX];
	int64_t m;

	if (!want_map(c, req, at->path))
		return true;
	for (size_t i = 0; i + 1 < req->n; i += 2) {
		const struct ynode *k = req->kids[i];
		if (k->kind != YNODE_SCALAR)
			continue;
		fieldpath_field(q, at->path, k->str);
		if (!d_quantity(c, req->kids[i + 1], q, &m))
			continue;
		/* K8S: ValidateResourceRequirements, request <= limit. */
		if (strcmp(k->str, "cpu") == 0 && rd->cpu_limit >= 0 && m > rd->cpu_limit)
			decode_err(c, req->kids[i + 1], q, "must be less than or equal to cpu limit");
		else if (strcmp(k->str, "memory") == 0 && rd->memory_limit >= 0 &&
		    m > rd->memory_limit)
			decode_err(c, req->kids[i + 1], q, "must be less than or equal to memory limit");
		/* read for resourceFieldRef (requests.*): podinit schedules nothing */
		if (strcmp(k->str, "cpu") == 0) {
			rd->ct->cpu_request_milli = m;
			rd->cpu_request = true;
		} else if (strcmp(k->str, "memory") == 0) {
			rd->ct->memory_request_bytes = milli_to_units(m);
			rd->memory_request = true;
		} else if (strcmp(k->str, "ephemeral-storage") == 0) {
			rd->ct->ephemeral_request_bytes = milli_to_units(m);
			rd->ephemeral_request = true;
		}
	}
	return true;
}

/* K8S: SetDefaults_Pod (core/v1/defaults.go): a request not written
 * takes the limit of the same resource. */
static bool
resources_request_defaults(struct dctx *c, const struct field_at *at)
{
	struct resources_decode *rd = at->object;
	struct container_spec *ct = rd->ct;

	(void)c;
	if (!rd->cpu_request && ct->has_cpu_limit)
		ct->cpu_request_milli = ct->cpu_limit_milli;
	if (!rd->memory_request && ct->has_memory_limit)
		ct->memory_request_bytes = ct->memory_limit_bytes;
	if (!rd->ephemeral_request && ct->has_ephemeral_limit)
		ct->ephemeral_request_bytes = ct->ephemeral_limit_bytes;
	return true;
}

static const struct field resources_rows[] = {
	F("limits", resources_limits), F("requests", resources_requests),
	RULE(resources_request_defaults),
};
const struct field_table resources_fields = TABLE("ResourceRequirements",
    resources_rows);

/* ---- containers ---- */

/* ContainerPort fields decode into a struct port_decode. */
struct port_decode {
	struct container_spec *ct;	/* the ports before this one */
	struct port_spec *ps;
};

static bool
port_container_port(struct dctx *c, const struct field_at *at)
{
	struct port_decode *pd = at->object;
	int64_t x;

	if (at->value == NULL)
		return required(c, at);
	if (!d_int(c, at->value, at->path, 1, 65535, &x))
		return false;
	pd->ps->container_port = (int)x;
	return true;
}

static bool
port_name(struct dctx *c, const struct field_at *at)
{
	struct port_decode *pd = at->object;
	struct port_spec *ps = pd->ps;
	const char *why;

	if (!d_str(c, at->value, at->path, &ps->name))
		return true;
	if ((why = port_name_problem(ps->name)) != NULL) {
		decode_err(c, at->value, at->path, "invalid port name \"%s\": %s", ps->name, why);
		ps->name = NULL;
	}
	for (size_t j = 0; ps->name && j < pd->ct->n_ports; j++)
		if (pd->ct->ports[j].name && strcmp(pd->ct->ports[j].name, ps->name) == 0)
			decode_err(c, at->value, at->path, "duplicate port name \"%s\"", ps->name);
	return true;
}

static bool
port_protocol(struct dctx *c, const struct field_at *at)
{
	struct port_spec *ps = ((struct port_decode *)at->object)->ps;

	ps->protocol = NULL;
	if (at->value && d_str(c, at->value, at->path, &ps->protocol) &&
	    strcmp(ps->protocol, "TCP") != 0 && strcmp(ps->protocol, "UDP") != 0 &&
	    strcmp(ps->protocol, "SCTP") != 0)
		decode_err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
		    "\"SCTP\", \"TCP\", \"UDP\"", ps->protocol);
	if (ps->protocol == NULL)
		ps->protocol = arena_strdup(c->a, "TCP");
	return true;
}

static const struct field port_rows[] = {
	F_ALWAYS("containerPort", port_container_port), F("name", port_name),
	F_ALWAYS("protocol", port_protocol),
};
const struct field_table port_fields = TABLE("ContainerPort", port_rows);

/* ---- env and envFrom, as written; envresolve makes the environment ---- */

/* Where an env or envFrom entry's reference is, for the messages about it. */
struct ref_at {
	const struct ynode *ref;	/* the source's mapping (or the entry) */
	const struct ynode *name, *key;	/* its name and key (a resourceFieldRef's
					   divisor) values; NULL when absent */
	char	*path;			/* the source's field path */
	const char *key_field;		/* "key", "divisor" */
};

/* EnvVar fields (and EnvVarSource's) decode into a struct env_decode; the
 * list adds the entry when every row was read. */
struct env_decode {
	struct env_var *decl;
	struct ref_at *at;
	const struct ynode *value_node;
	const char *value_field;	/* the row's name, for the expansion's message */
	int	 n_sources;		/* valueFrom's sources written */
};

static bool
env_name(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;
	char msg[APIVALIDATE_MSG_SIZE];

	if (at->value == NULL)
		return required(c, at);
	if (!d_str(c, at->value, at->path, &ed->decl->name))
		return false;
	/* K8S: ValidateEnv: IsRelaxedEnvVarName (1.35). */
	if (apivalidate_env_name(ed->decl->name, msg, sizeof msg) != NULL) {
		decode_err(c, at->value, at->path, "invalid environment variable name \"%s\"",
		    ed->decl->name);
		return false;
	}
	ed->decl->mark.line = at->value->line;
	ed->decl->mark.col = at->value->col;
	return true;
}

static bool
env_value(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	ed->value_node = at->value;
	ed->value_field = at->name;
	ed->decl->source = ENV_SOURCE_VALUE;
	return at->value == NULL || d_str(c, at->value, at->path, &ed->decl->value);
}

/* A source of valueFrom: its mapping decoded by table t; one source only. */
static bool
value_source(struct dctx *c, const struct field_at *at, enum env_source src,
    const struct field_table *t)
{
	struct env_decode *ed = at->object;

	if (++ed->n_sources > 1)
		return true;	/* said by value_from_one */
	ed->decl->source = src;
	ed->at->ref = at->value;
	ed->at->path = arena_strdup(c->a, at->path);
	return decode_object(c, at->value, at->path, t, ed);
}

/* A reference's required string (a selector's fieldPath, resource or
 * name), its node kept in ra for the messages about what it names. */
static bool
ref_string(struct dctx *c, const struct field_at *at, struct ref_at *ra, char **out)
{
	if (at->value == NULL)
		return required(c, at);
	ra->name = at->value;
	return d_str(c, at->value, at->path, out);
}

/* ObjectFieldSelector, ResourceFieldSelector, ConfigMapKeySelector,
 * SecretKeySelector: into the env_decode's decl. */
static bool
sel_field_path(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	return ref_string(c, at, ed->at, &ed->decl->ref);
}

static bool
sel_resource(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	return ref_string(c, at, ed->at, &ed->decl->ref);
}

static bool
sel_container_name(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	return d_str(c, at->value, at->path, &ed->decl->key);
}

/* A quantity as written: the schema took a string or a number. */
static bool
sel_divisor(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;
	const struct ynode *v = at->value;

	if (v->kind != YNODE_SCALAR) {
		decode_err(c, v, at->path, "expected a quantity such as 1Mi or 1m, got %s",
		    ynode_describe(v));
		return false;
	}
	ed->at->key = v;
	ed->at->key_field = at->name;
	return (ed->decl->divisor = arena_strdup(c->a, v->str)) != NULL;
}

static bool
sel_name(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	/* K8S: LocalObjectReference.name; the API server requires it for a
	 * key selector ("must specify a name"). */
	return ref_string(c, at, ed->at, &ed->decl->ref);
}

static bool
sel_key(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	if (at->value == NULL)
		return required(c, at);
	ed->at->key = at->value;
	ed->at->key_field = at->name;
	return d_str(c, at->value, at->path, &ed->decl->key);
}

static bool
sel_optional(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	d_bool(c, at->value, at->path, &ed->decl->optional);
	return true;
}

static const struct field field_selector_rows[] = {
	F_ALWAYS("fieldPath", sel_field_path),
};
const struct field_table field_selector_fields = TABLE("ObjectFieldSelector",
    field_selector_rows);

static const struct field resource_selector_rows[] = {
	F("containerName", sel_container_name), F_ALWAYS("resource", sel_resource),
	F("divisor", sel_divisor),
};
const struct field_table resource_selector_fields = TABLE("ResourceFieldSelector",
    resource_selector_rows);

static const struct field configmap_key_rows[] = {
	F_ALWAYS("name", sel_name), F_ALWAYS("key", sel_key), F("optional", sel_optional),
};
const struct field_table configmap_key_fields = TABLE("ConfigMapKeySelector",
    configmap_key_rows);

static const struct field secret_key_rows[] = {
	F_ALWAYS("name", sel_name), F_ALWAYS("key", sel_key), F("optional", sel_optional),
};
const struct field_table secret_key_fields = TABLE("SecretKeySelector",
    secret_key_rows);

static bool
value_from_field_ref(struct dctx *c, const struct field_at *at)
{
	return value_source(c, at, ENV_SOURCE_FIELD, &field_selector_fields);
}

static bool
value_from_resource_field_ref(struct dctx *c, const struct field_at *at)
{
	return value_source(c, at, ENV_SOURCE_RESOURCE, &resource_selector_fields);
}

static bool
value_from_configmap_key_ref(struct dctx *c, const struct field_at *at)
{
	return value_source(c, at, ENV_SOURCE_CONFIGMAP_KEY, &configmap_key_fields);
}

static bool
value_from_secret_key_ref(struct dctx *c, const struct field_at *at)
{
	return value_source(c, at, ENV_SOURCE_SECRET_KEY, &secret_key_fields);
}

/* K8S: validateEnvVarValueFrom: exactly one source. */
static bool
value_from_one(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	if (ed->n_sources == 1)
		return true;
	/* a misspelt source: the schema said so, and that is enough */
	for (size_t i = 0; ed->n_sources == 0 && i < at->map->n; i += 2)
		if (at->map->kids[i]->flags & YNODE_FLAG_REPORTED)
			return false;
	if (ed->n_sources == 0)
		decode_err(c, at->map, at->path, "must specify one of: `fieldRef`, "
		    "`resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`%s",
		    ynode_get(at->map, "fileKeyRef") ? " (fileKeyRef is not supported by podinit)" :
		    "");
	else
		decode_err(c, at->map, at->path, "may not have more than one field specified at a "
		    "time");
	return false;
}

static const struct field valuefrom_rows[] = {
	F("fieldRef", value_from_field_ref), F("resourceFieldRef", value_from_resource_field_ref),
	F("configMapKeyRef", value_from_configmap_key_ref),
	F("secretKeyRef", value_from_secret_key_ref), RULE(value_from_one),
};
const struct field_table valuefrom_fields = TABLE("EnvVarSource", valuefrom_rows);

/* The entry is left out (false) when valueFrom is not usable. */
static bool
env_value_from(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	if (ed->decl->value && *ed->decl->value) {
		decode_err(c, field_key(at), at->path, "may not be specified when `value` is not empty");
		return false;
	}
	ed->decl->value = NULL;
	return decode_object(c, at->value, at->path, &valuefrom_fields, ed);
}

static const struct field env_rows[] = {
	F_ALWAYS("name", env_name), F_ALWAYS("value", env_value), F("valueFrom", env_value_from),
};
const struct field_table env_fields = TABLE("EnvVar", env_rows);

/* EnvFromSource: configMapRef or secretRef (ConfigMapEnvSource,
 * SecretEnvSource: name, optional), prefix; into a struct from_decode. */
struct from_decode {
	struct env_from_spec *ef;
	struct ref_at *at;
	int	 n_sources;
};

static bool
from_ref_name(struct dctx *c, const struct field_at *at)
{
	struct from_decode *fd = at->object;

	return ref_string(c, at, fd->at, &fd->ef->name);
}

static bool
from_ref_optional(struct dctx *c, const struct field_at *at)
{
	struct from_decode *fd = at->object;

	d_bool(c, at->value, at->path, &fd->ef->optional);
	return true;
}

static const struct field configmap_env_rows[] = {
	F_ALWAYS("name", from_ref_name), F("optional", from_ref_optional),
};
const struct field_table configmap_env_fields = TABLE("ConfigMapEnvSource",
    configmap_env_rows);

static const struct field secret_env_rows[] = {
	F_ALWAYS("name", from_ref_name), F("optional", from_ref_optional),
};
const struct field_table secret_env_fields = TABLE("SecretEnvSource",
    secret_env_rows);

static bool
from_source(struct dctx *c, const struct field_at *at, enum config_kind kind,
    const struct field_table *t)
{
	struct from_decode *fd = at->object;

	if (++fd->n_sources > 1)
		return true;
	fd->ef->kind = kind;
	fd->at->ref = at->value;
	fd->at->path = arena_strdup(c->a, at->path);
	fd->ef->mark.line = at->value->line;
	fd->ef->mark.col = at->value->col;
	return decode_object(c, at->value, at->path, t, fd);
}

static bool
from_configmap_ref(struct dctx *c, const struct field_at *at)
{
	return from_source(c, at, CONFIG_CONFIGMAP, &configmap_env_fields);
}

static bool
from_secret_ref(struct dctx *c, const struct field_at *at)
{
	return from_source(c, at, CONFIG_SECRET, &secret_env_fields);
}

static bool
from_prefix(struct dctx *c, const struct field_at *at)
{
	struct from_decode *fd = at->object;
	char msg[APIVALIDATE_MSG_SIZE];

	if (!d_str(c, at->value, at->path, &fd->ef->prefix))
		return false;
	/* K8S: ValidateEnvFrom: the prefix is a valid name (relaxed) */
	if (fd->ef->prefix[0] == '\0')
		fd->ef->prefix = NULL;
	else if (apivalidate_env_name(fd->ef->prefix, msg, sizeof msg) != NULL) {
		decode_err(c, at->value, at->path, "invalid prefix \"%s\": %s", fd->ef->prefix, msg);
		return false;
	}
	return true;
}

/* K8S: ValidateEnvFrom: exactly one of configMapRef and secretRef. */
static bool
from_one(struct dctx *c, const struct field_at *at)
{
	struct from_decode *fd = at->object;

	if (fd->n_sources == 1)
		return true;
	for (size_t i = 0; fd->n_sources == 0 && i < at->map->n; i += 2)
		if (at->map->kids[i]->flags & YNODE_FLAG_REPORTED)
			return false;
	if (fd->n_sources == 0)
		decode_err(c, at->map, at->path, "must specify one of: `configMapRef` or `secretRef`");
	else
		decode_err(c, at->map, at->path, "may not have more than one field specified at a "
		    "time");
	return false;
}

static const struct field env_from_rows[] = {
	F("configMapRef", from_configmap_ref), F("secretRef", from_secret_ref),
	F("prefix", from_prefix), RULE(from_one),
};
const struct field_table env_from_fields = TABLE("EnvFromSource", env_from_rows);

/* Decoding a container: the model, and what the argv is built from once
 * the env is known. */
struct container_decode {
	struct container_spec *ct;
	const struct ynode *name_key;
	const struct ynode *command, *args;	/* NULL when absent */
	const char *command_field, *args_field;	/* the rows' names, for messages */
	char	**cmd, **arg;
	size_t	 n_cmd, n_arg;
	bool	 argv_failed;		/* command or args is not a list of strings */
	const struct ynode *restart_key;	/* restartPolicy, when written */
	const struct ynode *rules_key;		/* restartPolicyRules, when written */
	/* env and envFrom as written, resolved by container_env_resolve */
	const struct ynode *env_node;		/* the env list, for messages */
	struct env_var *decls;
	struct ref_at *env_at;			/* per decl */
	size_t	 n_decls;
	struct ref_at *from_at;			/* per ct->env_from */
	char	 path[FIELDPATH_MAX];		/* the container's */
	const struct ynode *node;		/* the container's mapping */
	bool	 stopped;			/* phase 1 stopped: no phase 2 */
};

static bool
container_name(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	struct container_spec *ct = cd->ct;

	cd->name_key = field_key(at);	/* also when its value is null */
	if (at->value == NULL) {
		required(c, at);
		return true;
	}
	if (!d_str(c, at->value, at->path, &ct->name))
		return true;
	ct->mark.line = at->value->line;
	ct->mark.col = at->value->col;
	if (!dns_label_ok(ct->name))
		decode_err(c, at->value, at->path, "invalid name \"%s\": a lowercase RFC 1123 label "
		    "must consist of lower case alphanumeric characters or '-', start and end "
		    "with an alphanumeric character, at most 63 characters", ct->name);
	return true;
}

/* K8S: validateContainerRestartPolicy (ContainerRestartRules, on in
 * 1.35): Always on an init container makes it a sidecar; any of the
 * three on another container is accepted, and so are restartPolicyRules.
 * Both are run (SPEC §9): pod_restart_decision tries the rules, then the
 * container's policy, then the pod's. */
static bool
container_restart_policy(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	struct container_spec *ct = cd->ct;
	char *rp;

	cd->restart_key = field_key(at);
	if (!d_str(c, at->value, at->path, &rp))
		return true;
	if (strcmp(rp, "Always") == 0)
		ct->restart_policy = RESTART_ALWAYS;
	else if (strcmp(rp, "OnFailure") == 0)
		ct->restart_policy = RESTART_ON_FAILURE;
	else if (strcmp(rp, "Never") == 0)
		ct->restart_policy = RESTART_NEVER;
	else {
		decode_err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
		    "\"Always\", \"Never\", \"OnFailure\"", rp);
		return true;
	}
	ct->has_restart_policy = true;
	if (ct->is_init && ct->restart_policy == RESTART_ALWAYS)
		ct->is_sidecar = true;
	else
		ct->has_restart_rules = true;
	return true;
}

/* ContainerRestartRuleOnExitCodes: into the rule (at->object). */
static bool
exit_codes_operator(struct dctx *c, const struct field_at *at)
{
	struct restart_rule *r = at->object;
	char *op;

	if (at->value == NULL)
		return required(c, at);
	if (!d_str(c, at->value, at->path, &op))
		return true;
	if (strcmp(op, "NotIn") == 0)
		r->not_in = true;
	else if (strcmp(op, "In") != 0)
		decode_err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
		    "\"In\", \"NotIn\"", op);
	return true;
}

static bool
exit_codes_values(struct dctx *c, const struct field_at *at)
{
	struct restart_rule *r = at->object;
	const struct ynode *v = at->value;
	char q[FIELDPATH_MAX];
	int64_t x;

	if (!want_seq(c, v, at->path))
		return true;
	if (v->n > 255) {
		decode_err(c, v, at->path, "must have at most 255 items (has %u)", v->n);
		return true;
	}
	if (v->n > 0 && (r->values = arena_alloc(c->a, v->n * sizeof *r->values)) == NULL) {
		decode_err(c, v, at->path, "out of memory");
		return true;
	}
	for (size_t i = 0; i < v->n; i++)
		if (d_int(c, v->kids[i], fieldpath_index(q, at->path, i), INT32_MIN, INT32_MAX, &x))
			r->values[r->n_values++] = (int32_t)x;
	return true;
}

static const struct field exit_codes_rows[] = {
	F_ALWAYS("operator", exit_codes_operator), F("values", exit_codes_values),
};
const struct field_table exit_codes_fields = TABLE("ContainerRestartRuleOnExitCodes",
    exit_codes_rows);

/* ContainerRestartRule: into the rule (at->object).  K8S 1.35: the
 * actions are Restart and RestartAllContainers
 * (RestartAllContainersOnContainerExits). */
static bool
restart_rule_action(struct dctx *c, const struct field_at *at)
{
	struct restart_rule *r = at->object;
	char *action;

	if (at->value == NULL)
		return required(c, at);
	if (!d_str(c, at->value, at->path, &action))
		return true;
	if (strcmp(action, "Restart") == 0)
		r->action = RULE_RESTART;
	else if (strcmp(action, "RestartAllContainers") == 0)
		r->action = RULE_RESTART_ALL_CONTAINERS;
	else
		decode_err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
		    "\"Restart\", \"RestartAllContainers\"", action);
	return true;
}

static bool
restart_rule_exit_codes(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL) {
		decode_err(c, at->map, at->path, "Required value: must be specified");
		return true;
	}
	decode_object(c, at->value, at->path, &exit_codes_fields, at->object);
	return true;
}

static const struct field restart_rule_rows[] = {
	F_ALWAYS("action", restart_rule_action), F_ALWAYS("exitCodes", restart_rule_exit_codes),
};
const struct field_table restart_rule_fields = TABLE("ContainerRestartRule", restart_rule_rows);

static bool
container_restart_policy_rules(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	struct container_spec *ct = cd->ct;
	const struct ynode *v = at->value;
	char q[FIELDPATH_MAX];

	cd->rules_key = field_key(at);
	if (!want_seq(c, v, at->path))
		return true;
	if (v->n > 20) {
		decode_err(c, v, at->path, "must have at most 20 items (has %u)", v->n);
		return true;
	}
	if (v->n == 0)
		return true;
	if ((ct->restart_rules = arena_alloc(c->a, v->n * sizeof *ct->restart_rules)) == NULL) {
		decode_err(c, v, at->path, "out of memory");
		return true;
	}
	for (size_t i = 0; i < v->n; i++) {
		struct restart_rule *r = &ct->restart_rules[ct->n_restart_rules];

		r->mark.line = v->kids[i]->line;
		r->mark.col = v->kids[i]->col;
		if (decode_object(c, v->kids[i], fieldpath_index(q, at->path, i),
		    &restart_rule_fields, r))
			ct->n_restart_rules++;
	}
	ct->has_restart_rules = true;
	return true;
}

/* K8S: restartPolicyRules need a container restartPolicy ("must specify
 * restartPolicy when restart rules are used"), sidecars included. */
static bool
container_restart_rule(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	char p[FIELDPATH_MAX];

	if (cd->rules_key != NULL && cd->restart_key == NULL && cd->ct->restart_rules != NULL)
		decode_err(c, cd->rules_key, fieldpath_field(p, at->path, "restartPolicy"),
		    "Required value: must specify restartPolicy when restart rules are used");
	return true;
}

/* command and args are lists of strings; they are expanded into the argv
 * by container_argv, after the env. */
static bool
container_image(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	(void)d_str(c, at->value, at->path, &ct->image);
	return true;
}

static bool
container_command(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;

	cd->command = at->value;
	cd->command_field = at->name;
	if (!d_strlist(c, at->value, at->path, &cd->cmd, &cd->n_cmd))
		cd->argv_failed = true;
	return true;
}

static bool
container_args(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;

	cd->args = at->value;
	cd->args_field = at->name;
	if (!d_strlist(c, at->value, at->path, &cd->arg, &cd->n_arg))
		cd->argv_failed = true;
	return true;
}

static bool
container_working_dir(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	if (d_str(c, at->value, at->path, &ct->working_dir) && ct->working_dir[0] == '\0')
		ct->working_dir = NULL;
	return true;
}

static bool
container_env(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	const struct ynode *n = at->value;
	char p[FIELDPATH_MAX];

	if (!want_seq(c, n, at->path))
		return true;
	cd->env_node = n;
	cd->decls = arena_alloc(c->a, (n->n + 1) * sizeof *cd->decls);
	cd->env_at = arena_alloc(c->a, (n->n + 1) * sizeof *cd->env_at);
	if (cd->decls == NULL || cd->env_at == NULL) {
		decode_err(c, n, at->path, "out of memory");
		return true;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *e = n->kids[i];
		struct env_decode ed = {
			.decl = &cd->decls[cd->n_decls], .at = &cd->env_at[cd->n_decls],
		};
		size_t j;

		/* the slot of an entry left out before is reused */
		memset(ed.decl, 0, sizeof *ed.decl);
		memset(ed.at, 0, sizeof *ed.at);

		fieldpath_index(p, at->path, i);
		if (!decode_object(c, e, p, &env_fields, &ed))
			continue;
		ed.at->ref = ed.at->ref ? ed.at->ref : e;
		if (ed.at->path == NULL)
			ed.at->path = arena_strdup(c->a, p);
		for (j = 0; j < cd->n_decls; j++)
			if (strcmp(cd->decls[j].name, ed.decl->name) == 0)
				break;
		/* K8S: the API server's warning (warnings.go): "hides previous
		 * definition"; the later one wins */
		if (j < cd->n_decls)
			decode_warn(c, e, p, "duplicate environment variable %s: the last value wins",
			    ed.decl->name);
		cd->n_decls++;
	}
	return true;
}

static bool
container_env_from(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	struct container_spec *ct = cd->ct;
	const struct ynode *n = at->value;
	char p[FIELDPATH_MAX];

	if (!want_seq(c, n, at->path))
		return true;
	ct->env_from = arena_alloc(c->a, (n->n + 1) * sizeof *ct->env_from);
	cd->from_at = arena_alloc(c->a, (n->n + 1) * sizeof *cd->from_at);
	if (ct->env_from == NULL || cd->from_at == NULL) {
		decode_err(c, n, at->path, "out of memory");
		return true;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct from_decode fd = {
			.ef = &ct->env_from[ct->n_env_from], .at = &cd->from_at[ct->n_env_from],
		};

		memset(fd.ef, 0, sizeof *fd.ef);
		memset(fd.at, 0, sizeof *fd.at);

		if (decode_object(c, n->kids[i], fieldpath_index(p, at->path, i), &env_from_fields,
		    &fd))
			ct->n_env_from++;
	}
	return true;
}

/* A refusal of envresolve, said at the reference. */
struct resolve_ctx {
	struct dctx *c;
	struct container_decode *cd;
};

static void
env_refused(void *ctx, bool from, size_t index, bool about_key, const char *msg)
{
	struct resolve_ctx *rc = ctx;
	const struct ref_at *ra = from ? &rc->cd->from_at[index] : &rc->cd->env_at[index];
	const struct ynode *n = about_key && ra->key ? ra->key : ra->name ? ra->name : ra->ref;
	char p[FIELDPATH_MAX];

	if (ra->path == NULL)	/* out of memory while decoding it */
		p[0] = '\0';
	else if (about_key && ra->key)
		fieldpath_field(p, ra->path, ra->key_field);
	else if (ra->name)
		fieldpath_field(p, ra->path, "name");
	else
		snprintf(p, sizeof p, "%s", ra->path);
	/* valueFrom.fieldRef's and resourceFieldRef's "name" is its path */
	if (!from && !about_key && ra->name && ra->path && (rc->cd->decls[index].source == ENV_SOURCE_FIELD ||
	    rc->cd->decls[index].source == ENV_SOURCE_RESOURCE))
		fieldpath_field(p, ra->path, rc->cd->decls[index].source == ENV_SOURCE_FIELD ?
		    "fieldPath" : "resource");
	decode_err(rc->c, n, p, "%s", msg);
}

/* K8S: addCompletionIndexEnvVariable: an Indexed Job's controller
 * appends JOB_COMPLETION_INDEX to every container (and init container)
 * that does not declare it. */
static void
container_job_index_env(struct dctx *c, struct container_decode *cd)
{
	const struct env_var *jv = d_job_index_env(c);
	struct env_var *decls;
	struct ref_at *ats;

	if (jv == NULL)
		return;
	for (size_t i = 0; i < cd->n_decls; i++)
		if (strcmp(cd->decls[i].name, jv->name) == 0)
			return;
	decls = arena_alloc(c->a, (cd->n_decls + 1) * sizeof *decls);
	ats = arena_alloc(c->a, (cd->n_decls + 1) * sizeof *ats);
	if (decls == NULL || ats == NULL) {
		decode_err(c, cd->node, cd->path, "out of memory");
		return;
	}
	if (cd->n_decls > 0) {
		memcpy(decls, cd->decls, cd->n_decls * sizeof *decls);
		memcpy(ats, cd->env_at, cd->n_decls * sizeof *ats);
	}
	decls[cd->n_decls] = *jv;
	cd->decls = decls;
	cd->env_at = ats;
	cd->n_decls++;
}

/* The environment, once the container's resources (and the pod's config
 * objects and identity) are known, before what expands against it. */
static bool
container_env_resolve(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	struct resolve_ctx rc = { .c = c, .cd = cd };

	container_job_index_env(c, cd);

	if (envresolve(c->a, c->pod, c->n_ctrs, d_facts(c), cd->ct, cd->decls, cd->n_decls,
	    env_refused, &rc) < 0)
		decode_err(c, at->map, at->path, "out of memory");
	return true;
}

static bool
container_volume_mounts(struct dctx *c, const struct field_at *at)
{
	d_volume_mounts(c, at->value, at->path, ((struct container_decode *)at->object)->ct);
	return true;
}

static bool
container_ports(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;
	const struct ynode *n = at->value;
	char p[FIELDPATH_MAX];

	if (!want_seq(c, n, at->path))
		return true;
	ct->ports = arena_alloc(c->a, (n->n + 1) * sizeof *ct->ports);
	if (ct->ports == NULL)
		return true;
	for (size_t i = 0; i < n->n; i++) {
		struct port_decode pd = { .ct = ct, .ps = &ct->ports[ct->n_ports] };

		if (decode_object(c, n->kids[i], fieldpath_index(p, at->path, i), &port_fields, &pd))
			ct->n_ports++;
	}
	return true;
}

/* The CMD ARG... of --command NAME=..., or NULL. */
static const char *
command_for(struct dctx *c, const char *name)
{
	size_t nl = strlen(name);

	for (size_t i = 0; i < c->o->n_commands; i++) {
		const char *e = c->o->commands[i];
		if (strncmp(e, name, nl) == 0 && e[nl] == '=')
			return e + nl + 1;
	}
	return NULL;
}

/* argv: expanded manifest command + expanded args; without command the
 * --command of the container or the command line after "--" (verbatim,
 * never expanded) + expanded args. */
static bool
container_argv(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	struct container_spec *ct = cd->ct;
	const struct ynode *what_at = cd->name_key ? cd->name_key : at->map;
	char p[FIELDPATH_MAX];
	size_t ncli = 0, k = 0;
	const char *entry;
	char **words = NULL;

	if (cd->argv_failed)
		return true;
	/* As written, for the API (the words themselves are not changed
	 * by the expansion: it returns new strings). */
	if (cd->n_cmd > 0 && (ct->command = arena_alloc(c->a, cd->n_cmd * sizeof *ct->command)))
		memcpy(ct->command, cd->cmd, (ct->n_command = cd->n_cmd) * sizeof *ct->command);
	if (cd->n_arg > 0 && (ct->args = arena_alloc(c->a, cd->n_arg * sizeof *ct->args)))
		memcpy(ct->args, cd->arg, (ct->n_args = cd->n_arg) * sizeof *ct->args);
	for (size_t i = 0; i < cd->n_cmd; i++)
		if ((cd->cmd[i] = decode_expand(c->a, cd->cmd[i], ct->env, ct->n_env)) == NULL) {
			decode_err(c, cd->command->kids[i], fieldpath_field(p, at->path, cd->command_field),
			    "$(VAR) expansion is too long");
			return true;
		}
	for (size_t i = 0; i < cd->n_arg; i++)
		if ((cd->arg[i] = decode_expand(c->a, cd->arg[i], ct->env, ct->n_env)) == NULL) {
			decode_err(c, cd->args->kids[i], fieldpath_field(p, at->path, cd->args_field),
			    "$(VAR) expansion is too long");
			return true;
		}
	ct->has_command = cd->command != NULL && cd->n_cmd > 0;
	/* --command NAME='CMD ARG...': the image's entrypoint, which a
	 * manifest's command replaces (as kubelet's); else the command line
	 * after "--" */
	entry = ct->name ? command_for(c, ct->name) : NULL;
	if (entry != NULL && ct->has_command) {
		decode_warn(c, what_at, at->path, "--command %s: not used: the manifest's `command` "
		    "replaces the image's entrypoint", ct->name);
		entry = NULL;
	}
	if (entry != NULL) {
		int nw = cli_split_words(entry, c->a, &words);
		if (nw < 0) {
			decode_err(c, what_at, at->path, "--command %s: unterminated quote", ct->name);
			return true;
		}
		if (nw == 0) {
			decode_err(c, what_at, at->path, "--command %s: needs a command", ct->name);
			return true;
		}
		ncli = (size_t)nw;
	} else if (!ct->has_command && c->o->cli_argv) {
		while (c->o->cli_argv[ncli])
			ncli++;
		words = (char **)c->o->cli_argv;
	}
	if (!ct->has_command && ncli == 0) {
		const char *what = "no command: set `command` in the manifest, or give one with "
		    "--command NAME='CMD ARG...' or after `--` (podinit cannot read the image's "
		    "entrypoint)";
		if (c->o->check_only)
			decode_warn(c, what_at, at->path, "%s", what);
		else
			decode_err(c, what_at, at->path, "%s", what);
		return true;
	}
	size_t total = (ct->has_command ? cd->n_cmd : ncli) + cd->n_arg;
	ct->argv = arena_alloc(c->a, (total + 1) * sizeof *ct->argv);
	if (ct->argv == NULL)
		return true;
	if (ct->has_command)
		for (size_t i = 0; i < cd->n_cmd; i++)
			ct->argv[k++] = cd->cmd[i];
	else
		for (size_t i = 0; i < ncli; i++)
			ct->argv[k++] = entry ? words[i] : arena_strdup(c->a, words[i]);
	for (size_t i = 0; i < cd->n_arg; i++)
		ct->argv[k++] = cd->arg[i];
	ct->argv[k] = NULL;
	ct->argc = k;
	return true;
}

/* Probes and lifecycle hooks run only in regular containers and sidecars:
 * false (and said) in a plain init container. */
static bool
hooks_allowed(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	if (ct->is_init && !ct->is_sidecar) {
		decode_err(c, field_key(at), at->path,
		    "may not be set for init containers without restartPolicy=Always");
		return false;
	}
	return true;
}

static bool
container_probe(struct dctx *c, const struct field_at *at, enum probe_type t)
{
	if (hooks_allowed(c, at))
		d_probe(c, at->value, at->path, ((struct container_decode *)at->object)->ct, t);
	return true;
}

static bool
container_liveness_probe(struct dctx *c, const struct field_at *at)
{
	return container_probe(c, at, PROBE_LIVENESS);
}

static bool
container_readiness_probe(struct dctx *c, const struct field_at *at)
{
	return container_probe(c, at, PROBE_READINESS);
}

static bool
container_startup_probe(struct dctx *c, const struct field_at *at)
{
	return container_probe(c, at, PROBE_STARTUP);
}

static bool
container_lifecycle(struct dctx *c, const struct field_at *at)
{
	if (hooks_allowed(c, at))
		decode_object(c, at->value, at->path, &lifecycle_fields,
		    ((struct container_decode *)at->object)->ct);
	return true;
}

static bool
container_security_context(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	ct->has_security = true;
	d_secctx(c, at->value, at->path, &ct->security, &secctx_fields);
	return true;
}

static bool
container_resources(struct dctx *c, const struct field_at *at)
{
	struct resources_decode rd = {
		.ct = ((struct container_decode *)at->object)->ct,
		.cpu_limit = -1,
		.memory_limit = -1,
	};

	decode_object(c, at->value, at->path, &resources_fields, &rd);
	return true;
}

static bool
container_termination_message_path(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	if (at->value)
		d_str(c, at->value, at->path, &ct->termination_message_path);
	if (ct->termination_message_path == NULL || ct->termination_message_path[0] == '\0')
		ct->termination_message_path = arena_strdup(c->a, "/dev/termination-log");
	return true;
}

/* The schema refused any other value than File and FallbackToLogsOnError. */
static bool
container_termination_message_policy(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;
	char *policy;

	if (d_str(c, at->value, at->path, &policy))
		ct->fallback_to_logs = strcmp(policy, "FallbackToLogsOnError") == 0;
	return true;
}

static bool
container_tty(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	d_bool(c, at->value, at->path, &ct->tty);
	return true;
}

static bool
container_stdin(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	d_bool(c, at->value, at->path, &ct->stdin_open);
	return true;
}

/* restartPolicy (sidecar or not) before the probes and hooks, the env
 * and ports before what resolves against them. */
static const struct field container_rows[] = {
	/* phase 1, every container: what is written, and the resources
	 * another container's resourceFieldRef may read */
	F_ALWAYS("name", container_name), F("restartPolicy", container_restart_policy),
	F("restartPolicyRules", container_restart_policy_rules), RULE(container_restart_rule),
	F("image", container_image), F("command", container_command),
	F("args", container_args), F("workingDir", container_working_dir), F("env", container_env),
	F("envFrom", container_env_from), F("ports", container_ports),
	F("resources", container_resources),
	/* phase 2: the environment, then what expands against it */
	RULE(container_env_resolve),
	RULE(container_argv), F("livenessProbe", container_liveness_probe),
	F("readinessProbe", container_readiness_probe),
	F("startupProbe", container_startup_probe), F("lifecycle", container_lifecycle),
	F("securityContext", container_security_context),
	F("volumeMounts", container_volume_mounts),
	F_ALWAYS("terminationMessagePath", container_termination_message_path),
	F("terminationMessagePolicy", container_termination_message_policy),
	F("tty", container_tty), F("stdin", container_stdin),
};
const struct field_table container_fields = TABLE("Container", container_rows);

/* The rows before container_env_resolve (phase 1), and from it on. */
static size_t
container_phase1_rows(void)
{
	size_t i = 0;

	while (i < NELEM(container_rows) && container_rows[i].decode != container_env_resolve)
		i++;
	return i;
}

struct container_decode *
d_container_begin(struct dctx *c, const struct ynode *n, const char *path,
    struct container_spec *ct, bool init)
{
	struct container_decode *cd = arena_alloc(c->a, sizeof *cd);
	struct field_table phase1 = { "Container", container_rows, container_phase1_rows() };

	spec_container_defaults(ct);
	ct->is_init = init;
	ct->mark.line = n->line;
	ct->mark.col = n->col;
	if (cd == NULL) {
		decode_err(c, n, path, "out of memory");
		return NULL;
	}
	cd->ct = ct;
	cd->node = n;
	snprintf(cd->path, sizeof cd->path, "%s", path);
	if (!check_fields(c, n, path, &container_fields) || !decode_fields(c, n, path, &phase1, cd))
		cd->stopped = true;
	return cd;
}

void
d_container_end(struct dctx *c, struct container_decode *cd)
{
	size_t k = container_phase1_rows();
	struct field_table phase2 = { "Container", container_rows + k, NELEM(container_rows) - k };

	if (cd == NULL || cd->stopped)
		return;
	decode_fields(c, cd->node, cd->path, &phase2, cd);
}
