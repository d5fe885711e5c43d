/* Unit tests for pod_sm's activeDeadlineSeconds (SPEC §9, K8S:
 * active_deadline.go pastActiveDeadline, generateAPIPodStatus): when the
 * deadline falls, when it ends the pod (not once the pod is done or
 * stopping: an exit in the same pass wins), the phase, reason and message
 * it gives, and the exit code of a pod it ended. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdint.h>
#include <string.h>

#include "podinit/pod_sm.h"
#include "podinit/units.h"

#define S	NS_PER_SEC

struct at_case {
	char	 name[64];
	int64_t	 start, active, want;
};

ParameterizedTestParameters(pod_deadline, at)
{
	static struct at_case c[] = {
		{ "none: never", 5 * S, 0, INT64_MAX },
		{ "not started: never", 0, 10 * S, INT64_MAX },
		{ "start + deadline", 5 * S, 10 * S, 15 * S },
		{ "one second from 1 ns", 1, 1 * S, 1 * S + 1 },
		{ "saturated: never overflows", INT64_MAX - 10, INT64_MAX / 4, INT64_MAX },
	};

	return cr_make_param_array(struct at_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct at_case *c, pod_deadline, at)
{
	int64_t got = pod_deadline_at(c->start, c->active);

	cr_assert_eq(got, c->want, "%s: got %lld want %lld", c->name, (long long)got,
	    (long long)c->want);
}

struct exceeded_case {
	char	 name[72];
	int64_t	 start, active, now;
	int	 phase;
	bool	 terminating, want;
};

ParameterizedTestParameters(pod_deadline, exceeded)
{
	static struct exceeded_case c[] = {
		{ "no deadline", 1 * S, 0, 1000 * S, PHASE_RUNNING, false, false },
		{ "before the deadline", 1 * S, 10 * S, 10 * S, PHASE_RUNNING, false, false },
		{ "1 ns before", 1 * S, 10 * S, 11 * S - 1, PHASE_RUNNING, false, false },
		/* K8S: duration >= allowedDuration */
		{ "at the deadline exactly", 1 * S, 10 * S, 11 * S, PHASE_RUNNING, false, true },
		{ "after it, Running", 1 * S, 10 * S, 20 * S, PHASE_RUNNING, false, true },
		{ "after it, Pending (init containers, postStart)", 1 * S, 10 * S, 20 * S,
		  PHASE_PENDING, false, true },
		{ "after it, but Succeeded in the same pass", 1 * S, 10 * S, 20 * S,
		  PHASE_SUCCEEDED, false, false },
		{ "after it, but Failed already", 1 * S, 10 * S, 20 * S, PHASE_FAILED, false, false },
		{ "after it, but stopping already (SIGTERM)", 1 * S, 10 * S, 20 * S, PHASE_RUNNING,
		  true, false },
		{ "not started", 0, 10 * S, 20 * S, PHASE_PENDING, false, false },
	};

	return cr_make_param_array(struct exceeded_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct exceeded_case *c, pod_deadline, exceeded)
{
	bool got = pod_deadline_exceeded(c->start, c->active, c->now, (enum pod_phase)c->phase,
	    c->terminating);

	cr_assert_eq(got, c->want, "%s: got %d", c->name, got);
}

struct line_case {
	char	 name[48];
	int	 phase;
	bool	 exceeded;
	int	 want_phase;
	char	 want_reason[32];
};

ParameterizedTestParameters(pod_deadline, status_line)
{
	static struct line_case c[] = {
		{ "Running, no deadline", PHASE_RUNNING, false, PHASE_RUNNING, "" },
		{ "Pending, no deadline", PHASE_PENDING, false, PHASE_PENDING, "" },
		{ "Succeeded, no deadline", PHASE_SUCCEEDED, false, PHASE_SUCCEEDED, "" },
		{ "Running past it", PHASE_RUNNING, true, PHASE_FAILED, "DeadlineExceeded" },
		{ "Pending past it", PHASE_PENDING, true, PHASE_FAILED, "DeadlineExceeded" },
		/* every container exited 0 on SIGTERM: still Failed */
		{ "Succeeded once stopped by it", PHASE_SUCCEEDED, true, PHASE_FAILED,
		  "DeadlineExceeded" },
	};

	return cr_make_param_array(struct line_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct line_case *c, pod_deadline, status_line)
{
	struct pod_status_line l = pod_status_decide((enum pod_phase)c->phase, c->exceeded);

	cr_assert_eq(l.phase, (enum pod_phase)c->want_phase, "%s: phase %s", c->name,
	    pod_phase_name(l.phase));
	cr_assert_str_eq(l.reason, c->want_reason, "%s", c->name);
	/* K8S: active_deadline.go's message, word for word */
	cr_assert_str_eq(l.message, c->exceeded
	    ? "Pod was active on the node longer than the specified deadline" : "", "%s", c->name);
}

#define TERM_AT(c, t)	{ .status = CS_TERMINATED, .exit_code = (c), .finished_at = (t) }

struct code_case {
	char	 name[64];
	size_t	 n;
	struct pod_sm_ctr c[3];
	int	 want;
};

ParameterizedTestParameters(pod_deadline, exit_code)
{
	static struct code_case c[] = {
		{ "stopped by SIGTERM: 143", 1, { TERM_AT(143, 10) }, 143 },
		{ "killed at the end of the grace: 137", 1, { TERM_AT(137, 10) }, 137 },
		{ "exited 0 on SIGTERM: 1, never 0", 1, { TERM_AT(0, 10) }, 1 },
		{ "the first to fail decides", 3, { TERM_AT(0, 5), TERM_AT(143, 30), TERM_AT(2, 20) },
		  2 },
		{ "a crash before the deadline decides", 2,
		  { { .status = CS_TERMINATED, .exit_code = 143, .finished_at = 50,
		      .has_last_termination = true, .last_exit_code = 1 }, TERM_AT(143, 51) }, 143 },
		{ "sidecars do not decide", 2,
		  { { .is_init = true, .is_sidecar = true, .status = CS_TERMINATED,
		      .exit_code = 137, .finished_at = 1 }, TERM_AT(0, 10) }, 1 },
	};

	return cr_make_param_array(struct code_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct code_case *c, pod_deadline, exit_code)
{
	int got = pod_deadline_exit_code(c->c, c->n);

	cr_assert_eq(got, c->want, "%s: got %d", c->name, got);
}
