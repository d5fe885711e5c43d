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
