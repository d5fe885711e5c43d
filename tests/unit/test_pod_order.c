/* Unit tests for pod_order: SPEC §3's start and stop order, one table row
 * per rule (init containers one at a time, a failed init container blocks,
 * a sidecar must have started before the next container, regular
 * containers wait for the previous one's postStart, shutdown stops regular
 * containers first and sidecars in reverse order, nothing starts once
 * terminating, a done pod tears down its sidecars), then whole start-up
 * and shutdown sequences through a small model of the supervisor. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "podinit/pod_order.h"

/* Container shorthands (regular containers unless I/SC). */
#define NEW		.state = CTR_WAITING
#define CREATING	.state = CTR_STARTING, .instances = 1	/* spawn asked, not running yet */
#define POSTSTART	.state = CTR_STARTING, .instances = 1, .alive = true	/* its postStart hook runs */
#define RUN		.state = CTR_RUNNING, .instances = 1, .alive = true, .started = true
#define RUN_UNSTARTED	.state = CTR_RUNNING, .instances = 1, .alive = true	/* startup probe pending */
#define STOPPING	.state = CTR_STOPPING, .instances = 1, .alive = true, .stop_sent = true
#define BACKOFF(c)	.state = CTR_BACKOFF, .instances = 1, .has_term = true, .exit_code = (c)
#define DONE(c)		.state = CTR_TERMINATED, .instances = 1, .finished = true, \
			.has_term = true, .exit_code = (c)
#define NEVER_RAN	.state = CTR_WAITING, .shutdown = true, .finished = true, .stop_sent = true
#define I(...)		{ .is_init = true, __VA_ARGS__ }
#define SC(...)		{ .is_init = true, .is_sidecar = true, __VA_ARGS__ }
#define R(...)		{ __VA_ARGS__ }

struct order_case {
	char	 name[80];
	bool	 terminating;
	int	 phase;
	bool	 regular_all_done;
	size_t	 n;
	struct pod_order_ctr c[5];
	char	 want[64];	/* the actions, "start 1", "terminate, stop 2", "" */
};

static void
format_actions(const struct pod_action *a, size_t k, char *buf, size_t sz)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < k && used < sz; i++) {
		int w;
		if (a[i].kind == PA_TERMINATE)
			w = snprintf(buf + used, sz - used, "%s%s", i ? ", " : "", pod_action_name(a[i].kind));
		else
			w = snprintf(buf + used, sz - used, "%s%s %zu", i ? ", " : "",
			    pod_action_name(a[i].kind), a[i].ctr);
		used += (size_t)w;
	}
}

#define PEND	PHASE_PENDING
#define RUNNING	PHASE_RUNNING

