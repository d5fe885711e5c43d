/* Unit tests: strconv's did-you-mean edit distance (quantities: test_apivalidate.c). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "podinit/strconv.h"

Test(strconv, edit_distance)
{
	cr_assert_eq(strconv_edit_distance("periodSecond", "periodSeconds", 2), 1);
	cr_assert_eq(strconv_edit_distance("periodseconds", "periodSeconds", 2), 0);
	cr_assert_eq(strconv_edit_distance("livenesProbe", "livenessProbe", 2), 1);
	cr_assert_eq(strconv_edit_distance("abc", "abc", 2), 0);
	cr_assert_eq(strconv_edit_distance("frobnicate", "command", 2), 3);
	cr_assert_eq(strconv_edit_distance("", "ab", 2), 2);
}

Test(strconv, split_words)
{
	char s[] = "  12 34\t-5\n(a b) ";
	char *w[8];

	cr_assert_eq(strconv_split_words(s, w, 8), 5);
	cr_assert_str_eq(w[0], "12");
	cr_assert_str_eq(w[1], "34");
	cr_assert_str_eq(w[2], "-5");
	cr_assert_str_eq(w[3], "(a");
	cr_assert_str_eq(w[4], "b)");
	char t[] = "a b c";
	cr_assert_eq(strconv_split_words(t, w, 2), 2, "stops at max");
	cr_assert_str_eq(w[1], "b");
	char e[] = " \n";
	cr_assert_eq(strconv_split_words(e, w, 8), 0);
}

Test(strconv, version)
{
	int maj = -1, min = -1;
	const char *rest;

	cr_assert_eq(strconv_version("6.1.0-18-amd64", &maj, &min, &rest), 0);
	cr_assert(maj == 6 && min == 1);
	cr_assert_str_eq(rest, ".0-18-amd64");
	cr_assert_eq(strconv_version("5.10", &maj, &min, &rest), 0);
	cr_assert(maj == 5 && min == 10 && *rest == '\0');
	cr_assert_eq(strconv_version("5", &maj, &min, NULL), -1);
	cr_assert_eq(strconv_version("5.", &maj, &min, NULL), -1);
	cr_assert_eq(strconv_version("-5.1", &maj, &min, NULL), -1);
	cr_assert_eq(strconv_version(" 5.1", &maj, &min, NULL), -1);
	cr_assert_eq(strconv_version("99999999999.1", &maj, &min, NULL), -1);
	cr_assert_eq(strconv_version(NULL, &maj, &min, NULL), -1);
}
