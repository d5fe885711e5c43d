/* Unit tests for ctr_view: Kubernetes ContainerState from ctr_sm (waiting
 * reasons ContainerCreating / PodInitializing / CrashLoopBackOff, running
 * startedAt, terminated with its instance's message, lastState, started and
 * ready) and the pod's conditions, whose lastTransitionTime moves only
 * when the status does. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "podinit/ctr_view.h"
#include "podinit/render.h"

#define OFFSET	1000000		/* realtime - monotonic in these tests */

/* Terminations: exit code, reason, started, finished (monotonic). */
#define TERM_1	{ .exit_code = 1, .reason = "Error", .started_at = 100, .finished_at = 200 }
#define TERM_0	{ .exit_code = 0, .reason = "Completed", .started_at = 300, .finished_at = 400 }
#define TERM_KILLED { .exit_code = 137, .signal = 9, .reason = "Error", .started_at = 500, .finished_at = 600 }
#define TERM_MSG { .exit_code = 1, .reason = "Error", .started_at = 100, .finished_at = 200, \
	.message = "disk full" }

enum term_pick { T_NONE = 0, T_1, T_0, T_KILLED, T_MSG };

static const struct ctr_term terms[] = { { 0 }, TERM_1, TERM_0, TERM_KILLED, TERM_MSG };

/* Criterion hands each parameter to a new process: no pointers in here
 * (strings inline, terminations by index), the ctr_sm is built from it. */
struct sm_desc {
	enum ctr_state state;
	bool	 spawned;
	int64_t	 started_at;
	int32_t	 restart_count;
	char	 waiting_reason[32];	/* "" = NULL */
	char	 waiting_message[96];
	enum term_pick term, prev_term;
};

struct view_case {
	char	 name[80];
	struct sm_desc sm;
	bool	 started, alive, readiness_ok, behind_init;
	enum view_state_kind was;	/* the view's state before */
	char	 was_message[16];
	/* want */
	enum view_state_kind kind;
	char	 reason[32];
	char	 message[96];
	int64_t	 started_at, finished_at;	/* realtime */
	int	 exit_code;
	enum view_state_kind last_kind;
	char	 last_reason[32];
	char	 last_message[32];
	int	 last_exit_code;
	bool	 want_started, want_ready;
};

static void
sm_build(const struct sm_desc *d, struct ctr_sm *sm)
{
	memset(sm, 0, sizeof *sm);
	sm->state = d->state;
	sm->spawned = d->spawned;
	sm->started_at = d->started_at;
	sm->restart_count = d->restart_count;
	sm->waiting_reason = d->waiting_reason[0] ? d->waiting_reason : NULL;
	snprintf(sm->waiting_message, sizeof sm->waiting_message, "%s", d->waiting_message);
	sm->has_term = d->term != T_NONE;
	sm->term = terms[d->term];
	sm->has_prev_term = d->prev_term != T_NONE;
	sm->prev_term = terms[d->prev_term];
}

