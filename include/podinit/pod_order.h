/* pod_order: the pod's ordering rules, pure: which container starts next
 * and which stops next (SPEC §3), as ctr_sm decides for one container.
 *
 *   start: init containers one at a time, each once the one before it
 *          terminated with 0 or (a sidecar) started; then the regular
 *          containers in declaration order, each once the one before it
 *          left STARTING (its postStart hook is done).
 *   stop:  regular containers at once, then sidecars in reverse
 *          declaration order, each once everything declared after it
 *          ended.  Once the pod is done (Failed, Succeeded, or every
 *          regular container ended for good) it stops what is left, as
 *          when podinit is told to stop; nothing starts from then on.
 *   restart all (SPEC §9, RestartAllContainers): once an exit asks for
 *          it, every container is stopped at once (no preStop, no grace),
 *          and when all are gone each is reset to start again in the
 *          order above, init containers first.  A stop of the pod (podinit
 *          told to stop) wins over it.
 *
 * The caller describes each container with a struct pod_order_ctr, in spec
 * order (init containers first), and asks pod_order_next() what to do.  It
 * answers from that snapshot only: a start or a stop may change a
 * container's state at once (a failed spawn, a sidecar that is started as
 * soon as it runs, a container in back-off that ends when stopped), so the
 * caller executes the actions, describes the pod again and asks again,
 * until no action is left.  That ends: PA_START needs CTR_WAITING (the
 * start leaves it), PA_STOP needs !stop_sent (the caller sets it) and
 * PA_TERMINATE needs !terminating (the caller sets it), so each is given
 * at most once per container; a restart of every container adds
 * PA_RESTART_BEGIN (needs !restarting_all), one PA_RESTART_STOP each
 * (needs !shutdown, which it sets), then PA_RESET each and
 * PA_RESTART_END in one batch, once all are gone.  A new restart needs a
 * new exit, and the exit's back-off (ctr_sm) spaces them.
 *
 * K8S: kuberuntime_manager.go computePodActions (SyncPod starts containers
 * sequentially, KillPod), kuberuntime_termination_order.go. */
#ifndef PODINIT_POD_ORDER_H
#define PODINIT_POD_ORDER_H
#include <stdbool.h>
#include <stddef.h>

#include "podinit/ctr_sm.h"
#include "podinit/pod_sm.h"

/* One container as the ordering sees it. */
struct pod_order_ctr {
	bool	 is_init;	/* from initContainers (sidecars included) */
	bool	 is_sidecar;	/* init container with restartPolicy Always */
	enum ctr_state state;	/* ctr_sm's */
	int	 instances;	/* instances created so far (ctr_sm) */
	bool	 shutdown;	/* stopped for good (ctr_sm) */
	bool	 finished;	/* ctr_sm_finished() */
	bool	 has_term;	/* an instance ended (ctr_sm) */
	int	 exit_code;	/* of the latest ended instance */
	bool	 started;	/* startup done: no startup probe, or it succeeded */
	bool	 alive;		/* its main process is not reaped yet */
	bool	 stop_sent;	/* the pod stopped it already (PA_STOP done) */
	bool	 restart_all;	/* its exit asks every container to restart (ctr_sm) */
};

/* The pod as the ordering sees it. */
struct pod_order_pod {
	bool	 terminating;	/* shutting down: restart nothing, stop in order */
	enum pod_phase phase;	/* pod_phase_compute() of the same state */
	bool	 regular_all_done;	/* pod_regular_all_done() of the same state */
	bool	 restarting_all;	/* between PA_RESTART_BEGIN and PA_RESTART_END */
};

enum pod_action_kind {
	PA_TERMINATE = 0,	/* the pod is terminating from here on (nothing restarts) */
	PA_START,		/* feed EV_START to container `ctr` */
	PA_STOP,		/* set its stop_sent, feed EV_STOP */
	/* SPEC §9: RestartAllContainers */
	PA_RESTART_BEGIN,	/* the pod restarts every container from here */
	PA_RESTART_STOP,	/* feed EV_RESTART_ALL to container `ctr` */
	PA_RESET,		/* feed EV_RESET to container `ctr` */
	PA_RESTART_END,		/* every container reset: start them in order */
};

struct pod_action {
	enum pod_action_kind kind;
	size_t	 ctr;		/* PA_START, PA_STOP: index in spec order */
};

/* At most one action per container, plus PA_TERMINATE. */
#define POD_ORDER_ACTIONS_MAX(n)	((n) + 1)

/* What to do next for the pod described by c[0..n-1] and pod: fills out[]
 * (room for POD_ORDER_ACTIONS_MAX(n)) in the order to execute it and
 * returns how many; 0 when there is nothing to do. */
size_t	pod_order_next(const struct pod_order_ctr *c, size_t n,
	    const struct pod_order_pod *pod, struct pod_action *out);

/* The pod is stopping (a signal to podinit, or the pod is done):
 * PA_TERMINATE, then PA_STOP for every container that is not a sidecar and
 * was not stopped yet (sidecars follow in pod_order_next's order).  Fills
 * out[] (room for POD_ORDER_ACTIONS_MAX(n)) and returns how many. */
size_t	pod_order_stop(const struct pod_order_ctr *c, size_t n, struct pod_action *out);

/* Every container has finished (ctr_sm_finished) and been reaped. */
bool	pod_order_all_finished(const struct pod_order_ctr *c, size_t n);
/* The pod may finish (exit with its code) once its cgroups are empty:
 * everything has ended, and the pod is terminating or its phase is final
 * (and no restart of every container is asked for or under way). */
bool	pod_order_done(const struct pod_order_ctr *c, size_t n,
	    const struct pod_order_pod *pod);

const char *pod_action_name(enum pod_action_kind k);	/* "terminate", "start", "stop", ... */

#endif /* PODINIT_POD_ORDER_H */
