/* Unit tests for SPEC §9's restart rules: pod_restart_decision (every
 * branch of podutil.ContainerShouldRestart, ShouldAllContainersRestart and
 * computePodActions' probe kill), the phase of a pod whose containers
 * restart by their own policy or for RestartAllContainers, ctr_sm's
 * EV_RESTART_ALL and EV_RESET, and pod_order's restart of every
 * container. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>
#include <sys/wait.h>

#include "podinit/ctr_sm.h"
#include "podinit/pod_order.h"
#include "podinit/pod_sm.h"
#include "podinit/units.h"

#define ALWAYS	RESTART_ALWAYS
#define ONFAIL	RESTART_ON_FAILURE
#define NEVER	RESTART_NEVER
#define NOPOL	(-1)	/* no container-level restartPolicy */

/* The rule sets the table picks from (by index). */
static int32_t v42[] = { 42 };
static int32_t v0_1[] = { 0, 1 };
static int32_t v3_4[] = { 3, 4 };
static struct restart_rule rules_none[1];
static struct restart_rule rules_in42[] = {
	{ .action = RULE_RESTART, .values = v42, .n_values = 1 },
};
static struct restart_rule rules_notin01[] = {
	{ .action = RULE_RESTART, .not_in = true, .values = v0_1, .n_values = 2 },
};
static struct restart_rule rules_all42[] = {
	{ .action = RULE_RESTART_ALL_CONTAINERS, .values = v42, .n_values = 1 },
};
/* first match decides: 3 and 4 restart the container, anything but 0
 * and 1 (so 42) restarts all, 0 and 1 fall to the container's policy */
static struct restart_rule rules_mixed[] = {
	{ .action = RULE_RESTART, .values = v3_4, .n_values = 2 },
	{ .action = RULE_RESTART_ALL_CONTAINERS, .not_in = true, .values = v0_1, .n_values = 2 },
};
/* an empty In never matches, an empty NotIn always does */
static struct restart_rule rules_empty_in[] = { { .action = RULE_RESTART } };
static struct restart_rule rules_empty_notin[] = { { .action = RULE_RESTART, .not_in = true } };

static struct {
	struct restart_rule *r;
	size_t	 n;
} rulesets[] = {
	{ rules_none, 0 }, { rules_in42, 1 }, { rules_notin01, 1 }, { rules_all42, 1 },
	{ rules_mixed, 2 }, { rules_empty_in, 1 }, { rules_empty_notin, 1 },
};
enum { R_NONE, R_IN42, R_NOTIN01, R_ALL42, R_MIXED, R_EMPTY_IN, R_EMPTY_NOTIN };

enum kind { REGULAR, INIT, SIDECAR };

struct decision_case {
	char	 name[80];
	int	 pod_policy;
	int	 kind;
	int	 ctr_policy;	/* NOPOL, or its own */
	int	 rules;		/* index into rulesets */
	int	 code;
	bool	 probe, terminating;
	int	 want;
};

#define NO	RESTART_DECISION_NONE
#define CTR	RESTART_DECISION_CONTAINER
#define ALL	RESTART_DECISION_ALL

