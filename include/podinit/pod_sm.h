/* pod_sm: pod-level policy, pure: the phase (kubelet's getPhase), the
 * restart decision, the Initialized / ContainersReady / Ready conditions
 * and podinit's final exit code.  The caller describes each container
 * with a struct pod_sm_ctr (ctr_sm_pod_view() fills most of it) in spec
 * order: init containers first, then regular containers.
 *
 * K8S: pkg/kubelet/kubelet_pods.go getPhase, pkg/kubelet/container/
 * helpers.go ShouldContainerBeRestarted, kuberuntime_manager.go
 * computePodActions, pkg/kubelet/status/generate.go.  SPEC §1, §3. */
#ifndef PODINIT_POD_SM_H
#define PODINIT_POD_SM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/spec.h"

enum pod_phase {
	PHASE_PENDING = 0,
	PHASE_RUNNING,
	PHASE_SUCCEEDED,
	PHASE_FAILED,
};
/* How many phases (a #define: an enumerator would need a case in every
 * exhaustive switch). */
#define POD_PHASE_COUNT	(PHASE_FAILED + 1)

/* The container's API state (containerStatuses[].state). */
enum ctr_status {
	CS_NONE = 0,	/* no status: never created */
	CS_WAITING,	/* waiting: creating, or back-off before a restart */
	CS_RUNNING,
	CS_TERMINATED,	/* ended and will not restart */
};

struct pod_sm_ctr {
	bool	 is_init;	/* from initContainers (sidecars included) */
	bool	 is_sidecar;	/* init container with restartPolicy Always */
	enum ctr_status status;
	bool	 started;	/* status.started: running and startup done */
	bool	 ready;		/* status.ready */
	bool	 has_last_termination;	/* lastState.terminated exists */
	int	 last_exit_code;	/* lastState.terminated.exitCode */
	int	 exit_code;	/* state.terminated.exitCode (CS_TERMINATED) */
	int64_t	 finished_at;	/* of the latest termination, monotonic ns */
	/* SPEC §9, for the phase: a container's own restartPolicy may restart
	 * it under a pod that would not, and RestartAllContainers restarts
	 * what has ended. */
	bool	 backing_off;	/* waiting (CrashLoopBackOff) to start again */
	bool	 restarting;	/* reset by RestartAllContainers, not started again yet */
	bool	 restart_all;	/* its exit asks every container to restart */
};

/* K8S: getPhase.  initialized = the pod's Initialized condition (latched
 * by the caller, see pod_initialized); terminal = the pod is being torn
 * down (podinit shutting down), where all-stopped means Succeeded or
 * Failed whatever the policy. */
enum pod_phase pod_phase_compute(const struct pod_sm_ctr *c, size_t n,
	    enum restart_policy policy, bool initialized, bool terminal);

/* Whether a container that just ended starts again.  Sidecars always
 * restart; regular init containers restart after a failure unless the
 * policy is Never; regular containers follow the policy, and a liveness
 * or startup kill restarts under OnFailure whatever the exit code (K8S:
 * computePodActions).  Nothing restarts once the pod is terminating. */
bool	pod_should_restart(enum restart_policy policy, bool is_sidecar,
	    bool is_init, int exit_code, bool killed_by_probe, bool pod_terminating);
/* kubelet's `restart` for a Killing message (", will be restarted"):
 * policy != Never (sidecars: always). */
bool	pod_restart_on_failure(enum restart_policy policy, bool is_sidecar);

/* SPEC §9: what follows the end of container c (K8S 1.34+
 * ContainerRestartRules, 1.35 RestartAllContainers). */
enum restart_decision {
	RESTART_DECISION_NONE = 0,	/* it stays terminated */
	RESTART_DECISION_CONTAINER,	/* it starts again (back-off applies) */
	RESTART_DECISION_ALL,		/* every container of the pod restarts in
					   place, init containers first */
};
/* K8S: podutil.ContainerShouldRestart and ShouldAllContainersRestart
 * (findMatchingContainerRestartRule), computePodActions: nothing once the
 * pod is terminating; a probe kill restarts when the container's policy
 * (else the pod's) is not Never, before any rule is read (kubelet kills
 * and starts it in one sync); else, with the container's own
 * restartPolicy, its rules in order, the first whose exitCodes match
 * decides (Restart, RestartAllContainers); else its own policy.  A
 * regular init container: a RestartAllContainers match, else done when
 * it succeeded, else retried by its own policy alone (kubelet does not
 * read its Restart rules).  Without an own policy, pod_should_restart. */
