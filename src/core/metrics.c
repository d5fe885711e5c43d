/* metrics: probe counters and histograms as plain structs, and the
 * Prometheus text format 0.0.4 helpers.  The structs live in the view
 * (view.h); this file only counts and formats.  Pure: the readers that
 * sample resource use are usage.c's. */
#include "podinit/metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/units.h"

const double metrics_default_buckets[METRICS_BUCKETS] = {
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};

void
metrics_histogram_observe(struct metrics_histogram *h, double v)
{
	for (size_t i = 0; i < METRICS_BUCKETS; i++) {
		if (v <= metrics_default_buckets[i]) {
			h->bucket[i]++;
			break;
		}
	}
	h->count++;
	h->sum += v;
}

void
metrics_probe_observe(struct metrics_probe *m, enum probe_result r, int64_t duration_ns)
{
	if ((unsigned)r >= PROBE_RESULT_COUNT)
		return;
	m->total[r]++;
	/* K8S: worker.go observes the duration only when the result is not
	 * a failure. */
	if (r != PROBE_FAILURE)
		metrics_histogram_observe(&m->duration, (double)duration_ns / NS_PER_SEC);
}

/* HELP text escaping: backslash and newline only. */
static void
help_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			buf_adds(b, "\\\\");
		else if (*s == '\n')
			buf_adds(b, "\\n");
		else
			buf_addc(b, *s);
	}
}

void
metrics_family(struct buf *b, const char *name, const char *help, const char *type)
{
	buf_printf(b, "# HELP %s ", name);
	help_escape(b, help);
	buf_printf(b, "\n# TYPE %s %s\n", name, type);
}

void
metrics_label_value(struct buf *b, const char *v)
{
	size_t n;

	if (v == NULL)
		return;
	for (;;) {
		/* Copy runs of ordinary bytes at once: label values rarely
		 * need escaping, and /metrics is rendered per scrape. */
		n = strcspn(v, "\\\"\n");
		buf_add(b, v, n);
		v += n;
		switch (*v) {
		case '\0': return;
		case '\\': buf_adds(b, "\\\\"); break;
		case '"': buf_adds(b, "\\\""); break;
		case '\n': buf_adds(b, "\\n"); break;
		}
		v++;
	}
}

void
metrics_uint(struct buf *b, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof tmp;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_add(b, tmp + i, sizeof tmp - i);
}

void
metrics_value(struct buf *b, double v)
{
	char tmp[64];

	if (isnan(v))
		buf_adds(b, "NaN");
	else if (isinf(v))
		buf_adds(b, v > 0 ? "+Inf" : "-Inf");
	else if (v == (double)(int64_t)v && fabs(v) < 1e15) {
		if (v < 0)
			buf_addc(b, '-');
		metrics_uint(b, (uint64_t)fabs(v));
	} else {
		/* A scrape formats the same sums and CPU seconds as the one
		 * before (they change a few times a second at most, scrapes
		 * may come a thousand times): remember the recent ones. */
		static struct {
			uint64_t bits;	/* the double's bits: -0.0 is not 0.0 */
			char	 s[32];
		} memo[64];
		uint64_t bits, h;

		memcpy(&bits, &v, sizeof bits);
		h = (bits ^ (bits >> 29)) * 0x9e3779b97f4a7c15ULL;
		size_t slot = (size_t)(h >> 58);
		if (memo[slot].s[0] != '\0' && memo[slot].bits == bits) {
			buf_adds(b, memo[slot].s);
			return;
		}
		/* Shortest form that round-trips, as Go's strconv 'g' -1.
		 * Round-tripping is monotonic in the precision (17 digits
		 * always do), so a binary search finds it in 4-5 tries
		 * rather than 12 for the sums and rates that need 15-17. */
		int lo = 1, hi = 17, n;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			/* (17 significant digits and an exponent fit in tmp) */
			n = snprintf(tmp, sizeof tmp, "%.*g", mid, v);
			if (n > 0 && (size_t)n < sizeof tmp && strtod(tmp, NULL) == v)
				hi = mid;
			else
				lo = mid + 1;
		}
		n = snprintf(tmp, sizeof tmp, "%.*g", lo, v);
		if (n <= 0 || (size_t)n >= sizeof tmp)
			n = snprintf(tmp, sizeof tmp, "%.17g", v);
		buf_adds(b, tmp);
		if (n > 0 && (size_t)n < sizeof memo[slot].s) {
			memo[slot].bits = bits;
			memcpy(memo[slot].s, tmp, (size_t)n + 1);
		}
	}
}
