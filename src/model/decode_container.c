/* decode_container: the Container type and its parts: ports, env,
 * command and args ($(VAR) expansion), resources; the probes, lifecycle
 * and security context are decoded by decode_handler.c and
 * decode_secctx.c.  Private to src/model/decode*.c (see
 * decode_internal.h). */
#include "decode_internal.h"

#include <string.h>

#include "podinit/apivalidate.h"

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

/* EnvVar fields decode into a struct env_decode; the list adds the
 * variable when every row was read. */
struct env_decode {
	char	*name;
	char	*value;			/* as written, NULL when absent */
	const struct ynode *value_node;
	const char *value_field;	/* the row's name, for the expansion's message */
};

static bool
env_name(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	if (at->value == NULL)
		return required(c, at);
	if (!d_str(c, at->value, at->path, &ed->name))
		return false;
	if (ed->name[0] == '\0' || strchr(ed->name, '=') != NULL) {
		decode_err(c, at->value, at->path, "invalid environment variable name \"%s\"", ed->name);
		return false;
	}
	return true;
}

static bool
env_value(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	ed->value_node = at->value;
	ed->value_field = at->name;
	return at->value == NULL || d_str(c, at->value, at->path, &ed->value);
}

/* No row: podinit resolves none of valueFrom's sources (the schema
 * validates them; each is a note for -v). */
const struct field_table valuefrom_fields = { "EnvVarSource", NULL, 0 };

/* The variable is left out (false) either way. */
static bool
env_value_from(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	if (ed->value && *ed->value) {
		decode_err(c, field_key(at), at->path, "may not be specified when `value` is not empty");
		return false;
	}
	if (check_fields(c, at->value, at->path, &valuefrom_fields))
		decode_warn(c, field_key(at), at->path, "cannot be resolved outside Kubernetes; %s is "
		    "not set", ed->name);
	return false;
}

static const struct field env_rows[] = {
	F_ALWAYS("name", env_name), F_ALWAYS("value", env_value), F("valueFrom", env_value_from),
};
const struct field_table env_fields = TABLE("EnvVar", env_rows);

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
 * podinit validates them but does not run them (issue 16): the pod's
 * restartPolicy applies, and container_restart_rule says so. */
static bool
container_restart_policy(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	struct container_spec *ct = cd->ct;
	char *rp;

	cd->restart_key = field_key(at);
	if (!d_str(c, at->value, at->path, &rp))
		return true;
	if (strcmp(rp, "Always") != 0 && strcmp(rp, "OnFailure") != 0 && strcmp(rp, "Never") != 0)
		decode_err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
		    "\"Always\", \"Never\", \"OnFailure\"", rp);
	else if (ct->is_init && strcmp(rp, "Always") == 0)
		ct->is_sidecar = true;
	else
		ct->has_restart_rules = true;
	return true;
}

/* ContainerRestartRuleOnExitCodes fields decode into nothing. */
static bool
exit_codes_operator(struct dctx *c, const struct field_at *at)
{
	char *op;

	if (at->value == NULL)
		return required(c, at);
	if (d_str(c, at->value, at->path, &op) && strcmp(op, "In") != 0 && strcmp(op, "NotIn") != 0)
		decode_err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
		    "\"In\", \"NotIn\"", op);
	return true;
}

static bool
exit_codes_values(struct dctx *c, const struct field_at *at)
{
	const struct ynode *v = at->value;
	char q[FIELDPATH_MAX];
	int64_t x;

	if (!want_seq(c, v, at->path))
		return true;
	if (v->n > 255) {
		decode_err(c, v, at->path, "must have at most 255 items (has %u)", v->n);
		return true;
	}
	for (size_t i = 0; i < v->n; i++)
		d_int(c, v->kids[i], fieldpath_index(q, at->path, i), INT32_MIN, INT32_MAX, &x);
	return true;
}

static const struct field exit_codes_rows[] = {
	F_ALWAYS("operator", exit_codes_operator), F("values", exit_codes_values),
};
const struct field_table exit_codes_fields = TABLE("ContainerRestartRuleOnExitCodes",
    exit_codes_rows);

/* ContainerRestartRule fields decode into nothing. */
static bool
restart_rule_action(struct dctx *c, const struct field_at *at)
{
	char *action;

	if (at->value == NULL)
		return required(c, at);
	if (d_str(c, at->value, at->path, &action) && strcmp(action, "Restart") != 0)
		decode_err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
		    "\"Restart\"", action);
	return true;
}

static bool
restart_rule_exit_codes(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL) {
		decode_err(c, at->map, at->path, "Required value: must be specified");
		return true;
	}
	decode_object(c, at->value, at->path, &exit_codes_fields, NULL);
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
	const struct ynode *v = at->value;
	char q[FIELDPATH_MAX];

	cd->rules_key = field_key(at);
	if (!want_seq(c, v, at->path))
		return true;
	if (v->n > 20) {
		decode_err(c, v, at->path, "must have at most 20 items (has %u)", v->n);
		return true;
	}
	for (size_t i = 0; i < v->n; i++)
		decode_object(c, v->kids[i], fieldpath_index(q, at->path, i), &restart_rule_fields, NULL);
	if (v->n > 0)
		cd->ct->has_restart_rules = true;
	return true;
}

