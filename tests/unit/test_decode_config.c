/* Unit tests: ConfigMap and Secret documents become the pod's config
 * objects as the API server stores them (base64 data and binaryData
 * decoded, stringData over data, type Opaque, entries sorted and unique,
 * the pod's namespace only), with the API server's refusals; the base64
 * decoder they share with the schema's check. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "podinit/apivalidate.h"
#include "podinit/manifest.h"

#define POD "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\n" \
	"spec: {containers: [{name: c, command: [c]}]}\n"

static int
load(const char *yaml, struct pod_spec *p, struct diag_list *d)
{
	struct manifest_opts o = { .path = "t.yaml" };

	diag_init(d);
	return manifest_decode_buffer(yaml, strlen(yaml), &o, p, d);
}

static bool
has_diag(const struct diag_list *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, needle) != NULL)
			return true;
	return false;
}

Test(decode_config, secret_and_configmap)
{
	struct pod_spec p;
	struct diag_list d;
	const struct config_object *cm, *s;
	const struct config_entry *e;

	cr_assert_eq(load("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
	    "data: {b: YmVl, a: YQ==, both: ZGF0YQ==}\nstringData: {both: string, c: see}\n"
	    "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n"
	    "data: {z: last, m: mid}\nbinaryData: {bin: AAEC}\n" POD, &p, &d), 0);
	cr_assert_eq(p.n_configs, 2);
	s = spec_config_find(&p, CONFIG_SECRET, "s");
	cr_assert_not_null(s);
	cr_assert_str_eq(s->type, "Opaque");
	cr_assert_str_eq(s->namespace, "default");
	cr_assert_eq(s->n_entries, 4);
	cr_assert_str_eq(s->entries[0].key, "a");
	cr_assert_str_eq(s->entries[1].key, "b");
	cr_assert_str_eq(s->entries[2].key, "both");
	cr_assert_str_eq(s->entries[3].key, "c");
	cr_assert_str_eq(spec_config_entry(s, "b")->value, "bee");
	cr_assert_str_eq(spec_config_entry(s, "both")->value, "string");
	cr_assert_eq(s->doc, 1);
	cm = spec_config_find(&p, CONFIG_CONFIGMAP, "cm");
	cr_assert_not_null(cm);
	cr_assert_null(cm->type);
	cr_assert_str_eq(cm->entries[0].key, "bin");
	e = spec_config_entry(cm, "bin");
	cr_assert(e->binary);
	cr_assert_eq(e->len, 3);
	cr_assert(memcmp(e->value, "\0\1\2", 3) == 0);
	cr_assert_str_eq(spec_config_entry(cm, "m")->value, "mid");
	cr_assert_null(spec_config_entry(cm, "nope"));
	cr_assert_null(spec_config_find(&p, CONFIG_SECRET, "cm"));
	diag_free(&d);
	spec_free(&p);
}

Test(decode_config, other_namespace_not_kept)
{
	struct pod_spec p;
	struct diag_list d;

	cr_assert_eq(load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: prod}\n"
	    "data: {a: b}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: mine}\n"
	    "data: {a: b}\n" POD, &p, &d), 0);
	cr_assert_eq(p.n_configs, 1);
	cr_assert_str_eq(p.configs[0].name, "mine");
	diag_free(&d);
	spec_free(&p);
}

Test(decode_config, later_definition_wins)
{
	struct pod_spec p;
	struct diag_list d;

	cr_assert_eq(load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {a: one}\n"
	    "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {a: two}\n" POD,
	    &p, &d), 0);
	cr_assert_eq(p.n_configs, 1);
	cr_assert_str_eq(spec_config_entry(&p.configs[0], "a")->value, "two");
	cr_assert(has_diag(&d, "is defined again"));
	diag_free(&d);
	spec_free(&p);
}

struct bad {
	char	 yaml[200];
	char	 msg[100];
};

ParameterizedTestParameters(decode_config, refused)
{
	static struct bad c[] = {
		{ "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {'a b': x}\n",
		  "invalid key \"a b\": a valid config key must consist of alphanumeric" },
		{ "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {..x: x}\n",
		  "must not start with '..'" },
		{ "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {k: x}\n"
		  "binaryData: {k: eA==}\n", "invalid key \"k\": duplicate of key present in data" },
		{ "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: '!!'}\n",
		  "illegal base64 data at input byte 0" },
	};
	return cr_make_param_array(struct bad, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct bad *c, decode_config, refused)
{
	struct pod_spec p;
	struct diag_list d;
	char yaml[512];

	snprintf(yaml, sizeof yaml, "%s" POD, c->yaml);
	cr_assert_eq(load(yaml, &p, &d), -1, "%s", c->yaml);
	cr_assert(has_diag(&d, c->msg), "%s: %s", c->yaml, d.n ? d.v[0].msg : "(none)");
	diag_free(&d);
	spec_free(&p);
}

Test(decode_config, base64_decode)
{
	unsigned char out[16];

	cr_assert_eq(apivalidate_base64_decode("aGVsbG8=", out, sizeof out), 5);
	cr_assert(memcmp(out, "hello", 5) == 0);
	cr_assert_eq(apivalidate_base64_decode("aGVs\nbG8h", out, sizeof out), 6);
	cr_assert(memcmp(out, "hello!", 6) == 0);
	cr_assert_eq(apivalidate_base64_decode("", out, sizeof out), 0);
	cr_assert_eq(apivalidate_base64_decode("aGVsbG8", out, sizeof out), -1);
	cr_assert_eq(apivalidate_base64_decode("aGVsbG8h", out, 3), -1);
}
