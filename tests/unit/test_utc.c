/* Unit tests: podinit's gmtime_r (src/base/utc.c) against the C library's
 * timegm, which does not go through gmtime_r: every broken-down time must
 * map back to its time_t, and timegm's normalisation must leave it as it
 * is (so the weekday and the day of the year agree too). */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

static void
check_one(time_t t)
{
	struct tm tm, copy;

	cr_assert_not_null(gmtime_r(&t, &tm), "gmtime_r(%lld) failed", (long long)t);
	copy = tm;
	cr_assert_eq(timegm(&copy), t, "%lld -> %04d-%02d-%02d %02d:%02d:%02d does not map back",
	    (long long)t, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	cr_assert(copy.tm_year == tm.tm_year && copy.tm_mon == tm.tm_mon &&
	    copy.tm_mday == tm.tm_mday && copy.tm_hour == tm.tm_hour && copy.tm_min == tm.tm_min &&
	    copy.tm_sec == tm.tm_sec, "%lld: out of range fields", (long long)t);
	cr_assert_eq(copy.tm_wday, tm.tm_wday, "%lld: weekday %d, timegm says %d", (long long)t,
	    tm.tm_wday, copy.tm_wday);
	cr_assert_eq(copy.tm_yday, tm.tm_yday, "%lld: day of year %d, timegm says %d",
	    (long long)t, tm.tm_yday, copy.tm_yday);
	cr_assert_eq(tm.tm_isdst, 0);
	cr_assert_eq(tm.tm_gmtoff, 0);
}

Test(utc, known_dates)
{
	static const struct {
		long long t;
		int y, mon, d, h, mi, s, wday, yday;
	} c[] = {
		{ 0, 1970, 1, 1, 0, 0, 0, 4, 0 },
		{ -1, 1969, 12, 31, 23, 59, 59, 3, 364 },
		{ 951782400, 2000, 2, 29, 0, 0, 0, 2, 59 },
		{ 1798761600, 2027, 1, 1, 0, 0, 0, 5, 0 },
		{ 4107542399LL, 2100, 2, 28, 23, 59, 59, 0, 58 },
		{ 4107542400LL, 2100, 3, 1, 0, 0, 0, 1, 59 },
		{ -62135596800LL, 1, 1, 1, 0, 0, 0, 1, 0 },
		{ 253402300799LL, 9999, 12, 31, 23, 59, 59, 5, 364 },
	};

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		time_t t = (time_t)c[i].t;
		struct tm tm;

		cr_assert_not_null(gmtime_r(&t, &tm));
		cr_assert(tm.tm_year + 1900 == c[i].y && tm.tm_mon + 1 == c[i].mon &&
		    tm.tm_mday == c[i].d && tm.tm_hour == c[i].h && tm.tm_min == c[i].mi &&
		    tm.tm_sec == c[i].s && tm.tm_wday == c[i].wday && tm.tm_yday == c[i].yday,
		    "%lld: got %d-%d-%d %d:%d:%d wday %d yday %d", c[i].t, tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday,
		    tm.tm_yday);
		cr_assert_str_eq(tm.tm_zone, "GMT");
		check_one(t);
	}
}

/* Every day boundary for 1,200 years around the epoch, and a spread of
 * random seconds far beyond it (a fixed seed: the same run every time). */
Test(utc, agrees_with_timegm)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;

	for (long long day = -219146; day <= 219146; day += 1)
		check_one((time_t)(day * 86400 + (day & 1 ? 86399 : 0)));
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		check_one((time_t)((int64_t)(x >> 20) - ((int64_t)1 << 43)));
	}
}

Test(utc, year_beyond_int)
{
	time_t t = (time_t)INT64_MAX;
	struct tm tm;

	errno = 0;
	cr_assert_null(gmtime_r(&t, &tm));
	cr_assert_eq(errno, EOVERFLOW);
	t = (time_t)INT64_MIN;
	cr_assert_null(gmtime_r(&t, &tm));
}
