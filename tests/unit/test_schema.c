/* Unit tests: the schema tables' lookups, schema_check_document's error
 * classes (table-driven, in decode's wording), and the generated test of
 * every field path reachable from the root kinds: a minimal valid
 * document carrying the path passes, the key with a letter dropped is an
 * unknown field, and a wrong-typed value fails. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/schema.h"

/* ---- helpers ---- */

static char all_errors[8192];	/* the last check's errors, "PATH: MSG\n" each */

/* The check of the first document of yaml: its errors, and the first
 * message as "LINE:COL PATH: MSG" (notes too when want_notes). */
static size_t
check_yaml(const char *yaml, char *first, size_t size, bool want_notes)
{
	struct ydocs docs = { 0 };
	struct yerror e;
	struct diag_list d;
	size_t errors;

	cr_assert_eq(ynode_parse(yaml, strlen(yaml), &docs, &e), 0, "parse: %s\n%s", e.msg, yaml);
	diag_init(&d);
	d.keep_notes = true;
	errors = schema_check_document(docs.docs[0], &d);
	diag_sort(&d);
	first[0] = '\0';
	all_errors[0] = '\0';
	for (size_t i = 0, len = 0; i < d.n && len < sizeof(all_errors); i++)
		if (d.v[i].sev == DIAG_ERROR)
			len += (size_t)snprintf(all_errors + len, sizeof(all_errors) - len, "%s: %s\n",
			    d.v[i].path, d.v[i].msg);
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].sev == DIAG_ERROR || want_notes) {
			snprintf(first, size, "%d:%d %s: %s", d.v[i].line, d.v[i].col, d.v[i].path,
			    d.v[i].msg);
			break;
		}
	cr_assert_eq(errors, d.n_errors);
	diag_free(&d);
	ynode_free(&docs);
	return errors;
}

/* ---- lookups ---- */

Test(schema, lookups)
{
	const struct schema_type *c = schema_type_find("io.k8s.api.core.v1.Container");
	const struct schema_field *f;
	const struct schema_root *r;

	cr_assert_not_null(c);
	f = schema_field_find(c, "image");
	cr_assert_not_null(f);
	cr_assert_str_eq(SCHEMA_STR(f->name), "image");
	cr_assert_eq(schema_values[f->value].shape, SCHEMA_STRING);
	f = schema_field_find(c, "name");
	cr_assert(f && (f->flags & SCHEMA_FIELD_REQUIRED));
	f = schema_field_find(c, "ports");
	cr_assert(f && schema_values[f->value].shape == SCHEMA_ARRAY);
	cr_assert_eq(schema_values[schema_values[f->value].arg].shape, SCHEMA_OBJECT);
	cr_assert_eq(schema_type_cmp("io.k8s.api.core.v1.ContainerPort",
	    &schema_types[schema_values[schema_values[f->value].arg].arg]), 0);
	cr_assert_str_eq(SCHEMA_STR(c->name), "Container");
	cr_assert_str_eq(SCHEMA_TYPE_PREFIX(c), "io.k8s.api.core.v1.");
	cr_assert_lt(schema_type_cmp("io.k8s.api.core.v1.Capabilities", c), 0);
	cr_assert_gt(schema_type_cmp("io.k8s.api.core.v1.ContainerPort", c), 0);
	cr_assert_lt(schema_type_cmp("io.k8s.api.apps.v1.Z", c), 0);
	f = schema_field_find(schema_type_find("io.k8s.api.core.v1.ResourceRequirements"), "limits");
	cr_assert(f && schema_values[f->value].shape == SCHEMA_MAP);
	cr_assert_eq(schema_values[schema_values[f->value].arg].shape, SCHEMA_QUANTITY);
	f = schema_field_find(schema_type_find("io.k8s.api.core.v1.Secret"), "data");
	cr_assert(f && schema_values[schema_values[f->value].arg].shape == SCHEMA_BYTES);
	f = schema_field_find(schema_type_find("io.k8s.api.core.v1.HTTPGetAction"), "port");
	cr_assert(f && schema_values[f->value].shape == SCHEMA_INT_OR_STRING);
	f = schema_field_find(schema_type_find("io.k8s.api.core.v1.PodSpec"), "restartPolicy");
	cr_assert(f && schema_values[f->value].enum_id != 0);
	f = schema_field_find(schema_type_find("io.k8s.api.core.v1.PodSpec"),
	    "activeDeadlineSeconds");
	cr_assert(f && schema_values[f->value].format == SCHEMA_FORMAT_INT64);
	cr_assert_null(schema_field_find(c, "imagee"));
	cr_assert_null(schema_field_find(NULL, "image"));
	cr_assert_null(schema_type_find("io.k8s.api.core.v1.Nothing"));

	r = schema_root_find("apps/v1", "Deployment");
	cr_assert_not_null(r);
	cr_assert_eq(schema_type_cmp("io.k8s.api.apps.v1.Deployment", &schema_types[r->type]), 0);
	cr_assert_null(schema_root_find("apps/v2", "Deployment"));
	cr_assert_null(schema_root_find("v1", "Deployment"));
	r = schema_root_find_kind("ReplicationController");
	cr_assert(r && strcmp(SCHEMA_STR(r->api_version), "v1") == 0);
	cr_assert_null(schema_root_find_kind("Foo"));
	cr_assert_eq(schema_n_roots, 11);
	cr_assert_eq(schema_enums[0].n, 0);
	cr_assert_lt(schema_strings_size, 65536);
}

