/* ctr_view: the projection of the state machines into the status API's
 * view, pure: a container's Kubernetes ContainerState (state, lastState,
 * started, ready) from its ctr_sm, and the pod's conditions.  Times in the
 * view are realtime: the caller gives the offset from the monotonic clock
 * the state machines count in, and the realtime of now.
 *
 * K8S: kubelet_pods.go convertToAPIContainerStatuses (waiting reasons
 * ContainerCreating / PodInitializing, lastState), status/generate.go
 * (conditions, lastTransitionTime changes only with the status). */
#ifndef PODINIT_CTR_VIEW_H
#define PODINIT_CTR_VIEW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/ctr_sm.h"
#include "podinit/pod_sm.h"
#include "podinit/view.h"

/* What ctr_view_update reads besides the ctr_sm. */
struct ctr_view_input {
	const struct ctr_sm *sm;
	bool	 started;	/* startup done: no startup probe, or it succeeded */
	bool	 alive;		/* its main process is not reaped yet */
	bool	 readiness_ok;	/* probe_sm_ok() of its readiness probe */
	bool	 behind_init;	/* a regular container of a pod with init
				 * containers: before its start it waits as
				 * PodInitializing, not ContainerCreating */
	int64_t	 mono_to_real;	/* realtime - monotonic, ns */
};

/* Refresh v's restart count, started, ready, exit code, state and
 * lastState from in.  A terminated state keeps the message it has (the
 * termination message the shell read into it). */
void	ctr_view_update(struct ctr_view *v, const struct ctr_view_input *in);
/* The container as pod_sm reads it: ctr_sm_pod_view() plus the view's
 * started and ready. */
void	ctr_view_pod_ctr(const struct ctr_sm *sm, const struct ctr_view *v,
	    struct pod_sm_ctr *out);

/* Set condition k; its lastTransitionTime becomes real_now when the
 * status changes (or was never set).  reason is kept only while false. */
void	pod_view_set_condition(struct pod_view *v, enum view_cond k, bool status,
	    const char *reason, int64_t real_now);
/* The four conditions of the pod in phase, from c[0..n-1] (K8S: Initialized,
 * ContainersReady and Ready with their reasons; PodScheduled is always
 * true). */
void	pod_view_conditions(struct pod_view *v, const struct pod_sm_ctr *c, size_t n,
	    enum pod_phase phase, bool initialized, int64_t real_now);
/* SPEC §9: the AllContainersRestarting condition: published for a pod
 * with a RestartAllContainers rule, True from the rule's match until every
 * container was stopped and reset (restarting). */
void	pod_view_restarting_condition(struct pod_view *v, const struct pod_spec *pod,
	    bool restarting, enum pod_phase phase, int64_t real_now);

#endif /* PODINIT_CTR_VIEW_H */