enum restart_decision pod_restart_decision(const struct container_spec *c,
	    enum restart_policy pod_policy, int exit_code, bool killed_by_probe,
	    bool pod_terminating);
/* kubelet's `restart` of a probe kill with the container's own policy:
 * sidecars always, else the container's restartPolicy (the pod's when it
 * has none) is not Never (K8S: computePodActions). */
bool	pod_container_restarts_on_failure(const struct container_spec *c,
	    enum restart_policy pod_policy);
/* The index of the first rule of c whose exitCodes match exit_code, or -1
 * (K8S: findMatchingContainerRestartRule). */
int	pod_restart_rule_match(const struct container_spec *c, int exit_code);
const char *restart_decision_name(enum restart_decision d);	/* "none", ... */

/* Initialized condition: no init containers, or every regular init
 * container terminated with 0 and every sidecar is running and started,
 * or a regular container has already run (K8S: HasAnyRegularContainer-
 * Started).  The caller should latch it: a pod never un-initializes. */
bool	pod_initialized(const struct pod_sm_ctr *c, size_t n);
/* ContainersReady: every regular container and sidecar is ready; false
 * once the pod Succeeded (reason PodCompleted). */
bool	pod_containers_ready(const struct pod_sm_ctr *c, size_t n,
	    enum pod_phase phase);
/* Ready: ContainersReady (podinit has no readiness gates). */
bool	pod_ready(const struct pod_sm_ctr *c, size_t n, enum pod_phase phase);
/* Every regular container has ended for good (CS_TERMINATED): the pod is
 * done, sidecars are stopped and not restarted (K8S: computePodActions
 * KillPod when keepCount == 0 and nothing to start).  False for a pod
 * with no regular container. */
bool	pod_regular_all_done(const struct pod_sm_ctr *c, size_t n);

/* podinit's exit code (SPEC §1).  Succeeded → 0; Failed → the code of
 * the container that failed first (earliest finished_at; 128+N for a
 * signal); stopped_by_signal (SIGTERM/SIGINT to podinit) → the first
 * regular container's code.  A code marked in remap_exit (-e: the
 * options' bool[POD_EXIT_CODES], indexed by code; NULL: none) becomes 0. */
#define POD_EXIT_CODES	256
int	pod_exit_code(const struct pod_sm_ctr *c, size_t n, enum pod_phase phase,
	    bool stopped_by_signal, const bool *remap_exit);

/* The pod's activeDeadlineSeconds (K8S: pkg/kubelet/active_deadline.go,
 * kubelet_pods.go generateAPIPodStatus): counted from status.startTime;
 * once it has passed, the pod is Failed with kubelet's reason and message
 * whatever its containers say, every container is stopped as in a
 * shutdown (preStop, grace) and nothing restarts.  kubelet's event is
 * of type Normal with the same reason and message. */
#define POD_DEADLINE_REASON	"DeadlineExceeded"
#define POD_DEADLINE_MESSAGE	"Pod was active on the node longer than the specified deadline"

/* When the deadline of a pod started at start_time (monotonic ns) passes;
 * INT64_MAX when it has none (active_ns 0) or has not started (0). */
int64_t	pod_deadline_at(int64_t start_time, int64_t active_ns);
/* Whether the deadline ends the pod at `now` (K8S: pastActiveDeadline,
 * now - start >= deadline): it has passed, and the pod is neither done
 * (phase, from pod_phase_compute, Succeeded or Failed: an exit seen in
 * the same pass wins) nor stopping already (terminating). */
bool	pod_deadline_exceeded(int64_t start_time, int64_t active_ns, int64_t now,
	    enum pod_phase phase, bool terminating);

/* The pod's phase, reason and message as /status shows them. */
struct pod_status_line {
	enum pod_phase phase;
	const char *reason;	/* "" when none */
	const char *message;	/* "" when none */
};
/* K8S: generateAPIPodStatus: a pod past its deadline (deadline_exceeded,
 * latched by the caller once pod_deadline_exceeded said so) is Failed
 * with DeadlineExceeded; else the phase of pod_phase_compute. */
struct pod_status_line pod_status_decide(enum pod_phase phase, bool deadline_exceeded);

/* The exit code of a pod ended by its deadline: the code of the container
 * that failed first (143 for one stopped by SIGTERM), else 1, never 0:
 * the pod failed whatever its containers said, so no -e remap applies. */
int	pod_deadline_exit_code(const struct pod_sm_ctr *c, size_t n);

const char *pod_phase_name(enum pod_phase p);	/* "Pending", "Running", ... */
const char *ctr_status_name(enum ctr_status s);	/* "none", "waiting", ... */

#endif /* PODINIT_POD_SM_H */
