/* clock: the only module that reads CLOCK_MONOTONIC and CLOCK_REALTIME. */
#include "podinit/clock.h"

#include <stdio.h>
#include <time.h>

static int64_t
read_clock(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) == -1)
		return 0;
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

int64_t
clock_mono(void)
{
	return read_clock(CLOCK_MONOTONIC);
}

int64_t
clock_real(void)
{
	return read_clock(CLOCK_REALTIME);
}

/* digits: 0 (seconds), 3 (milliseconds) or 9 (Go's RFC3339Nano:
 * nanoseconds, trailing zeros dropped, no dot for a whole second). */
static void
format_utc(int64_t real_ns, char *out, size_t outsz, int digits)
{
	time_t secs = (time_t)(real_ns / NS_PER_SEC);
	int ms = (int)((real_ns % NS_PER_SEC) / NS_PER_MS);
	long ns = (long)(real_ns % NS_PER_SEC);
	struct tm tm;

	if (outsz == 0)
		return;
	if (gmtime_r(&secs, &tm) == NULL) {
		out[0] = '\0';
		return;
	}
	if (digits == 9) {
		char frac[11] = "";
		int w = 9;

		if (ns > 0) {
			while (ns % 10 == 0) {
				ns /= 10;
				w--;
			}
			snprintf(frac, sizeof frac, ".%0*ld", w, ns);
		}
		snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d%sZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, frac);
	} else if (digits == 3)
		snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, ms);
	else
		snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
}

void
clock_rfc3339(int64_t real_ns, char *out, size_t outsz)
{
	format_utc(real_ns, out, outsz, 3);
}

void
clock_rfc3339_nano(int64_t real_ns, char *out, size_t outsz)
{
	format_utc(real_ns, out, outsz, 9);
}

void
clock_rfc3339_sec(int64_t real_ns, char *out, size_t outsz)
{
	format_utc(real_ns, out, outsz, 0);
}
