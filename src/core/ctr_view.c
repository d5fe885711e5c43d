/* ctr_view: ContainerState and the pod's conditions from the state
 * machines (see ctr_view.h). */
#include "podinit/ctr_view.h"

#include <stdio.h>
#include <string.h>

_Static_assert(sizeof ((struct view_state *)0)->message == CTR_TERM_MESSAGE_MAX,
    "a terminated state's message holds a termination message");

static int64_t
real_of(const struct ctr_view_input *in, int64_t mono)
{
	return mono == 0 ? 0 : mono + in->mono_to_real;
}

static void
view_term(const struct ctr_view_input *in, struct view_state *v, const struct ctr_term *t)
{
	memset(v, 0, sizeof *v);
	v->kind = VIEW_STATE_TERMINATED;
	v->exit_code = t->exit_code;
	v->signal = t->signal;
	snprintf(v->reason, sizeof v->reason, "%s", t->reason ? t->reason : "");
	memcpy(v->message, t->message, sizeof v->message);
	v->started_at = real_of(in, t->started_at);
	v->finished_at = real_of(in, t->finished_at);
}

static void
view_waiting(struct view_state *v, const char *reason)
{
	memset(v, 0, sizeof *v);
	v->kind = VIEW_STATE_WAITING;
	snprintf(v->reason, sizeof v->reason, "%s", reason);
}

void
ctr_view_update(struct ctr_view *v, const struct ctr_view_input *in)
{
	const struct ctr_sm *sm = in->sm;
	v->restart_count = sm->restart_count;
	v->started = in->started && in->alive;
	v->ready = v->started && in->readiness_ok &&
	    (sm->state == CTR_RUNNING || sm->state == CTR_STOPPING);
	if (sm->has_term) {
		v->has_exit_code = true;
		v->last_exit_code = sm->term.exit_code;
	}
	switch (sm->state) {
	case CTR_WAITING:
	case CTR_BACKOFF:
		view_waiting(&v->state, sm->waiting_reason ? sm->waiting_reason
		    : in->behind_init ? "PodInitializing" : "ContainerCreating");
		snprintf(v->state.message, sizeof v->state.message, "%s", sm->waiting_message);
		if (sm->has_term)
			view_term(in, &v->last_state, &sm->term);
		break;
	case CTR_STARTING:
	case CTR_RUNNING:
	case CTR_STOPPING:
		/* K8S: startContainer runs postStart before kubelet's next
		 * status: until the hook is done the container is still
		 * waiting (ContainerCreating), not started and not ready, as
		 * before its spawn (SPEC §3). */
		if (sm->state == CTR_STARTING) {
			view_waiting(&v->state, "ContainerCreating");
			v->started = false;
		} else {
			memset(&v->state, 0, sizeof v->state);
			v->state.kind = VIEW_STATE_RUNNING;
			v->state.started_at = real_of(in, sm->started_at);
		}
		if (sm->has_term)
			view_term(in, &v->last_state, &sm->term);
		break;
	case CTR_TERMINATED:
		if (sm->has_term) {
			view_term(in, &v->state, &sm->term);
		} else {
			view_waiting(&v->state, "ContainerCreating");
		}
		if (sm->has_prev_term)
			view_term(in, &v->last_state, &sm->prev_term);
		break;
	}
}

void
ctr_view_pod_ctr(const struct ctr_sm *sm, const struct ctr_view *v, struct pod_sm_ctr *out)
{
	ctr_sm_pod_view(sm, out);
	out->started = v->started;
	out->ready = v->ready;
}

void
pod_view_set_condition(struct pod_view *v, enum view_cond k, bool status, const char *reason,
    int64_t real_now)
{
	struct view_condition *cond = &v->conditions[k];

	if (cond->status != status || cond->last_transition == 0)
		cond->last_transition = real_now;
	cond->status = status;
	snprintf(cond->reason, sizeof cond->reason, "%s", status ? "" : reason);
}

void
pod_view_conditions(struct pod_view *v, const struct pod_sm_ctr *c, size_t n,
    enum pod_phase phase, bool initialized, int64_t real_now)
{
	const char *not_ready = phase == PHASE_SUCCEEDED ? "PodCompleted" : "ContainersNotReady";

	pod_view_set_condition(v, VIEW_COND_INITIALIZED, initialized, "ContainersNotInitialized",
	    real_now);
	pod_view_set_condition(v, VIEW_COND_CONTAINERS_READY, pod_containers_ready(c, n, phase),
	    not_ready, real_now);
	pod_view_set_condition(v, VIEW_COND_READY, pod_ready(c, n, phase), not_ready, real_now);
	pod_view_set_condition(v, VIEW_COND_POD_SCHEDULED, true, "", real_now);
}

/* K8S: status.GenerateAllContainersRestartingCondition, published only for
 * a pod that has a RestartAllContainers rule (podutil
 * AllContainersCouldRestart). */
void
pod_view_restarting_condition(struct pod_view *v, const struct pod_spec *pod, bool restarting,
    enum pod_phase phase, int64_t real_now)
{
	struct view_condition *cond = &v->conditions[VIEW_COND_ALL_CONTAINERS_RESTARTING];
	bool could = false, status;

	for (size_t i = 0; pod != NULL && i < pod->n_containers; i++)
		for (size_t r = 0; r < pod->containers[i].n_restart_rules; r++)
			could |= pod->containers[i].restart_rules[r].action ==
			    RULE_RESTART_ALL_CONTAINERS;
	cond->published = could;
	if (!could)
		return;
	status = restarting && phase != PHASE_SUCCEEDED && phase != PHASE_FAILED;
	if (cond->status != status || cond->last_transition == 0)
		cond->last_transition = real_now;
	cond->status = status;
	snprintf(cond->reason, sizeof cond->reason, "%s", status ? "RestartAllContainersStarted"
	    : phase == PHASE_SUCCEEDED ? "PodCompleted" : phase == PHASE_FAILED ? "PodFailed" : "");
	snprintf(cond->message, sizeof cond->message, "%s",
	    status ? "container exited with restart policy rule" : "");
}
