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