ParameterizedTestParameters(ctr_view, state)
{
	static struct view_case c[] = {
		{ .name = "new container: ContainerCreating",
		  .sm = { .state = CTR_WAITING, .waiting_reason = "ContainerCreating" },
		  .kind = VIEW_STATE_WAITING, .reason = "ContainerCreating", .message = "" },
		{ .name = "no reason, no init containers: ContainerCreating",
		  .sm = { .state = CTR_WAITING },
		  .kind = VIEW_STATE_WAITING, .reason = "ContainerCreating", .message = "" },
		{ .name = "no reason, behind init containers: PodInitializing",
		  .sm = { .state = CTR_WAITING }, .behind_init = true,
		  .kind = VIEW_STATE_WAITING, .reason = "PodInitializing", .message = "" },
		{ .name = "the state machine's reason wins over PodInitializing",
		  .sm = { .state = CTR_WAITING, .waiting_reason = "ContainerCreating" }, .behind_init = true,
		  .kind = VIEW_STATE_WAITING, .reason = "ContainerCreating", .message = "" },
		{ .name = "back-off: CrashLoopBackOff, lastState the crash",
		  .sm = { .state = CTR_BACKOFF, .waiting_reason = "CrashLoopBackOff",
		    .waiting_message = "back-off 10s restarting failed container=app pod=p_default()",
		    .term = T_1, .restart_count = 1 },
		  .kind = VIEW_STATE_WAITING, .reason = "CrashLoopBackOff",
		  .message = "back-off 10s restarting failed container=app pod=p_default()",
		  .last_kind = VIEW_STATE_TERMINATED, .last_reason = "Error", .last_exit_code = 1 },
		{ .name = "starting, no process yet: ContainerCreating",
		  .sm = { .state = CTR_STARTING, .waiting_reason = "ContainerCreating" },
		  .kind = VIEW_STATE_WAITING, .reason = "ContainerCreating", .message = "" },
		/* SPEC §3: kubelet shows a container in postStart as it
		 * was before its spawn. */
		{ .name = "in postStart: waiting ContainerCreating, not started, not ready",
		  .sm = { .state = CTR_STARTING, .spawned = true, .started_at = 700 },
		  .alive = true, .readiness_ok = true,
		  .kind = VIEW_STATE_WAITING, .reason = "ContainerCreating", .message = "" },
		{ .name = "in postStart, started asked: still not started",
		  .sm = { .state = CTR_STARTING, .spawned = true, .started_at = 700 },
		  .started = true, .alive = true, .readiness_ok = true,
		  .kind = VIEW_STATE_WAITING, .reason = "ContainerCreating", .message = "" },
		{ .name = "in postStart after a crash: waiting, lastState the crash",
		  .sm = { .state = CTR_STARTING, .spawned = true, .started_at = 700, .term = T_1,
		    .restart_count = 1 },
		  .alive = true, .readiness_ok = true,
		  .kind = VIEW_STATE_WAITING, .reason = "ContainerCreating", .message = "",
		  .last_kind = VIEW_STATE_TERMINATED, .last_reason = "Error", .last_exit_code = 1 },
		{ .name = "running, started and ready",
		  .sm = { .state = CTR_RUNNING, .spawned = true, .started_at = 700 },
		  .started = true, .alive = true, .readiness_ok = true,
		  .kind = VIEW_STATE_RUNNING, .reason = "", .message = "", .started_at = 700 + OFFSET,
		  .want_started = true, .want_ready = true },
		{ .name = "running, startup probe pending: neither started nor ready",
		  .sm = { .state = CTR_RUNNING, .spawned = true, .started_at = 700 },
		  .alive = true, .readiness_ok = true,
		  .kind = VIEW_STATE_RUNNING, .reason = "", .message = "", .started_at = 700 + OFFSET },
		{ .name = "running, readiness failing: started, not ready",
		  .sm = { .state = CTR_RUNNING, .spawned = true, .started_at = 700 },
		  .started = true, .alive = true,
		  .kind = VIEW_STATE_RUNNING, .reason = "", .message = "", .started_at = 700 + OFFSET,
		  .want_started = true },
		{ .name = "reaped: not started",
		  .sm = { .state = CTR_RUNNING, .spawned = true, .started_at = 700 },
		  .started = true, .readiness_ok = true,
		  .kind = VIEW_STATE_RUNNING, .reason = "", .message = "", .started_at = 700 + OFFSET },
		{ .name = "stopping: still ready while readiness passes",
		  .sm = { .state = CTR_STOPPING, .spawned = true, .started_at = 700 },
		  .started = true, .alive = true, .readiness_ok = true,
		  .kind = VIEW_STATE_RUNNING, .reason = "", .message = "", .started_at = 700 + OFFSET,
		  .want_started = true, .want_ready = true },
		{ .name = "restarted: running, lastState the previous instance",
		  .sm = { .state = CTR_RUNNING, .spawned = true, .started_at = 700, .term = T_KILLED, .restart_count = 2 },
		  .started = true, .alive = true, .readiness_ok = true,
		  .kind = VIEW_STATE_RUNNING, .reason = "", .message = "", .started_at = 700 + OFFSET,
		  .last_kind = VIEW_STATE_TERMINATED, .last_reason = "Error", .last_exit_code = 137,
		  .want_started = true, .want_ready = true },
		{ .name = "terminated: the last instance, lastState the one before",
		  .sm = { .state = CTR_TERMINATED, .term = T_0,
		    .prev_term = T_1 },
		  .kind = VIEW_STATE_TERMINATED, .reason = "Completed", .message = "",
		  .started_at = 300 + OFFSET, .finished_at = 400 + OFFSET, .exit_code = 0,
		  .last_kind = VIEW_STATE_TERMINATED, .last_reason = "Error", .last_exit_code = 1 },
		{ .name = "terminated: first time, a stale message is not kept",
		  .sm = { .state = CTR_TERMINATED, .term = T_1 },
		  .was = VIEW_STATE_RUNNING, .was_message = "stale",
		  .kind = VIEW_STATE_TERMINATED, .reason = "Error", .message = "",
		  .started_at = 100 + OFFSET, .finished_at = 200 + OFFSET, .exit_code = 1 },
		{ .name = "terminated: the instance's termination message, not the view's",
		  .sm = { .state = CTR_TERMINATED, .term = T_MSG },
		  .was = VIEW_STATE_TERMINATED, .was_message = "stale",
		  .kind = VIEW_STATE_TERMINATED, .reason = "Error", .message = "disk full",
		  .started_at = 100 + OFFSET, .finished_at = 200 + OFFSET, .exit_code = 1 },
		{ .name = "back-off: lastState.terminated keeps the message",
		  .sm = { .state = CTR_BACKOFF, .term = T_MSG, .waiting_reason = "CrashLoopBackOff" },
		  .kind = VIEW_STATE_WAITING, .reason = "CrashLoopBackOff", .message = "",
		  .last_kind = VIEW_STATE_TERMINATED, .last_reason = "Error",
		  .last_message = "disk full", .last_exit_code = 1 },
		{ .name = "terminated without a termination: ContainerCreating",
		  .sm = { .state = CTR_TERMINATED },
		  .kind = VIEW_STATE_WAITING, .reason = "ContainerCreating", .message = "" },
		{ .name = "a time of 0 is not set, not the offset",
		  .sm = { .state = CTR_RUNNING, .spawned = true, .started_at = 0 },
		  .started = true, .alive = true,
		  .kind = VIEW_STATE_RUNNING, .reason = "", .message = "", .started_at = 0,
		  .want_started = true },
	};
	return cr_make_param_array(struct view_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct view_case *c, ctr_view, state)
{
	struct ctr_view v;
	struct ctr_sm sm;
	struct ctr_view_input in = {
		.sm = &sm,
		.started = c->started,
		.alive = c->alive,
		.readiness_ok = c->readiness_ok,
		.behind_init = c->behind_init,
		.mono_to_real = OFFSET,
	};

	sm_build(&c->sm, &sm);
	memset(&v, 0, sizeof v);
	v.state.kind = c->was;
	snprintf(v.state.message, sizeof v.state.message, "%s", c->was_message);
	ctr_view_update(&v, &in);
	cr_assert_eq(v.state.kind, c->kind, "%s: kind %d", c->name, v.state.kind);
	cr_assert_str_eq(v.state.reason, c->reason, "%s: reason %s", c->name, v.state.reason);
	cr_assert_str_eq(v.state.message, c->message, "%s: message %s", c->name, v.state.message);
	cr_assert_eq(v.state.started_at, c->started_at, "%s: startedAt %lld", c->name,
	    (long long)v.state.started_at);
	cr_assert_eq(v.state.finished_at, c->finished_at, "%s", c->name);
	cr_assert_eq(v.state.exit_code, c->exit_code, "%s", c->name);
	cr_assert_eq(v.last_state.kind, c->last_kind, "%s: lastState %d", c->name, v.last_state.kind);
	if (c->last_kind == VIEW_STATE_TERMINATED) {
		cr_assert_str_eq(v.last_state.reason, c->last_reason, "%s", c->name);
		cr_assert_str_eq(v.last_state.message, c->last_message, "%s", c->name);
		cr_assert_eq(v.last_state.exit_code, c->last_exit_code, "%s", c->name);
		cr_assert_eq(v.has_exit_code, true, "%s", c->name);
	}
	cr_assert_eq(v.started, c->want_started, "%s: started", c->name);
	cr_assert_eq(v.ready, c->want_ready, "%s: ready", c->name);
	cr_assert_eq(v.restart_count, c->sm.restart_count, "%s", c->name);
}

Test(ctr_view, last_exit_code_and_signal)
{
	struct ctr_sm sm = { .state = CTR_BACKOFF, .has_term = true, .term = TERM_KILLED,
	    .waiting_reason = "CrashLoopBackOff" };
	struct ctr_view_input in = { .sm = &sm, .mono_to_real = OFFSET };
	struct ctr_view v;

	memset(&v, 0, sizeof v);
	ctr_view_update(&v, &in);
	cr_assert(v.has_exit_code);
	cr_assert_eq(v.last_exit_code, 137);
	cr_assert_eq(v.last_state.signal, 9);
	cr_assert_eq(v.last_state.started_at, 500 + OFFSET);
	cr_assert_eq(v.last_state.finished_at, 600 + OFFSET);
}

Test(ctr_view, pod_ctr)
{
	struct ctr_sm sm = { .state = CTR_RUNNING, .spawned = true };
	struct ctr_view v = { .started = true, .ready = false };
	struct pod_sm_ctr pc;

	ctr_view_pod_ctr(&sm, &v, &pc);
	cr_assert_eq(pc.status, CS_RUNNING);
	cr_assert(pc.started);
	cr_assert_not(pc.ready);
}

/* SPEC §3's postStart paragraph, through the real state machine: spawn,
 * postStart running, postStart done.  Each row is the container's view
 * and the pod's phase at that point (K8S: startContainer runs the hook
 * before kubelet's next status, so the pod stays Pending). */
struct poststart_row {
	enum ctr_event ev;	/* fed before the row is checked */
	enum view_state_kind kind;
	const char *reason;
	bool	 started;	/* what the supervisor says (no startup probe) */
	bool	 want_started, want_ready;
	enum pod_phase phase;
};

Test(ctr_view, poststart_pending_until_done)
{
	static const struct poststart_row rows[] = {
		{ EV_START, VIEW_STATE_WAITING, "ContainerCreating", false, false, false, PHASE_PENDING },
		{ EV_SPAWNED, VIEW_STATE_WAITING, "ContainerCreating", false, false, false, PHASE_PENDING },
		{ EV_POSTSTART_OK, VIEW_STATE_RUNNING, "", true, true, true, PHASE_RUNNING },
	};
	struct container_spec spec = { .name = "app" };
	struct ctr_cfg cfg;
	struct ctr_sm sm;
	struct ctr_actions out;
	struct ctr_view v;
	struct pod_sm_ctr pc;

	spec.post_start.kind = HANDLER_EXEC;
	ctr_cfg_defaults(&cfg);
	cfg.spec = &spec;
	ctr_sm_init(&sm, &cfg);
	memset(&v, 0, sizeof v);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct poststart_row *r = &rows[i];
		struct ctr_view_input in = {
			.sm = &sm, .started = r->started, .alive = r->ev != EV_START,
			.readiness_ok = true, .mono_to_real = OFFSET,
		};
		bool emitted_started = false;

		ctr_sm_step(&sm, r->ev, NULL, (int64_t)(i + 1) * 100, &out);
		for (size_t k = 0; k < out.n; k++)
			if (out.a[k].kind == CA_EMIT_EVENT && strcmp(out.a[k].reason, "Started") == 0)
				emitted_started = true;
		/* kubelet emits Started at the spawn, before the hook runs */
		cr_assert_eq(emitted_started, r->ev == EV_SPAWNED, "row %zu: Started event", i);
		ctr_view_update(&v, &in);
		ctr_view_pod_ctr(&sm, &v, &pc);
		cr_assert_eq(v.state.kind, r->kind, "row %zu: kind %d", i, v.state.kind);
		cr_assert_str_eq(v.state.reason, r->reason, "row %zu", i);
		cr_assert_eq(v.started, r->want_started, "row %zu: started", i);
		cr_assert_eq(v.ready, r->want_ready, "row %zu: ready", i);
		cr_assert_eq(pod_phase_compute(&pc, 1, RESTART_ALWAYS, true, false), r->phase,
		    "row %zu: phase %s", i,
		    pod_phase_name(pod_phase_compute(&pc, 1, RESTART_ALWAYS, true, false)));
	}
	/* started and running from the spawn, not from the hook's end */
	cr_assert_eq(v.state.started_at, 200 + OFFSET);
}