/* K8S: restartPolicyRules need a container restartPolicy ("must specify
 * restartPolicy when restart rules are used").  Either on a container
 * that is not a sidecar: validated, not run, and said. */
static bool
container_restart_rule(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	char p[FIELDPATH_MAX];

	if (cd->rules_key != NULL && cd->restart_key == NULL && cd->ct->has_restart_rules) {
		decode_err(c, cd->rules_key, fieldpath_field(p, at->path, "restartPolicy"),
		    "Required value: must specify restartPolicy when restart rules are used");
		return true;
	}
	if (cd->ct->has_restart_rules)
		decode_warn(c, cd->restart_key ? cd->restart_key : cd->rules_key, at->path,
		    "a container's own restartPolicy and restartPolicyRules are not run by "
		    "podinit yet: the pod's restartPolicy (%s) applies",
		    spec_restart_policy_name(c->pod->restart_policy));
	return true;
}

/* command and args are lists of strings; they are expanded into the argv
 * by container_argv, after the env. */
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
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;
	const struct ynode *n = at->value;
	char p[FIELDPATH_MAX], q[FIELDPATH_MAX];

	if (!want_seq(c, n, at->path))
		return true;
	ct->env = arena_alloc(c->a, (n->n + 1) * sizeof *ct->env);
	if (ct->env == NULL)
		return true;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *e = n->kids[i];
		struct env_decode ed = { 0 };
		char *val;
		size_t j;

		fieldpath_index(p, at->path, i);
		if (!decode_object(c, e, p, &env_fields, &ed))
			continue;
		/* K8S: each value is expanded against the entries before it. */
		val = decode_expand(c->a, ed.value ? ed.value : "", ct->env, ct->n_env);
		if (val == NULL) {
			decode_err(c, ed.value_node, fieldpath_field(q, p, ed.value_field),
			    "$(VAR) expansion is too long");
			continue;
		}
		for (j = 0; j < ct->n_env; j++)
			if (strcmp(ct->env[j].name, ed.name) == 0)
				break;
		if (j < ct->n_env) {
			decode_warn(c, e, p, "duplicate environment variable %s: the last value wins",
			    ed.name);
			ct->env[j].value = val;
			continue;
		}
		ct->env[ct->n_env].name = ed.name;
		ct->env[ct->n_env].value = val;
		ct->n_env++;
	}
	return true;
}

static bool
container_env_from(struct dctx *c, const struct field_at *at)
{
	decode_warn(c, field_key(at), at->path, "cannot be resolved outside Kubernetes; ignored");
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

/* argv: expanded manifest command + expanded args; without command the
 * command line after "--" (verbatim) + expanded args. */
static bool
container_argv(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	struct container_spec *ct = cd->ct;
	const struct ynode *what_at = cd->name_key ? cd->name_key : at->map;
	char p[FIELDPATH_MAX];
	size_t ncli = 0, k = 0;

	if (cd->argv_failed)
		return true;
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
	if (!ct->has_command && c->o->cli_argv)
		while (c->o->cli_argv[ncli])
			ncli++;
	if (!ct->has_command && ncli == 0) {
		const char *what = "no command: set `command` in the manifest or give one "
		    "after `--` (podinit cannot read the image's entrypoint)";
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
			ct->argv[k++] = arena_strdup(c->a, c->o->cli_argv[i]);
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
	F_ALWAYS("name", container_name), F("restartPolicy", container_restart_policy),
	F("restartPolicyRules", container_restart_policy_rules), RULE(container_restart_rule),
	F("command", container_command), F("args", container_args),
	F("workingDir", container_working_dir), F("env", container_env),
	I_WARN("envFrom", container_env_from), F("ports", container_ports),
	RULE(container_argv), F("livenessProbe", container_liveness_probe),
	F("readinessProbe", container_readiness_probe),
	F("startupProbe", container_startup_probe), F("lifecycle", container_lifecycle),
	F("securityContext", container_security_context),
	F("resources", container_resources), F("volumeMounts", container_volume_mounts),
	F_ALWAYS("terminationMessagePath", container_termination_message_path),
	F("tty", container_tty), F("stdin", container_stdin),
};
const struct field_table container_fields = TABLE("Container", container_rows);

void
d_container(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct,
    bool init)
{
	struct container_decode cd = { .ct = ct };

	spec_container_defaults(ct);
	ct->is_init = init;
	ct->mark.line = n->line;
	ct->mark.col = n->col;
	decode_object(c, n, path, &container_fields, &cd);
}
