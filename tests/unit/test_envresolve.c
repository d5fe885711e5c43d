/* Unit tests: envresolve, a container's environment as kubelet's
 * makeEnvironmentVariables builds it: envFrom first (prefix, optional,
 * invalid keys skipped with kubelet's notice), then env in order ($(VAR)
 * against what is set so far, $$, undefined references kept), a later
 * definition replacing an earlier one in place, every valueFrom source,
 * optional references that find nothing, and kubelet's words for what is
 * missing. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "podinit/envresolve.h"

static struct config_entry cm_entries[] = {
	{ "1st", "one", 3, false }, { "APP_MODE", "prod", 4, false },
	{ "bad=key", "x", 1, false }, { "bin", "\x01", 1, true }, { "LOG", "debug", 5, false },
};
static struct config_entry secret_entries[] = {
	{ "password", "hunter2", 7, false }, { "user", "admin", 5, false },
};
static struct config_object configs[] = {
	{ CONFIG_CONFIGMAP, "web-config", "default", NULL, cm_entries, 5, "t.yaml", 1, { 0, 0 } },
	{ CONFIG_SECRET, "web-secret", "default", "Opaque", secret_entries, 2, "t.yaml", 2,
	    { 0, 0 } },
};

static struct container_spec ctrs[2];

static void
pod_init(struct pod_spec *p)
{
	memset(p, 0, sizeof *p);
	p->name = "web";
	p->namespace = "default";
	p->service_account_name = "default";
	p->configs = configs;
	p->n_configs = 2;
	spec_container_defaults(&ctrs[0]);
	spec_container_defaults(&ctrs[1]);
	ctrs[0].name = "app";
	ctrs[1].name = "side";
	ctrs[1].has_memory_limit = true;
	ctrs[1].memory_limit_bytes = 64 << 20;
	p->containers = ctrs;
	p->n_containers = 2;
}

/* What envresolve refused, one line per refusal. */
struct refusals {
	char	 text[1024];
	int	 n;
};

static void
refused(void *ctx, bool from, size_t index, bool about_key, const char *msg)
{
	struct refusals *r = ctx;
	size_t len = strlen(r->text);

	snprintf(r->text + len, sizeof r->text - len, "%s[%zu]%s: %s\n", from ? "envFrom" : "env",
	    index, about_key ? ".key" : "", msg);
	r->n++;
}

static const char *
get(const struct container_spec *ct, const char *name)
{
	for (size_t i = 0; i < ct->n_env; i++)
		if (strcmp(ct->env[i].name, name) == 0)
			return ct->env[i].absent ? "(absent)" : ct->env[i].value;
	return NULL;
}

/* Criterion runs a parameterised test in a new process: parameters hold
 * their strings (a pointer into the parent would not do). */
struct pdecl {
	enum env_source source;
	char	 name[8], value[16], ref[40], key[16], divisor[8];
	bool	 optional;
};

static struct env_var
decl_of(const struct pdecl *d)
{
	struct env_var v = {
		.name = (char *)d->name, .value = (char *)d->value, .source = d->source,
		.ref = d->ref[0] ? (char *)d->ref : NULL, .key = d->key[0] ? (char *)d->key : NULL,
		.divisor = d->divisor[0] ? (char *)d->divisor : NULL, .optional = d->optional,
	};
	return v;
}

#define PVAL(n, v) { .source = ENV_SOURCE_VALUE, .name = n, .value = v }
#define PFIELD(n, p) { .source = ENV_SOURCE_FIELD, .name = n, .ref = p }
#define PCMKEY(n, o, k, opt) { .source = ENV_SOURCE_CONFIGMAP_KEY, .name = n, .ref = o, \
	.key = k, .optional = opt }
#define PSKEY(n, o, k, opt) { .source = ENV_SOURCE_SECRET_KEY, .name = n, .ref = o, .key = k, \
	.optional = opt }
#define PRES(n, r, c, d) { .source = ENV_SOURCE_RESOURCE, .name = n, .ref = r, .key = c, \
	.divisor = d }

#define VAL(n, v) { .name = n, .value = v, .source = ENV_SOURCE_VALUE }
#define FIELD(n, p) { .name = n, .source = ENV_SOURCE_FIELD, .ref = p }
#define CMKEY(n, o, k, opt) { .name = n, .source = ENV_SOURCE_CONFIGMAP_KEY, .ref = o, \
	.key = k, .optional = opt }
#define SKEY(n, o, k, opt) { .name = n, .source = ENV_SOURCE_SECRET_KEY, .ref = o, .key = k, \
	.optional = opt }