Test(ctr_view, condition_transition_only_on_change)
{
	struct pod_view v;
	struct view_condition *ready = &v.conditions[VIEW_COND_READY];

	memset(&v, 0, sizeof v);
	/* Never set: the first value, even false, sets the time. */
	pod_view_set_condition(&v, VIEW_COND_READY, false, "ContainersNotReady", 10);
	cr_assert_eq(ready->last_transition, 10);
	cr_assert_str_eq(ready->reason, "ContainersNotReady");
	/* Same status later: the transition time stays. */
	pod_view_set_condition(&v, VIEW_COND_READY, false, "ContainersNotReady", 20);
	cr_assert_eq(ready->last_transition, 10);
	/* It changes: the time moves, the reason goes (kept only while false). */
	pod_view_set_condition(&v, VIEW_COND_READY, true, "ContainersNotReady", 30);
	cr_assert(ready->status);
	cr_assert_eq(ready->last_transition, 30);
	cr_assert_str_eq(ready->reason, "");
	pod_view_set_condition(&v, VIEW_COND_READY, true, "ContainersNotReady", 40);
	cr_assert_eq(ready->last_transition, 30);
	pod_view_set_condition(&v, VIEW_COND_READY, false, "PodCompleted", 50);
	cr_assert_eq(ready->last_transition, 50);
	cr_assert_str_eq(ready->reason, "PodCompleted");
}

