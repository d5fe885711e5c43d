/* Unit tests for pod_sm: kubelet's getPhase over SPEC §3's restart table
 * and kubelet-semantics.md §14 rows 39-46, the restart decision, the
 * conditions and the exit code of SPEC §1. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "podinit/pod_sm.h"

/* Container shorthands (regular containers unless I_/SC_). */
#define NONE_	{ .status = CS_NONE }
#define RUN	{ .status = CS_RUNNING, .started = true, .ready = true }
#define WAIT	{ .status = CS_WAITING }
#define WAITL(c) { .status = CS_WAITING, .has_last_termination = true, .last_exit_code = (c) }
#define TERM(c)	{ .status = CS_TERMINATED, .exit_code = (c) }
#define I_(...)	{ .is_init = true, __VA_ARGS__ }
#define SC_(...) { .is_init = true, .is_sidecar = true, __VA_ARGS__ }

#define ALWAYS	RESTART_ALWAYS
#define ONFAIL	RESTART_ON_FAILURE
#define NEVER	RESTART_NEVER

struct phase_case {
	char	 name[72];
	int	 policy;
	bool	 initialized, terminal;
	size_t	 n;
	struct pod_sm_ctr c[4];
	int	 want;
};

ParameterizedTestParameters(pod_sm, phase)
{
	static struct phase_case c[] = {
		/* SPEC §3 table: one container exits 0 */
		{ "1 exits 0, Always: restarting", ALWAYS, 1, 0, 1, { WAITL(0) }, PHASE_RUNNING },
		{ "1 exits 0, Always: restarted", ALWAYS, 1, 0, 1, { RUN }, PHASE_RUNNING },
		{ "1 exits 0, OnFailure", ONFAIL, 1, 0, 1, { TERM(0) }, PHASE_SUCCEEDED },
		{ "1 exits 0, Never", NEVER, 1, 0, 1, { TERM(0) }, PHASE_SUCCEEDED },
		/* one container exits non-zero */
		{ "1 exits 1, Always", ALWAYS, 1, 0, 1, { WAITL(1) }, PHASE_RUNNING },
		{ "1 exits 1, OnFailure", ONFAIL, 1, 0, 1, { WAITL(1) }, PHASE_RUNNING },
		{ "1 exits 1, Never", NEVER, 1, 0, 1, { TERM(1) }, PHASE_FAILED },
		/* two containers, #1 exits non-zero */
		{ "2, #1 fails, Always", ALWAYS, 1, 0, 2, { WAITL(1), RUN }, PHASE_RUNNING },
		{ "2, #1 fails, OnFailure", ONFAIL, 1, 0, 2, { WAITL(1), RUN }, PHASE_RUNNING },
		{ "2, #1 fails, Never", NEVER, 1, 0, 2, { TERM(1), RUN }, PHASE_RUNNING },
		/* ... then #2 exits too */
		{ "2 both fail, Always", ALWAYS, 1, 0, 2, { WAITL(1), WAITL(2) }, PHASE_RUNNING },
		{ "2 both fail, OnFailure", ONFAIL, 1, 0, 2, { WAITL(1), WAITL(2) }, PHASE_RUNNING },
		{ "2 both fail, Never", NEVER, 1, 0, 2, { TERM(1), TERM(2) }, PHASE_FAILED },
		{ "2 both exit 0, Never", NEVER, 1, 0, 2, { TERM(0), TERM(0) }, PHASE_SUCCEEDED },
		/* OOM */
		{ "OOM, Always", ALWAYS, 1, 0, 1, { WAITL(137) }, PHASE_RUNNING },
		{ "OOM, OnFailure", ONFAIL, 1, 0, 1, { WAITL(137) }, PHASE_RUNNING },
		{ "OOM, Never", NEVER, 1, 0, 1, { TERM(137) }, PHASE_FAILED },
		/* liveness kill (K8S rows 68, 69) */
		{ "liveness, Always", ALWAYS, 1, 0, 1, { WAITL(143) }, PHASE_RUNNING },
		{ "liveness exit 0, OnFailure", ONFAIL, 1, 0, 1, { WAITL(0) }, PHASE_RUNNING },
		{ "liveness 143, Never", NEVER, 1, 0, 1, { TERM(143) }, PHASE_FAILED },
		{ "liveness exit 0, Never", NEVER, 1, 0, 1, { TERM(0) }, PHASE_SUCCEEDED },
		/* Pending until every container has started */
		{ "not started", ALWAYS, 1, 0, 1, { NONE_ }, PHASE_PENDING },
		{ "creating", NEVER, 1, 0, 1, { WAIT }, PHASE_PENDING },

		/* K8S row 39 */
		{ "39 Always both terminated", ALWAYS, 1, 0, 2, { TERM(0), TERM(1) }, PHASE_RUNNING },
		/* K8S row 40 */
		{ "40 Always both 0, terminal", ALWAYS, 1, 1, 2, { TERM(0), TERM(0) }, PHASE_SUCCEEDED },
		{ "40 Always one failed, terminal", ALWAYS, 1, 1, 2, { TERM(0), TERM(1) }, PHASE_FAILED },
		/* K8S row 41 */
		{ "41 Always A run, B waiting", ALWAYS, 1, 0, 2, { RUN, WAIT }, PHASE_PENDING },
		{ "41 Always A run, B crashloop", ALWAYS, 1, 0, 2, { RUN, WAITL(1) }, PHASE_RUNNING },
		/* K8S row 42 */
		{ "42 Never both succeeded", NEVER, 1, 0, 2, { TERM(0), TERM(0) }, PHASE_SUCCEEDED },
		{ "42 Never both failed", NEVER, 1, 0, 2, { TERM(1), TERM(1) }, PHASE_FAILED },
		{ "42 Never A run, B succeeded", NEVER, 1, 0, 2, { RUN, TERM(0) }, PHASE_RUNNING },
		{ "42 Never only A has status", NEVER, 1, 0, 2, { RUN, NONE_ }, PHASE_PENDING },
		/* K8S row 43 */
		{ "43 Never init failed", NEVER, 0, 0, 2, { I_(.status = CS_TERMINATED, .exit_code = 1), NONE_ }, PHASE_FAILED },
		{ "43 Never init waiting last 1", NEVER, 0, 0, 2,
		  { I_(.status = CS_WAITING, .has_last_termination = true, .last_exit_code = 1), NONE_ }, PHASE_FAILED },
		{ "43 Never init running", NEVER, 0, 0, 2, { I_(.status = CS_RUNNING), NONE_ }, PHASE_PENDING },
		{ "43 Never init done, main run", NEVER, 1, 0, 2, { I_(.status = CS_TERMINATED), RUN }, PHASE_RUNNING },
		/* K8S row 44 */
		{ "44 Always init failed", ALWAYS, 0, 0, 2, { I_(.status = CS_TERMINATED, .exit_code = 1), NONE_ }, PHASE_PENDING },
		{ "44 Always init crashloop", ALWAYS, 0, 0, 2,
		  { I_(.status = CS_WAITING, .has_last_termination = true, .last_exit_code = 1), NONE_ }, PHASE_PENDING },
		/* K8S row 45 */
		{ "45 OnFailure both failed", ONFAIL, 1, 0, 2, { TERM(1), TERM(1) }, PHASE_RUNNING },
		{ "45 OnFailure A run, B 0", ONFAIL, 1, 0, 2, { RUN, TERM(0) }, PHASE_RUNNING },
		{ "45 OnFailure B crashloop", ONFAIL, 1, 0, 2, { TERM(0), WAITL(1) }, PHASE_RUNNING },
		{ "45 OnFailure both 0", ONFAIL, 1, 0, 2, { TERM(0), TERM(0) }, PHASE_SUCCEEDED },
		/* K8S row 46 */
		{ "46 Never sidecar not started", NEVER, 0, 0, 2,
		  { SC_(.status = CS_RUNNING), RUN }, PHASE_PENDING },
		{ "46 Never sidecar started, mains 0", NEVER, 1, 0, 3,
		  { SC_(.status = CS_RUNNING, .started = true), TERM(0), TERM(0) }, PHASE_RUNNING },
		{ "46 Never sidecar failed, mains 0", NEVER, 1, 0, 3,
		  { SC_(.status = CS_TERMINATED, .exit_code = 1), TERM(0), TERM(0) }, PHASE_SUCCEEDED },
		{ "46 sidecar restarting after init", NEVER, 1, 0, 2,
		  { SC_(.status = CS_RUNNING), RUN }, PHASE_RUNNING },
		{ "46 sidecar waiting first start", ALWAYS, 0, 0, 2, { SC_(.status = CS_WAITING), NONE_ }, PHASE_PENDING },
		{ "sidecar crashloop, main run", ALWAYS, 1, 0, 2,
		  { SC_(.status = CS_WAITING, .has_last_termination = true, .last_exit_code = 2), RUN }, PHASE_RUNNING },
	};
	return cr_make_param_array(struct phase_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct phase_case *c, pod_sm, phase)
{
	enum pod_phase got = pod_phase_compute(c->c, c->n, (enum restart_policy)c->policy,
	    c->initialized, c->terminal);

	cr_assert_eq(got, c->want, "%s: got %s want %s", c->name, pod_phase_name(got),
	    pod_phase_name((enum pod_phase)c->want));
}

struct restart_case {
	char	 name[48];
	int	 policy;
	bool	 sidecar, init;
	int	 code;
	bool	 probe, terminating, want;
};

ParameterizedTestParameters(pod_sm, restart)
{
	static struct restart_case c[] = {
		{ "Always 0", ALWAYS, 0, 0, 0, 0, 0, true },
		{ "Always 1", ALWAYS, 0, 0, 1, 0, 0, true },
		{ "OnFailure 0", ONFAIL, 0, 0, 0, 0, 0, false },
		{ "OnFailure 1", ONFAIL, 0, 0, 1, 0, 0, true },
		{ "OnFailure 137 OOM", ONFAIL, 0, 0, 137, 0, 0, true },
		{ "OnFailure probe kill exit 0", ONFAIL, 0, 0, 0, 1, 0, true },
		{ "Never 1", NEVER, 0, 0, 1, 0, 0, false },
		{ "Never probe kill", NEVER, 0, 0, 143, 1, 0, false },
		{ "Always terminating", ALWAYS, 0, 0, 1, 0, 1, false },
		{ "OnFailure probe, terminating", ONFAIL, 0, 0, 143, 1, 1, false },
		{ "sidecar Never 0", NEVER, 1, 1, 0, 0, 0, true },
		{ "sidecar Never 1", NEVER, 1, 1, 1, 0, 0, true },
		{ "sidecar terminating", ALWAYS, 1, 1, 1, 0, 1, false },
		{ "init Always 0: done", ALWAYS, 0, 1, 0, 0, 0, false },
		{ "init Always 1: retry", ALWAYS, 0, 1, 1, 0, 0, true },
		{ "init OnFailure 1: retry", ONFAIL, 0, 1, 1, 0, 0, true },
		{ "init Never 1: fail", NEVER, 0, 1, 1, 0, 0, false },
	};
	return cr_make_param_array(struct restart_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct restart_case *c, pod_sm, restart)
{
	bool got = pod_should_restart((enum restart_policy)c->policy, c->sidecar, c->init,
	    c->code, c->probe, c->terminating);

	cr_assert_eq(got, c->want, "%s", c->name);
}

Test(pod_sm, restart_on_failure_message)
{
	cr_assert(pod_restart_on_failure(RESTART_ALWAYS, false));
	cr_assert(pod_restart_on_failure(RESTART_ON_FAILURE, false));
	cr_assert_not(pod_restart_on_failure(RESTART_NEVER, false));
	cr_assert(pod_restart_on_failure(RESTART_NEVER, true));
}

Test(pod_sm, initialized)
{
	struct pod_sm_ctr none[] = { RUN };
	struct pod_sm_ctr a[] = { I_(.status = CS_TERMINATED), SC_(.status = CS_RUNNING, .started = true), NONE_ };
	struct pod_sm_ctr b[] = { I_(.status = CS_RUNNING), NONE_ };
	struct pod_sm_ctr c[] = { I_(.status = CS_TERMINATED, .exit_code = 1), NONE_ };
	struct pod_sm_ctr d[] = { SC_(.status = CS_RUNNING), NONE_ };
	struct pod_sm_ctr e[] = { SC_(.status = CS_WAITING, .has_last_termination = true), RUN };

	cr_assert(pod_initialized(none, 1), "no init containers");
	cr_assert(pod_initialized(a, 3));
	cr_assert_not(pod_initialized(b, 2));
	cr_assert_not(pod_initialized(c, 2));
	cr_assert_not(pod_initialized(d, 2), "sidecar not started yet");
	cr_assert(pod_initialized(e, 2), "a regular container ran");
}

Test(pod_sm, ready)
{
	struct pod_sm_ctr a[] = { I_(.status = CS_TERMINATED), SC_(.status = CS_RUNNING, .ready = true), RUN, RUN };
	struct pod_sm_ctr b[] = { RUN, { .status = CS_RUNNING, .started = true } };
	struct pod_sm_ctr c[] = { SC_(.status = CS_RUNNING), RUN };

	cr_assert(pod_containers_ready(a, 4, PHASE_RUNNING));
	cr_assert(pod_ready(a, 4, PHASE_RUNNING));
	cr_assert_not(pod_ready(b, 2, PHASE_RUNNING));
	cr_assert_not(pod_ready(c, 2, PHASE_RUNNING), "sidecar not ready");
	cr_assert_not(pod_containers_ready(a, 4, PHASE_SUCCEEDED), "PodCompleted");
}

Test(pod_sm, regular_all_done)
{
	struct pod_sm_ctr a[] = { SC_(.status = CS_RUNNING), TERM(0), TERM(1) };
	struct pod_sm_ctr b[] = { SC_(.status = CS_RUNNING), TERM(0), WAITL(1) };
	struct pod_sm_ctr c[] = { SC_(.status = CS_RUNNING) };

	cr_assert(pod_regular_all_done(a, 3));
	cr_assert_not(pod_regular_all_done(b, 3));
	cr_assert_not(pod_regular_all_done(c, 1));
}

Test(pod_sm, exit_code_succeeded)
{
	struct pod_sm_ctr a[] = { TERM(0), TERM(0) };

	cr_assert_eq(pod_exit_code(a, 2, PHASE_SUCCEEDED, false, NULL), 0);
}

Test(pod_sm, exit_code_failed_first)
{
	struct pod_sm_ctr a[] = {
		{ .status = CS_TERMINATED, .exit_code = 0, .finished_at = 1 },
		{ .status = CS_TERMINATED, .exit_code = 3, .finished_at = 50 },
		{ .status = CS_TERMINATED, .exit_code = 137, .finished_at = 20 },
	};

	cr_assert_eq(pod_exit_code(a, 3, PHASE_FAILED, false, NULL), 137);
}

Test(pod_sm, exit_code_init_failed)
{
	struct pod_sm_ctr a[] = {
		I_(.status = CS_TERMINATED, .exit_code = 7, .finished_at = 5), NONE_,
	};

	cr_assert_eq(pod_exit_code(a, 2, PHASE_FAILED, false, NULL), 7);
}

Test(pod_sm, exit_code_sidecar_ignored)
{
	struct pod_sm_ctr a[] = {
		SC_(.status = CS_TERMINATED, .exit_code = 9, .finished_at = 1),
		{ .status = CS_TERMINATED, .exit_code = 2, .finished_at = 5 },
	};

	cr_assert_eq(pod_exit_code(a, 2, PHASE_FAILED, false, NULL), 2);
}

/* SPEC §1: stopped by SIGTERM/SIGINT → the first regular container's
 * code, whatever failed first. */
Test(pod_sm, exit_code_signal)
{
	struct pod_sm_ctr a[] = {
		SC_(.status = CS_TERMINATED, .exit_code = 143, .finished_at = 9),
		{ .status = CS_TERMINATED, .exit_code = 143, .finished_at = 5 },
		{ .status = CS_TERMINATED, .exit_code = 1, .finished_at = 1 },
	};
	struct pod_sm_ctr b[] = {
		{ .status = CS_TERMINATED, .exit_code = 0, .finished_at = 5 },
		{ .status = CS_TERMINATED, .exit_code = 1, .finished_at = 1 },
	};
	struct pod_sm_ctr never_ran[] = { I_(.status = CS_TERMINATED, .exit_code = 143), NONE_ };

	cr_assert_eq(pod_exit_code(a, 3, PHASE_FAILED, true, NULL), 143);
	cr_assert_eq(pod_exit_code(b, 2, PHASE_FAILED, true, NULL), 0);
	cr_assert_eq(pod_exit_code(never_ran, 2, PHASE_PENDING, true, NULL), 143);
}

Test(pod_sm, exit_code_remap)
{
	struct pod_sm_ctr a[] = { { .status = CS_TERMINATED, .exit_code = 143 } };
	bool remap[POD_EXIT_CODES] = { [2] = true, [143] = true };
	bool remap_2[POD_EXIT_CODES] = { [2] = true };

	cr_assert_eq(pod_exit_code(a, 1, PHASE_FAILED, false, remap), 0);
	cr_assert_eq(pod_exit_code(a, 1, PHASE_FAILED, false, remap_2), 143);
}

Test(pod_sm, names)
{
	cr_assert_str_eq(pod_phase_name(PHASE_SUCCEEDED), "Succeeded");
	cr_assert_str_eq(pod_phase_name(PHASE_PENDING), "Pending");
	cr_assert_str_eq(ctr_status_name(CS_WAITING), "waiting");
}
