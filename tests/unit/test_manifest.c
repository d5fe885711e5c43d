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