Test(ctr_view, pod_conditions)
{
	struct pod_view v;
	struct pod_sm_ctr running[2] = {
		{ .is_init = true, .status = CS_TERMINATED },
		{ .status = CS_RUNNING, .started = true, .ready = true },
	};
	struct pod_sm_ctr done[1] = { { .status = CS_TERMINATED } };
	struct pod_sm_ctr unready[1] = { { .status = CS_RUNNING, .started = true } };

	memset(&v, 0, sizeof v);
	pod_view_conditions(&v, unready, 1, PHASE_PENDING, false, 5);
	cr_assert_not(v.conditions[VIEW_COND_INITIALIZED].status);
	cr_assert_str_eq(v.conditions[VIEW_COND_INITIALIZED].reason, "ContainersNotInitialized");
	cr_assert_str_eq(v.conditions[VIEW_COND_CONTAINERS_READY].reason, "ContainersNotReady");
	cr_assert_str_eq(v.conditions[VIEW_COND_READY].reason, "ContainersNotReady");
	cr_assert(v.conditions[VIEW_COND_POD_SCHEDULED].status);
	cr_assert_eq(v.conditions[VIEW_COND_POD_SCHEDULED].last_transition, 5);

	pod_view_conditions(&v, running, 2, PHASE_RUNNING, true, 6);
	cr_assert(v.conditions[VIEW_COND_INITIALIZED].status);
	cr_assert_eq(v.conditions[VIEW_COND_INITIALIZED].last_transition, 6);
	cr_assert(v.conditions[VIEW_COND_CONTAINERS_READY].status);
	cr_assert(v.conditions[VIEW_COND_READY].status);
	cr_assert_eq(v.conditions[VIEW_COND_POD_SCHEDULED].last_transition, 5, "no change, no move");

	pod_view_conditions(&v, done, 1, PHASE_SUCCEEDED, true, 7);
	cr_assert_not(v.conditions[VIEW_COND_READY].status);
	cr_assert_str_eq(v.conditions[VIEW_COND_READY].reason, "PodCompleted");
	cr_assert_str_eq(v.conditions[VIEW_COND_CONTAINERS_READY].reason, "PodCompleted");
	cr_assert_eq(v.conditions[VIEW_COND_READY].last_transition, 7);
	cr_assert_eq(v.conditions[VIEW_COND_INITIALIZED].last_transition, 6);
}

