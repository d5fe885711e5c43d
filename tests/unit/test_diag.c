/* Unit tests: the diagnostics list: each entry stamped with the current
 * document, file order across documents, exact duplicates dropped (and
 * taken off the counters), the text form with and without a document
 * index, and the JSON form (escaping of any message bytes, notes only when
 * verbose). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/diag.h"

static char *
printed(const struct diag_list *d, bool json, bool verbose)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	cr_assert_not_null(f);
	if (json)
		diag_print_json(f, d, "m.yaml", verbose);
	else
		diag_print(f, d, "m.yaml", NULL, verbose);
	fclose(f);
	return out;
}

Test(diag, stamps_the_current_document)
{
	struct diag_list d;

	diag_init(&d);
	diag_add(&d, DIAG_ERROR, 0, 0, "", "before any");
	d.current_doc = 2;
	diag_add(&d, DIAG_ERROR, 9, 3, "spec", "second");
	d.current_doc = 1;
	diag_add(&d, DIAG_WARNING, 2, 1, "kind", "first");
	cr_assert_eq(d.v[0].doc, 0);
	cr_assert_eq(d.v[1].doc, 2);
	cr_assert_eq(d.v[2].doc, 1);
	diag_sort(&d);
	cr_assert_str_eq(d.v[0].msg, "before any");
	cr_assert_str_eq(d.v[1].msg, "first");
	cr_assert_str_eq(d.v[2].msg, "second");
	diag_free(&d);
}

/* The rows: which entries are added; want: how many remain. */
struct dup_case {
	const char *name;
	struct { enum diag_sev sev; int doc, line, col; const char *path, *msg; } add[4];
	size_t	 n_add, want, want_errors, want_warnings;
};

static const struct dup_case dup_cases[] = {
	{ "exact twice", { { DIAG_ERROR, 1, 3, 5, "spec.a", "required value" },
	    { DIAG_ERROR, 1, 3, 5, "spec.a", "required value" } }, 2, 1, 1, 0 },
	{ "other message", { { DIAG_ERROR, 1, 3, 5, "spec.a", "required value" },
	    { DIAG_ERROR, 1, 3, 5, "spec.a", "unknown field" } }, 2, 2, 2, 0 },
	{ "other severity", { { DIAG_ERROR, 1, 3, 5, "spec.a", "x" },
	    { DIAG_WARNING, 1, 3, 5, "spec.a", "x" } }, 2, 2, 1, 1 },
	{ "other path", { { DIAG_ERROR, 1, 3, 5, "spec.a", "x" },
	    { DIAG_ERROR, 1, 3, 5, "spec.b", "x" } }, 2, 2, 2, 0 },
	{ "other column", { { DIAG_ERROR, 1, 3, 5, "spec.a", "x" },
	    { DIAG_ERROR, 1, 3, 6, "spec.a", "x" } }, 2, 2, 2, 0 },
	{ "other document, no position", { { DIAG_ERROR, 1, 0, 0, "", "x" },
	    { DIAG_ERROR, 2, 0, 0, "", "x" } }, 2, 2, 2, 0 },
	{ "not adjacent when added", { { DIAG_ERROR, 1, 3, 5, "spec.a", "x" },
	    { DIAG_ERROR, 1, 3, 5, "spec.a", "y" }, { DIAG_ERROR, 1, 1, 1, "", "z" },
	    { DIAG_ERROR, 1, 3, 5, "spec.a", "x" } }, 4, 3, 3, 0 },
	{ "three of a kind", { { DIAG_WARNING, 1, 3, 5, "p", "w" },
	    { DIAG_WARNING, 1, 3, 5, "p", "w" }, { DIAG_WARNING, 1, 3, 5, "p", "w" } },
	    3, 1, 0, 1 },
};

Test(diag, drops_exact_duplicates)
{
	for (size_t i = 0; i < sizeof dup_cases / sizeof dup_cases[0]; i++) {
		const struct dup_case *t = &dup_cases[i];
		struct diag_list d;

		diag_init(&d);
		for (size_t j = 0; j < t->n_add; j++) {
			d.current_doc = t->add[j].doc;
			diag_add(&d, t->add[j].sev, t->add[j].line, t->add[j].col, t->add[j].path,
			    "%s", t->add[j].msg);
		}
		diag_sort(&d);
		cr_expect_eq(d.n, t->want, "%s: %zu kept, want %zu", t->name, d.n, t->want);
		cr_expect_eq(d.n_errors, t->want_errors, "%s: errors", t->name);
		cr_expect_eq(d.n_warnings, t->want_warnings, "%s: warnings", t->name);
		diag_free(&d);
	}
}

Test(diag, text_names_the_document_when_there_are_several)
{
	struct diag_list d;
	char *out;

	diag_init(&d);
	d.current_doc = 2;
	diag_add(&d, DIAG_ERROR, 9, 3, "spec.x", "unknown field");
	diag_add(&d, DIAG_WARNING, 10, 3, "spec.y", "odd");
	d.n_docs = 1;
	out = printed(&d, false, false);
	cr_assert_str_eq(out, "m.yaml:9:3: spec.x: unknown field\n"
	    "m.yaml:10:3: warning: spec.y: odd\n");
	free(out);
	d.n_docs = 3;
	out = printed(&d, false, false);
	cr_assert_str_eq(out, "m.yaml:9:3: document 2: spec.x: unknown field\n"
	    "m.yaml:10:3: warning: document 2: spec.y: odd\n");
	free(out);
	diag_free(&d);
}

Test(diag, json_form)
{
	struct diag_list d;
	char *out;

	diag_init(&d);
	d.keep_notes = true;
	d.n_docs = 2;
	d.current_doc = 2;
	diag_add(&d, DIAG_ERROR, 4, 7, "spec.a", "bad \"quote\" \\ back\ttab\nnl \x01 \xff end");
	diag_add(&d, DIAG_NOTE, 5, 1, "spec.b", "validated");
	diag_sort(&d);
	out = printed(&d, true, false);
	cr_assert_str_eq(out, "[\n{\"file\":\"m.yaml\",\"line\":4,\"column\":7,\"document\":2,"
	    "\"path\":\"spec.a\",\"severity\":\"error\",\"message\":\"bad \\\"quote\\\" \\\\ back"
	    "\\ttab\\nnl \\u0001 \\ufffd end\"}\n]\n");
	free(out);
	out = printed(&d, true, true);
	cr_assert(strstr(out, "},\n{\"file\":\"m.yaml\",\"line\":5,\"column\":1,\"document\":2,"
	    "\"path\":\"spec.b\",\"severity\":\"note\",\"message\":\"validated\"}\n]\n") != NULL,
	    "%s", out);
	free(out);
	diag_free(&d);
}

Test(diag, json_empty_is_an_empty_array)
{
	struct diag_list d;
	char *out;

	diag_init(&d);
	out = printed(&d, true, true);
	cr_assert_str_eq(out, "[]\n");
	free(out);
	diag_free(&d);
}