#define RES(n, r, c, d) { .name = n, .source = ENV_SOURCE_RESOURCE, .ref = r, .key = c, \
	.divisor = d }

Test(envresolve, precedence_and_order)
{
	struct arena a = { 0 };
	struct pod_spec p;
	struct container_spec *ct = &ctrs[0];
	struct env_from_spec from[] = {
		{ CONFIG_CONFIGMAP, "web-config", NULL, false, { 3, 5 } },
		{ CONFIG_SECRET, "web-secret", "DB_", false, { 4, 5 } },
	};
	struct env_var decls[] = {
		VAL("LOG", "info"),			/* replaces envFrom's LOG in place */
		VAL("URL", "$(DB_user)@$(HOST)"),	/* HOST is defined later: kept */
		VAL("HOST", "h"),
		VAL("LIT", "$$(LOG) $$$(LOG) $(NOPE) $"),
		VAL("EMPTY", ""),
		CMKEY("MODE", "web-config", "APP_MODE", false),
		SKEY("PW", "web-secret", "password", false),
		VAL("FROM_SECRET", "$(PW)"),
		CMKEY("OPT", "web-config", "missing", true),
		CMKEY("LOG", "absent-config", "x", true),	/* optional: LOG stays */
		CMKEY("RAW", "web-config", "APP_MODE", false),
	};
	struct refusals r = { "", 0 };
	const char *order[] = { "1st", "APP_MODE", "LOG", "DB_password", "DB_user", "URL", "HOST",
		"LIT", "EMPTY", "MODE", "PW", "FROM_SECRET", "OPT", "RAW" };

	pod_init(&p);
	ct->env_from = from;
	ct->n_env_from = 2;
	cr_assert_eq(envresolve(&a, &p, 2, NULL, ct, decls, sizeof decls / sizeof decls[0],
	    refused, &r), 0, "%s", r.text);
	cr_assert_eq(ct->n_env, sizeof order / sizeof order[0]);
	for (size_t i = 0; i < ct->n_env; i++)
		cr_assert_str_eq(ct->env[i].name, order[i], "env[%zu] %s", i, ct->env[i].name);
	cr_assert_str_eq(get(ct, "1st"), "one");	/* relaxed names: a digit first is valid */
	cr_assert_str_eq(get(ct, "LOG"), "info");
	cr_assert_eq(ct->env[2].source, ENV_SOURCE_VALUE);
	cr_assert_str_eq(get(ct, "URL"), "admin@$(HOST)");
	cr_assert_str_eq(ct->env[5].raw, "$(DB_user)@$(HOST)", "describe shows it as written");
	cr_assert_null(ct->env[9].raw);
	cr_assert_str_eq(get(ct, "LIT"), "$(LOG) $info $(NOPE) $");
	cr_assert_str_eq(get(ct, "EMPTY"), "");
	cr_assert_str_eq(get(ct, "MODE"), "prod");
	cr_assert_str_eq(get(ct, "PW"), "hunter2");
	cr_assert_str_eq(get(ct, "FROM_SECRET"), "hunter2");
	cr_assert_str_eq(get(ct, "OPT"), "(absent)");
	cr_assert_null(get(ct, "bin"), "binaryData is not env");
	/* the sources, for describe */
	cr_assert_eq(ct->env[3].source, ENV_SOURCE_ENV_FROM);
	cr_assert_eq(ct->env[3].from, 1);
	cr_assert_str_eq(ct->env[3].key, "password");
	cr_assert_eq(ct->env[10].source, ENV_SOURCE_SECRET_KEY);
	cr_assert_str_eq(ct->env[10].ref, "web-secret");
	/* kubelet's notice, for the invalid key */
	cr_assert_eq(ct->n_env_notices, 1);
	cr_assert_str_eq(ct->env_notices[0], "Keys [bad=key] from the EnvFrom configMap "
	    "default/web-config were skipped since they are considered invalid environment "
	    "variable names.");
	arena_free(&a);
}

Test(envresolve, prefix_makes_keys_invalid)
{
	struct arena a = { 0 };
	struct pod_spec p;
	struct container_spec *ct = &ctrs[0];
	struct env_from_spec from[] = { { CONFIG_SECRET, "web-secret", "A=", false, { 1, 1 } } };
	struct refusals r = { "", 0 };

	pod_init(&p);
	ct->env_from = from;
	ct->n_env_from = 1;
	cr_assert_eq(envresolve(&a, &p, 2, NULL, ct, NULL, 0, refused, &r), 0);
	cr_assert_eq(ct->n_env, 0);
	cr_assert_str_eq(ct->env_notices[0], "Keys [A=password, A=user] from the EnvFrom secret "
	    "default/web-secret were skipped since they are considered invalid environment "
	    "variable names.");
	arena_free(&a);
}

