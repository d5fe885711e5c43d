/* utc: podinit's own gmtime_r, which replaces the C library's at link time.
 *
 * Why: in the static binary, glibc's gmtime_r lives in the same object as
 * its time-zone code (__tz_convert), which reads TZ rules with sscanf, and
 * that brings scanf, long-double and wide-character conversion along:
 * 94 KB of the 2,000,000-byte budget, for a function that podinit (UTC
 * timestamps in logs and /status) and mbed TLS (certificate validity) only
 * ever call for UTC.  A definition in libpodinit.a is found first, so the
 * library's object is never linked.  Nothing here reads TZ or a zone file.
 *
 * The calendar is the proleptic Gregorian one, by Howard Hinnant's
 * days-from-civil inverse (public domain algorithm, written anew here); the
 * range is every time_t whose year fits an int, as glibc's. */
#include <errno.h>
#include <stdint.h>
#include <time.h>

struct tm *
gmtime_r(const time_t *timep, struct tm *tm)
{
	static const int before_month[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
	};
	int64_t t = (int64_t)*timep, days = t / 86400, rem = t % 86400, era, z, y;
	uint32_t doe, yoe, doy, mp, month;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	/* |days| < 2^63 / 86400, so these additions cannot overflow */
	z = days + 719468;	/* days since 0000-03-01 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (uint32_t)(z - era * 146097);				/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;	/* [0, 399] */
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);			/* [0, 365], from March */
	mp = (5 * doy + 2) / 153;					/* [0, 11], from March */
	month = mp < 10 ? mp + 3 : mp - 9;				/* [1, 12] */
	y = (int64_t)yoe + era * 400 + (month <= 2);
	if (y - 1900 < INT32_MIN || y - 1900 > INT32_MAX) {
		errno = EOVERFLOW;
		return NULL;
	}
	tm->tm_sec = (int)(rem % 60);
	tm->tm_min = (int)(rem / 60 % 60);
	tm->tm_hour = (int)(rem / 3600);
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_mon = (int)month - 1;
	tm->tm_year = (int)(y - 1900);
	tm->tm_wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01 was a Thursday (4) */
	tm->tm_yday = before_month[tm->tm_mon] + tm->tm_mday - 1 +
	    (tm->tm_mon >= 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
	tm->tm_isdst = 0;
	tm->tm_gmtoff = 0;
	tm->tm_zone = "GMT";
	return tm;
}