ParameterizedTestParameters(restart_rules, decision)
{
	static struct decision_case c[] = {
		/* rules: In / NotIn, match / no match */
		{ "In [42], 42, pod Never", NEVER, REGULAR, NEVER, R_IN42, 42, 0, 0, CTR },
		{ "In [42], 1: container Never", NEVER, REGULAR, NEVER, R_IN42, 1, 0, 0, NO },
		{ "In [42], 1: container Always", NEVER, REGULAR, ALWAYS, R_IN42, 1, 0, 0, CTR },
		{ "NotIn [0,1], 2", NEVER, REGULAR, NEVER, R_NOTIN01, 2, 0, 0, CTR },
		{ "NotIn [0,1], 1: container Never", ALWAYS, REGULAR, NEVER, R_NOTIN01, 1, 0, 0, NO },
		{ "NotIn [0,1], 0: container OnFailure", NEVER, REGULAR, ONFAIL, R_NOTIN01, 0, 0, 0, NO },
		{ "empty In never matches", NEVER, REGULAR, NEVER, R_EMPTY_IN, 0, 0, 0, NO },
		{ "empty NotIn always matches", NEVER, REGULAR, NEVER, R_EMPTY_NOTIN, 0, 0, 0, CTR },
		/* the first matching rule decides */
		{ "mixed: 3 restarts the container", NEVER, REGULAR, NEVER, R_MIXED, 3, 0, 0, CTR },
		{ "mixed: 42 restarts all", NEVER, REGULAR, NEVER, R_MIXED, 42, 0, 0, ALL },
		{ "mixed: 1 falls to Never", ALWAYS, REGULAR, NEVER, R_MIXED, 1, 0, 0, NO },
		{ "mixed: 0 falls to Always", NEVER, REGULAR, ALWAYS, R_MIXED, 0, 0, 0, CTR },
		/* RestartAllContainers */
		{ "all In [42], 42", NEVER, REGULAR, NEVER, R_ALL42, 42, 0, 0, ALL },
		{ "all In [42], 0: Never", NEVER, REGULAR, NEVER, R_ALL42, 0, 0, 0, NO },
		{ "all In [42], 7: OnFailure", NEVER, REGULAR, ONFAIL, R_ALL42, 7, 0, 0, CTR },
		/* the container's policy over the pod's */
		{ "container Never under pod Always, 0", ALWAYS, REGULAR, NEVER, R_NONE, 0, 0, 0, NO },
		{ "container Never under pod Always, 1", ALWAYS, REGULAR, NEVER, R_NONE, 1, 0, 0, NO },
		{ "container Always under pod Never, 0", NEVER, REGULAR, ALWAYS, R_NONE, 0, 0, 0, CTR },
		{ "container OnFailure under pod Never, 1", NEVER, REGULAR, ONFAIL, R_NONE, 1, 0, 0, CTR },
		{ "container OnFailure under pod Always, 0", ALWAYS, REGULAR, ONFAIL, R_NONE, 0, 0, 0, NO },
		/* no container policy: the pod's (seed table) */
		{ "pod Always, 0", ALWAYS, REGULAR, NOPOL, R_NONE, 0, 0, 0, CTR },
		{ "pod OnFailure, 0", ONFAIL, REGULAR, NOPOL, R_NONE, 0, 0, 0, NO },
		{ "pod OnFailure, 1", ONFAIL, REGULAR, NOPOL, R_NONE, 1, 0, 0, CTR },
		{ "pod Never, 1", NEVER, REGULAR, NOPOL, R_NONE, 1, 0, 0, NO },
		/* a probe kill (computePodActions: restart when the policy is
		 * not Never, the rules unread) against a spontaneous exit */
		{ "probe kill, container OnFailure, 0", NEVER, REGULAR, ONFAIL, R_NONE, 0, 1, 0, CTR },
		{ "exit 0, container OnFailure", NEVER, REGULAR, ONFAIL, R_NONE, 0, 0, 0, NO },
		{ "probe kill, container Always, rule all 42", NEVER, REGULAR, ALWAYS, R_ALL42, 42, 1, 0, CTR },
		{ "probe kill, container Never", ALWAYS, REGULAR, NEVER, R_NONE, 137, 1, 0, NO },
		{ "probe kill, container Never, NotIn [0,1]", ALWAYS, REGULAR, NEVER, R_NOTIN01, 137, 1, 0, CTR },
		{ "probe kill, container Never, all In [42]: 42", ALWAYS, REGULAR, NEVER, R_ALL42, 42, 1, 0, ALL },
		{ "probe kill, pod OnFailure, 0", ONFAIL, REGULAR, NOPOL, R_NONE, 0, 1, 0, CTR },
		{ "probe kill, pod Never", NEVER, REGULAR, NOPOL, R_NONE, 143, 1, 0, NO },
		/* the pod is terminating: nothing */
		{ "terminating, rule matches", NEVER, REGULAR, NEVER, R_IN42, 42, 0, 1, NO },
		{ "terminating, restart all", NEVER, REGULAR, NEVER, R_ALL42, 42, 0, 1, NO },
		{ "terminating, sidecar", NEVER, SIDECAR, ALWAYS, R_NONE, 1, 0, 1, NO },
		/* sidecars: always again, unless a rule restarts all */
		{ "sidecar, pod Never", NEVER, SIDECAR, ALWAYS, R_NONE, 0, 0, 0, CTR },
		{ "sidecar, all In [42], 42", NEVER, SIDECAR, ALWAYS, R_ALL42, 42, 0, 0, ALL },
		{ "sidecar, all In [42], 1", NEVER, SIDECAR, ALWAYS, R_ALL42, 1, 0, 0, CTR },
		{ "sidecar, Restart In [42], 1", NEVER, SIDECAR, ALWAYS, R_IN42, 1, 0, 0, CTR },
		/* regular init containers */
		{ "init, pod Always, 0: done", ALWAYS, INIT, NOPOL, R_NONE, 0, 0, 0, NO },
		{ "init, pod Never, 1: fails", NEVER, INIT, NOPOL, R_NONE, 1, 0, 0, NO },
		{ "init, pod OnFailure, 1", ONFAIL, INIT, NOPOL, R_NONE, 1, 0, 0, CTR },
		/* computeInitContainerActions reads the own policy only */
		{ "init Never, Restart In [42], 42: rules unread", NEVER, INIT, NEVER, R_IN42, 42, 0, 0, NO },
		{ "init OnFailure, Restart In [42], 1", NEVER, INIT, ONFAIL, R_IN42, 1, 0, 0, CTR },
		{ "init Never, In [42], 1", ALWAYS, INIT, NEVER, R_IN42, 1, 0, 0, NO },
		{ "init OnFailure, 1, pod Never", NEVER, INIT, ONFAIL, R_NONE, 1, 0, 0, CTR },
		{ "init, NotIn [0,1] matches 0? no: 0 is in", NEVER, INIT, NEVER, R_NOTIN01, 0, 0, 0, NO },
		{ "init, empty NotIn, 0: done all the same", NEVER, INIT, NEVER, R_EMPTY_NOTIN, 0, 0, 0, NO },
		{ "init, all In [42], 42", NEVER, INIT, NEVER, R_ALL42, 42, 0, 0, ALL },
		{ "init, mixed, 0: done", NEVER, INIT, ALWAYS, R_MIXED, 0, 0, 0, NO },
	};
	return cr_make_param_array(struct decision_case, c, sizeof c / sizeof c[0]);
}