/* The tables are sorted as the binary searches need them. */
Test(schema, tables_sorted)
{
	char prev[256], cur[256];

	for (size_t i = 0; i < schema_n_types; i++) {
		snprintf(cur, sizeof(cur), "%s%s", SCHEMA_TYPE_PREFIX(&schema_types[i]),
		    SCHEMA_STR(schema_types[i].name));
		if (i > 0)
			cr_assert_lt(strcmp(prev, cur), 0, "%s before %s", prev, cur);
		cr_assert_eq(schema_type_find(cur), &schema_types[i], "%s", cur);
		memcpy(prev, cur, sizeof(prev));
	}
	for (size_t t = 0; t < schema_n_types; t++) {
		const struct schema_type *ty = &schema_types[t];
		cr_assert_leq((size_t)ty->first + ty->n, schema_n_fields);
		cr_assert_leq(ty->n, 256, "schema.c's duplicate bitset holds 256 fields");
		for (size_t i = 1; i < ty->n; i++)
			cr_assert_lt(strcmp(SCHEMA_STR(schema_fields[ty->first + i - 1].name),
			    SCHEMA_STR(schema_fields[ty->first + i].name)), 0);
	}
	for (size_t v = 0; v < schema_n_values; v++) {
		const struct schema_value *sv = &schema_values[v];
		if (sv->shape == SCHEMA_OBJECT)
			cr_assert_lt(sv->arg, schema_n_types);
		if (sv->shape == SCHEMA_ARRAY || sv->shape == SCHEMA_MAP)
			cr_assert_lt(sv->arg, schema_n_values);
		cr_assert_lt(sv->enum_id, schema_n_enums);
	}
}

/* ---- the error classes ---- */

/* Arrays, not pointers: Criterion may run each case in a fresh process. */
struct ccase {
	char	 yaml[320];
	char	 want[320];	/* first error (or note), "" for none */
};

#define POD "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n"
#define CTR POD "  containers:\n  - name: app\n"
#define DEPLOY "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"

