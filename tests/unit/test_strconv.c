/* Unit tests: strconv quantity parsing and the did-you-mean edit distance. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "podinit/strconv.h"

struct qcase {
	char	 in[24];
	long long want;
	int	 rc;
};

ParameterizedTestParameters(strconv, quantity)
{
	static struct qcase c[] = {
		{ "128Mi", 134217728000LL, 0 }, { "1G", 1000000000000LL, 0 },
		{ "500m", 500, 0 }, { "1", 1000, 0 }, { "1.5", 1500, 0 }, { "2e3", 2000000, 0 },
		{ "1Ki", 1024000, 0 }, { "0.1", 100, 0 }, { "1.5Gi", 1610612736000LL, 0 },
		{ "100k", 100000000, 0 }, { "0", 0, 0 },
		{ "", 0, -1 }, { "128MB", 0, -1 }, { "lots", 0, -1 }, { "1.2.3", 0, -1 },
		{ "Mi", 0, -1 },
		/* no upper bound in Kubernetes: saturated (issue 14) */
		{ "9999999Ei", INT64_MAX, 0 }, { "1000000Ei", INT64_MAX, 0 },
	};
	return cr_make_param_array(struct qcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct qcase *c, strconv, quantity)
{
	int64_t v = -42;
	int rc = strconv_quantity_milli(c->in, &v);

	cr_assert_eq(rc, c->rc, "%s: rc %d", c->in, rc);
	if (rc == 0)
		cr_assert_eq(v, c->want, "%s: %lld", c->in, (long long)v);
}

Test(strconv, edit_distance)
{
	cr_assert_eq(strconv_edit_distance("periodSecond", "periodSeconds", 2), 1);
	cr_assert_eq(strconv_edit_distance("periodseconds", "periodSeconds", 2), 0);
	cr_assert_eq(strconv_edit_distance("livenesProbe", "livenessProbe", 2), 1);
	cr_assert_eq(strconv_edit_distance("abc", "abc", 2), 0);
	cr_assert_eq(strconv_edit_distance("frobnicate", "command", 2), 3);
	cr_assert_eq(strconv_edit_distance("", "ab", 2), 2);
}