static void
make_ctr(struct container_spec *s, int kind, int ctr_policy, int rules)
{
	memset(s, 0, sizeof *s);
	s->name = "c";
	s->is_init = kind != REGULAR;
	s->is_sidecar = kind == SIDECAR;
	if (ctr_policy != NOPOL) {
		s->has_restart_policy = true;
		s->restart_policy = (enum restart_policy)ctr_policy;
	}
	s->restart_rules = rulesets[rules].r;
	s->n_restart_rules = rulesets[rules].n;
}

ParameterizedTest(struct decision_case *c, restart_rules, decision)
{
	struct container_spec s;
	enum restart_decision got;

	make_ctr(&s, c->kind, c->ctr_policy, c->rules);
	got = pod_restart_decision(&s, (enum restart_policy)c->pod_policy, c->code, c->probe,
	    c->terminating);
	cr_assert_eq(got, c->want, "%s: got %s, want %s", c->name, restart_decision_name(got),
	    restart_decision_name((enum restart_decision)c->want));
}

Test(restart_rules, rule_match_index)
{
	struct container_spec s;

	make_ctr(&s, REGULAR, NEVER, R_MIXED);
	cr_assert_eq(pod_restart_rule_match(&s, 4), 0);
	cr_assert_eq(pod_restart_rule_match(&s, 42), 1);
	cr_assert_eq(pod_restart_rule_match(&s, 1), -1);
	make_ctr(&s, REGULAR, NEVER, R_NONE);
	cr_assert_eq(pod_restart_rule_match(&s, 1), -1);
}

Test(restart_rules, killing_message_restart)
{
	struct container_spec s;

	make_ctr(&s, REGULAR, NEVER, R_NONE);
	cr_assert_not(pod_container_restarts_on_failure(&s, RESTART_ALWAYS));
	make_ctr(&s, REGULAR, ONFAIL, R_NONE);
	cr_assert(pod_container_restarts_on_failure(&s, RESTART_NEVER));
	make_ctr(&s, REGULAR, NOPOL, R_NONE);
	cr_assert(pod_container_restarts_on_failure(&s, RESTART_ON_FAILURE));
	cr_assert_not(pod_container_restarts_on_failure(&s, RESTART_NEVER));
	make_ctr(&s, SIDECAR, ALWAYS, R_NONE);
	cr_assert(pod_container_restarts_on_failure(&s, RESTART_NEVER));
}

/* ---- the phase ---- */

