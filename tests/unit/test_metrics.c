/* metrics: histogram buckets, kubelet's observation rule, Prometheus
 * label/HELP escaping and number formatting. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/buf.h"
#include "podinit/clock.h"
#include "podinit/metrics.h"

static char mem[4096];

Test(metrics, histogram_buckets)
{
	struct metrics_histogram h;

	memset(&h, 0, sizeof h);
	metrics_histogram_observe(&h, 0.005);	/* le is inclusive */
	metrics_histogram_observe(&h, 0.3);
	metrics_histogram_observe(&h, 11);	/* only +Inf */
	cr_assert_eq(h.bucket[0], 1);
	cr_assert_eq(h.bucket[6], 1);		/* le=0.5 */
	cr_assert_eq(h.count, 3);
	uint64_t sum = 0;
	for (int i = 0; i < METRICS_BUCKETS; i++)
		sum += h.bucket[i];
	cr_assert_eq(sum, 2);
	cr_assert_float_eq(h.sum, 11.305, 1e-9);
}

Test(metrics, probe_observe_skips_failure_durations)
{
	struct metrics_probe m;

	memset(&m, 0, sizeof m);
	metrics_probe_observe(&m, PROBE_SUCCESS, 2 * NS_PER_MS);
	metrics_probe_observe(&m, PROBE_FAILURE, 1 * NS_PER_SEC);
	metrics_probe_observe(&m, PROBE_UNKNOWN, 3 * NS_PER_MS);
	cr_assert_eq(m.total[PROBE_SUCCESS], 1);
	cr_assert_eq(m.total[PROBE_FAILURE], 1);
	cr_assert_eq(m.total[PROBE_UNKNOWN], 1);
	cr_assert_eq(m.duration.count, 2);
	cr_assert_float_eq(m.duration.sum, 0.005, 1e-12);
}

Test(metrics, label_escaping)
{
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	metrics_label_value(&b, "a\"b\\c\nd");
	cr_assert_str_eq(buf_cstr(&b), "a\\\"b\\\\c\\nd");
}

Test(metrics, family_header)
{
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	metrics_family(&b, "x_total", "Line\\one\ntwo", "counter");
	cr_assert_str_eq(buf_cstr(&b), "# HELP x_total Line\\\\one\\ntwo\n# TYPE x_total counter\n");
}

Test(metrics, values)
{
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	metrics_value(&b, 1);
	buf_addc(&b, ' ');
	metrics_value(&b, 0.025);
	buf_addc(&b, ' ');
	metrics_value(&b, 1.0 / 0.0);
	buf_addc(&b, ' ');
	metrics_value(&b, 0.1 + 0.2);
	buf_addc(&b, ' ');
	metrics_value(&b, -3);
	cr_assert_str_eq(buf_cstr(&b), "1 0.025 +Inf 0.30000000000000004 -3");
}

/* The shortest round-tripping form for values that need many digits, and
 * that every printed form parses back to the same double. */
Test(metrics, value_shortest_round_trip)
{
	static const double vals[] = { 0.1 + 0.2, 1.0 / 3, 2.0 / 3 * 1e-9, 123456.789, 0.5,
		1e-7, 12345678.901234567, 0.004999999999999999 };
	static const char *const want[] = { "0.30000000000000004", "0.3333333333333333",
		"6.666666666666666e-10", "123456.789", "0.5", "1e-07", "12345678.901234567",
		"0.004999999999999999" };
	char space[64];
	struct buf b;

	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		buf_init(&b, space, sizeof space);
		metrics_value(&b, vals[i]);
		buf_addc(&b, '\0');
		cr_assert_str_eq(b.p, want[i]);
		cr_assert_eq(strtod(b.p, NULL), vals[i]);
	}
	/* Again: the remembered forms are the same. */
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		buf_init(&b, space, sizeof space);
		metrics_value(&b, vals[i]);
		buf_addc(&b, '\0');
		cr_assert_str_eq(b.p, want[i]);
	}
}
