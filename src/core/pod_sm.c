/* pod_sm: pod phase, restart decision, conditions and exit code (see
 * pod_sm.h).  Every rule is kubelet's; the K8S: notes say where from. */
#include "podinit/pod_sm.h"

static bool
is_regular(const struct pod_sm_ctr *c)
{
	return !c->is_init;
}

static bool
is_regular_init(const struct pod_sm_ctr *c)
{
	return c->is_init && !c->is_sidecar;
}

struct phase_counts {
	int	 pending_regular_init, pending_restartable_init, failed_init;
	int	 unknown, running, waiting, stopped, succeeded;
	int	 restarting;	/* stopped, but its own policy restarts it */
	int	 restart_all;	/* asks for RestartAllContainers */
};

/* K8S: getPhase, the loop over regular init containers. */
static void
count_regular_init(const struct pod_sm_ctr *c, struct phase_counts *k)
{
	switch (c->status) {
	case CS_NONE:
	case CS_RUNNING:
		k->pending_regular_init++;
		break;
	case CS_TERMINATED:
		if (c->exit_code != 0)
			k->failed_init++;
		break;
	case CS_WAITING:
		/* SPEC §9: one that will run again (its own restartPolicy, or
		 * reset by RestartAllContainers) has not failed the pod: it
		 * is pending as before its first run. */
		if (!c->has_last_termination || c->backing_off || c->restarting)
			k->pending_regular_init++;
		else if (c->last_exit_code != 0)
			k->failed_init++;
		break;
	}
}

/* K8S: getPhase, the loop over restartable init containers (sidecars):
 * terminated ones are ignored, they do not decide the outcome. */
static void
count_sidecar(const struct pod_sm_ctr *c, struct phase_counts *k)
{
	switch (c->status) {
	case CS_NONE:
		k->unknown++;
		break;
	case CS_RUNNING:
		if (!c->started)
			k->pending_restartable_init++;
		k->running++;
		break;
	case CS_TERMINATED:
		break;
	case CS_WAITING:
		if (!c->has_last_termination) {
			k->pending_restartable_init++;
			k->waiting++;
		}
		break;
	}
}

/* K8S: getPhase, the loop over regular containers; a crash-looping
 * container (waiting with a last termination) counts as stopped. */
static void
count_regular(const struct pod_sm_ctr *c, struct phase_counts *k)
{
	switch (c->status) {
	case CS_NONE:
		k->unknown++;
		break;
	case CS_RUNNING:
		k->running++;
		break;
	case CS_TERMINATED:
		k->stopped++;
		if (c->exit_code == 0)
			k->succeeded++;
		break;
	case CS_WAITING:
		/* SPEC §9: reset by RestartAllContainers, it waits for its
		 * start as a new pod's container does (KEP-5532: the pod is
		 * Pending throughout the restart). */
		if (c->has_last_termination && !c->restarting) {
			k->stopped++;
			if (c->backing_off)
				k->restarting++;
		} else {
			k->waiting++;
		}
		break;
	}
}

enum pod_phase
pod_phase_compute(const struct pod_sm_ctr *c, size_t n,
    enum restart_policy policy, bool initialized, bool terminal)
{
	struct phase_counts k = { 0 };

	for (size_t i = 0; i < n; i++) {
		if (is_regular_init(&c[i]))
			count_regular_init(&c[i], &k);
		else if (c[i].is_init)
			count_sidecar(&c[i], &k);
		else
			count_regular(&c[i], &k);
		if (c[i].restart_all)
			k.restart_all++;
	}
	/* KEP-5532: Pending from the exit that asked for it until every
	 * container has started again (unless podinit is tearing down). */
	if (k.restart_all > 0 && !terminal)
		return PHASE_PENDING;

	if (k.failed_init > 0 && policy == RESTART_NEVER)
		return PHASE_FAILED;
	if (k.pending_regular_init > 0 ||
	    (k.pending_restartable_init > 0 && !initialized) || k.waiting > 0)
		return PHASE_PENDING;
	if (k.running > 0 && k.unknown == 0)
		return PHASE_RUNNING;
	if (k.running == 0 && k.stopped > 0 && k.unknown == 0) {
		if (terminal)
			return k.stopped == k.succeeded ? PHASE_SUCCEEDED : PHASE_FAILED;
		/* getPhase's "all containers are in the process of
		 * restarting" (its Always branch), for a container whose own
		 * restartPolicy restarts it under a pod that would not. */
		if (k.restarting > 0)
			return PHASE_RUNNING;
		switch (policy) {
		case RESTART_ALWAYS:
			return PHASE_RUNNING;
		case RESTART_NEVER:
			return k.stopped == k.succeeded ? PHASE_SUCCEEDED : PHASE_FAILED;
		case RESTART_ON_FAILURE:
			return k.stopped == k.succeeded ? PHASE_SUCCEEDED : PHASE_RUNNING;
		}
	}
	return PHASE_PENDING;
}

bool
pod_restart_on_failure(enum restart_policy policy, bool is_sidecar)
{
	return is_sidecar || policy != RESTART_NEVER;
}

