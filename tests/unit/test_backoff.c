/* Unit tests for backoff: kubelet's crash-loop sequence and reset, with a
 * fake clock (times are plain numbers; nothing sleeps). */
#include <criterion/criterion.h>

#include "podinit/backoff.h"
#include "podinit/clock.h"

#define MS NS_PER_MS

/* A container that crashes 1 ms after every start: the gaps between the
 * exit and the next start are the back-off delays. */
Test(backoff, sequence_100ms_400ms)
{
	struct backoff b;
	int64_t want[] = { 0, 100 * MS, 200 * MS, 400 * MS, 400 * MS, 400 * MS };
	int64_t now = 0;	/* first start: no Next() */

	backoff_init(&b, 100 * MS, 400 * MS, 600 * NS_PER_SEC);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		int64_t finished = now + 1 * MS;
		int64_t d = backoff_delay(&b, finished);

		cr_assert_eq(d, want[i], "gap %zu: %lld want %lld", i,
		    (long long)d, (long long)want[i]);
		now = finished + d;
		backoff_restarted_at(&b, finished, now);
	}
}

Test(backoff, kubelet_defaults)
{
	struct backoff b;
	int64_t want[] = { 0, 10, 20, 40, 80, 160, 300, 300 };
	int64_t now = 0;

	backoff_init(&b, 10 * NS_PER_SEC, 300 * NS_PER_SEC, 600 * NS_PER_SEC);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		int64_t finished = now + NS_PER_SEC;
		int64_t d = backoff_delay(&b, finished);

		cr_assert_eq(d, want[i] * NS_PER_SEC, "gap %zu", i);
		now = finished + d;
		backoff_restarted_at(&b, finished, now);
	}
}

/* K8S: row 67: ran > reset_after since the last restart → immediate, and
 * the sequence starts again at initial. */
Test(backoff, reset_after_long_run)
{
	struct backoff b;
	int64_t t;

	backoff_init(&b, 100 * MS, 400 * MS, 1 * NS_PER_SEC);
	backoff_restarted_at(&b, 0, 0);			/* first crash restart */
	cr_assert_eq(backoff_delay(&b, 10 * MS), 100 * MS);
	backoff_restarted_at(&b, 10 * MS, 110 * MS);	/* cur 200 */
	cr_assert_eq(backoff_delay(&b, 120 * MS), 200 * MS);

	/* ran exactly reset_after: not expired (kubelet tests '>') */
	cr_assert_eq(backoff_delay(&b, 110 * MS + NS_PER_SEC), 200 * MS);
	/* ran longer: immediate */
	t = 110 * MS + NS_PER_SEC + 1;
	cr_assert_eq(backoff_delay(&b, t), 0);
	backoff_restarted_at(&b, t, t);
	cr_assert_eq(b.cur, 100 * MS, "sequence restarts at initial");
	cr_assert_eq(backoff_delay(&b, t + MS), 100 * MS);
}

/* Expiry is judged at finishedAt, not at the restart time: waiting out a
 * long delay does not by itself reset the sequence. */
Test(backoff, expiry_judged_at_finish)
{
	struct backoff b;

	backoff_init(&b, 400 * MS, 400 * MS, 1 * NS_PER_SEC);
	backoff_restarted_at(&b, 0, 0);
	cr_assert_eq(backoff_delay(&b, 900 * MS), 400 * MS);
	backoff_restarted_at(&b, 900 * MS, 1300 * MS);
	cr_assert_eq(b.cur, 400 * MS);
	cr_assert_eq(b.last_update, 1300 * MS);
}

Test(backoff, zero_initial_never_waits)
{
	struct backoff b;

	backoff_init(&b, 0, 0, 600 * NS_PER_SEC);
	for (int i = 0; i < 5; i++) {
		cr_assert_eq(backoff_delay(&b, i * MS), 0);
		backoff_restarted(&b, i * MS);
	}
}

Test(backoff, forget)
{
	struct backoff b;

	backoff_init(&b, 100 * MS, 400 * MS, 600 * NS_PER_SEC);
	backoff_restarted(&b, 0);
	backoff_restarted(&b, MS);
	cr_assert_eq(backoff_delay(&b, 2 * MS), 200 * MS);
	backoff_forget(&b);
	cr_assert_eq(backoff_delay(&b, 3 * MS), 0);
}
