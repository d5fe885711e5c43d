/* pod_order: which container starts or stops next (see pod_order.h).
 * Every function answers from the snapshot it is given: after an action
 * that may change a container's state at once, it returns and lets the
 * caller ask again with the new state. */
#include "podinit/pod_order.h"

static size_t
push(struct pod_action *out, size_t k, enum pod_action_kind kind, size_t ctr)
{
	out[k].kind = kind;
	out[k].ctr = ctr;
	return k + 1;
}

/* Never started and may still start: its turn decides. */
static bool
startable(const struct pod_order_ctr *c)
{
	return c->state == CTR_WAITING && !c->shutdown;
}

/* Ended and reaped: nothing of it is left to wait for. */
static bool
gone(const struct pod_order_ctr *c)
{
	return c->finished && !c->alive;
}

/* Start whatever's turn it is: init containers one at a time, then the
 * regular containers in order, each after the previous one's postStart
 * (K8S: SyncPod starts containers sequentially).  One start per call:
 * the next turn depends on what the start did. */
static size_t
next_start(const struct pod_order_ctr *c, size_t n, struct pod_action *out)
{
	size_t i;

	for (i = 0; i < n && c[i].is_init; i++) {
		if (startable(&c[i]))
			return push(out, 0, PA_START, i);
		/* K8S: a sidecar lets the next one start once it started
		 * (startup probe done); a regular init container once it
		 * terminated with 0: a failed one blocks the pod. */
		if (c[i].is_sidecar) {
			if (!c[i].started)
				return 0;
		} else if (!(c[i].state == CTR_TERMINATED && c[i].has_term && c[i].exit_code == 0)) {
			return 0;
		}
	}
	for (; i < n; i++) {
		if (startable(&c[i]))
			return push(out, 0, PA_START, i);
		if (c[i].state == CTR_STARTING)
			return 0;	/* its postStart hook still runs */
	}
	return 0;
}

/* Shutdown order: regular containers at once (pod_order_stop), then
 * sidecars in reverse declaration order, each once everything declared
 * after it ended (K8S: kuberuntime_termination_order.go).  A regular init
 * container still running is stopped without waiting for it. */
static size_t
next_stop(const struct pod_order_ctr *c, size_t n, struct pod_action *out)
{
	size_t k = 0, n_init = 0;

	while (n_init < n && c[n_init].is_init)
		n_init++;
	for (size_t i = n_init; i < n; i++)
		if (!gone(&c[i]))
			return 0;
	for (size_t i = n_init; i-- > 0;) {
		if (!c[i].is_sidecar) {
			if (!c[i].stop_sent && !c[i].finished)
				k = push(out, k, PA_STOP, i);
			continue;
		}
		if (!c[i].stop_sent)
			return push(out, k, PA_STOP, i);	/* it may end at once: ask again */
		if (!gone(&c[i]))
			return k;
	}
	return k;
}

size_t
pod_order_stop(const struct pod_order_ctr *c, size_t n, struct pod_action *out)
{
	size_t k = push(out, 0, PA_TERMINATE, 0);

	for (size_t i = 0; i < n; i++)
		if (!c[i].is_sidecar && !c[i].stop_sent)
			k = push(out, k, PA_STOP, i);
	return k;
}

static bool
restart_asked(const struct pod_order_ctr *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].restart_all)
			return true;
	return false;
}

/* SPEC §9, RestartAllContainers (K8S: SyncPod with restartAllContainers:
 * computePodActions kills and removes every container, then the pod
 * starts as a new one): stop everything at once, then, once everything
 * is gone, reset every container; next_start takes it from there. */
static size_t
next_restart_all(const struct pod_order_ctr *c, size_t n, const struct pod_order_pod *pod,
    struct pod_action *out)
{
	size_t k = 0;

	if (!pod->restarting_all)
		k = push(out, k, PA_RESTART_BEGIN, 0);
	for (size_t i = 0; i < n; i++)
		if (!c[i].shutdown)
			k = push(out, k, PA_RESTART_STOP, i);
	if (k > 0)
		return k;	/* a stop may end a container at once: ask again */
	for (size_t i = 0; i < n; i++)
		if (!gone(&c[i]))
			return 0;
	for (size_t i = 0; i < n; i++)
		k = push(out, k, PA_RESET, i);
	return push(out, k, PA_RESTART_END, 0);
}

size_t
pod_order_next(const struct pod_order_ctr *c, size_t n, const struct pod_order_pod *pod,
    struct pod_action *out)
{
	if (pod->terminating)
		return next_stop(c, n, out);
	/* Before the pod's end: the exit that asks for it may be what
	 * made the phase final. */
	if (pod->restarting_all || restart_asked(c, n))
		return next_restart_all(c, n, pod, out);
	/* The pod is done: stop what is left (sidecars) and restart nothing
	 * (K8S: computePodActions KillPod). */
	if (pod->phase == PHASE_FAILED || pod->phase == PHASE_SUCCEEDED || pod->regular_all_done)
		return pod_order_stop(c, n, out);
	return next_start(c, n, out);
}

bool
pod_order_all_finished(const struct pod_order_ctr *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!gone(&c[i]))
			return false;
	return true;
}

bool
pod_order_done(const struct pod_order_ctr *c, size_t n, const struct pod_order_pod *pod)
{
	if (!pod_order_all_finished(c, n))
		return false;
	if (pod->terminating)
		return true;
	if (pod->restarting_all || restart_asked(c, n))
		return false;
	return pod->phase == PHASE_SUCCEEDED || pod->phase == PHASE_FAILED;
}

const char *
pod_action_name(enum pod_action_kind k)
{
	switch (k) {
	case PA_TERMINATE: return "terminate";
	case PA_START: return "start";
	case PA_STOP: return "stop";
	case PA_RESTART_BEGIN: return "restart-begin";
	case PA_RESTART_STOP: return "restart-stop";
	case PA_RESET: return "reset";
	case PA_RESTART_END: return "restart-end";
	}
	return "?";
}