#define F_RUN	.status = CS_RUNNING, .started = true, .ready = true
#define F_TERM(c) .status = CS_TERMINATED, .exit_code = (c)
#define F_BACKOFF(c) .status = CS_WAITING, .has_last_termination = true, \
	.last_exit_code = (c), .backing_off = true
#define F_RESET(c) .status = CS_WAITING, .has_last_termination = true, \
	.last_exit_code = (c), .restarting = true
#define RUN	{ F_RUN }
#define TERM(c)	{ F_TERM(c) }
#define BACKOFF(c) { F_BACKOFF(c) }
#define RESET(c) { F_RESET(c) }
#define ASKS(c)	{ F_TERM(c), .restart_all = true }
#define I_(...)	{ .is_init = true, __VA_ARGS__ }

struct phase_case {
	char	 name[80];
	int	 policy;
	bool	 terminal;
	size_t	 n;
	struct pod_sm_ctr c[3];
	int	 want;
};

ParameterizedTestParameters(restart_rules, phase)
{
	static struct phase_case c[] = {
		/* a container its own policy restarts under pod Never: the
		 * pod is not Failed while it backs off */
		{ "own Always backing off, pod Never", NEVER, 0, 1, { BACKOFF(1) }, PHASE_RUNNING },
		{ "own Always backing off, other ended 0", NEVER, 0, 2, { BACKOFF(1), TERM(0) },
		  PHASE_RUNNING },
		{ "own OnFailure backing off, pod OnFailure, other 0", ONFAIL, 0, 2,
		  { BACKOFF(1), TERM(0) }, PHASE_RUNNING },
		{ "backing off, pod torn down: Failed", NEVER, 1, 1, { BACKOFF(1) }, PHASE_FAILED },
		/* getPhase reads the pod's policy only: a container that will
		 * not restart (own Never) under pod Always */
		{ "own Never ended 1, other runs, pod Always", ALWAYS, 0, 2, { TERM(1), RUN },
		  PHASE_RUNNING },
		{ "own Never ended 1 alone, pod Always", ALWAYS, 0, 1, { TERM(1) }, PHASE_RUNNING },
		{ "own Never ended 1 alone, pod torn down", ALWAYS, 1, 1, { TERM(1) }, PHASE_FAILED },
		{ "own Never ended 0 alone, pod torn down", ALWAYS, 1, 1, { TERM(0) },
		  PHASE_SUCCEEDED },
		/* a regular init container its own policy retries, pod Never */
		{ "init backing off, pod Never", NEVER, 0, 2, { I_(F_BACKOFF(42)), { .status = CS_NONE } },
		  PHASE_PENDING },
		{ "init failed for good, pod Never", NEVER, 0, 2,
		  { I_(.status = CS_TERMINATED, .exit_code = 1), { .status = CS_NONE } }, PHASE_FAILED },
		/* RestartAllContainers: Pending from the exit that asks */
		{ "asks, pod Never", NEVER, 0, 2, { ASKS(42), RUN }, PHASE_PENDING },
		{ "asks, pod torn down", NEVER, 1, 1, { ASKS(42) }, PHASE_FAILED },
		{ "reset, not started again", NEVER, 0, 2, { I_(F_RESET(0)), RESET(42) }, PHASE_PENDING },
		{ "reset, init runs again", NEVER, 0, 2, { I_(F_RUN), RESET(42) }, PHASE_PENDING },
		{ "reset, regular runs again", NEVER, 0, 2, { I_(F_TERM(0)), RUN }, PHASE_RUNNING },
	};
	return cr_make_param_array(struct phase_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct phase_case *c, restart_rules, phase)
{
	enum pod_phase got = pod_phase_compute(c->c, c->n, (enum restart_policy)c->policy, true,
	    c->terminal);

	cr_assert_eq(got, c->want, "%s: got %s, want %s", c->name, pod_phase_name(got),
	    pod_phase_name((enum pod_phase)c->want));
}

Test(restart_rules, exit_code_skips_the_restart)
{
	/* after a restart of every container, the init container fails
	 * for good (pod Never): the pod's code is its, not the 137 the
	 * regular container was killed with for the restart */
	struct pod_sm_ctr c[2] = {
		I_(F_TERM(3), .finished_at = 20),
		{ F_RESET(137), .finished_at = 10 },
	};

	cr_assert_eq(pod_phase_compute(c, 2, RESTART_NEVER, true, false), PHASE_FAILED);
	cr_assert_eq(pod_exit_code(c, 2, PHASE_FAILED, false, NULL), 3);
}

/* ---- ctr_sm ---- */

static struct container_spec spec_all42;

static void
sm_init(struct ctr_sm *sm, struct container_spec *s, int kind, int ctr_policy, int rules,
    enum restart_policy pod_policy)
{
	struct ctr_cfg cfg;

	make_ctr(s, kind, ctr_policy, rules);
	ctr_cfg_defaults(&cfg);
	cfg.spec = s;
	cfg.policy = pod_policy;
	ctr_sm_init(sm, &cfg);
}

static bool
has_action(const struct ctr_actions *a, enum ctr_action_kind k)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->a[i].kind == k)
			return true;
	return false;
}

