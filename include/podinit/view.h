/* view: the read-only snapshot of the pod that the supervisor fills and the
 * status API, the renderers and `podinit status` read.  Data only: no
 * functions, so api/render never depend on the supervisor.
 *
 * The supervisor owns one struct pod_view for the pod's lifetime, points
 * `spec` fields into the immutable pod_spec, allocates ctrs[] once (one per
 * spec container, same order: init containers first), and updates fields in
 * place on every state change.  The metrics counters live here too, so
 * `metrics_probe_observe(&v->ctrs[i].probes[type], ...)` is the whole cost
 * of counting a probe.  Times are realtime ns; 0 means "not set". */
#ifndef PODINIT_VIEW_H
#define PODINIT_VIEW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/events.h"
#include "podinit/job_sm.h"
#include "podinit/logbuf.h"
#include "podinit/metrics.h"
#include "podinit/pod_sm.h"
#include "podinit/spec.h"

/* Kubernetes' order in status.conditions. */
enum view_cond {
	VIEW_COND_INITIALIZED = 0,
	VIEW_COND_READY,
	VIEW_COND_CONTAINERS_READY,
	VIEW_COND_POD_SCHEDULED,
	VIEW_COND_ALL_CONTAINERS_RESTARTING,	/* SPEC §9, only when published */
	VIEW_COND_COUNT,
};

#define VIEW_REASON_MAX   64
#define VIEW_MESSAGE_MAX  1024
/* A container state's message: a terminated one holds a termination
 * message (ctr_sm.h CTR_TERM_MESSAGE_MAX: kubelet's 4096 bytes). */
#define VIEW_STATE_MESSAGE_MAX	(4096 + 1)

struct view_condition {
	bool	 published;		/* AllContainersRestarting only (render_cond_shown):
					   kubelet publishes it for a pod with a
					   RestartAllContainers rule */
	bool	 status;
	int64_t	 last_transition;		/* realtime ns */
	char	 reason[VIEW_REASON_MAX];	/* "" = omitted, e.g. "ContainersNotReady" */
	char	 message[VIEW_MESSAGE_MAX];	/* "" = omitted, e.g. "containers with unready status: [app]" */
};

enum view_state_kind {
	VIEW_STATE_NONE = 0,	/* lastState never set: rendered as {} */
	VIEW_STATE_WAITING,
	VIEW_STATE_RUNNING,
	VIEW_STATE_TERMINATED,
};

/* Kubernetes ContainerState: waiting{reason,message} / running{startedAt} /
 * terminated{exitCode,signal,reason,message,startedAt,finishedAt}. */
struct view_state {
	enum view_state_kind kind;
	char	 reason[VIEW_REASON_MAX];	/* ContainerCreating, CrashLoopBackOff, Completed, Error, OOMKilled ... */
	char	 message[VIEW_STATE_MESSAGE_MAX];
	int	 exit_code;
	int	 signal;			/* 0 = omitted */
	int64_t	 started_at, finished_at;	/* realtime ns */
};

struct ctr_view {
	const struct container_spec *spec;	/* name, is_init, is_sidecar, argv, ports, probes */
	/* SPEC §8: the kept output of the current and the previous instance
	   (NULL: not captured: tty, the no-manifest mode) */
	const struct logbuf *log;
	const struct logbuf *log_previous;
	bool	 ready;
	bool	 started;
	int32_t	 restart_count;
	struct view_state state;
	struct view_state last_state;
	/* metrics */
	struct metrics_probe probes[PROBE_TYPE_COUNT];	/* indexed by enum probe_type */
	bool	 has_exit_code;
	int	 last_exit_code;
	bool	 has_usage;		/* cpu/memory were sampled */
	double	 cpu_seconds;
	int64_t	 memory_bytes;
};

struct pod_view {
	const struct pod_spec *spec;	/* name, namespace, restart policy */
	enum pod_phase phase;		/* pod_phase_name() for its text */
	char	 reason[VIEW_REASON_MAX];	/* status.reason: "" = omitted, e.g. "DeadlineExceeded" */
	char	 message[VIEW_MESSAGE_MAX];	/* status.message: "" = omitted */
	struct view_condition conditions[VIEW_COND_COUNT];	/* indexed by enum view_cond */
	bool	 live;			/* /livez: see SPEC §4 */
	int64_t	 start_time;		/* realtime ns */
	struct ctr_view *ctrs;		/* n_ctrs == spec->n_containers, same order */
	size_t	 n_ctrs;
	const struct events *events;	/* may be NULL */
	/* SPEC §9: the Job this pod runs for, and the Job's own events (its
	   controller's: SuccessfulCreate, Completed, ...); NULL for a pod */
	const struct job_sm *job;
	const struct events *job_events;
	/* pod-level metrics */
	uint64_t zombies_reaped;
	uint64_t lifecycle_http_fallbacks;	/* hooks that fell back from HTTPS to HTTP */
	int64_t	 rss_bytes;
	int64_t	 open_fds;
};

#endif /* PODINIT_VIEW_H */
