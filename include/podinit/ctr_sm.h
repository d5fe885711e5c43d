/* ctr_sm: one container's lifecycle as a pure state machine (DESIGN §1.7).
 *
 *   WAITING ─START─► STARTING ─spawned, postStart ok─► RUNNING
 *   RUNNING ─liveness/startup failed, STOP─► STOPPING (preStop → stop
 *   signal → SIGKILL at the deadline) ─exited─► BACKOFF or TERMINATED,
 *   BACKOFF ─timer─► STARTING.
 *   SPEC §9, RestartAllContainers: an exit whose rule asks for it ends in
 *   TERMINATED with restart_all (or BACKOFF, then TERMINATED with it);
 *   the pod (pod_order) feeds EV_RESTART_ALL to every container (stopped
 *   at once, no preStop), then EV_RESET: ─► WAITING, to start in order.
 *
 * ctr_sm_step() takes (state, event, now, input) and appends the actions
 * the supervisor must execute; it never does I/O.  Each container has one
 * timer: CA_ARM_DEADLINE and CA_SCHEDULE_RESTART (re)arm it, CA_CANCEL_TIMER
 * disarms it, and when it fires the caller sends EV_DEADLINE (a stale
 * firing, before the time last asked for, is ignored).
 *
 * K8S: kuberuntime_container.go startContainer (events, postStart),
 * killContainer (preStop, grace, 2 s floor), kuberuntime_manager.go
 * computePodActions / doBackOff (restart, back-off, Killing messages).
 * SPEC §3, §9.  The restart decision is pod_restart_decision() (pod_sm.h).
 *
 * Caller contract: report exactly one end per instance: EV_SPAWN_FAILED
 * (exec failed; do not also report the exit of that pid) or EV_EXITED.
 * CA_SPAWN may be followed in the same step by the restart of a crashed
 * instance, so execute actions in order.  CA_STOP_PROBES without `all`
 * stops liveness and startup (kubelet keeps readiness probing while a
 * container stops); with `all`, readiness too. */
#ifndef PODINIT_CTR_SM_H
#define PODINIT_CTR_SM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/backoff.h"
#include "podinit/pod_sm.h"
#include "podinit/spec.h"

enum ctr_state {
	CTR_WAITING = 0,	/* not started yet (or never will: stopped first) */
	CTR_STARTING,		/* spawn asked / process running, postStart running */
	CTR_RUNNING,		/* postStart done: probes run */
	CTR_STOPPING,		/* preStop, stop signal, SIGKILL at the deadline */
	CTR_BACKOFF,		/* exited, waiting to restart (CrashLoopBackOff) */
	CTR_TERMINATED,		/* exited and will not restart */
};

enum ctr_event {
	EV_START = 0,		/* the supervisor wants it started (its turn came) */
	EV_SPAWNED,		/* after CA_SPAWN: the process runs */
	EV_SPAWN_FAILED,	/* could not start: in->exit_code, in->message */
	EV_POSTSTART_OK,
	EV_POSTSTART_FAILED,
	EV_EXITED,		/* main process ended: in->wstatus, in->oom_killed */
	EV_LIVENESS_FAILED,	/* probe_sm said PT_LIVENESS_FAILED */
	EV_STARTUP_FAILED,	/* probe_sm said PT_STARTUP_FAILED */
	EV_STOP,		/* podinit stops it for good; a second one = EV_KILL */
	EV_KILL,		/* stop at once: skip what is left of the grace */
	EV_PRESTOP_DONE,	/* in->hook_ok */
	EV_DEADLINE,		/* the container's timer fired */
	EV_RESTART_ALL,		/* SPEC §9: the pod restarts every container: stop
				   at once (no preStop, no grace), do not restart */
	EV_RESET,		/* ended (or never started) and stopped for the
				   pod's restart: WAITING again, history kept */
};

enum ctr_action_kind {
	CA_SPAWN = 0,		/* start a new instance, then report EV_SPAWNED / _FAILED */
	CA_RUN_POST_START,	/* run lifecycle.postStart, report EV_POSTSTART_* */
	CA_RUN_PRE_STOP,	/* run lifecycle.preStop, report EV_PRESTOP_DONE */
	CA_CANCEL_HOOK,		/* abort the hook in flight (no report expected) */
	CA_SEND_STOP_SIGNAL,	/* `sig` (0 = default SIGTERM / --rewrite) to the container */
	CA_KILL_ALL,		/* SIGKILL everything left in the container */
	CA_ARM_DEADLINE,	/* timer at `t` */
	CA_SCHEDULE_RESTART,	/* timer at `t`: end of back-off */
	CA_CANCEL_TIMER,
	CA_START_PROBES,	/* probe_sm_container_started(.., `t` = started_at) */
	CA_STOP_PROBES,		/* liveness+startup; readiness too when `all` */
	CA_EMIT_EVENT,		/* `type`, `reason`, `message` */
};

enum ctr_event_type {
	CTR_EVT_NORMAL = 0,
	CTR_EVT_WARNING,
};

#define CTR_MSG_MAX	256
#define CTR_ACTIONS_MAX	12

struct ctr_action {
	enum ctr_action_kind kind;
	int64_t	 t;		/* ARM_DEADLINE, SCHEDULE_RESTART, START_PROBES */
	bool	 all;		/* STOP_PROBES */
	int	 sig;		/* SEND_STOP_SIGNAL: lifecycle.stopSignal or 0 */
	enum ctr_event_type type;	/* EMIT_EVENT */
	const char *reason;		/* EMIT_EVENT: static string */
	char	 message[CTR_MSG_MAX];	/* EMIT_EVENT */
};

