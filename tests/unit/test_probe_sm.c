/* Unit tests for probe_sm: thresholds, Unknown, startup gating, delay and
 * period arithmetic, counters after restart, manual trigger.  Fake clock:
 * every time is a number passed in; nothing sleeps.  K8S row numbers refer
 * to kubelet-semantics.md §14. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "podinit/clock.h"
#include "podinit/probe_sm.h"

#define S NS_PER_SEC

static struct probe_spec
mkspec(int delay, int period, int st, int ft)
{
	struct probe_spec ps;

	memset(&ps, 0, sizeof ps);
	spec_probe_defaults(&ps);
	ps.present = true;
	ps.handler.kind = HANDLER_EXEC;
	ps.initial_delay_ns = delay * NS_PER_SEC;
	ps.period_ns = period * NS_PER_SEC;
	ps.success_threshold = st;
	ps.failure_threshold = ft;
	return ps;
}

static char
tchar(enum probe_transition t)
{
	switch (t) {
	case PT_NONE: return '.';
	case PT_BECAME_READY: return 'R';
	case PT_BECAME_UNREADY: return 'U';
	case PT_LIVENESS_FAILED: return 'L';
	case PT_STARTUP_SUCCEEDED: return 'S';
	case PT_STARTUP_FAILED: return 'X';
	}
	return '?';
}

/* results: S success, F failure, U unknown, '|' container restart.
 * want: one transition char per result ('|' echoed). */
struct seq_case {
	char	 name[40];
	int	 type;
	int	 st, ft;
	char	 results[24];
	char	 want[24];
	bool	 ok_after;
	bool	 hold_after;
};

ParameterizedTestParameters(probe_sm, sequences)
{
	static struct seq_case c[] = {
		/* K8S row 8: readiness FT 3 */
		{ "readiness FT3", PROBE_READINESS, 1, 3, "SFFF", "R..U", false, false },
		/* K8S row 9: readiness ST 3, then one failure with FT 1 */
		{ "readiness ST3", PROBE_READINESS, 3, 1, "SSSF", "..RU", false, false },
		{ "readiness initial F", PROBE_READINESS, 1, 1, "FFS", "..R", true, false },
		/* Unknown changes nothing and does not break a run */
		{ "unknown ignored", PROBE_READINESS, 1, 2, "SFUF", "R..U", false, false },
		{ "unknown only", PROBE_READINESS, 1, 1, "UUU", "...", false, false },
		{ "unknown keeps ready", PROBE_READINESS, 1, 1, "SUU", "R..", true, false },
		/* K8S row 12: liveness FT 1 holds; later results ignored */
		{ "liveness FT1 hold", PROBE_LIVENESS, 1, 1, "FSS", "L..", false, true },
		/* K8S row 13: liveness FT 3 */
		{ "liveness FT3", PROBE_LIVENESS, 1, 3, "SFFF", "...L", false, true },
		{ "liveness interrupted", PROBE_LIVENESS, 1, 3, "FFSFF", ".....", true, false },
		/* K8S rows 10, 11: startup */
		{ "startup FT3", PROBE_STARTUP, 1, 3, "FFF", "..X", false, true },
		{ "startup ST1", PROBE_STARTUP, 1, 3, "FS", ".S", true, true },
		{ "startup after success", PROBE_STARTUP, 1, 1, "SF", "S.", true, true },
		/* counters reset on restart (podinit; kubelet's legacy worker
		 * carries resultRun over) */
		{ "liveness restart resets", PROBE_LIVENESS, 1, 3, "FF|FF|FFF", "..|..|..L", false, true },
		{ "liveness after hold", PROBE_LIVENESS, 1, 1, "F|S", "L|.", true, false },
		{ "readiness restart unready", PROBE_READINESS, 1, 1, "S|", "R|", false, false },
		{ "startup restart", PROBE_STARTUP, 1, 1, "F|S", "X|S", true, true },
	};
	return cr_make_param_array(struct seq_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct seq_case *c, probe_sm, sequences)
{
	struct probe_spec ps = mkspec(0, 10, c->st, c->ft);
	struct probe_sm p;
	char got[24] = { 0 };
	int64_t now = 0;

	probe_sm_init(&p, &ps, (enum probe_type)c->type);
	probe_sm_container_started(&p, now);
	for (size_t i = 0; c->results[i] != '\0'; i++) {
		enum probe_result r;

		if (c->results[i] == '|') {
			probe_sm_container_stopped(&p);
			now += S;
			probe_sm_container_started(&p, now);
			got[i] = '|';
			continue;
		}
		r = c->results[i] == 'S' ? PROBE_SUCCESS
		    : c->results[i] == 'F' ? PROBE_FAILURE : PROBE_UNKNOWN;
		/* a held probe is never due; the result is still fed to
		 * prove it is ignored */
		probe_sm_attempt_started(&p, now);
		p.in_flight = true;
		got[i] = tchar(probe_sm_result(&p, r, now + S / 10));
		now += 10 * S;
	}
	cr_assert_str_eq(got, c->want, "%s: got %s want %s", c->name, got, c->want);
	cr_assert_eq(probe_sm_ok(&p), c->ok_after, "%s: ok", c->name);
	cr_assert_eq(p.on_hold, c->hold_after, "%s: hold", c->name);
	if (c->hold_after)
		cr_assert_eq(probe_sm_next_due(&p, true), INT64_MAX, "%s", c->name);
}

/* K8S row 6: initial values before any attempt. */
Test(probe_sm, initial_values)
{
	struct probe_spec ps = mkspec(10, 10, 1, 3);
	struct probe_sm l, r, s;

	probe_sm_init(&l, &ps, PROBE_LIVENESS);
	probe_sm_init(&r, &ps, PROBE_READINESS);
	probe_sm_init(&s, &ps, PROBE_STARTUP);
	probe_sm_container_started(&l, 0);
	probe_sm_container_started(&r, 0);
	probe_sm_container_started(&s, 0);
	cr_assert(probe_sm_ok(&l));
	cr_assert_not(probe_sm_ok(&r));
	cr_assert_not(probe_sm_ok(&s));
	cr_assert_eq(s.cached, PROBE_UNKNOWN);
	cr_assert_eq(r.cached, PROBE_FAILURE);
}

Test(probe_sm, absent_probe)
{
	struct probe_spec ps;
	struct probe_sm p;

	memset(&ps, 0, sizeof ps);
	for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
		probe_sm_init(&p, &ps, (enum probe_type)t);
		probe_sm_container_started(&p, 5 * S);
		cr_assert(probe_sm_ok(&p), "absent probe reports Success");
		cr_assert_eq(probe_sm_next_due(&p, true), INT64_MAX);
		probe_sm_trigger(&p, 6 * S);
		cr_assert_eq(probe_sm_next_due(&p, true), INT64_MAX);
		probe_sm_container_stopped(&p);
		cr_assert(probe_sm_ok(&p));
	}
	probe_sm_init(&p, NULL, PROBE_READINESS);
	cr_assert(probe_sm_ok(&p));
}