/* SPEC §9, K8S: GenerateAllContainersRestartingCondition: only for a pod
 * with a RestartAllContainers rule; True while it restarts, then False;
 * PodCompleted / PodFailed once the pod is over. */
Test(ctr_view, all_containers_restarting)
{
	struct pod_view v;
	struct restart_rule all = { .action = RULE_RESTART_ALL_CONTAINERS };
	struct restart_rule one = { .action = RULE_RESTART };
	struct container_spec ctrs[2] = { { .name = "a" }, { .name = "b" } };
	struct pod_spec pod = { .containers = ctrs, .n_containers = 2 };
	const struct view_condition *c = &v.conditions[VIEW_COND_ALL_CONTAINERS_RESTARTING];

	memset(&v, 0, sizeof v);
	pod_view_restarting_condition(&v, &pod, false, PHASE_RUNNING, 5);
	cr_assert_not(c->published, "no rule: not in the status");
	cr_assert_not(render_cond_shown(&v, VIEW_COND_ALL_CONTAINERS_RESTARTING));
	cr_assert(render_cond_shown(&v, VIEW_COND_READY), "the others always are");
	ctrs[0].restart_rules = &one;
	ctrs[0].n_restart_rules = 1;
	pod_view_restarting_condition(&v, &pod, false, PHASE_RUNNING, 5);
	cr_assert_not(c->published, "a Restart rule is not enough");
	ctrs[1].restart_rules = &all;
	ctrs[1].n_restart_rules = 1;
	pod_view_restarting_condition(&v, &pod, false, PHASE_RUNNING, 6);
	cr_assert(c->published);
	cr_assert(render_cond_shown(&v, VIEW_COND_ALL_CONTAINERS_RESTARTING));
	cr_assert_not(c->status);
	cr_assert_str_eq(c->reason, "");
	cr_assert_eq(c->last_transition, 6);
	pod_view_restarting_condition(&v, &pod, true, PHASE_RUNNING, 7);
	cr_assert(c->status);
	cr_assert_str_eq(c->reason, "RestartAllContainersStarted");
	cr_assert_str_eq(c->message, "container exited with restart policy rule");
	cr_assert_eq(c->last_transition, 7);
	pod_view_restarting_condition(&v, &pod, false, PHASE_RUNNING, 8);
	cr_assert_not(c->status);
	cr_assert_str_eq(c->message, "");
	pod_view_restarting_condition(&v, &pod, false, PHASE_FAILED, 9);
	cr_assert_str_eq(c->reason, "PodFailed");
	pod_view_restarting_condition(&v, &pod, true, PHASE_SUCCEEDED, 10);
	cr_assert_not(c->status, "a pod that is over does not restart");
	cr_assert_str_eq(c->reason, "PodCompleted");
}