struct mcase {
	struct pdecl decl;
	bool	 from_missing;	/* an envFrom of a missing configmap instead */
	char	 want[200];
};

ParameterizedTestParameters(envresolve, missing)
{
	static struct mcase c[] = {
		{ PCMKEY("A", "nope", "k", false), false, "env[0]: configmap \"nope\" not found\n" },
		{ PSKEY("A", "nope", "k", false), false, "env[0]: secret \"nope\" not found\n" },
		{ PCMKEY("A", "web-config", "K", false), false, "env[0].key: couldn't find key K in "
		  "ConfigMap default/web-config\n" },
		{ PCMKEY("A", "web-config", "bin", false), false, "env[0].key: couldn't find key bin "
		  "in ConfigMap default/web-config\n" },
		{ PSKEY("A", "web-secret", "token", false), false, "env[0].key: couldn't find key "
		  "token in Secret default/web-secret\n" },
		{ PFIELD("A", "status.phase"), false, "env[0]: unsupported value \"status.phase\"" },
		{ PRES("A", "limits.cpu", "ghost", ""), false, "env[0]: container ghost not found\n" },
		{ PRES("A", "limits.cpu", "", "3"), false, "env[0].key: invalid divisor \"3\"" },
		{ PVAL("A", ""), true, "envFrom[0]: configmap \"nope\" not found\n" },
	};
	return cr_make_param_array(struct mcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct mcase *c, envresolve, missing)
{
	struct arena a = { 0 };
	struct pod_spec p;
	struct container_spec *ct = &ctrs[0];
	struct env_from_spec from[] = { { CONFIG_CONFIGMAP, "nope", NULL, false, { 1, 1 } } };
	struct refusals r = { "", 0 };

	pod_init(&p);
	ct->env_from = c->from_missing ? from : NULL;
	ct->n_env_from = c->from_missing ? 1 : 0;
	struct env_var d = decl_of(&c->decl);

	cr_assert_eq(envresolve(&a, &p, 2, NULL, ct, &d, 1, refused, &r), 1, "%s", r.text);
	cr_assert(strncmp(r.text, c->want, strlen(c->want)) == 0, "%s", r.text);
	arena_free(&a);
}

struct vcase {
	struct pdecl decl;
	char	 want[64];
};

ParameterizedTestParameters(envresolve, value_from)
{
	static struct vcase c[] = {
		{ PFIELD("A", "metadata.name"), "web" },
		{ PFIELD("A", "metadata.namespace"), "default" },
		{ PFIELD("A", "metadata.uid"), "00000000-0000-4000-8000-000000000000" },
		{ PFIELD("A", "spec.nodeName"), "node" },
		{ PFIELD("A", "spec.serviceAccountName"), "default" },
		{ PFIELD("A", "status.podIP"), "10.0.0.1" },
		{ PFIELD("A", "status.hostIPs"), "10.0.0.1" },
		{ PFIELD("A", "metadata.labels['none']"), "" },
		{ PRES("A", "limits.cpu", "", "1m"), "1000" },	/* the placeholder node's */
		{ PRES("A", "limits.memory", "side", "1Mi"), "64" },
		{ PRES("A", "limits.memory", "side", ""), "67108864" },
		{ PRES("A", "requests.memory", "side", "1Ki"), "0" },
		{ PSKEY("A", "web-secret", "user", true), "admin" },
		{ PSKEY("A", "missing", "user", true), "(absent)" },
		{ PVAL("A", "$(A)"), "$(A)" },
	};
	return cr_make_param_array(struct vcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct vcase *c, envresolve, value_from)
{
	struct arena a = { 0 };
	struct pod_spec p;
	struct container_spec *ct = &ctrs[0];
	struct refusals r = { "", 0 };

	pod_init(&p);
	ct->env_from = NULL;
	ct->n_env_from = 0;
	struct env_var d = decl_of(&c->decl);

	cr_assert_eq(envresolve(&a, &p, 2, NULL, ct, &d, 1, refused, &r), 0, "%s", r.text);
	cr_assert_str_eq(get(ct, "A"), c->want, "%s: %s", c->decl.ref,
	    get(ct, "A"));
	arena_free(&a);
}
