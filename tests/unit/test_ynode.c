/* Unit tests for ynode's stricter readings (ynode_opts), which the seccomp
 * profile reader asks for, and the kind of error it reports; the manifest's
 * default reading is tested through decode and test_loader_mem. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "podinit/ynode.h"

struct ycase {
	const char *yaml;
	struct ynode_opts opts;
	int	 rc;
	enum yerror_kind kind;	/* when rc is -1 */
	int	 line, col;
};

/* n nested flow lists around the scalar 1 (depth n) or around nothing. */
static const char *
lists(int n, bool empty)
{
	static char s[2][256];
	char *p = s[empty];
	int k = 0;

	for (int i = 0; i < n; i++)
		p[k++] = '[';
	if (!empty)
		p[k++] = '1';
	for (int i = 0; i < n; i++)
		p[k++] = ']';
	p[k] = '\0';
	return p;
}

Test(ynode, opts)
{
	const struct ynode_opts strict = { .no_aliases = true };
	const struct ynode_opts nul = { .no_nul = true };
	const struct ynode_opts first = { .first_root = true };
	const struct ynode_opts utf8 = { .utf8 = true };
	const struct ynode_opts depth2 = { .max_depth = 2 };
	const struct ycase t[] = {
		/* aliases: shared by default, refused where they stand */
		{ "a: &x 1\nb: *x\n", { 0 }, 0, 0, 0, 0 },
		{ "a: &x 1\nb: *x\n", strict, -1, YERR_ALIAS, 2, 4 },
		{ "a: 1\nb: *nope\n", strict, -1, YERR_ALIAS, 2, 4 },
		{ "a: 1\nb: *nope\n", { 0 }, -1, YERR_OTHER, 2, 4 },
		{ "a: &x 1\n", strict, 0, 0, 0, 0 },
		/* a NUL from an escape */
		{ "a: \"x\\0y\"\n", { 0 }, 0, 0, 0, 0 },
		{ "a: \"x\\0y\"\n", nul, -1, YERR_NUL, 1, 4 },
		/* what follows the first root */
		{ "[1]\n--- [\n", { 0 }, -1, YERR_SYNTAX, 3, 1 },
		{ "[1]\n--- [\n", first, 0, 0, 0, 0 },
		{ "[1] ]", first, 0, 0, 0, 0 },
		/* a UTF-16 byte order mark */
		{ "\xff\xfe", { 0 }, 0, 0, 0, 0 },
		{ "\xff\xfe", utf8, -1, YERR_SYNTAX, 1, 1 },
		/* depth: every node counts, the root at 0 */
		{ "[[1]]", depth2, 0, 0, 0, 0 },
		{ "[[[]]]", depth2, 0, 0, 0, 0 },
		{ "[[[1]]]", depth2, -1, YERR_DEPTH, 1, 4 },
		{ "[[[[]]]]", depth2, -1, YERR_DEPTH, 1, 4 },
		{ "[[[*a]]]", depth2, -1, YERR_DEPTH, 1, 4 },
		{ "[1,", { 0 }, -1, YERR_SYNTAX, 2, 1 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct ydocs d;
		struct yerror e;
		int rc = ynode_parse_opts(t[i].yaml, strlen(t[i].yaml), &t[i].opts, &d, &e);

		cr_assert_eq(rc, t[i].rc, "case %zu: %s", i, e.msg);
		if (rc == -1) {
			cr_assert_eq(e.kind, t[i].kind, "case %zu: %s", i, e.msg);
			cr_assert_eq(e.line, t[i].line, "case %zu: %s", i, e.msg);
			cr_assert_eq(e.col, t[i].col, "case %zu: %s", i, e.msg);
			cr_assert_neq(e.msg[0], '\0', "case %zu", i);
		}
		ynode_free(&d);
	}
}

/* The first root alone: one document, the rest unread. */
Test(ynode, first_root_is_one_document)
{
	const struct ynode_opts first = { .first_root = true };
	const char *y = "a: 1\n---\nb: 2\n";
	struct ydocs d;
	struct yerror e;

	cr_assert_eq(ynode_parse_opts(y, strlen(y), &first, &d, &e), 0, "%s", e.msg);
	cr_assert_eq(d.n_docs, 1);
	cr_assert_str_eq(ynode_get(d.docs[0], "a")->str, "1");
	ynode_free(&d);
	cr_assert_eq(ynode_parse(y, strlen(y), &d, &e), 0, "%s", e.msg);
	cr_assert_eq(d.n_docs, 2);
	ynode_free(&d);
}

/* Without aliases, anchors are not kept: no anchor limit applies. */
Test(ynode, no_aliases_keeps_no_anchors)
{
	const struct ynode_opts strict = { .no_aliases = true };
	char y[(YNODE_MAX_ANCHORS + 10) * 16];
	struct ydocs d;
	struct yerror e;
	int n = 0;

	n += snprintf(y + n, sizeof y - (size_t)n, "[");
	for (int i = 0; i < YNODE_MAX_ANCHORS + 10; i++)
		n += snprintf(y + n, sizeof y - (size_t)n, "&a%d 1,", i);
	n += snprintf(y + n, sizeof y - (size_t)n, "]");
	cr_assert_eq(ynode_parse(y, (size_t)n, &d, &e), -1);
	cr_assert(strstr(e.msg, "too many anchors") != NULL, "%s", e.msg);
	ynode_free(&d);
	cr_assert_eq(ynode_parse_opts(y, (size_t)n, &strict, &d, &e), 0, "%s", e.msg);
	cr_assert_eq(d.docs[0]->n, YNODE_MAX_ANCHORS + 10);
	ynode_free(&d);
}

/* The default reading keeps its limit of 64 levels of containers. */
Test(ynode, default_depth)
{
	struct ydocs d;
	struct yerror e;

	cr_assert_eq(ynode_parse(lists(64, false), 129, &d, &e), 0, "%s", e.msg);
	ynode_free(&d);
	cr_assert_eq(ynode_parse(lists(65, true), 130, &d, &e), -1);
	cr_assert_eq(e.kind, YERR_DEPTH);
	cr_assert_eq(e.col, 65);
	cr_assert_str_eq(e.msg, "nesting deeper than 64 levels");
	ynode_free(&d);
}

/* A syntax error keeps libyaml's own words for a caller that words its
 * own messages; msg says it ynode's way. */
Test(ynode, syntax_problem)
{
	const char *y = "{\"a\": [1,\n";
	struct ydocs d;
	struct yerror e;

	cr_assert_eq(ynode_parse(y, strlen(y), &d, &e), -1);
	cr_assert_eq(e.kind, YERR_SYNTAX);
	cr_assert_not_null(e.problem);
	cr_assert_str_eq(e.problem, "did not find expected node content");
	cr_assert(strncmp(e.msg, "invalid YAML: did not find expected node content", 48) == 0,
	    "%s", e.msg);
	ynode_free(&d);
}

/* Plain scalars as kubectl resolves them (go-yaml v2, YAML 1.1). */
struct scalar_case {
	const char *text;
	enum yscalar_type type;
	int64_t	 value;		/* YS_INT: the value; YS_BOOL: 1 for true */
	int	 rc;		/* YS_INT: ynode_int_value's answer */
};

static const struct scalar_case scalar_cases[] = {
	{ "y", YS_BOOL, 1, 0 }, { "Y", YS_BOOL, 1, 0 }, { "yes", YS_BOOL, 1, 0 },
	{ "Yes", YS_BOOL, 1, 0 }, { "YES", YS_BOOL, 1, 0 }, { "true", YS_BOOL, 1, 0 },
	{ "True", YS_BOOL, 1, 0 }, { "TRUE", YS_BOOL, 1, 0 }, { "on", YS_BOOL, 1, 0 },
	{ "On", YS_BOOL, 1, 0 }, { "ON", YS_BOOL, 1, 0 },
	{ "n", YS_BOOL, 0, 0 }, { "N", YS_BOOL, 0, 0 }, { "no", YS_BOOL, 0, 0 },
	{ "No", YS_BOOL, 0, 0 }, { "NO", YS_BOOL, 0, 0 }, { "false", YS_BOOL, 0, 0 },
	{ "False", YS_BOOL, 0, 0 }, { "FALSE", YS_BOOL, 0, 0 }, { "off", YS_BOOL, 0, 0 },
	{ "Off", YS_BOOL, 0, 0 }, { "OFF", YS_BOOL, 0, 0 },
	{ "yEs", YS_STRING, 0, 0 }, { "oN", YS_STRING, 0, 0 }, { "tRUE", YS_STRING, 0, 0 },
	{ "~", YS_NULL, 0, 0 }, { "null", YS_NULL, 0, 0 }, { "Null", YS_NULL, 0, 0 },
	{ "NULL", YS_NULL, 0, 0 }, { "nULL", YS_STRING, 0, 0 },
	{ "0", YS_INT, 0, 0 }, { "42", YS_INT, 42, 0 }, { "+42", YS_INT, 42, 0 },
	{ "-42", YS_INT, -42, 0 }, { "1_000", YS_INT, 1000, 0 }, { "+_1", YS_INT, 1, 0 },
	{ "0x1F", YS_INT, 31, 0 }, { "0X1f", YS_INT, 31, 0 }, { "-0x10", YS_INT, -16, 0 },
	{ "0o17", YS_INT, 15, 0 }, { "017", YS_INT, 15, 0 }, { "0b101", YS_INT, 5, 0 },
	{ "-0b11", YS_INT, -3, 0 }, { "0x_ff", YS_INT, 255, 0 },
	{ "9223372036854775807", YS_INT, INT64_MAX, 0 },
	{ "-9223372036854775808", YS_INT, INT64_MIN, 0 },
	{ "9223372036854775808", YS_INT, INT64_MAX, -1 },
	{ "0x10000000000000000", YS_INT, INT64_MAX, -1 },
	{ "08", YS_FLOAT, 0, 0 }, { "1.5", YS_FLOAT, 0, 0 }, { "1.", YS_FLOAT, 0, 0 },
	{ ".5", YS_FLOAT, 0, 0 }, { "-.5e3", YS_FLOAT, 0, 0 }, { "1e3", YS_FLOAT, 0, 0 },
	{ "1_0.5", YS_FLOAT, 0, 0 }, { "1E-7", YS_FLOAT, 0, 0 },
	{ ".inf", YS_FLOAT, 0, 0 }, { "-.Inf", YS_FLOAT, 0, 0 }, { "+.INF", YS_FLOAT, 0, 0 },
	{ ".nan", YS_FLOAT, 0, 0 }, { ".NaN", YS_FLOAT, 0, 0 }, { ".NAN", YS_FLOAT, 0, 0 },
	{ "0x", YS_STRING, 0, 0 }, { "0b102", YS_STRING, 0, 0 }, { "_1", YS_STRING, 0, 0 },
	{ "1e", YS_STRING, 0, 0 }, { ".", YS_STRING, 0, 0 }, { "._5", YS_STRING, 0, 0 },
	{ "--", YS_STRING, 0, 0 }, { "1.2.3", YS_STRING, 0, 0 }, { "12abc", YS_STRING, 0, 0 },
	{ "128Mi", YS_STRING, 0, 0 }, { "500m", YS_STRING, 0, 0 }, { "http", YS_STRING, 0, 0 },
};

Test(ynode, scalars_resolve_as_kubectl_reads_yaml)
{
	for (size_t i = 0; i < sizeof scalar_cases / sizeof scalar_cases[0]; i++) {
		const struct scalar_case *k = &scalar_cases[i];
		char text[128];
		struct ydocs docs;
		struct yerror err;
		const struct ynode *v;
		int64_t got = 0;

		snprintf(text, sizeof text, "a: %s\nb: '%s'\n", k->text, k->text);
		cr_assert_eq(ynode_parse(text, strlen(text), &docs, &err), 0, "%s: %s", k->text,
		    err.msg);
		v = ynode_get(docs.docs[0], "a");
		cr_assert_not_null(v, "%s", k->text);
		cr_expect_eq(ynode_scalar_type(v), k->type, "%s: type %d, want %d", k->text,
		    (int)ynode_scalar_type(v), (int)k->type);
		if (k->type == YS_INT) {
			cr_expect_eq(ynode_int_value(v, &got), k->rc, "%s: rc", k->text);
			if (k->rc == 0)
				cr_expect_eq(got, k->value, "%s: %lld", k->text, (long long)got);
		}
		if (k->type == YS_BOOL)
			cr_expect_eq(ynode_bool_value(v), k->value == 1, "%s: value", k->text);
		/* quoted, every one is a string */
		cr_expect_eq(ynode_scalar_type(ynode_get(docs.docs[0], "b")), YS_STRING, "'%s'",
		    k->text);
		ynode_free(&docs);
	}
}

Test(ynode, empty_plain_scalar_is_null)
{
	const char *text = "a:\nb: ''\n";
	struct ydocs docs;
	struct yerror err;

	cr_assert_eq(ynode_parse(text, strlen(text), &docs, &err), 0);
	cr_expect_eq(ynode_scalar_type(ynode_get(docs.docs[0], "a")), YS_NULL);
	cr_expect_eq(ynode_scalar_type(ynode_get(docs.docs[0], "b")), YS_STRING);
	ynode_free(&docs);
}