bool
pod_should_restart(enum restart_policy policy, bool is_sidecar, bool is_init,
    int exit_code, bool killed_by_probe, bool pod_terminating)
{
	/* K8S: ShouldContainerBeRestarted: a pod being deleted restarts
	 * nothing; computePodActions tears the pod down without restarting
	 * sidecars. */
	if (pod_terminating)
		return false;
	/* K8S: sidecars are always restarted, whatever the pod policy. */
	if (is_sidecar)
		return true;
	/* K8S: computeInitContainerActions: a regular init container that
	 * succeeded is done; a failed one is retried unless Never. */
	if (is_init)
		return exit_code != 0 && policy != RESTART_NEVER;
	switch (policy) {
	case RESTART_ALWAYS:
		return true;
	case RESTART_NEVER:
		return false;
	case RESTART_ON_FAILURE:
		/* K8S: computePodActions: a probe kill is restarted under
		 * OnFailure whatever the exit code it died with. */
		return exit_code != 0 || killed_by_probe;
	}
	return false;
}

int
pod_restart_rule_match(const struct container_spec *c, int exit_code)
{
	for (size_t i = 0; i < c->n_restart_rules; i++) {
		const struct restart_rule *r = &c->restart_rules[i];
		bool in = false;

		for (size_t j = 0; j < r->n_values && !in; j++)
			in = r->values[j] == exit_code;
		if (in != r->not_in)
			return (int)i;
	}
	return -1;
}

bool
pod_container_restarts_on_failure(const struct container_spec *c, enum restart_policy pod_policy)
{
	if (c->is_sidecar)
		return true;
	if (c->has_restart_policy)
		return c->restart_policy != RESTART_NEVER;
	return pod_policy != RESTART_NEVER;
}

enum restart_decision
pod_restart_decision(const struct container_spec *c, enum restart_policy pod_policy,
    int exit_code, bool killed_by_probe, bool pod_terminating)
{
	int rule;

	if (pod_terminating)
		return RESTART_DECISION_NONE;
	/* K8S: computePodActions kills a container whose liveness or
	 * startup probe failed and, when `restart` (the container's
	 * policy, else the pod's, is not Never), starts it in the same
	 * sync: its rules are never read.  Otherwise it is an exited
	 * container like any other for the next sync. */
	if (killed_by_probe && pod_container_restarts_on_failure(c, pod_policy))
		return RESTART_DECISION_CONTAINER;
	if (!c->has_restart_policy)
		return pod_should_restart(pod_policy, c->is_sidecar, c->is_init, exit_code,
		    killed_by_probe, false) ? RESTART_DECISION_CONTAINER : RESTART_DECISION_NONE;
	/* K8S: ContainerShouldRestart: the first matching rule decides;
	 * ShouldAllContainersRestart reads the same first match. */
	rule = pod_restart_rule_match(c, exit_code);
	if (rule >= 0 && c->restart_rules[rule].action == RULE_RESTART_ALL_CONTAINERS)
		return RESTART_DECISION_ALL;
	/* K8S: computeInitContainerActions: a regular init container that
	 * succeeded is done (the next one starts); a failed one is retried
	 * by its own restartPolicy alone ("the container-level restart
	 * rules are not evaluated"); ShouldAllContainersRestart, above,
	 * does read its rules. */
	if (c->is_init && !c->is_sidecar)
		return exit_code != 0 && c->restart_policy != RESTART_NEVER
		    ? RESTART_DECISION_CONTAINER : RESTART_DECISION_NONE;
	if (rule >= 0 || c->is_sidecar)
		return RESTART_DECISION_CONTAINER;
	switch (c->restart_policy) {
	case RESTART_ALWAYS:
		return RESTART_DECISION_CONTAINER;
	case RESTART_ON_FAILURE:
		return exit_code != 0 ? RESTART_DECISION_CONTAINER : RESTART_DECISION_NONE;
	case RESTART_NEVER:
		return RESTART_DECISION_NONE;
	}
	return RESTART_DECISION_NONE;
}

const char *
restart_decision_name(enum restart_decision d)
{
	switch (d) {
	case RESTART_DECISION_NONE: return "none";
	case RESTART_DECISION_CONTAINER: return "container";
	case RESTART_DECISION_ALL: return "all";
	}
	return "?";
}

static bool
has_run(const struct pod_sm_ctr *c)
{
	return c->status == CS_RUNNING || c->status == CS_TERMINATED ||
	    c->has_last_termination;
}

bool
pod_initialized(const struct pod_sm_ctr *c, size_t n)
{
	bool any_init = false;

	for (size_t i = 0; i < n; i++) {
		if (is_regular(&c[i]) && has_run(&c[i]))
			return true;
		any_init = any_init || c[i].is_init;
	}
	if (!any_init)
		return true;
	for (size_t i = 0; i < n; i++) {
		if (is_regular_init(&c[i]) &&
		    !(c[i].status == CS_TERMINATED && c[i].exit_code == 0))
			return false;
		if (c[i].is_sidecar &&
		    !(c[i].status == CS_RUNNING && c[i].started))
			return false;
	}
	return true;
}