/* Delay from container start, then every period from the previous
 * scheduled start; a little lateness does not drift the schedule. */
Test(probe_sm, delay_and_period)
{
	struct probe_spec ps = mkspec(5, 10, 1, 3);
	struct probe_sm p;

	probe_sm_init(&p, &ps, PROBE_LIVENESS);
	cr_assert_eq(probe_sm_next_due(&p, true), INT64_MAX, "not started");
	probe_sm_container_started(&p, 100 * S);
	cr_assert_eq(probe_sm_next_due(&p, true), 105 * S);
	probe_sm_attempt_started(&p, 105 * S);
	cr_assert_eq(probe_sm_next_due(&p, true), INT64_MAX, "in flight");
	cr_assert_eq(probe_sm_result(&p, PROBE_SUCCESS, 105 * S + S / 2), PT_NONE);
	cr_assert_eq(probe_sm_next_due(&p, true), 115 * S);
	probe_sm_attempt_started(&p, 115 * S + S / 5);	/* 200 ms late */
	probe_sm_result(&p, PROBE_SUCCESS, 116 * S);
	cr_assert_eq(probe_sm_next_due(&p, true), 125 * S, "no drift");
	cr_assert_eq(p.attempts, 2);
}

/* No delay: the first attempt is due at the container start. */
Test(probe_sm, zero_delay_due_at_start)
{
	struct probe_spec ps = mkspec(0, 10, 1, 3);
	struct probe_sm p;

	probe_sm_init(&p, &ps, PROBE_READINESS);
	probe_sm_container_started(&p, 7 * S);
	cr_assert_eq(probe_sm_next_due(&p, true), 7 * S);
}

