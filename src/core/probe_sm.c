/* probe_sm: one probe's schedule and threshold accounting (see
 * probe_sm.h).  K8S: pkg/kubelet/prober/worker.go (legacy worker). */
#include "podinit/probe_sm.h"

static enum probe_result
initial_value(enum probe_type t)
{
	/* K8S: newWorker: readiness starts Failure, liveness Success,
	 * startup Unknown. */
	switch (t) {
	case PROBE_LIVENESS:
		return PROBE_SUCCESS;
	case PROBE_READINESS:
		return PROBE_FAILURE;
	case PROBE_STARTUP:
		return PROBE_UNKNOWN;
	case PROBE_TYPE_COUNT:
		break;
	}
	return PROBE_UNKNOWN;
}

static int32_t
at_least_one(int32_t v)
{
	return v < 1 ? 1 : v;
}

void
probe_sm_init(struct probe_sm *p, const struct probe_spec *spec,
    enum probe_type type)
{
	*p = (struct probe_sm){ 0 };
	p->spec = spec;
	p->type = type;
	p->present = spec != NULL && spec->present;
	p->cached = p->present ? initial_value(type) : PROBE_SUCCESS;
	p->last = PROBE_UNKNOWN;
	p->due = INT64_MAX;
}

void
probe_sm_container_started(struct probe_sm *p, int64_t started_at)
{
	p->running = true;
	p->on_hold = false;
	p->in_flight = false;
	p->last = PROBE_UNKNOWN;
	p->run = 0;
	p->started_at = started_at;
	if (!p->present) {
		p->cached = PROBE_SUCCESS;
		p->due = INT64_MAX;
		return;
	}
	p->cached = initial_value(p->type);
	p->due = started_at + p->spec->initial_delay_ns;
}

void
probe_sm_container_stopped(struct probe_sm *p)
{
	p->running = false;
	p->in_flight = false;
	p->due = INT64_MAX;
	if (!p->present)
		return;
	/* K8S: doProbe step 6 sets Failure for a container that is not
	 * running; only readiness and startup matter to podinit's status
	 * (Ready, Started).  Liveness keeps a Failure visible for /livez. */
	switch (p->type) {
	case PROBE_READINESS:
		p->cached = PROBE_FAILURE;
		break;
	case PROBE_STARTUP:
		p->cached = PROBE_UNKNOWN;
		break;
	case PROBE_LIVENESS:
	case PROBE_TYPE_COUNT:
		break;
	}
}

int64_t
probe_sm_next_due(const struct probe_sm *p, bool startup_done)
{
	if (!p->present || !p->running || p->on_hold || p->in_flight)
		return INT64_MAX;
	/* K8S: doProbe step 9: liveness/readiness wait for Started. */
	if (p->type != PROBE_STARTUP && !startup_done)
		return INT64_MAX;
	return p->due;
}

void
probe_sm_attempt_started(struct probe_sm *p, int64_t now)
{
	int64_t period = p->spec->period_ns;

	p->in_flight = true;
	p->attempt_start = now;
	p->attempts++;
	/* Keep the cadence of the schedule when we are a little late; after
	 * a long gap (startup gating, a slow attempt) restart it from now
	 * rather than firing a burst of catch-up attempts. */
	if (p->due != INT64_MAX && now - p->due < period)
		p->due += period;
	else
		p->due = now + period;
}

int64_t
probe_sm_exec_hold(int64_t now, int64_t last_start, bool last_running, int64_t spacing)
{
	if (!last_running || now >= last_start + spacing)
		return 0;
	return last_start + spacing;
}

/* K8S: doProbe step 14 and syncLoopIteration: what the new cached value
 * means for the container. */
static enum probe_transition
settle(struct probe_sm *p, enum probe_result old, enum probe_result r)
{
	switch (p->type) {
	case PROBE_LIVENESS:
		if (r != PROBE_FAILURE)
			return PT_NONE;
		p->on_hold = true;
		p->run = 0;
		return PT_LIVENESS_FAILED;
	case PROBE_STARTUP:
		/* Newer kubelet holds on any result that reached its
		 * threshold: startup runs until it decides, once. */
		p->on_hold = true;
		p->run = 0;
		return r == PROBE_SUCCESS ? PT_STARTUP_SUCCEEDED : PT_STARTUP_FAILED;
	case PROBE_READINESS:
		if (old == r)
			return PT_NONE;
		return r == PROBE_SUCCESS ? PT_BECAME_READY : PT_BECAME_UNREADY;
	case PROBE_TYPE_COUNT:
		break;
	}
	return PT_NONE;
}

enum probe_transition
probe_sm_result(struct probe_sm *p, enum probe_result r, int64_t now)
{
	enum probe_result old;

	if (!p->in_flight || !p->running || p->on_hold)
		return PT_NONE;		/* late result of a cancelled attempt */
	p->in_flight = false;
	/* Never two at once: an attempt that outlived its period makes the
	 * next one start when it finished. */
	if (p->due < now)
		p->due = now;

	switch (r) {
	case PROBE_UNKNOWN:
		/* K8S: step 10, an errored probe is thrown away. */
		return PT_NONE;
	case PROBE_SUCCESS:
	case PROBE_FAILURE:
		break;
	}

	/* K8S: step 12, consecutive results against the thresholds. */
	if (r == p->last) {
		if (p->run < INT32_MAX)
			p->run++;
	} else {
		p->last = r;
		p->run = 1;
	}
	if (r == PROBE_FAILURE && p->run < at_least_one(p->spec->failure_threshold))
		return PT_NONE;
	if (r == PROBE_SUCCESS && p->run < at_least_one(p->spec->success_threshold))
		return PT_NONE;

	old = p->cached;
	p->cached = r;
	return settle(p, old, r);
}

void
probe_sm_trigger(struct probe_sm *p, int64_t now)
{
	int64_t earliest;

	if (p->type != PROBE_READINESS || !p->present || !p->running ||
	    p->on_hold || p->in_flight || p->cached == PROBE_SUCCESS)
		return;
	/* K8S: step 8 still applies to a manual run: not before the delay. */
	earliest = p->started_at + p->spec->initial_delay_ns;
	if (now < earliest)
		now = earliest;
	if (now < p->due)
		p->due = now;
}

bool
probe_sm_ok(const struct probe_sm *p)
{
	return p->cached == PROBE_SUCCESS;
}

const char *
probe_transition_name(enum probe_transition t)
{
	switch (t) {
	case PT_NONE: return "none";
	case PT_BECAME_READY: return "became-ready";
	case PT_BECAME_UNREADY: return "became-unready";
	case PT_LIVENESS_FAILED: return "liveness-failed";
	case PT_STARTUP_SUCCEEDED: return "startup-succeeded";
	case PT_STARTUP_FAILED: return "startup-failed";
	}
	return "?";
}