static const struct ctr_action *
find_event(const struct ctr_actions *a, const char *reason)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->a[i].kind == CA_EMIT_EVENT && strcmp(a->a[i].reason, reason) == 0)
			return &a->a[i];
	return NULL;
}

static void
run_to_running(struct ctr_sm *sm, int64_t now)
{
	struct ctr_actions a;

	ctr_sm_step(sm, EV_START, NULL, now, &a);
	ctr_sm_step(sm, EV_SPAWNED, NULL, now, &a);
	cr_assert_eq(sm->state, CTR_RUNNING);
}

static void
exit_with(struct ctr_sm *sm, int code, int64_t now, struct ctr_actions *a)
{
	struct ctr_input in = { .wstatus = code << 8 };

	ctr_sm_step(sm, EV_EXITED, &in, now, a);
}

Test(restart_rules, exit_asks_restart_all_then_backs_off)
{
	struct ctr_sm sm;
	struct ctr_actions a;
	int64_t t = NS_PER_SEC;

	sm_init(&sm, &spec_all42, REGULAR, NEVER, R_ALL42, RESTART_NEVER);
	run_to_running(&sm, t);
	/* first time: at once (kubelet's back-off: the first restart is
	 * immediate) */
	exit_with(&sm, 42, 2 * t, &a);
	cr_assert_eq(sm.state, CTR_TERMINATED);
	cr_assert(sm.restart_all);
	cr_assert_not(has_action(&a, CA_SPAWN));
	ctr_sm_step(&sm, EV_RESTART_ALL, NULL, 2 * t, &a);
	cr_assert(sm.shutdown);
	ctr_sm_step(&sm, EV_RESET, NULL, 2 * t, &a);
	cr_assert_eq(sm.state, CTR_WAITING);
	cr_assert_not(sm.restart_all);
	cr_assert(sm.restarting);
	cr_assert_not(sm.shutdown);
	run_to_running(&sm, 2 * t);
	cr_assert_eq(sm.restart_count, 1);
	cr_assert_not(sm.restarting);
	/* second time soon after: back-off first (10 s), then it asks */
	exit_with(&sm, 42, 3 * t, &a);
	cr_assert_eq(sm.state, CTR_BACKOFF);
	cr_assert_not(sm.restart_all);
	cr_assert_not_null(find_event(&a, "BackOff"));
	ctr_sm_step(&sm, EV_DEADLINE, NULL, 13 * t, &a);
	cr_assert_eq(sm.state, CTR_TERMINATED);
	cr_assert(sm.restart_all);
	cr_assert_not(has_action(&a, CA_SPAWN));
}

Test(restart_rules, restart_all_kills_without_prestop)
{
	struct container_spec s;
	struct ctr_sm sm;
	struct ctr_actions a;
	const struct ctr_action *ev;
	int64_t t = NS_PER_SEC;

	sm_init(&sm, &s, REGULAR, NOPOL, R_NONE, RESTART_ALWAYS);
	s.pre_stop.kind = HANDLER_EXEC;
	run_to_running(&sm, t);
	ctr_sm_step(&sm, EV_RESTART_ALL, NULL, 2 * t, &a);
	cr_assert_eq(sm.state, CTR_STOPPING);
	cr_assert(has_action(&a, CA_KILL_ALL));
	cr_assert_not(has_action(&a, CA_RUN_PRE_STOP));
	cr_assert_not(has_action(&a, CA_SEND_STOP_SIGNAL));
	ev = find_event(&a, "Killing");
	cr_assert_not_null(ev);
	cr_assert_str_eq(ev->message, "Stopping container c");
	/* it dies of the SIGKILL: not restarted on its own */
	{
		struct ctr_input in = { .wstatus = SIGKILL };

		ctr_sm_step(&sm, EV_EXITED, &in, 2 * t, &a);
	}
	cr_assert_eq(sm.state, CTR_TERMINATED);
	cr_assert(ctr_sm_finished(&sm));
	ctr_sm_step(&sm, EV_RESET, NULL, 2 * t, &a);
	cr_assert_eq(sm.state, CTR_WAITING);
	run_to_running(&sm, 3 * t);
	cr_assert_eq(sm.restart_count, 1);
	cr_assert_eq(sm.term.exit_code, 137);
}