bool
pod_containers_ready(const struct pod_sm_ctr *c, size_t n, enum pod_phase phase)
{
	/* K8S: GenerateContainersReadyCondition: PodCompleted once Succeeded. */
	if (phase == PHASE_SUCCEEDED)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (is_regular_init(&c[i]))
			continue;
		if (!c[i].ready)
			return false;
	}
	return true;
}

bool
pod_ready(const struct pod_sm_ctr *c, size_t n, enum pod_phase phase)
{
	return pod_containers_ready(c, n, phase);
}

bool
pod_regular_all_done(const struct pod_sm_ctr *c, size_t n)
{
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		if (!is_regular(&c[i]))
			continue;
		if (c[i].status != CS_TERMINATED)
			return false;
		any = true;
	}
	return any;
}

/* The code of a container's latest termination, or -1 if it never ended. */
static int
latest_code(const struct pod_sm_ctr *c)
{
	if (c->status == CS_TERMINATED)
		return c->exit_code;
	if (c->has_last_termination)
		return c->last_exit_code;
	return -1;
}

/* The container that failed first: sidecars never decide the outcome. */
static int
first_failure_code(const struct pod_sm_ctr *c, size_t n)
{
	int code = -1;
	int64_t when = INT64_MAX;

	for (size_t i = 0; i < n; i++) {
		int k;

		if (c[i].is_sidecar)
			continue;
		/* SPEC §9: reset by RestartAllContainers, its last run ended
		 * for the restart, not in a failure of the pod. */
		if (c[i].restarting)
			continue;
		if (c[i].status != CS_TERMINATED && c[i].status != CS_WAITING)
			continue;
		k = latest_code(&c[i]);
		if (k <= 0)
			continue;
		if (code == -1 || c[i].finished_at < when) {
			code = k;
			when = c[i].finished_at;
		}
	}
	return code;
}

static int
first_regular_code(const struct pod_sm_ctr *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_regular(&c[i]))
			return latest_code(&c[i]);
	return -1;
}

int
pod_exit_code(const struct pod_sm_ctr *c, size_t n, enum pod_phase phase,
    bool stopped_by_signal, const bool *remap_exit)
{
	int code = -1;

	if (!stopped_by_signal) {
		switch (phase) {
		case PHASE_SUCCEEDED:
			code = 0;
			break;
		case PHASE_FAILED:
			code = first_failure_code(c, n);
			if (code == -1)
				code = 1;	/* Failed without a failed container */
			break;
		case PHASE_PENDING:
		case PHASE_RUNNING:
			break;
		}
	}
	/* Stopped by SIGTERM/SIGINT (or exiting before a terminal phase):
	 * the main container's code; if it never ran, the first failure. */
	if (code == -1)
		code = first_regular_code(c, n);
	if (code == -1)
		code = first_failure_code(c, n);
	if (code == -1)
		code = 0;
	if (remap_exit != NULL && code >= 0 && code < POD_EXIT_CODES && remap_exit[code])
		return 0;
	return code;
}

int64_t
pod_deadline_at(int64_t start_time, int64_t active_ns)
{
	if (active_ns <= 0 || start_time <= 0)
		return INT64_MAX;
	/* The model saturates durations at SPEC_DURATION_MAX_NS, so the sum
	 * cannot overflow for a monotonic start time; guard anyway. */
	if (start_time > INT64_MAX - active_ns)
		return INT64_MAX;
	return start_time + active_ns;
}

bool
pod_deadline_exceeded(int64_t start_time, int64_t active_ns, int64_t now,
    enum pod_phase phase, bool terminating)
{
	int64_t at = pod_deadline_at(start_time, active_ns);

	if (at == INT64_MAX || now < at)
		return false;
	return !terminating && phase != PHASE_SUCCEEDED && phase != PHASE_FAILED;
}

struct pod_status_line
pod_status_decide(enum pod_phase phase, bool deadline_exceeded)
{
	struct pod_status_line l = { phase, "", "" };

	if (deadline_exceeded) {
		l.phase = PHASE_FAILED;
		l.reason = POD_DEADLINE_REASON;
		l.message = POD_DEADLINE_MESSAGE;
	}
	return l;
}

int
pod_deadline_exit_code(const struct pod_sm_ctr *c, size_t n)
{
	int code = first_failure_code(c, n);

	return code > 0 ? code : 1;
}

const char *
pod_phase_name(enum pod_phase p)
{
	switch (p) {
	case PHASE_PENDING: return "Pending";
	case PHASE_RUNNING: return "Running";
	case PHASE_SUCCEEDED: return "Succeeded";
	case PHASE_FAILED: return "Failed";
	}
	return "Unknown";
}

const char *
ctr_status_name(enum ctr_status s)
{
	switch (s) {
	case CS_NONE: return "none";
	case CS_WAITING: return "waiting";
	case CS_RUNNING: return "running";
	case CS_TERMINATED: return "terminated";
	}
	return "?";
}