ParameterizedTestParameters(schema, errors)
{
	static struct ccase c[] = {
		{ CTR "    image: nginx\n", "" },
		/* unknown and duplicate fields, at the key */
		{ CTR "    imagee: nginx\n",
		  "8:5 spec.containers[0].imagee: unknown field; did you mean image?" },
		{ CTR "    frobnicate: 1\n", "8:5 spec.containers[0].frobnicate: unknown field" },
		{ POD "  containers: [{name: a}]\n  volumes:\n  - name: v\n    emptyDirr: {}\n",
		  "9:5 spec.volumes[0].emptyDirr: unknown field; did you mean emptyDir?" },
		{ CTR "    image: a\n    image: b\n", "9:5 spec.containers[0].image: duplicate field" },
		{ CTR "    env:\n    - {name: A, value: x}\n    ? [k]\n    : v\n",
		  "10:7 spec.containers[0]: field name must be a string, got a list" },
		{ POD "  containers: [{name: a}]\n  nodeSelector: {a: x, a: y}\n",
		  "7:24 spec.nodeSelector.a: duplicate field" },
		/* types, at the value */
		{ POD "  3\n", "6:3 spec: expected a mapping, got a number" },
		{ POD "  containers: x\n", "6:15 spec.containers: expected a list, got a string" },
		{ CTR "    image: 12\n", "8:12 spec.containers[0].image: expected a string, got a number (quote it: \"12\")" },
		{ CTR "    image: true\n", "8:12 spec.containers[0].image: expected a string, got a boolean (quote it: \"true\")" },
		{ CTR "    image: '12'\n", "" },
		{ POD "  containers: [{name: a}]\n  terminationGracePeriodSeconds: x\n",
		  "7:34 spec.terminationGracePeriodSeconds: expected an integer, got a string" },
		{ POD "  containers: [{name: a}]\n  terminationGracePeriodSeconds: \"30\"\n",
		  "7:34 spec.terminationGracePeriodSeconds: expected an integer, got a string "
		  "(remove the quotes)" },
		{ POD "  containers: [{name: a}]\n  hostNetwork: x\n",
		  "7:16 spec.hostNetwork: expected a boolean (true or false), got a string" },
		{ POD "  containers: [{name: a}]\n  hostNetwork: \"true\"\n",
		  "7:16 spec.hostNetwork: expected a boolean, got a string (remove the quotes)" },
		{ POD "  containers: [{name: a}]\n  hostNetwork: true\n", "" },
		/* YAML 1.1, as kubectl reads it: yes/on/off are booleans */
		{ POD "  containers: [{name: a}]\n  hostNetwork: yes\n", "" },
		{ POD "  containers: [{name: a}]\n  hostNetwork: off\n", "" },
		{ CTR "    image: yes\n",
		  "8:12 spec.containers[0].image: expected a string, got a boolean (quote it: \"yes\")" },
		/* integers: int32 and int64 bounds */
		{ DEPLOY "  replicas: 3000000000\n  selector: {}\n  template: {spec: {containers: [{name: a}]}}\n",
		  "6:13 spec.replicas: integer 3000000000 is out of range" },
		{ DEPLOY "  replicas: 2147483647\n  selector: {matchLabels: {a: b}}\n"
		  "  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: a}]}}\n",
		  "" },
		{ POD "  containers: [{name: a}]\n  activeDeadlineSeconds: 3000000000\n", "" },
		{ POD "  containers: [{name: a}]\n  activeDeadlineSeconds: 99999999999999999999\n",
		  "7:26 spec.activeDeadlineSeconds: integer 99999999999999999999 is out of range" },
		{ POD "  containers: [{name: a}]\n  activeDeadlineSeconds: 0x7fffffffffffffff\n", "" },
		{ POD "  containers: [{name: a}]\n  terminationGracePeriodSeconds: 0o17\n", "" },
		{ POD "  containers: [{name: a}]\n  priority: 0x80000000\n",
		  "7:13 spec.priority: integer 0x80000000 is out of range" },
		/* enums */
		{ POD "  containers: [{name: a}]\n  restartPolicy: Sometimes\n",
		  "7:18 spec.restartPolicy: unsupported value \"Sometimes\": supported values: "
		  "\"Always\", \"Never\", \"OnFailure\"" },
		{ POD "  containers: [{name: a}]\n  restartPolicy: always\n",
		  "7:18 spec.restartPolicy: unsupported value \"always\": supported values: "
		  "\"Always\", \"Never\", \"OnFailure\"; did you mean Always?" },
		{ POD "  containers: [{name: a}]\n  tolerations: [{effect: NoRun}]\n",
		  "7:26 spec.tolerations[0].effect: unsupported value \"NoRun\": supported values: "
		  "\"NoExecute\", \"NoSchedule\", \"PreferNoSchedule\"" },
		/* required, at the object's mapping, with the field's path */
		{ CTR "    ports: [{name: http}]\n",
		  "8:13 spec.containers[0].ports[0].containerPort: required value" },
		{ POD "  hostNetwork: true\n", "6:3 spec.containers: required value" },
		{ POD "  containers: null\n", "6:3 spec.containers: required value" },
		{ POD "  containers:\n  - image: x\n", "7:5 spec.containers[0].name: required value" },
		/* null is absent */
		{ CTR "    image: null\n    ports: ~\n", "" },
		/* shapes of their own */
		{ CTR "    resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: 1}}\n", "" },
		{ CTR "    resources: {limits: {cpu: [1]}}\n",
		  "8:31 spec.containers[0].resources.limits.cpu: expected a quantity such as 128Mi or "
		  "500m, got a list" },
		{ CTR "    livenessProbe: {httpGet: {port: http}}\n", "" },
		{ CTR "    livenessProbe: {httpGet: {port: 8080}}\n", "" },
		{ CTR "    livenessProbe: {httpGet: {port: true}}\n",
		  "8:37 spec.containers[0].livenessProbe.httpGet.port: expected an integer or a string, "
		  "got a boolean" },
		{ "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: YQ==}\n", "" },
		{ "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: 1}\n",
		  "4:11 data.a: expected a string, got a number (quote it: \"1\")" },
		{ "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata: {a: b}\n", "" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: s, creationTimestamp: 3}\n"
		  "spec: {containers: [{name: a}]}\n",
		  "3:40 metadata.creationTimestamp: expected a string, got a number (quote it: \"3\")" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: s, managedFields: [{fieldsV1: {x: [1]}}]}\n"
		  "spec: {containers: [{name: a}]}\n", "" },
		/* kinds and apiVersions */
		{ "apiVersion: v1\nkind: Foo\nmetadata: {name: x}\nbar: 1\n",
		  "2:7 kind: kind \"Foo\" is not one podinit knows; not checked" },
		{ "apiVersion: apps/v2\nkind: Deployment\nspec: {}\n",
		  "1:13 apiVersion: unsupported apiVersion \"apps/v2\" for Deployment: supported: "
		  "\"apps/v1\"" },
		{ "kind: Pod\nspec: {containers: [{name: a}]}\n", "1:1 apiVersion: required value" },
		{ "apiVersion: v1\nspec: {}\n", "1:1 kind: required value" },
		{ "apiVersion: v1\nkind: 3\n", "2:7 kind: expected a string, got a number (quote it: \"3\")" },
		{ "- a\n", "1:1 : expected a mapping with apiVersion, kind, metadata and spec, got a list" },
		{ "apiVersion: v1\nkind: Pod\nspecs: {}\n",
		  "3:1 specs: unknown field; did you mean spec?" },
		/* the second workload kinds */
		{ "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: r}\n"
		  "spec: {template: {spec: {containers: [{name: a, imagee: x}]}}}\n",
		  "4:49 spec.template.spec.containers[0].imagee: unknown field; did you mean image?" },
		{ "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: r}\n"
		  "spec: {schedule: x, jobTemplate: {spec: {template: {spec: {containers: [{name: a}],"
		  " affinity: {nodeAffinty: {}}}}}}}\n",
		  "4:96 spec.jobTemplate.spec.template.spec.affinity.nodeAffinty: unknown field; "
		  "did you mean nodeAffinity?" },
		{ "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: r}\n"
		  "spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}},"
		  " spec: {containers: [{name: a}]}}, volumeClaimTemplates: [{spec: {acessModes: [x]}}]}\n",
		  "4:145 spec.volumeClaimTemplates[0].spec.acessModes: unknown field; "
		  "did you mean accessModes?" },
		{ POD "  containers: [{name: a}]\n  tolerations: [{operater: Exists}]\n",
		  "7:18 spec.tolerations[0].operater: unknown field; did you mean operator?" },
		/* value rules the schema file cannot say */
		{ DEPLOY "  selector: {matchLabels: {app: web}}\n  template:\n"
		  "    metadata: {labels: {app: web, tier: x}}\n    spec: {containers: [{name: a}]}\n", "" },
		{ DEPLOY "  selector: {matchLabels: {app: web}}\n  template:\n"
		  "    metadata: {labels: {app: api}}\n    spec: {containers: [{name: a}]}\n",
		  "8:24 spec.template.metadata.labels: `selector` does not match template `labels`" },
		{ DEPLOY "  selector: {matchExpressions: [{key: app, operator: In, values: [web, api]}]}\n"
		  "  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: a}]}\n",
		  "" },
		{ DEPLOY "  selector: {matchExpressions: [{key: app, operator: DoesNotExist}]}\n"
		  "  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: a}]}\n",
		  "8:24 spec.template.metadata.labels: `selector` does not match template `labels`" },
		{ "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n"
		  "  selector: {matchLabels: {app: d}}\n  template: {spec: {containers: [{name: a}]}}\n",
		  "6:13 spec.template.metadata.labels: `selector` does not match template `labels`" },
		{ "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: d}\nspec:\n"
		  "  selector: {matchLabels: {app: d}}\n  template: {spec: {containers: [{name: a}]}}\n",
		  "6:13 spec.template.metadata.labels: `selector` does not match template `labels`" },
		{ "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: d}\nspec:\n"
		  "  selector: {matchLabels: {app: d}}\n  template: {spec: {containers: [{name: a}]}}\n",
		  "6:13 spec.template.metadata.labels: `selector` does not match template `labels`" },
		{ "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: d}\nspec:\n"
		  "  selector: {app: d}\n  template: {spec: {containers: [{name: a}]}}\n",
		  "6:13 spec.template.metadata.labels: `selector` does not match template `labels`" },
		{ "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: d}\nspec:\n"
		  "  selector: {app: d}\n  template: {metadata: {labels: {app: d, x: z}},"
		  " spec: {containers: [{name: a}]}}\n", "" },
		{ "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: d}\nspec:\n"
		  "  template: {spec: {containers: [{name: a}]}}\n", "" },
		/* generateName is a prefix: a trailing '-' is fine, the rest is a name */
		{ "apiVersion: v1\nkind: Pod\nmetadata: {generateName: web-}\n"
		  "spec: {containers: [{name: a}]}\n", "" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {generateName: Web-}\n"
		  "spec: {containers: [{name: a}]}\n",
		  "3:26 metadata.generateName: a lowercase RFC 1123 subdomain must consist of lower "
		  "case alphanumeric characters, '-' or '.', and must start and end with an "
		  "alphanumeric character (e.g. 'example.com', regex used for validation is "
		  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" },
		/* a CronJob's name leaves 11 characters for its Jobs' suffix */
		{ "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n"
		  "  name: abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij\n"
		  "spec: {schedule: '* * * * *', jobTemplate: {spec: {template: {spec:"
		  " {containers: [{name: a}]}}}}}\n",
		  "4:9 metadata.name: must be no more than 52 characters" },
		/* an empty selector, in each workload's words (ReplicaSet's says
		 * "deployment", as the API server's) */
		{ DEPLOY "  selector: {}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: a}]}}\n",
		  "6:13 spec.selector: empty selector is invalid for deployment" },
		{ "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: d}\nspec:\n"
		  "  selector: {matchLabels: {}}\n  template: {spec: {containers: [{name: a}]}}\n",
		  "5:13 spec.selector: empty selector is invalid for deployment" },
		{ "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n"
		  "  selector: {matchExpressions: []}\n  template: {spec: {containers: [{name: a}]}}\n",
		  "5:13 spec.selector: empty selector is invalid for daemonset" },
		{ "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: d}\nspec:\n"
		  "  selector: {}\n  template: {spec: {containers: [{name: a}]}}\n",
		  "5:13 spec.selector: empty selector is invalid for statefulset" },
		/* a label value of the wrong type is a type error, not a rule's */
		{ POD "  containers: [{name: a}]\n  nodeSelector: {a: 12345}\n",
		  "7:21 spec.nodeSelector.a: expected a string, got a number (quote it: \"12345\")" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: s, labels: {app: 12345}}\n"
		  "spec: {containers: [{name: a}]}\n",
		  "3:35 metadata.labels.app: expected a string, got a number (quote it: \"12345\")" },
	};
	return cr_make_param_array(struct ccase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct ccase *c, schema, errors)
{
	char first[2048];
	size_t n = check_yaml(c->yaml, first, sizeof(first), true);

	cr_assert_str_eq(first, c->want, "\n%s\n got: %s\nwant: %s", c->yaml, first, c->want);
	if (*c->want == '\0')
		cr_assert_eq(n, 0);
}