Test(restart_rules, restart_all_in_other_states)
{
	struct container_spec s;
	struct ctr_sm sm;
	struct ctr_actions a;
	int64_t t = NS_PER_SEC;

	/* never started: stays startable after the reset */
	sm_init(&sm, &s, REGULAR, NOPOL, R_NONE, RESTART_ALWAYS);
	ctr_sm_step(&sm, EV_RESTART_ALL, NULL, t, &a);
	cr_assert(ctr_sm_finished(&sm));
	ctr_sm_step(&sm, EV_RESET, NULL, t, &a);
	cr_assert_eq(sm.state, CTR_WAITING);
	cr_assert_not(sm.restarting);
	cr_assert_not(sm.shutdown);
	/* in back-off: ends at once, its timer cancelled */
	sm_init(&sm, &s, REGULAR, NOPOL, R_NONE, RESTART_ALWAYS);
	run_to_running(&sm, t);
	exit_with(&sm, 1, 2 * t, &a);	/* first restart: immediate */
	ctr_sm_step(&sm, EV_SPAWNED, NULL, 2 * t, &a);
	exit_with(&sm, 1, 3 * t, &a);
	cr_assert_eq(sm.state, CTR_BACKOFF);
	ctr_sm_step(&sm, EV_RESTART_ALL, NULL, 3 * t, &a);
	cr_assert_eq(sm.state, CTR_TERMINATED);
	cr_assert(has_action(&a, CA_CANCEL_TIMER));
	/* a reset of a container still running is refused */
	sm_init(&sm, &s, REGULAR, NOPOL, R_NONE, RESTART_ALWAYS);
	run_to_running(&sm, t);
	ctr_sm_step(&sm, EV_RESET, NULL, t, &a);
	cr_assert_eq(sm.state, CTR_RUNNING);
	/* asked before the process exists: killed as soon as it does */
	sm_init(&sm, &s, REGULAR, NOPOL, R_NONE, RESTART_ALWAYS);
	ctr_sm_step(&sm, EV_START, NULL, t, &a);
	ctr_sm_step(&sm, EV_RESTART_ALL, NULL, t, &a);
	ctr_sm_step(&sm, EV_SPAWNED, NULL, t, &a);
	cr_assert_eq(sm.state, CTR_STOPPING);
	cr_assert(has_action(&a, CA_KILL_ALL));
}

Test(restart_rules, ctr_sm_pod_view_flags)
{
	struct container_spec s;
	struct ctr_sm sm;
	struct ctr_actions a;
	struct pod_sm_ctr pc;
	int64_t t = NS_PER_SEC;

	sm_init(&sm, &s, REGULAR, ALWAYS, R_NONE, RESTART_NEVER);
	run_to_running(&sm, t);
	exit_with(&sm, 1, 2 * t, &a);
	ctr_sm_step(&sm, EV_SPAWNED, NULL, 2 * t, &a);
	exit_with(&sm, 1, 3 * t, &a);
	ctr_sm_pod_view(&sm, &pc);
	cr_assert(pc.backing_off);
	cr_assert_not(pc.restart_all);
	sm_init(&sm, &s, REGULAR, NEVER, R_ALL42, RESTART_NEVER);
	run_to_running(&sm, t);
	exit_with(&sm, 42, 2 * t, &a);
	ctr_sm_pod_view(&sm, &pc);
	cr_assert(pc.restart_all);
	cr_assert_eq(pc.status, CS_TERMINATED);
	ctr_sm_step(&sm, EV_RESTART_ALL, NULL, 2 * t, &a);
	ctr_sm_step(&sm, EV_RESET, NULL, 2 * t, &a);
	ctr_sm_pod_view(&sm, &pc);
	cr_assert(pc.restarting);
	cr_assert_eq(pc.status, CS_WAITING);
}

