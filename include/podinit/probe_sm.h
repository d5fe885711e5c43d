/* probe_sm: accounting and scheduling of one probe (one per container per
 * probe type), pure: plain structs and a monotonic `now` in ns.
 *
 * K8S: pkg/kubelet/prober/worker.go doProbe (legacy worker), with a
 * simpler schedule than kubelet's free-running ticker (SPEC §3): the first
 * attempt at started_at + initialDelay, then every period from the
 * previous attempt's scheduled start; never two attempts at once (an
 * attempt that outlives the period delays the next until it finishes).
 * Liveness and readiness wait for the startup probe (caller passes
 * startup_done); initialDelay counts from the container start for every
 * probe.  Unknown results change nothing.  Differences from kubelet: the
 * consecutive-result counter resets on every container start (kubelet's
 * legacy worker carries it over), and attempts are not tick-aligned.
 *
 * An absent probe (spec->present false) never becomes due and reports
 * Success, so probe_sm_ok() answers "ready"/"started"/"live" as kubelet
 * does when the probe is not defined. */
#ifndef PODINIT_PROBE_SM_H
#define PODINIT_PROBE_SM_H
#include <stdbool.h>
#include <stdint.h>

#include "podinit/spec.h"

enum probe_transition {
	PT_NONE = 0,
	PT_BECAME_READY,	/* readiness: cached result went to Success */
	PT_BECAME_UNREADY,	/* readiness: cached result went Success → Failure */
	PT_LIVENESS_FAILED,	/* liveness reached failureThreshold: kill */
	PT_STARTUP_SUCCEEDED,	/* startup done: liveness/readiness may run */
	PT_STARTUP_FAILED,	/* startup reached failureThreshold: kill */
};

struct probe_sm {
	const struct probe_spec *spec;
	enum probe_type type;
	bool	 present;	/* spec->present */
	bool	 running;	/* a container instance is running */
	bool	 on_hold;	/* worker.onHold: no attempts until next start */
	bool	 in_flight;	/* an attempt is running */
	enum probe_result cached;	/* the results manager's value */
	enum probe_result last;		/* lastResult (Unknown = none yet) */
	int32_t	 run;		/* resultRun: consecutive `last` results */
	int64_t	 started_at;	/* container instance start */
	int64_t	 due;		/* scheduled start of the next attempt */
	int64_t	 attempt_start;	/* actual start of the last attempt */
	uint64_t attempts;	/* attempts started, for tests and metrics */
};

void	probe_sm_init(struct probe_sm *p, const struct probe_spec *spec,
	    enum probe_type type);
/* A new container instance runs: counters reset, on_hold cleared, cached
 * result readiness Failure, liveness Success, startup Unknown (K8S:
 * newWorker initialValue); first attempt due at started_at + delay. */
void	probe_sm_container_started(struct probe_sm *p, int64_t started_at);
/* No more attempts until started again; readiness becomes Failure and
 * startup Unknown (not running ⇒ not ready, not started); liveness keeps
 * its value so a liveness failure stays visible until the next start.
 * The caller cancels an attempt in flight; a late result is ignored. */
void	probe_sm_container_stopped(struct probe_sm *p);
/* Absolute ns at which the next attempt should start (may be in the
 * past: start it now), or INT64_MAX when none is due: absent, stopped, on
 * hold, an attempt in flight, or liveness/readiness before startup_done. */
int64_t	probe_sm_next_due(const struct probe_sm *p, bool startup_done);
void	probe_sm_attempt_started(struct probe_sm *p, int64_t now);
/* An exec probe due at now, the last exec probe having started at
 * last_start and still running or not: 0 to start it now, else the time
 * to try again (last_start + spacing).  Two processes exec'ing at once
 * cost each about twice the CPU of two a few ms apart on a VM, and a
 * container's liveness and readiness probes fall due together. */
int64_t	probe_sm_exec_hold(int64_t now, int64_t last_start, bool last_running, int64_t spacing);
/* The attempt in flight finished.  K8S: doProbe steps 10-14. */
enum probe_transition probe_sm_result(struct probe_sm *p, enum probe_result r,
	    int64_t now);
/* Readiness manual trigger (K8S: UpdatePodStatus): while not ready, the
 * next attempt is due now (not before the initial delay).  No effect on
 * other probe types, while ready, or while an attempt is in flight. */
void	probe_sm_trigger(struct probe_sm *p, int64_t now);
/* cached result == Success */
bool	probe_sm_ok(const struct probe_sm *p);

const char *probe_transition_name(enum probe_transition t);

#endif /* PODINIT_PROBE_SM_H */
