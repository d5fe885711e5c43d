/* Unit tests: the loader against hostile input (deep nesting, alias bombs,
 * huge scalars, NUL bytes, invalid UTF-8), the diagnostics format, the
 * whole-pod rules and the command line's overrides. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/manifest.h"
#include "podinit/units.h"
#include "podinit/ynode.h"

static int
load_buf(const char *buf, size_t len, struct pod_spec *p, struct diag_list *d)
{
	struct manifest_opts o = { .path = "h.yaml", .check_only = true };

	diag_init(d);
	return manifest_decode_buffer(buf, len, &o, p, d);
}

static void
expect_error(const char *buf, size_t len, const char *needle)
{
	struct pod_spec p;
	struct diag_list d;

	cr_assert_eq(load_buf(buf, len, &p, &d), -1);
	cr_assert_geq(d.n, 1);
	bool found = false;
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].sev == DIAG_ERROR && strstr(d.v[i].msg, needle))
			found = true;
	cr_assert(found, "no error with \"%s\"; first: %s", needle, d.v[0].msg);
	diag_free(&d);
	spec_free(&p);
}

Test(manifest, deep_nesting)
{
	size_t n = 10000, len = 2 * n + 16;
	char *b = malloc(len);

	memcpy(b, "a: ", 3);
	memset(b + 3, '[', n);
	memset(b + 3 + n, ']', n);
	b[3 + 2 * n] = '\n';
	expect_error(b, 4 + 2 * n, "nesting deeper");
	/* block style too: "- - - ... x" */
	char *y = malloc(2 * n + 2);
	for (size_t i = 0; i < n; i++)
		memcpy(y + 2 * i, "- ", 2);
	y[2 * n] = 'x';
	expect_error(y, 2 * n + 1, "nesting deeper");
	free(y);
	free(b);
}

Test(manifest, billion_laughs)
{
	const char *y =
	    "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

	expect_error(y, strlen(y), "alias");
}

Test(manifest, huge_scalar)
{
	size_t n = 10 << 20;
	char *b = malloc(n + 32);

	memcpy(b, "kind: ", 6);
	memset(b + 6, 'x', n);
	b[6 + n] = '\n';
	expect_error(b, n + 7, "longer than the limit");
	free(b);
}

Test(manifest, too_large_input)
{
	size_t n = (size_t)YNODE_MAX_INPUT + 10;
	char *b = malloc(n);

	memset(b, '#', n);
	expect_error(b, n, "larger than the limit");
	free(b);
}

Test(manifest, nul_and_utf8)
{
	expect_error("kind: P\0od\n", 11, "NUL byte");
	expect_error("kind: \xff\xfe\xfd\n", 10, "invalid YAML");
	const char *y = "kind: Pod\nmetadata: {name: \"a\\0b\"}\nspec: {containers: [{name: a}]}\n";
	expect_error(y, strlen(y), "NUL character");
}

Test(manifest, errors_in_file_order)
{
	struct pod_spec p;
	struct diag_list d;
	const char *y =
	    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    command: [/a]\n"
	    "    livenessProbe: {exec: {command: [x]}, periodSecond: 1}\n"
	    "  - name: a\n    command: [/a]\n  restartPolicy: Sometimes\n";

	cr_assert_eq(load_buf(y, strlen(y), &p, &d), -1);
	cr_assert_eq(d.n_errors, 3);
	diag_sort(&d);
	cr_assert_eq(d.v[0].line, 7);
	cr_assert_str_eq(d.v[0].path, "spec.containers[0].livenessProbe.periodSecond");
	cr_assert_str_eq(d.v[0].msg, "unknown field; did you mean periodSeconds?");
	cr_assert_eq(d.v[1].line, 8);
	cr_assert_eq(d.v[2].line, 10);
	diag_free(&d);
	spec_free(&p);
}

Test(manifest, json_and_stdin_name)
{
	struct pod_spec p;
	struct diag_list d;
	const char *y = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"j\"},"
	    "\"spec\":{\"containers\":[{\"name\":\"a\",\"command\":[\"/a\"],"
	    "\"readinessProbe\":{\"httpGet\":{\"port\":80,\"scheme\":\"HTTPS\"}}}]}}";

	cr_assert_eq(load_buf(y, strlen(y), &p, &d), 0);
	cr_assert_str_eq(p.name, "j");
	cr_assert(p.containers[0].probes[PROBE_READINESS].handler.https);
	diag_free(&d);
	spec_free(&p);
}

