/* Unit tests: fieldref, the Downward API's values (every fieldPath in the
 * env and the volume context, subscripts, FormatMap's quoting) and
 * resourceFieldRef (unset limits from the facts, requests, divisors and
 * rounding up, the API server's refusals). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "podinit/fieldref.h"

static struct spec_kv labels[] = { { "tier", "web" }, { "app", "shop" } };
static struct spec_kv annotations[] = {
	{ "note", "say \"hi\"\n\tback\\slash" }, { "example.com/Owner", "ops" },
};
static const char *const host_ips[] = { "10.0.0.5", "fd00::5" };

static void
fixture(struct pod_spec *p, struct pod_facts *f)
{
	memset(p, 0, sizeof *p);
	memset(f, 0, sizeof *f);
	p->name = "web";
	p->namespace = "shop";
	p->service_account_name = "builder";
	p->labels = labels;
	p->n_labels = 2;
	p->annotations = annotations;
	p->n_annotations = 2;
	f->uid = "3f0b8c1e-2d4a-4e6b-9c8d-0a1b2c3d4e5f";
	f->node_name = "laptop";
	f->host_ips = host_ips;
	f->n_host_ips = 2;
	f->pod_ips = host_ips;
	f->n_pod_ips = 2;
	f->cpu_milli = 4000;
	f->memory_bytes = 8LL << 30;
	f->ephemeral_storage_bytes = 100LL << 30;
}

struct fcase {
	char	 path[64];
	bool	 volume;
	char	 want[160];	/* the value, or the start of the error after '!' */
};