/* Sub-second overrides from the command line win over the seconds. */
Test(probe_sm, ns_overrides)
{
	struct probe_spec ps = mkspec(5, 10, 1, 3);
	struct probe_sm p;

	ps.initial_delay_ns = 50 * NS_PER_MS;
	ps.period_ns = 100 * NS_PER_MS;
	probe_sm_init(&p, &ps, PROBE_LIVENESS);
	probe_sm_container_started(&p, 0);
	cr_assert_eq(probe_sm_next_due(&p, true), 50 * NS_PER_MS);
	probe_sm_attempt_started(&p, 50 * NS_PER_MS);
	probe_sm_result(&p, PROBE_SUCCESS, 51 * NS_PER_MS);
	cr_assert_eq(probe_sm_next_due(&p, true), 150 * NS_PER_MS);
}

/* K8S row 80: an attempt longer than the period: never two at once, the
 * next starts when the slow one finishes. */
Test(probe_sm, slow_attempt_no_overlap)
{
	struct probe_spec ps = mkspec(0, 10, 1, 3);
	struct probe_sm p;

	probe_sm_init(&p, &ps, PROBE_LIVENESS);
	probe_sm_container_started(&p, 0);
	probe_sm_attempt_started(&p, 0);
	cr_assert_eq(probe_sm_next_due(&p, true), INT64_MAX, "at 10 s still in flight");
	probe_sm_result(&p, PROBE_FAILURE, 13 * S);
	cr_assert_eq(probe_sm_next_due(&p, true), 13 * S);
	probe_sm_attempt_started(&p, 13 * S);
	probe_sm_result(&p, PROBE_FAILURE, 14 * S);
	cr_assert_eq(probe_sm_next_due(&p, true), 23 * S);
}

/* K8S rows 14, 55, D1: liveness/readiness wait for startup; the delay
 * counts from the container start, so once startup is done a probe whose
 * delay has passed runs at once. */
Test(probe_sm, startup_gating)
{
	struct probe_spec sp = mkspec(0, 10, 1, 60), lp = mkspec(15, 10, 1, 1);
	struct probe_sm st, lv;

	probe_sm_init(&st, &sp, PROBE_STARTUP);
	probe_sm_init(&lv, &lp, PROBE_LIVENESS);
	probe_sm_container_started(&st, 0);
	probe_sm_container_started(&lv, 0);
	cr_assert_eq(probe_sm_next_due(&st, probe_sm_ok(&st)), 0);
	cr_assert_eq(probe_sm_next_due(&lv, probe_sm_ok(&st)), INT64_MAX);
	for (int i = 0; i < 6; i++) {
		probe_sm_attempt_started(&st, i * 10 * S);
		cr_assert_eq(probe_sm_result(&st, PROBE_FAILURE, i * 10 * S + 1), PT_NONE);
		cr_assert_eq(probe_sm_next_due(&lv, probe_sm_ok(&st)), INT64_MAX);
	}
	probe_sm_attempt_started(&st, 60 * S);
	cr_assert_eq(probe_sm_result(&st, PROBE_SUCCESS, 60 * S + 1), PT_STARTUP_SUCCEEDED);
	cr_assert(probe_sm_ok(&st));
	cr_assert_eq(probe_sm_next_due(&st, true), INT64_MAX, "startup on hold");
	cr_assert_eq(probe_sm_next_due(&lv, probe_sm_ok(&st)), 15 * S, "overdue: run now");
	probe_sm_attempt_started(&lv, 60 * S + 2);
	cr_assert_eq(probe_sm_result(&lv, PROBE_FAILURE, 61 * S), PT_LIVENESS_FAILED);
	cr_assert_eq(probe_sm_next_due(&lv, true), INT64_MAX);
}

/* Startup gating while the delay has not passed yet. */
Test(probe_sm, startup_done_before_delay)
{
	struct probe_spec lp = mkspec(30, 10, 1, 1);
	struct probe_sm lv;

	probe_sm_init(&lv, &lp, PROBE_READINESS);
	probe_sm_container_started(&lv, 0);
	cr_assert_eq(probe_sm_next_due(&lv, false), INT64_MAX);
	cr_assert_eq(probe_sm_next_due(&lv, true), 30 * S);
}