Test(manifest, ynode_marks)
{
	struct ydocs docs;
	struct yerror e;
	const char *y = "a: 1\nb:\n  - x\n  - 'y'\n---\nc: ~\n";

	cr_assert_eq(ynode_parse(y, strlen(y), &docs, &e), 0);
	cr_assert_eq(docs.n_docs, 2);
	const struct ynode *b = ynode_get(docs.docs[0], "b");
	cr_assert_eq(b->kind, YNODE_SEQ);
	cr_assert_eq(b->kids[1]->line, 4);
	cr_assert_eq(b->kids[1]->col, 5);
	cr_assert(b->kids[1]->quoted);
	cr_assert_eq(ynode_scalar_type(ynode_get(docs.docs[0], "a")), YS_INT);
	cr_assert(ynode_is_null(ynode_get(docs.docs[1], "c")));
	ynode_free(&docs);
}

/* successThreshold must be 1 but for readiness: validate's rule, said at
 * the field with its path, in containers and sidecars alike. */
struct threshold_case {
	char	 yaml[200];	/* the containers' part of the pod spec */
	char	 path[80];	/* "" = no error */
	int	 line, col;
};

ParameterizedTestParameters(manifest, success_threshold_one)
{
	static struct threshold_case c[] = {
		{ "  containers:\n  - name: a\n    command: [a]\n"
		  "    livenessProbe: {exec: {command: [x]}, successThreshold: 2}\n",
		  "spec.containers[0].livenessProbe.successThreshold", 8, 61 },
		{ "  containers:\n  - name: a\n    command: [a]\n"
		  "    startupProbe: {exec: {command: [x]}, successThreshold: 3}\n",
		  "spec.containers[0].startupProbe.successThreshold", 8, 60 },
		{ "  containers:\n  - name: a\n    command: [a]\n"
		  "    readinessProbe: {exec: {command: [x]}, successThreshold: 3}\n", "", 0, 0 },
		{ "  containers:\n  - name: a\n    command: [a]\n"
		  "    livenessProbe: {exec: {command: [x]}, successThreshold: 1}\n", "", 0, 0 },
		{ "  containers: [{name: a, command: [a]}]\n  initContainers:\n  - name: s\n"
		  "    restartPolicy: Always\n    command: [s]\n"
		  "    startupProbe: {exec: {command: [x]}, successThreshold: 2}\n",
		  "spec.initContainers[0].startupProbe.successThreshold", 10, 60 },
	};

	return cr_make_param_array(struct threshold_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct threshold_case *tc, manifest, success_threshold_one)
{
	struct pod_spec p;
	struct diag_list d;
	char y[400];

	snprintf(y, sizeof y, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n%s",
	    tc->yaml);
	if (tc->path[0] == '\0') {
		cr_assert_eq(load_buf(y, strlen(y), &p, &d), 0);
	} else {
		cr_assert_eq(load_buf(y, strlen(y), &p, &d), -1);
		cr_assert_eq(d.n_errors, 1);
		cr_assert_str_eq(d.v[0].path, tc->path);
		cr_assert_eq(d.v[0].line, tc->line);
		cr_assert_eq(d.v[0].col, tc->col);
		cr_assert(strstr(d.v[0].msg, "must be 1 for ") == d.v[0].msg, "%s", d.v[0].msg);
	}
	diag_free(&d);
	spec_free(&p);
}

/* --restart and --grace-period reach the pod through the loader, once:
 * the model keeps the sub-second grace, the dump its whole seconds. */
Test(manifest, command_line_overrides)
{
	struct manifest_opts o = {
		.path = "o.yaml",
		.overrides = { .has_restart = true, .restart = RESTART_NEVER,
		    .has_grace = true, .grace_ns = 1500 * NS_PER_MS },
	};
	const char *y = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
	    "  terminationGracePeriodSeconds: 40\n  restartPolicy: OnFailure\n"
	    "  containers: [{name: a, command: [a], lifecycle: {preStop: {sleep: {seconds: 35}}}}]\n";
	struct pod_spec p;
	struct diag_list d;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	diag_init(&d);
	/* the sleep is checked against the manifest's 40 s, not the override */
	cr_assert_eq(manifest_decode_buffer(y, strlen(y), &o, &p, &d), 0);
	cr_assert_eq(p.restart_policy, RESTART_NEVER);
	cr_assert_eq(p.termination_grace_ns, 1500 * NS_PER_MS);
	f = open_memstream(&out, &len);
	manifest_dump(f, &p);
	fclose(f);
	cr_assert(strstr(out, "restartPolicy: Never\nterminationGracePeriodSeconds: 1\n"), "%s", out);
	free(out);
	diag_free(&d);
	spec_free(&p);
}

/* Every document is validated, each diagnostic carries its document, and
 * the pod is the first pod-carrying one whatever precedes it. */
struct documents_case {
	const char *name;
	const char *yaml;
	int	 rc;		/* manifest_decode_buffer's */
	const char *kind;	/* the decoded pod's, when rc is 0 */
	const char *msg;	/* a diagnostic's message contains it, or NULL */
	int	 doc;		/* ... and it is about this document */
	enum diag_sev sev;
};

/* Each ends in a block mapping, so a case may append a field to it. */
#define SVC "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n"
#define CM "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  k: v\n"
#define POD1 "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n" \
	"spec:\n  containers: [{name: c, command: [/c]}]\n"
#define DEPLOY "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n" \
	"  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n" \
	"    spec: {containers: [{name: c, command: [/c]}]}\n"

static const struct documents_case documents_cases[] = {
	{ "service then deployment", SVC "---\n" DEPLOY, 0, "Deployment", NULL, 0, DIAG_ERROR },
	{ "configmap, service, pod", CM "---\n" SVC "---\n" POD1, 0, "Pod", NULL, 0, DIAG_ERROR },
	{ "an error in the service after the pod", POD1 "---\n" SVC "  prots: []\n", -1, NULL,
	    "did you mean ports?", 2, DIAG_ERROR },
	{ "a wrong type in the configmap before the pod", CM "  n: 3\n---\n" POD1, -1, NULL,
	    "expected a string, got a number", 1, DIAG_ERROR },
	{ "an unknown kind is a note", "apiVersion: example.com/v1\nkind: Widget\n"
	    "metadata: {name: w}\n---\n" POD1, 0, "Pod", "Widget", 1, DIAG_NOTE },
	{ "the chosen document's own errors", SVC "---\n" POD1 "  restartPolicy: Sometimes\n",
	    -1, NULL, "unsupported value \"Sometimes\"", 2, DIAG_ERROR },
	{ "a single document is document 1", POD1 "  nodeName: [x]\n", -1, NULL,
	    "expected a string", 1, DIAG_ERROR },
};

Test(manifest, every_document)
{
	for (size_t i = 0; i < sizeof documents_cases / sizeof documents_cases[0]; i++) {
		const struct documents_case *t = &documents_cases[i];
		struct manifest_opts o = { .path = "h.yaml", .check_only = true };
		struct pod_spec p;
		struct diag_list d;
		int rc;

		diag_init(&d);
		d.keep_notes = true;
		rc = manifest_decode_buffer(t->yaml, strlen(t->yaml), &o, &p, &d);
		cr_expect_eq(rc, t->rc, "%s: rc %d", t->name, rc);
		if (rc == 0 && t->kind)
			cr_expect_str_eq(p.kind, t->kind, "%s", t->name);
		if (t->msg) {
			bool found = false;
			for (size_t j = 0; j < d.n; j++)
				if (strstr(d.v[j].msg, t->msg) && d.v[j].sev == t->sev) {
					cr_expect_eq(d.v[j].doc, t->doc, "%s: document %d", t->name,
					    d.v[j].doc);
					found = true;
				}
			cr_expect(found, "%s: no diagnostic with \"%s\"", t->name, t->msg);
		} else {
			cr_expect_eq(d.n_errors, 0, "%s: %zu errors, first: %s", t->name, d.n_errors,
			    d.n ? d.v[0].msg : "");
		}
		diag_free(&d);
		spec_free(&p);
	}
}

/* The schema and the decoder both read a field podinit runs: one message,
 * the decoder's (it has the suggestion). */
Test(manifest, one_message_per_problem)
{
	const char *y = POD1 "  restartPolicy: always\n";
	struct manifest_opts o = { .path = "h.yaml" };
	struct pod_spec p;
	struct diag_list d;

	diag_init(&d);
	cr_assert_eq(manifest_decode_buffer(y, strlen(y), &o, &p, &d), -1);
	diag_sort(&d);
	cr_assert_eq(d.n_errors, 1);
	cr_assert_eq(d.n, 1);
	cr_assert(strstr(d.v[0].msg, "did you mean Always?") != NULL, "%s", d.v[0].msg);
	diag_free(&d);
	spec_free(&p);
}

/* -vv's model dump names each variable's source, and never prints a
 * Secret's value (a secretKeyRef, or a variable envFrom a secretRef
 * brought): only where it comes from. */
Test(manifest, dump_hides_secret_values)
{
	static struct env_from_spec from[] = {
		{ CONFIG_CONFIGMAP, "cfg", NULL, false, { 0, 0 } },
		{ CONFIG_SECRET, "creds", "DB_", false, { 0, 0 } },
	};
	static struct env_var env[] = {
		{ .name = "MODE", .value = "blue", .source = ENV_SOURCE_ENV_FROM },
		{ .name = "DB_PASS", .value = "s3cret-from", .source = ENV_SOURCE_ENV_FROM,
		    .from = 1 },
		{ .name = "TOKEN", .value = "s3cret-key", .source = ENV_SOURCE_SECRET_KEY,
		    .ref = "creds", .key = "token", .optional = true },
		{ .name = "LEVEL", .value = "info", .source = ENV_SOURCE_CONFIGMAP_KEY,
		    .ref = "cfg", .key = "level" },
		{ .name = "POD", .value = "p", .source = ENV_SOURCE_FIELD,
		    .ref = "metadata.name" },
		{ .name = "CPU", .value = "2", .source = ENV_SOURCE_RESOURCE,
		    .ref = "limits.cpu", .key = "a", .divisor = "1m" },
		{ .name = "PLAIN", .value = "x", .raw = "x", .source = ENV_SOURCE_VALUE },
	};
	const char *y = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
	    "  containers: [{name: a, command: [a]}]\n";
	struct manifest_opts o = { .path = "t.yaml" };
	struct pod_spec p;
	struct diag_list d;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	diag_init(&d);
	cr_assert_eq(manifest_decode_buffer(y, strlen(y), &o, &p, &d), 0);
	p.containers[0].env = env;
	p.containers[0].n_env = sizeof env / sizeof env[0];
	p.containers[0].env_from = from;
	p.containers[0].n_env_from = 2;
	f = open_memstream(&out, &len);
	manifest_dump(f, &p);
	fclose(f);
	cr_assert(strstr(out, "s3cret") == NULL, "%s", out);
	cr_assert(strstr(out, "  env MODE=\"blue\" envFrom[0]\n"
	    "  env DB_PASS=(secret) envFrom[1]\n"
	    "  env TOKEN=(secret) secretKeyRef=creds/token optional\n"
	    "  env LEVEL=\"info\" configMapKeyRef=cfg/level\n"
	    "  env POD=\"p\" fieldRef=metadata.name\n"
	    "  env CPU=\"2\" resourceFieldRef=limits.cpu of a divisor=1m\n"
	    "  env PLAIN=\"x\"\n"), "%s", out);
	/* An envFrom index past the list (a loader bug) is hidden too. */
	env[0].from = 9;
	free(out);
	f = open_memstream(&out, &len);
	manifest_dump(f, &p);
	fclose(f);
	cr_assert(strstr(out, "  env MODE=(secret) envFrom[9]\n"), "%s", out);
	env[0].from = 0;
	free(out);
	p.containers[0].env = NULL;
	p.containers[0].n_env = 0;
	diag_free(&d);
	spec_free(&p);
}