ParameterizedTestParameters(pod_order, next)
{
	static struct order_case c[] = {
		/* init containers one at a time, in order */
		{ "first init container first", 0, PEND, 0, 3, { I(NEW), I(NEW), R(NEW) }, "start 0" },
		{ "second init waits while the first runs", 0, PEND, 0, 3, { I(RUN), I(NEW), R(NEW) }, "" },
		{ "second init waits while the first is created", 0, PEND, 0, 3,
		  { I(CREATING), I(NEW), R(NEW) }, "" },
		{ "init waits for the postStart of the one before", 0, PEND, 0, 3,
		  { I(POSTSTART), I(NEW), R(NEW) }, "" },
		{ "second init once the first exited 0", 0, PEND, 0, 3, { I(DONE(0)), I(NEW), R(NEW) }, "start 1" },
		{ "regular once every init exited 0", 0, PEND, 0, 3, { I(DONE(0)), I(DONE(0)), R(NEW) }, "start 2" },
		/* a failed init container blocks the pod */
		{ "init in back-off blocks", 0, PEND, 0, 3, { I(BACKOFF(1)), I(NEW), R(NEW) }, "" },
		{ "init terminated with 1 blocks", 0, PEND, 0, 2, { I(DONE(1)), R(NEW) }, "" },
		{ "init that never ran blocks", 0, PEND, 0, 2, { I(NEVER_RAN), R(NEW) }, "" },
		/* a sidecar must have started before the next container */
		{ "sidecar first", 0, PEND, 0, 2, { SC(NEW), R(NEW) }, "start 0" },
		{ "sidecar created, not running", 0, PEND, 0, 2, { SC(CREATING), R(NEW) }, "" },
		{ "sidecar running, startup probe pending", 0, PEND, 0, 2, { SC(RUN_UNSTARTED), R(NEW) }, "" },
		{ "sidecar started: next", 0, PEND, 0, 2, { SC(RUN), R(NEW) }, "start 1" },
		{ "sidecar in its postStart hook", 0, PEND, 0, 2, { SC(POSTSTART), R(NEW) }, "" },
		{ "sidecar in back-off before it started", 0, PEND, 0, 2, { SC(BACKOFF(1)), R(NEW) }, "" },
		{ "sidecar started, then an init", 0, PEND, 0, 3, { SC(RUN), I(NEW), R(NEW) }, "start 1" },
		{ "init done, then a sidecar", 0, PEND, 0, 3, { I(DONE(0)), SC(NEW), R(NEW) }, "start 1" },
		/* regular containers in order, each after the previous one's postStart */
		{ "first regular first", 0, PEND, 0, 3, { R(NEW), R(NEW), R(NEW) }, "start 0" },
		{ "next waits while the previous is created", 0, PEND, 0, 2, { R(CREATING), R(NEW) }, "" },
		{ "next waits for the previous one's postStart", 0, PEND, 0, 2, { R(POSTSTART), R(NEW) }, "" },
		{ "next once the previous runs", 0, PEND, 0, 2, { R(RUN), R(NEW) }, "start 1" },
		{ "next even before the previous passed startup", 0, PEND, 0, 2, { R(RUN_UNSTARTED), R(NEW) }, "start 1" },
		{ "next once the previous crashed", 0, RUNNING, 0, 3, { R(BACKOFF(1)), R(RUN), R(NEW) }, "start 2" },
		{ "next once the previous ended", 0, RUNNING, 0, 2, { R(DONE(0)), R(NEW) }, "start 1" },
		{ "every container runs: nothing", 0, RUNNING, 0, 3, { SC(RUN), R(RUN), R(RUN) }, "" },
		{ "restarts are ctr_sm's, not a start", 0, RUNNING, 0, 2, { R(RUN), R(BACKOFF(1)) }, "" },
		/* the pod is done: stop what is left, regular containers first */
		{ "Succeeded: terminate, stop the regular ones", 0, PHASE_SUCCEEDED, 1, 3,
		  { SC(RUN), R(DONE(0)), R(DONE(0)) }, "terminate, stop 1, stop 2" },
		{ "Failed: terminate, stop every non-sidecar", 0, PHASE_FAILED, 0, 3,
		  { I(DONE(1)), R(NEW), R(NEW) }, "terminate, stop 0, stop 1, stop 2" },
		{ "every regular ended for good (Running)", 0, RUNNING, 1, 2,
		  { SC(RUN), R(DONE(1)) }, "terminate, stop 1" },
		{ "done: what was stopped is not stopped again", 0, PHASE_FAILED, 1, 3,
		  { SC(RUN), R(DONE(1), .stop_sent = true), R(DONE(0)) }, "terminate, stop 2" },
		/* terminating: regular containers first, sidecars in reverse order */
		{ "sidecars wait while a regular one stops", 1, RUNNING, 0, 3,
		  { SC(RUN), R(STOPPING), R(DONE(0), .stop_sent = true) }, "" },
		{ "sidecars wait for the regular ones to be reaped", 1, RUNNING, 0, 2,
		  { SC(RUN), R(DONE(0), .stop_sent = true, .alive = true) }, "" },
		{ "the last sidecar stops first", 1, RUNNING, 0, 4,
		  { SC(RUN), SC(RUN), SC(RUN), R(DONE(0), .stop_sent = true) }, "stop 2" },
		{ "earlier sidecars wait while the last one stops", 1, RUNNING, 0, 4,
		  { SC(RUN), SC(RUN), SC(STOPPING), R(DONE(0), .stop_sent = true) }, "" },
		{ "the one before once the last ended", 1, RUNNING, 0, 4,
		  { SC(RUN), SC(RUN), SC(DONE(143), .stop_sent = true), R(DONE(0), .stop_sent = true) }, "stop 1" },
		{ "the first sidecar last", 1, RUNNING, 0, 4,
		  { SC(RUN), SC(DONE(143), .stop_sent = true), SC(DONE(143), .stop_sent = true),
		    R(DONE(0), .stop_sent = true) }, "stop 0" },
		{ "a sidecar that ended on its own is still stopped", 1, RUNNING, 0, 2,
		  { SC(DONE(1)), R(DONE(0), .stop_sent = true) }, "stop 0" },
		{ "everything stopped: nothing", 1, PHASE_SUCCEEDED, 1, 2,
		  { SC(DONE(143), .stop_sent = true), R(DONE(0), .stop_sent = true) }, "" },
		{ "a regular init container does not hold sidecars back", 1, PEND, 0, 3,
		  { SC(RUN), I(STOPPING), R(NEVER_RAN) }, "stop 0" },
		{ "a regular init container not stopped yet is", 1, PEND, 0, 3,
		  { SC(RUN), I(RUN), R(NEVER_RAN) }, "stop 1, stop 0" },
		/* nothing starts once terminating */
		{ "terminating: no first start", 1, PEND, 0, 2, { R(NEW), R(NEW) }, "" },
		{ "terminating: the next init is stopped, not started", 1, PEND, 0, 3,
		  { I(DONE(0)), I(NEW), R(NEVER_RAN) }, "stop 1" },
		{ "terminating: the next sidecar is stopped, not started", 1, PEND, 0, 3,
		  { SC(RUN), SC(NEW), R(NEVER_RAN) }, "stop 1" },
	};
	return cr_make_param_array(struct order_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct order_case *c, pod_order, next)
{
	struct pod_order_pod pod = {
		.terminating = c->terminating,
		.phase = (enum pod_phase)c->phase,
		.regular_all_done = c->regular_all_done,
	};
	struct pod_action out[POD_ORDER_ACTIONS_MAX(5)];
	char got[128];
	size_t k = pod_order_next(c->c, c->n, &pod, out);

	cr_assert_leq(k, POD_ORDER_ACTIONS_MAX(c->n), "%s: %zu actions", c->name, k);
	format_actions(out, k, got, sizeof got);
	cr_assert_str_eq(got, c->want, "%s: got [%s] want [%s]", c->name, got, c->want);
}

struct stop_case {
	char	 name[64];
	size_t	 n;
	struct pod_order_ctr c[5];
	char	 want[64];
};

ParameterizedTestParameters(pod_order, stop)
{
	static struct stop_case c[] = {
		{ "regular containers at once, not sidecars", 4,
		  { SC(RUN), R(RUN), R(POSTSTART), R(BACKOFF(1)) }, "terminate, stop 1, stop 2, stop 3" },
		{ "regular init containers too", 3, { I(DONE(0)), SC(RUN), R(RUN) }, "terminate, stop 0, stop 2" },
		{ "not twice", 3, { SC(RUN), R(STOPPING), R(RUN) }, "terminate, stop 2" },
		{ "never started ones too (they never start)", 2, { I(RUN), R(NEW) }, "terminate, stop 0, stop 1" },
	};
	return cr_make_param_array(struct stop_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct stop_case *c, pod_order, stop)
{
	struct pod_action out[POD_ORDER_ACTIONS_MAX(5)];
	char got[128];
	size_t k = pod_order_stop(c->c, c->n, out);

	format_actions(out, k, got, sizeof got);
	cr_assert_str_eq(got, c->want, "%s: got [%s] want [%s]", c->name, got, c->want);
}

Test(pod_order, done)
{
	struct pod_order_ctr ended[2] = { SC(DONE(143)), R(DONE(0)) };
	struct pod_order_ctr reaping[2] = { SC(DONE(143)), R(DONE(0), .alive = true) };
	struct pod_order_ctr running[2] = { SC(RUN), R(DONE(0)) };
	struct pod_order_ctr never[2] = { I(NEVER_RAN), R(NEVER_RAN) };
	struct pod_order_pod terminating = { .terminating = true, .phase = PHASE_RUNNING };
	struct pod_order_pod succeeded = { .phase = PHASE_SUCCEEDED };
	struct pod_order_pod failed = { .phase = PHASE_FAILED };
	struct pod_order_pod running_pod = { .phase = PHASE_RUNNING };

	cr_assert(pod_order_done(ended, 2, &terminating));
	cr_assert(pod_order_done(ended, 2, &succeeded));
	cr_assert(pod_order_done(ended, 2, &failed));
	cr_assert_not(pod_order_done(ended, 2, &running_pod), "Running and not terminating: not done");
	cr_assert_not(pod_order_done(reaping, 2, &terminating), "a main process not reaped yet");
	cr_assert_not(pod_order_done(running, 2, &terminating), "a sidecar still runs");
	cr_assert(pod_order_done(never, 2, &terminating), "stopped before they ever started");
	cr_assert(pod_order_all_finished(ended, 2));
	cr_assert_not(pod_order_all_finished(reaping, 2));
}

/* A model of the supervisor: a start makes a container run (started,
 * unless `slow_startup`), a stop makes a running one stop and a waiting
 * one end at once; when pod_order asks for nothing, one process exits:
 * the first regular init container running (with 0), else the first
 * container stopping.  The trace is every step, "|" between batches. */
struct sim {
	struct pod_order_ctr c[6];
	size_t	 n;
	bool	 terminating;
	char	 trace[256];
};

static void
sim_log(struct sim *s, const char *step)
{
	size_t used = strlen(s->trace);

	snprintf(s->trace + used, sizeof s->trace - used, "%s%s", used ? " | " : "", step);
}

static void
sim_apply(struct sim *s, const struct pod_action *a)
{
	struct pod_order_ctr *c = &s->c[a->ctr];

	switch (a->kind) {
	case PA_TERMINATE:
		s->terminating = true;
		return;
	case PA_START:
		c->state = CTR_RUNNING;
		c->instances = 1;
		c->alive = true;
		c->started = true;
		return;
	case PA_STOP:
		c->stop_sent = true;
		if (c->state == CTR_WAITING) {
			c->shutdown = c->finished = true;
		} else if (c->state == CTR_RUNNING) {
			c->state = CTR_STOPPING;
		}
		return;
	case PA_RESTART_BEGIN:
	case PA_RESTART_STOP:
	case PA_RESET:
	case PA_RESTART_END:
		/* no container of the simulation asks for RestartAllContainers
		 * (test_restart_rules.c has those) */
		cr_assert_fail("unexpected %s", pod_action_name(a->kind));
	}
}

static bool
sim_exit_one(struct sim *s)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < s->n; i++) {
			struct pod_order_ctr *c = &s->c[i];
			bool init_done = pass == 0 && c->is_init && !c->is_sidecar && c->state == CTR_RUNNING;
			if (!init_done && !(pass == 1 && c->state == CTR_STOPPING))
				continue;
			c->state = CTR_TERMINATED;
			c->finished = true;
			c->alive = false;
			c->has_term = true;
			c->exit_code = init_done ? 0 : 143;
			char step[32];
			snprintf(step, sizeof step, "exit %zu", i);
			sim_log(s, step);
			return true;
		}
	return false;
}