ParameterizedTestParameters(fieldref, value)
{
	static struct fcase c[] = {
		{ "metadata.name", false, "web" },
		{ "metadata.namespace", false, "shop" },
		{ "metadata.uid", false, "3f0b8c1e-2d4a-4e6b-9c8d-0a1b2c3d4e5f" },
		{ "metadata.labels['app']", false, "shop" },
		{ "metadata.labels['missing']", false, "" },
		{ "metadata.annotations['example.com/Owner']", false, "ops" },
		{ "spec.nodeName", false, "laptop" },
		{ "spec.serviceAccountName", false, "builder" },
		{ "status.hostIP", false, "10.0.0.5" },
		{ "status.hostIPs", false, "10.0.0.5,fd00::5" },
		{ "status.podIP", false, "10.0.0.5" },
		{ "status.podIPs", false, "10.0.0.5,fd00::5" },
		{ "metadata.labels", true, "app=\"shop\"\ntier=\"web\"" },
		{ "metadata.annotations", true,
		    "example.com/Owner=\"ops\"\nnote=\"say \\\"hi\\\"\\n\\tback\\\\slash\"" },
		{ "metadata.name", true, "web" },
		{ "metadata.labels", false, "!unsupported value \"metadata.labels\": supported "
		    "values: \"metadata.name\"" },
		{ "spec.nodeName", true, "!unsupported value \"spec.nodeName\": supported values: "
		    "\"metadata.annotations\"" },
		{ "status.phase", false, "!unsupported value \"status.phase\"" },
		{ "metadata.name['x']", false, "!fieldPath \"metadata.name\" does not support "
		    "subscript" },
		{ "metadata.labels['bad key']", false, "!invalid key subscript in "
		    "metadata.labels['bad key']: " },
	};
	return cr_make_param_array(struct fcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct fcase *c, fieldref, value)
{
	struct arena a = { 0 };
	struct pod_spec p;
	struct pod_facts f;
	char err[512] = "";
	char *v;

	fixture(&p, &f);
	v = fieldref_value(&a, &p, &f, c->path, c->volume, err, sizeof err);
	if (c->want[0] == '!') {
		cr_assert_null(v, "%s: %s", c->path, v);
		cr_assert(strncmp(err, c->want + 1, strlen(c->want + 1)) == 0, "%s: %s", c->path,
		    err);
	} else {
		cr_assert_not_null(v, "%s: %s", c->path, err);
		cr_assert_str_eq(v, c->want, "%s: %s", c->path, v);
	}
	arena_free(&a);
}

Test(fieldref, no_pod_ips_is_empty)
{
	struct arena a = { 0 };
	struct pod_spec p;
	struct pod_facts f;
	char err[256];

	fixture(&p, &f);
	f.n_pod_ips = 0;
	p.service_account_name = NULL;
	cr_assert_str_eq(fieldref_value(&a, &p, &f, "status.podIP", false, err, sizeof err), "");
	cr_assert_str_eq(fieldref_value(&a, &p, &f, "status.podIPs", false, err, sizeof err), "");
	cr_assert_str_eq(fieldref_value(&a, &p, &f, "spec.serviceAccountName", false, err,
	    sizeof err), "default");
	arena_free(&a);
}

struct rcase {
	char	 resource[40];
	char	 divisor[8];	/* "" = none */
	char	 want[160];
};

ParameterizedTestParameters(fieldref, resource)
{
	/* The container: limits cpu 500m, memory 129M (129e6 bytes); requests
	 * cpu 250m; no ephemeral storage, no memory request (so 0). */
	static struct rcase c[] = {
		{ "limits.cpu", "", "1" },		/* ceil(500m / 1) */
		{ "limits.cpu", "1m", "500" },
		{ "requests.cpu", "1m", "250" },
		{ "requests.cpu", "", "1" },
		{ "limits.memory", "", "129000000" },
		{ "limits.memory", "1Mi", "124" },	/* 123.02 rounded up */
		{ "limits.memory", "1M", "129" },
		{ "limits.memory", "1Gi", "1" },
		{ "requests.memory", "", "0" },
		{ "limits.ephemeral-storage", "1Gi", "100" },	/* the node's */
		{ "requests.ephemeral-storage", "", "0" },
		{ "limits.cpu", "0", "1" },		/* zero: the unset divisor */
		{ "limits.cpu", "2", "!invalid divisor \"2\": only divisor's values 1m and 1 are "
		    "supported with the cpu resource" },
		{ "limits.memory", "3k", "!invalid divisor \"3k\": only divisor's values 1, 1k" },
		{ "limits.ephemeral-storage", "1m", "!invalid divisor \"1m\": only divisor's values "
		    "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the "
		    "local ephemeral storage resource" },
		{ "limits.gpu", "", "!unsupported value \"limits.gpu\": supported values: "
		    "\"limits.cpu\", \"limits.ephemeral-storage\", \"limits.memory\"" },
	};
	return cr_make_param_array(struct rcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct rcase *c, fieldref, resource)
{
	struct arena a = { 0 };
	struct pod_spec p;
	struct pod_facts f;
	struct container_spec ct;
	char err[512] = "";
	char *v;

	fixture(&p, &f);
	spec_container_defaults(&ct);
	ct.has_cpu_limit = true;
	ct.cpu_limit_milli = 500;
	ct.has_memory_limit = true;
	ct.memory_limit_bytes = 129000000;
	ct.cpu_request_milli = 250;
	v = fieldref_resource_value(&a, &ct, &f, c->resource, c->divisor[0] ? c->divisor : NULL,
	    err, sizeof err);
	if (c->want[0] == '!') {
		cr_assert_null(v, "%s/%s: %s", c->resource, c->divisor, v);
		cr_assert(strncmp(err, c->want + 1, strlen(c->want + 1)) == 0, "%s: %s",
		    c->resource, err);
	} else {
		cr_assert_not_null(v, "%s/%s: %s", c->resource, c->divisor, err);
		cr_assert_str_eq(v, c->want, "%s/%s: %s", c->resource, c->divisor, v);
	}
	arena_free(&a);
}

Test(fieldref, unset_limits_are_the_capacity)
{
	struct arena a = { 0 };
	struct pod_spec p;
	struct pod_facts f;
	struct container_spec ct;
	char err[256];

	fixture(&p, &f);
	spec_container_defaults(&ct);
	cr_assert_str_eq(fieldref_resource_value(&a, &ct, &f, "limits.cpu", "1m", err, sizeof err),
	    "4000");
	cr_assert_str_eq(fieldref_resource_value(&a, &ct, &f, "limits.memory", "1Gi", err,
	    sizeof err), "8");
	/* a written 0 is not "unset" */
	ct.has_cpu_limit = true;
	cr_assert_str_eq(fieldref_resource_value(&a, &ct, &f, "limits.cpu", NULL, err, sizeof err),
	    "0");
	arena_free(&a);
}