/* The value rules (apivalidate's words; the first error's start is enough). */
ParameterizedTestParameters(schema, value_rules)
{
	static struct ccase c[] = {
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: Web_1}\nspec: {containers: [{name: a}]}\n",
		  "3:18 metadata.name: a lowercase RFC 1123 subdomain must consist of" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: w.e.b}\nspec: {containers: [{name: a}]}\n",
		  "" },
		{ "apiVersion: v1\nkind: Service\nmetadata: {name: w.e.b}\n",
		  "3:18 metadata.name: a DNS-1035 label must consist of" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: w, namespace: a.b}\n"
		  "spec: {containers: [{name: a}]}\n",
		  "3:32 metadata.namespace: must not contain dots" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: w, labels: {\"a b\": x}}\n"
		  "spec: {containers: [{name: a}]}\n",
		  "3:30 metadata.labels.a b: name part must consist of" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: w, labels: {app: -x}}\n"
		  "spec: {containers: [{name: a}]}\n",
		  "3:35 metadata.labels.app: a valid label must be an empty string or" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: w, labels: {example.com/app: \"\"}}\n"
		  "spec: {containers: [{name: a}]}\n", "" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: w, annotations: {\"a b\": x}}\n"
		  "spec: {containers: [{name: a}]}\n",
		  "3:35 metadata.annotations.a b: name part must consist of" },
		{ POD "  containers: [{name: a, resources: {limits: {cpuu: 1}}}]\n",
		  "6:47 spec.containers[0].resources.limits.cpuu: must be a standard resource" },
		{ POD "  containers: [{name: a, resources: {limits: {example.com/gpu: 0.5}}}]\n",
		  "6:64 spec.containers[0].resources.limits.example.com/gpu: must be an integer" },
		{ POD "  containers: [{name: a, resources: {limits: {memory: 1.5.5}}}]\n",
		  "6:55 spec.containers[0].resources.limits.memory: quantities must match" },
		{ POD "  containers: [{name: a}]\n  volumes: [{name: V1}]\n",
		  "7:20 spec.volumes[0].name: a lowercase RFC 1123 label must consist of" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: w, creationTimestamp: yesterday}\n",
		  "3:40 metadata.creationTimestamp: parsing time \"yesterday\"" },
		{ "apiVersion: v1\nkind: Pod\nmetadata: {name: w, creationTimestamp: \"2025-01-02T03:04:05Z\"}\n"
		  "spec: {containers: [{name: a}]}\n", "" },
		{ "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: \"a\"}\n",
		  "4:11 data.a: illegal base64 data" },
		{ DEPLOY "  selector: {matchExpressions: [{key: a, operator: Foo}]}\n"
		  "  template: {spec: {containers: [{name: a}]}}\n",
		  "6:52 spec.selector.matchExpressions[0].operator: not a valid selector operator" },
		{ DEPLOY "  selector: {matchExpressions: [{key: a, operator: In}]}\n"
		  "  template: {spec: {containers: [{name: a}]}}\n",
		  "6:33 spec.selector.matchExpressions[0].values: must be specified when" },
		{ DEPLOY "  selector: {matchExpressions: [{key: a, operator: Exists, values: [x]}]}\n"
		  "  template: {metadata: {labels: {a: x}}, spec: {containers: [{name: a}]}}\n",
		  "6:68 spec.selector.matchExpressions[0].values: may not be specified when" },
		{ DEPLOY "  selector: {matchLabels: {app: \"-x\"}}\n"
		  "  template: {metadata: {labels: {app: \"-x\"}}, spec: {containers: [{name: a}]}}\n",
		  "6:33 spec.selector.matchLabels.app: a valid label must be" },
		{ POD "  containers: [{name: a}]\n  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
		  " {nodeSelectorTerms: [{matchExpressions: [{key: a, operator: Gt, values: [\"1\", \"2\"]}]}]}}}\n",
		  "7:149 spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
		  "nodeSelectorTerms[0].matchExpressions[0].values: must be specified single value" },
	};
	return cr_make_param_array(struct ccase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct ccase *c, schema, value_rules)
{
	char first[2048];
	size_t n = check_yaml(c->yaml, first, sizeof(first), true);

	cr_assert(strncmp(first, c->want, strlen(c->want)) == 0 && (*c->want || !*first),
	    "\n%s\n got: %s\nwant: %s...", c->yaml, first, c->want);
	if (*c->want == '\0')
		cr_assert_eq(n, 0);
}