static void
sim_run(struct sim *s, bool stop_first)
{
	struct pod_action out[POD_ORDER_ACTIONS_MAX(6)];
	char batch[128];
	int steps = 0;

	if (stop_first) {
		size_t k = pod_order_stop(s->c, s->n, out);
		for (size_t i = 0; i < k; i++)
			sim_apply(s, &out[i]);
		format_actions(out, k, batch, sizeof batch);
		sim_log(s, batch);
	}
	for (;;) {
		struct pod_order_pod pod = { .terminating = s->terminating, .phase = PHASE_RUNNING };
		size_t k = pod_order_next(s->c, s->n, &pod, out);

		cr_assert_lt(++steps, 50, "does not settle: %s", s->trace);
		if (k == 0) {
			if (!sim_exit_one(s))
				return;
			continue;
		}
		for (size_t i = 0; i < k; i++)
			sim_apply(s, &out[i]);
		format_actions(out, k, batch, sizeof batch);
		sim_log(s, batch);
	}
}

Test(pod_order, start_up_sequence)
{
	struct sim s = {
		.c = { I(NEW), SC(NEW), I(NEW), SC(NEW), R(NEW), R(NEW) },
		.n = 6,
	};

	sim_run(&s, false);
	cr_assert_str_eq(s.trace,
	    "start 0 | exit 0 | start 1 | start 2 | exit 2 | start 3 | start 4 | start 5", "%s", s.trace);
}

Test(pod_order, shutdown_sequence)
{
	struct sim s = {
		.c = { I(DONE(0)), SC(RUN), SC(RUN), SC(RUN), R(RUN), R(RUN) },
		.n = 6,
	};

	sim_run(&s, true);
	cr_assert_str_eq(s.trace,
	    "terminate, stop 0, stop 4, stop 5 | exit 4 | exit 5 | stop 3 | exit 3 | stop 2 | exit 2 "
	    "| stop 1 | exit 1", "%s", s.trace);
}

Test(pod_order, shutdown_before_anything_ran)
{
	struct sim s = {
		.c = { SC(NEW), SC(NEW), R(NEW) },
		.n = 3,
	};

	/* Sidecars that never ran end as soon as they are stopped, so the
	 * whole order goes by in consecutive batches. */
	sim_run(&s, true);
	cr_assert_str_eq(s.trace, "terminate, stop 2 | stop 1 | stop 0", "%s", s.trace);
}
