/* Unit tests for spec: the default host applied once per handler, and the
 * two vocabularies of probe results. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "podinit/spec.h"

struct host_case {
	enum handler_kind kind;
	char	host[16];	/* "<null>" = NULL */
	char	want[16];	/* "<null>" = NULL */
};

ParameterizedTestParameters(spec, default_host)
{
	static struct host_case c[] = {
		{ HANDLER_HTTP_GET, "<null>", SPEC_DEFAULT_HOST },
		{ HANDLER_HTTP_GET, "", SPEC_DEFAULT_HOST },
		{ HANDLER_HTTP_GET, "10.0.0.1", "10.0.0.1" },
		{ HANDLER_TCP_SOCKET, "<null>", SPEC_DEFAULT_HOST },
		{ HANDLER_TCP_SOCKET, "db", "db" },
		{ HANDLER_GRPC, "<null>", SPEC_DEFAULT_HOST },
		{ HANDLER_GRPC, "", SPEC_DEFAULT_HOST },
		{ HANDLER_EXEC, "<null>", "<null>" },
		{ HANDLER_SLEEP, "<null>", "<null>" },
		{ HANDLER_NONE, "<null>", "<null>" },
	};
	return cr_make_param_array(struct host_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct host_case *tc, spec, default_host)
{
	struct arena a;
	struct handler_spec h;
	char host[16];

	memset(&a, 0, sizeof a);
	spec_handler_defaults(&h);
	h.kind = tc->kind;
	strcpy(host, tc->host);
	h.host = strcmp(tc->host, "<null>") == 0 ? NULL : host;
	cr_assert_eq(spec_handler_default_host(&h, &a), 0);
	if (strcmp(tc->want, "<null>") == 0)
		cr_assert_null(h.host, "kind %d", (int)tc->kind);
	else
		cr_assert_str_eq(h.host, tc->want, "kind %d", (int)tc->kind);
	arena_free(&a);
}

Test(spec, default_host_is_loopback)
{
	cr_assert_str_eq(SPEC_DEFAULT_HOST, "127.0.0.1");
}

Test(spec, probe_result_names)
{
	static const struct {
		enum probe_result r;
		const char *name, *label;
	} c[] = {
		{ PROBE_SUCCESS, "Success", "successful" },
		{ PROBE_FAILURE, "Failure", "failed" },
		{ PROBE_UNKNOWN, "Unknown", "unknown" },
	};

	cr_assert_eq(sizeof c / sizeof c[0], PROBE_RESULT_COUNT);
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		cr_assert_str_eq(spec_probe_result_name(c[i].r), c[i].name);
		cr_assert_str_eq(spec_probe_result_label(c[i].r), c[i].label);
	}
}