/* Every node reported is marked, key and value of an unknown field both. */
Test(schema, reported_flags)
{
	static const char yaml[] = CTR "    imagee: nginx\n    tty: x\n    stdin: true\n";
	struct ydocs docs = { 0 };
	struct yerror e;
	struct diag_list d;
	const struct ynode *ct;

	cr_assert_eq(ynode_parse(yaml, strlen(yaml), &docs, &e), 0);
	diag_init(&d);
	cr_assert_eq(schema_check_document(docs.docs[0], &d), 2);
	ct = ynode_get(ynode_get(docs.docs[0], "spec"), "containers")->kids[0];
	cr_assert(ct->kids[2]->flags & YNODE_FLAG_REPORTED);	/* imagee: */
	cr_assert(ct->kids[3]->flags & YNODE_FLAG_REPORTED);	/* nginx */
	cr_assert(ct->kids[5]->flags & YNODE_FLAG_REPORTED);	/* x */
	cr_assert_not(ct->kids[6]->flags & YNODE_FLAG_REPORTED);	/* stdin: */
	cr_assert_not(ct->kids[7]->flags & YNODE_FLAG_REPORTED);	/* true */
	diag_free(&d);
	ynode_free(&docs);
}

/* ---- the generated test: every field path ---- */

#define MAX_STEPS 14
#define DOC_SIZE 16384