/* ---- pod_order ---- */

#define O_RUN		{ .state = CTR_RUNNING, .instances = 1, .has_term = false, \
	.started = true, .alive = true }
#define O_INIT_DONE	{ .is_init = true, .state = CTR_TERMINATED, .instances = 1, \
	.finished = true, .has_term = true, .exit_code = 0, .started = true }
#define O_ASKS		{ .state = CTR_TERMINATED, .instances = 1, .finished = true, \
	.has_term = true, .exit_code = 42, .restart_all = true }

Test(restart_rules, order_restart_all)
{
	struct pod_order_ctr c[3] = { O_INIT_DONE, O_ASKS, O_RUN };
	struct pod_order_pod pod = { .phase = PHASE_RUNNING };
	struct pod_action out[POD_ORDER_ACTIONS_MAX(3)];
	size_t k;

	/* begin, and every container is stopped (the ended ones too) */
	k = pod_order_next(c, 3, &pod, out);
	cr_assert_eq(k, 4);
	cr_assert_eq(out[0].kind, PA_RESTART_BEGIN);
	for (size_t i = 1; i < 4; i++) {
		cr_assert_eq(out[i].kind, PA_RESTART_STOP);
		cr_assert_eq(out[i].ctr, i - 1);
	}
	pod.restarting_all = true;
	c[0].shutdown = c[1].shutdown = c[2].shutdown = true;
	c[2].state = CTR_STOPPING;
	/* the pod may not finish, nor stop, while the third dies */
	pod.phase = PHASE_FAILED;
	cr_assert_eq(pod_order_next(c, 3, &pod, out), 0);
	cr_assert_not(pod_order_done(c, 3, &pod));
	c[2] = (struct pod_order_ctr){ .state = CTR_TERMINATED, .instances = 1, .shutdown = true,
		.finished = true, .has_term = true, .exit_code = 137 };
	cr_assert_not(pod_order_done(c, 3, &pod));
	/* all gone: every container reset, then the end */
	k = pod_order_next(c, 3, &pod, out);
	cr_assert_eq(k, 4);
	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(out[i].kind, PA_RESET);
		cr_assert_eq(out[i].ctr, i);
	}
	cr_assert_eq(out[3].kind, PA_RESTART_END);
	/* reset: the init container starts first again */
	for (size_t i = 0; i < 3; i++) {
		c[i].state = CTR_WAITING;
		c[i].shutdown = false;
		c[i].restart_all = false;
		c[i].started = false;
	}
	pod.restarting_all = false;
	pod.phase = PHASE_PENDING;
	k = pod_order_next(c, 3, &pod, out);
	cr_assert_eq(k, 1);
	cr_assert_eq(out[0].kind, PA_START);
	cr_assert_eq(out[0].ctr, 0);
}

Test(restart_rules, order_stop_wins)
{
	struct pod_order_ctr c[2] = { O_ASKS, O_RUN };
	struct pod_order_pod pod = { .terminating = true, .phase = PHASE_RUNNING };
	struct pod_action out[POD_ORDER_ACTIONS_MAX(2)];
	size_t k;

	/* podinit was told to stop: no restart, the stop order goes on */
	k = pod_order_next(c, 2, &pod, out);
	for (size_t i = 0; i < k; i++)
		cr_assert(out[i].kind != PA_RESTART_BEGIN && out[i].kind != PA_RESTART_STOP);
	c[1] = (struct pod_order_ctr){ .state = CTR_TERMINATED, .instances = 1, .shutdown = true,
		.finished = true, .has_term = true, .exit_code = 143 };
	cr_assert(pod_order_done(c, 2, &pod));
}

Test(restart_rules, order_asked_before_final_phase)
{
	/* the only container ended with 42 under pod Never: the phase
	 * alone would end the pod; the restart comes first */
	struct pod_order_ctr c[1] = { O_ASKS };
	struct pod_order_pod pod = { .phase = PHASE_FAILED, .regular_all_done = true };
	struct pod_action out[POD_ORDER_ACTIONS_MAX(1)];

	cr_assert_not(pod_order_done(c, 1, &pod));
	cr_assert_eq(pod_order_next(c, 1, &pod, out), 2);
	cr_assert_eq(out[0].kind, PA_RESTART_BEGIN);
	cr_assert_eq(out[1].kind, PA_RESTART_STOP);
}