/* K8S rows 56, D15: readiness is re-run promptly while not ready. */
Test(probe_sm, readiness_trigger)
{
	struct probe_spec ps = mkspec(10, 30, 1, 3);
	struct probe_sm p;

	probe_sm_init(&p, &ps, PROBE_READINESS);
	probe_sm_container_started(&p, 0);
	probe_sm_trigger(&p, 2 * S);
	cr_assert_eq(probe_sm_next_due(&p, true), 10 * S, "not before the delay");
	probe_sm_attempt_started(&p, 10 * S);
	probe_sm_trigger(&p, 11 * S);	/* in flight: no effect */
	cr_assert_eq(probe_sm_result(&p, PROBE_FAILURE, 12 * S), PT_NONE);
	cr_assert_eq(probe_sm_next_due(&p, true), 40 * S);
	probe_sm_trigger(&p, 20 * S);
	cr_assert_eq(probe_sm_next_due(&p, true), 20 * S);
	probe_sm_attempt_started(&p, 20 * S);
	cr_assert_eq(probe_sm_result(&p, PROBE_SUCCESS, 20 * S + 1), PT_BECAME_READY);
	cr_assert_eq(probe_sm_next_due(&p, true), 50 * S);
	probe_sm_trigger(&p, 21 * S);	/* ready: no effect */
	cr_assert_eq(probe_sm_next_due(&p, true), 50 * S);
}

Test(probe_sm, trigger_only_readiness)
{
	struct probe_spec ps = mkspec(0, 30, 1, 3);
	struct probe_sm p;

	probe_sm_init(&p, &ps, PROBE_STARTUP);
	probe_sm_container_started(&p, 0);
	probe_sm_attempt_started(&p, 0);
	probe_sm_result(&p, PROBE_FAILURE, 1);
	probe_sm_trigger(&p, 5 * S);
	cr_assert_eq(probe_sm_next_due(&p, true), 30 * S);
}

/* Stopped: nothing due, readiness and startup report not ok, a late
 * result of the cancelled attempt is ignored; liveness failure stays
 * visible until the next start. */
Test(probe_sm, stopped)
{
	struct probe_spec ps = mkspec(0, 10, 1, 1);
	struct probe_sm r, l;

	probe_sm_init(&r, &ps, PROBE_READINESS);
	probe_sm_container_started(&r, 0);
	probe_sm_attempt_started(&r, 0);
	cr_assert_eq(probe_sm_result(&r, PROBE_SUCCESS, 1), PT_BECAME_READY);
	probe_sm_attempt_started(&r, 10 * S);
	probe_sm_container_stopped(&r);
	cr_assert_not(probe_sm_ok(&r));
	cr_assert_eq(probe_sm_next_due(&r, true), INT64_MAX);
	cr_assert_eq(probe_sm_result(&r, PROBE_SUCCESS, 11 * S), PT_NONE);
	cr_assert_not(probe_sm_ok(&r));

	probe_sm_init(&l, &ps, PROBE_LIVENESS);
	probe_sm_container_started(&l, 0);
	probe_sm_attempt_started(&l, 0);
	cr_assert_eq(probe_sm_result(&l, PROBE_FAILURE, 1), PT_LIVENESS_FAILED);
	probe_sm_container_stopped(&l);
	cr_assert_not(probe_sm_ok(&l));
	probe_sm_container_started(&l, 20 * S);
	cr_assert(probe_sm_ok(&l));
	cr_assert_eq(probe_sm_next_due(&l, true), 20 * S);
}

Test(probe_sm, names)
{
	cr_assert_str_eq(probe_transition_name(PT_LIVENESS_FAILED), "liveness-failed");
	cr_assert_str_eq(probe_transition_name(PT_NONE), "none");
}

/* Exec probes due together start apart while the one before still runs. */
Test(probe_sm, exec_hold_spacing)
{
	const int64_t ms = NS_PER_MS, sp = 4 * NS_PER_MS;

	/* the last one started 1 ms ago and runs: wait until 4 ms after it */
	cr_assert_eq(probe_sm_exec_hold(101 * ms, 100 * ms, true, sp), 104 * ms);
	/* ... the same instant it started */
	cr_assert_eq(probe_sm_exec_hold(100 * ms, 100 * ms, true, sp), 104 * ms);
	/* it has ended: start now */
	cr_assert_eq(probe_sm_exec_hold(101 * ms, 100 * ms, false, sp), 0);
	/* it still runs (a slow probe) but 4 ms have passed: it holds no one */
	cr_assert_eq(probe_sm_exec_hold(104 * ms, 100 * ms, true, sp), 0);
	cr_assert_eq(probe_sm_exec_hold(5000 * ms, 100 * ms, true, sp), 0);
}