struct step {
	unsigned type;		/* schema_types index */
	unsigned field;		/* schema_fields index */
};

enum leaf_mode { LEAF_VALID, LEAF_WRONG_TYPE, LEAF_KEY_TYPO };

struct gen {
	struct step steps[MAX_STEPS];
	size_t	 n_steps;
	const struct schema_root *root;
	enum leaf_mode mode;
	char	 typo[128];	/* the leaf's key, a letter dropped */
	char	 doc[DOC_SIZE];
	size_t	 len;
	size_t	 paths;
	char	 path[1024];
};

static void
put(struct gen *g, const char *s)
{
	size_t n = strlen(s);

	cr_assert_lt(g->len + n, sizeof(g->doc), "document too large");
	memcpy(g->doc + g->len, s, n + 1);
	g->len += n;
}

static const char *
type_name(unsigned t)
{
	return SCHEMA_STR(schema_types[t].name);
}

static bool
type_is(unsigned t, const char *short_name)
{
	return strcmp(type_name(t), short_name) == 0;
}

/* A valid value for a string field, where the value rules want one. */
static const char *
valid_string(unsigned type, const char *field)
{
	if (strcmp(field, "operator") == 0 && (type_is(type, "LabelSelectorRequirement") ||
	    type_is(type, "NodeSelectorRequirement")))
		return "\"In\"";
	return "\"a\"";
}

/* A map key valid for the map's field. */
static const char *
map_key(unsigned type, const char *field)
{
	if (type_is(type, "ResourceRequirements") &&
	    (strcmp(field, "limits") == 0 || strcmp(field, "requests") == 0))
		return "cpu";
	return "a";
}

static void emit_object(struct gen *g, unsigned type, size_t level);

/* The value of field `field` of `type` (value row v).  level: the index
 * of the next step of the path inside this value, or SIZE_MAX when the
 * value is off the path; leaf: this value is the path's last field's. */
static void
emit_value(struct gen *g, unsigned v, unsigned type, const char *field, size_t level, bool leaf)
{
	const struct schema_value *sv = &schema_values[v];
	char buf[256];

	if (leaf && g->mode == LEAF_WRONG_TYPE) {
		switch (sv->shape) {
		case SCHEMA_STRING: case SCHEMA_BYTES: case SCHEMA_TIME:
			put(g, "12");
			return;
		case SCHEMA_QUANTITY: case SCHEMA_INT_OR_STRING:
			put(g, "true");
			return;
		default:
			put(g, "\"x\"");
			return;
		}
	}
	switch (sv->shape) {
	case SCHEMA_OBJECT:
		emit_object(g, sv->arg, level);
		break;
	case SCHEMA_STRING:
		if (sv->enum_id != 0) {
			const struct schema_enum *e = &schema_enums[sv->enum_id];
			const char *first = SCHEMA_STR(schema_enum_values[e->first]);
			/* "In" where a selector operator is wanted */
			const char *pick = first;
			for (size_t i = 0; i < e->n; i++)
				if (strcmp(SCHEMA_STR(schema_enum_values[e->first + i]), "In") == 0)
					pick = "In";
			snprintf(buf, sizeof(buf), "\"%s\"", pick);
			put(g, buf);
		} else
			put(g, valid_string(type, field));
		break;
	case SCHEMA_INTEGER:
		put(g, "1");
		break;
	case SCHEMA_NUMBER:
		put(g, "1.5");
		break;
	case SCHEMA_BOOLEAN:
		put(g, "true");
		break;
	case SCHEMA_BYTES:
		put(g, "\"YQ==\"");
		break;
	case SCHEMA_ARRAY:
		put(g, "[");
		emit_value(g, sv->arg, type, field, level, false);
		put(g, "]");
		break;
	case SCHEMA_MAP:
		snprintf(buf, sizeof(buf), "{\"%s\": ", map_key(type, field));
		put(g, buf);
		emit_value(g, sv->arg, type, field, level, false);
		put(g, "}");
		break;
	case SCHEMA_QUANTITY:
		put(g, "\"1\"");
		break;
	case SCHEMA_INT_OR_STRING:
		put(g, "1");
		break;
	case SCHEMA_TIME:
		put(g, "\"2025-01-02T03:04:05Z\"");
		break;
	default:
		put(g, "{}");
		break;
	}
}

/* Fields the test fills although the schema does not require them, so a
 * minimal document also passes the value rules: a pod template carries
 * labels (a workload's selector must select them), a selector carries
 * matchLabels (it may not be empty), and a selector requirement "In"
 * carries values. */