struct ctr_actions {
	size_t	 n;
	bool	 overflow;	/* a step wanted more than CTR_ACTIONS_MAX: a bug,
				 * the last slot was overwritten; log it */
	struct ctr_action a[CTR_ACTIONS_MAX];
};

struct ctr_input {
	int	 wstatus;	/* EV_EXITED: from waitpid */
	bool	 oom_killed;	/* EV_EXITED: the cgroup saw an oom_kill */
	int	 exit_code;	/* EV_SPAWN_FAILED: 126, 127 (0 → 128) */
	const char *message;	/* EV_SPAWN_FAILED: why (for the Failed event) */
	const char *term_message;	/* EV_EXITED: terminated.message (SPEC §8), or NULL */
	bool	 hook_ok;	/* EV_PRESTOP_DONE */
	bool	 pod_terminating;	/* podinit is shutting down: no restart */
};

/* Immutable per container; ctr_cfg_defaults() gives kubelet's numbers. */
struct ctr_cfg {
	const struct container_spec *spec;
	const char *pod_desc;	/* "name_namespace(uid)" for BackOff texts */
	enum restart_policy policy;
	int64_t	 grace_ns;	/* pod terminationGracePeriod (30 s) */
	int64_t	 min_grace_ns;	/* floor between stop signal and SIGKILL (2 s) */
	int64_t	 backoff_initial, backoff_max, backoff_reset;	/* 10 s, 300 s, 600 s */
};

enum ctr_stop_reason {
	STOP_NONE = 0,
	STOP_SHUTDOWN,		/* EV_STOP / EV_KILL: never restarted */
	STOP_LIVENESS,
	STOP_STARTUP,
	STOP_POST_START,	/* postStart failed */
};

enum ctr_stop_phase {
	SP_PRESTOP = 0,		/* preStop running, deadline = end of grace */
	SP_SIGNALLED,		/* stop signal sent, deadline = SIGKILL */
	SP_KILLED,		/* SIGKILL sent, waiting for the exit */
};

enum ctr_hook {
	HOOK_NONE = 0,
	HOOK_POST_START,
	HOOK_PRE_STOP,
};

/* K8S: kubecontainer.MaxContainerTerminationMessageLength, and its NUL. */
#define CTR_TERM_MESSAGE_MAX	(4096 + 1)

/* One ended instance: the status API's terminated{} block. */
struct ctr_term {
	int64_t	 started_at, finished_at;	/* monotonic ns */
	int	 exit_code;	/* 128+N when killed by signal N */
	int	 signal;	/* N, or 0 */
	const char *reason;	/* Completed, Error, OOMKilled, StartError */
	char	 message[CTR_TERM_MESSAGE_MAX];	/* terminationMessagePath or the log's tail */
};

struct ctr_sm {
	struct ctr_cfg cfg;
	enum ctr_state state;
	enum ctr_hook hook;		/* hook in flight */
	bool	 spawned;		/* STARTING: the process exists */
	bool	 probes_on;		/* CA_START_PROBES sent for this instance */
	bool	 shutdown;		/* stopped for good: no start, no restart */
	bool	 stop_pending, kill_pending;	/* asked before EV_SPAWNED */
	enum ctr_stop_reason stop_reason;
	enum ctr_stop_phase stop_phase;
	int64_t	 stop_started;		/* when the stop began */
	int64_t	 stop_grace;		/* the grace of this stop */
	int64_t	 timer_at;		/* INT64_MAX: no timer wanted */
	int64_t	 started_at;		/* current instance (EV_SPAWNED) */
	int	 instances;		/* instances created */
	int	 restart_count;		/* K8S: +1 per new instance, 0 for the first */
	bool	 has_term, has_prev_term;
	struct ctr_term term;		/* latest ended instance */
	struct ctr_term prev_term;	/* the one before */
	const char *waiting_reason;	/* ContainerCreating, CrashLoopBackOff, PostStartHookError */
	char	 waiting_message[CTR_MSG_MAX];
	struct backoff backoff;
	/* SPEC §9 RestartAllContainers */
	bool	 restart_all;		/* the latest exit asks every container to
					   restart (until EV_RESET) */
	bool	 all_after_backoff;	/* BACKOFF: at its end, restart_all */
	bool	 restarting;		/* WAITING after EV_RESET, not started again */
};

void	ctr_cfg_defaults(struct ctr_cfg *cfg);
void	ctr_sm_init(struct ctr_sm *c, const struct ctr_cfg *cfg);
/* Feed one event; out is cleared first.  `in` may be NULL when the event
 * carries nothing (then pod_terminating is false). */
void	ctr_sm_step(struct ctr_sm *c, enum ctr_event ev, const struct ctr_input *in,
	    int64_t now, struct ctr_actions *out);
/* TERMINATED, or never started and stopped for good. */
bool	ctr_sm_finished(const struct ctr_sm *c);
/* Fill status and termination fields of *out for pod_sm; started and
 * ready are the caller's (from probe_sm) and are left false. */
void	ctr_sm_pod_view(const struct ctr_sm *c, struct pod_sm_ctr *out);

const char *ctr_state_name(enum ctr_state s);
const char *ctr_event_name(enum ctr_event e);
const char *ctr_action_name(enum ctr_action_kind k);

#endif /* PODINIT_CTR_SM_H */