static const char *
extra_field(unsigned type, const char *field)
{
	if (type_is(type, "PodTemplateSpec") && strcmp(field, "metadata") == 0)
		return "{\"labels\": {\"a\": \"a\"}}";
	if (type_is(type, "ObjectMeta") && strcmp(field, "labels") == 0)
		return "{\"a\": \"a\"}";	/* (so a template's metadata on the path has them) */
	if (type_is(type, "LabelSelector") && strcmp(field, "matchLabels") == 0)
		return "{\"a\": \"a\"}";	/* a workload's selector may not be empty */
	if ((type_is(type, "LabelSelectorRequirement") || type_is(type, "NodeSelectorRequirement")) &&
	    strcmp(field, "values") == 0)
		return "[\"a\"]";
	return NULL;
}

static void
emit_object(struct gen *g, unsigned type, size_t level)
{
	const struct schema_type *t = &schema_types[type];
	bool root = level == 0 && type == g->root->type;
	bool comma = false;
	char buf[256];

	put(g, "{");
	for (size_t i = 0; i < t->n; i++) {
		unsigned fi = t->first + (unsigned)i;
		const struct schema_field *f = &schema_fields[fi];
		const char *name = SCHEMA_STR(f->name);
		bool on_path = level < g->n_steps && g->steps[level].field == fi;
		bool leaf = on_path && level + 1 == g->n_steps;
		const char *extra = extra_field(type, name);
		bool head = root && (strcmp(name, "apiVersion") == 0 || strcmp(name, "kind") == 0);

		if (!on_path && !(f->flags & SCHEMA_FIELD_REQUIRED) && extra == NULL && !head)
			continue;
		if (comma)
			put(g, ", ");
		comma = true;
		snprintf(buf, sizeof(buf), "\"%s\": ", leaf && g->mode == LEAF_KEY_TYPO ? g->typo : name);
		put(g, buf);
		if (head && !(leaf && g->mode == LEAF_WRONG_TYPE)) {
			snprintf(buf, sizeof(buf), "\"%s\"", strcmp(name, "kind") == 0 ?
			    SCHEMA_STR(g->root->kind) : SCHEMA_STR(g->root->api_version));
			put(g, buf);
		} else if (!on_path && extra != NULL && !(f->flags & SCHEMA_FIELD_REQUIRED))
			put(g, extra);
		else
			emit_value(g, f->value, type, name, on_path ? level + 1 : SIZE_MAX, leaf);
	}
	put(g, "}");
}

/* The path as schema_check_document names it. */
static void
path_string(struct gen *g)
{
	size_t len = 0;

	g->path[0] = '\0';
	for (size_t i = 0; i < g->n_steps; i++) {
		const struct schema_field *f = &schema_fields[g->steps[i].field];
		unsigned v = f->value;
		len += (size_t)snprintf(g->path + len, sizeof(g->path) - len, "%s%s", i ? "." : "",
		    SCHEMA_STR(f->name));
		if (i + 1 == g->n_steps)
			break;
		while (schema_values[v].shape == SCHEMA_ARRAY || schema_values[v].shape == SCHEMA_MAP) {
			len += (size_t)snprintf(g->path + len, sizeof(g->path) - len, "%s",
			    schema_values[v].shape == SCHEMA_ARRAY ? "[0]" :
			    strcmp(map_key(g->steps[i].type, SCHEMA_STR(f->name)), "cpu") == 0 ?
			    ".cpu" : ".a");
			v = schema_values[v].arg;
		}
	}
}

static size_t
run_doc(struct gen *g, enum leaf_mode mode, char *first, size_t size)
{
	g->mode = mode;
	g->len = 0;
	g->doc[0] = '\0';
	emit_object(g, g->root->type, 0);
	return check_yaml(g->doc, first, size, false);
}

static void
check_path(struct gen *g)
{
	const struct schema_field *leaf = &schema_fields[g->steps[g->n_steps - 1].field];
	const struct schema_type *owner = &schema_types[g->steps[g->n_steps - 1].type];
	const char *name = SCHEMA_STR(leaf->name);
	const struct schema_value *sv = &schema_values[leaf->value];
	char first[2048];
	size_t n = strlen(name);

	path_string(g);
	g->paths++;
	cr_assert_eq(run_doc(g, LEAF_VALID, first, sizeof(first)), 0, "%s: valid document fails: %s\n%s",
	    g->path, first, g->doc);

	/* a letter dropped, giving a name that is not another field's */
	g->typo[0] = '\0';
	for (size_t i = 0; i < n && n > 1 && n < sizeof(g->typo); i++) {
		memcpy(g->typo, name, i);
		memcpy(g->typo + i, name + i + 1, n - i);
		if (schema_field_find(owner, g->typo) == NULL)
			break;
		g->typo[0] = '\0';
	}
	if (g->typo[0] != '\0') {
		cr_assert_geq(run_doc(g, LEAF_KEY_TYPO, first, sizeof(first)), 1, "%s as %s passes\n%s",
		    g->path, g->typo, g->doc);
		/* (without its kind a document is not checked further) */
		cr_assert(strstr(all_errors, ": unknown field") || (g->n_steps == 1 &&
		    strcmp(name, "kind") == 0 && strstr(all_errors, "kind: required value")),
		    "%s as %s:\n%s", g->path, g->typo, all_errors);
	}
	if (sv->shape != SCHEMA_ANY)
		cr_assert_geq(run_doc(g, LEAF_WRONG_TYPE, first, sizeof(first)), 1,
		    "%s: a wrong-typed value passes\n%s", g->path, g->doc);
}

/* The object type a field's value holds (through lists and maps), or -1. */
static int
object_of(unsigned v)
{
	while (schema_values[v].shape == SCHEMA_ARRAY || schema_values[v].shape == SCHEMA_MAP)
		v = schema_values[v].arg;
	return schema_values[v].shape == SCHEMA_OBJECT ? (int)schema_values[v].arg : -1;
}

static void
walk(struct gen *g, unsigned type)
{
	const struct schema_type *t = &schema_types[type];

	for (size_t i = 0; i < t->n; i++) {
		unsigned fi = t->first + (unsigned)i;
		int next = object_of(schema_fields[fi].value);
		bool seen = false;

		g->steps[g->n_steps].type = type;
		g->steps[g->n_steps].field = fi;
		g->n_steps++;
		check_path(g);
		for (size_t s = 0; s < g->n_steps && next >= 0; s++)
			seen = seen || g->steps[s].type == (unsigned)next;
		if (next >= 0 && !seen && g->n_steps < MAX_STEPS)
			walk(g, (unsigned)next);
		g->n_steps--;
	}
}

Test(schema, every_field_path)
{
	static struct gen g;

	for (size_t r = 0; r < schema_n_roots; r++) {
		g.root = &schema_roots[r];
		g.n_steps = 0;
		walk(&g, g.root->type);
	}
	fprintf(stderr, "schema: %zu field paths checked\n", g.paths);
	cr_log_info("schema: %zu field paths checked", g.paths);
	cr_assert_gt(g.paths, 1500);
}

/* ---- the decoder's goldens: the same YAML gives the same message ---- */

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;

	cr_assert_not_null(f, "%s", path);
	s = calloc(1, 1 << 20);
	cr_assert_not_null(s);
	*len = fread(s, 1, (1 << 20) - 1, f);
	fclose(f);
	return s;
}

/* Goldens whose every error the schema check also finds: each schema
 * error, as "NAME.yaml:LINE:COL: PATH: MSG", is a line of NAME.expected. */
Test(schema, same_as_decode_goldens)
{
	static const char *const names[] = {
		"bad-header-name", "bad-scheme", "deployment-no-template", "duplicate-field",
		"env-errors", "many-errors", "missing-container-name",
		"missing-port", "seccomp-bad-type", "unknown-field-case", "unknown-field-nosuggest",
		"unknown-field-typo", "unknown-metadata-field", "unknown-podspec-field",
		"unknown-top-level", "wrong-type-bool", "wrong-type-command-string",
		"wrong-type-env-number", "wrong-type-name-number", "wrong-type-probe-list",
		"wrong-type-quoted-int",
	};
	char path[256], line[2048];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t len, elen;
		struct ydocs docs = { 0 };
		struct yerror e;
		struct diag_list d;
		char *yaml, *expected;

		snprintf(path, sizeof(path), "tests/golden/invalid/%s.yaml", names[i]);
		yaml = slurp(path, &len);
		snprintf(path, sizeof(path), "tests/golden/invalid/%s.expected", names[i]);
		expected = slurp(path, &elen);
		cr_assert_eq(ynode_parse(yaml, len, &docs, &e), 0, "%s", names[i]);
		diag_init(&d);
		cr_assert_geq(schema_check_document(docs.docs[0], &d), 1, "%s", names[i]);
		for (size_t j = 0; j < d.n; j++) {
			if (d.v[j].sev != DIAG_ERROR)
				continue;
			snprintf(line, sizeof(line), "%s.yaml:%d:%d: %s: %s\n", names[i], d.v[j].line,
			    d.v[j].col, d.v[j].path, d.v[j].msg);
			cr_expect_not_null(strstr(expected, line), "%s: not in the golden: %s", names[i],
			    line);
		}
		diag_free(&d);
		ynode_free(&docs);
		free(yaml);
		free(expected);
	}
}

/* Hostile sizes stay near linear: a map of 100,000 keys (duplicates
 * found), a selector of 50,000 labels against as many template labels. */
Test(schema, hostile_maps, .timeout = 10)
{
	size_t cap = 8u << 20, len = 0, n = 50000;
	char *y = malloc(cap);
	struct ydocs docs = { 0 };
	struct yerror e;
	struct diag_list d;

	cr_assert_not_null(y);
	len += (size_t)snprintf(y + len, cap - len, DEPLOY "  selector:\n    matchLabels:\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(y + len, cap - len, "      k%zu: v\n", i);
	len += (size_t)snprintf(y + len, cap - len, "  template:\n    metadata:\n      labels:\n");
	for (size_t i = n; i-- > 0;)
		len += (size_t)snprintf(y + len, cap - len, "        k%zu: v\n", i);
	len += (size_t)snprintf(y + len, cap - len, "    spec:\n      containers: [{name: a}]\n"
	    "      nodeSelector:\n");
	for (size_t i = 0; i < 2 * n; i++)
		len += (size_t)snprintf(y + len, cap - len, "        n%zu: v\n", i % n);
	cr_assert_eq(ynode_parse(y, len, &docs, &e), 0, "%s", e.msg);
	diag_init(&d);
	/* n duplicates of nodeSelector keys; the selector matches */
	cr_assert_eq(schema_check_document(docs.docs[0], &d), n);
	cr_assert_eq(d.n_errors, n);
	diag_free(&d);
	ynode_free(&docs);
	free(y);
}
