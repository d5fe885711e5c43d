/* ctr_sm: one container's lifecycle (see ctr_sm.h).  One function per
 * state, each an exhaustive switch over the events; the helpers below
 * hold the rules shared by several states. */
#include "podinit/ctr_sm.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "podinit/clock.h"

static struct ctr_action *
push(struct ctr_actions *out, enum ctr_action_kind kind)
{
	struct ctr_action *a;

	/* The longest step needs 6 (an OOM exit during a probe kill's
	 * preStop, restarted at once: test_ctr_sm.c actions_bound);
	 * overflow is a bug: keep the last slot rather than write past
	 * the end, and say so. */
	if (out->n >= CTR_ACTIONS_MAX) {
		out->overflow = true;
		out->n = CTR_ACTIONS_MAX - 1;
	}
	a = &out->a[out->n++];
	memset(a, 0, sizeof *a);
	a->kind = kind;
	return a;
}

static void push_event(struct ctr_actions *out, enum ctr_event_type type,
    const char *reason, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
push_event(struct ctr_actions *out, enum ctr_event_type type, const char *reason,
    const char *fmt, ...)
{
	struct ctr_action *a = push(out, CA_EMIT_EVENT);
	va_list ap;

	a->type = type;
	a->reason = reason;
	va_start(ap, fmt);
	vsnprintf(a->message, sizeof a->message, fmt, ap);
	va_end(ap);
}

static void
push_t(struct ctr_actions *out, enum ctr_action_kind kind, int64_t t)
{
	push(out, kind)->t = t;
}

static const char *
name(const struct ctr_sm *c)
{
	return c->cfg.spec != NULL && c->cfg.spec->name != NULL ? c->cfg.spec->name : "main";
}

static bool
has_handler(const struct handler_spec *h)
{
	return h->kind != HANDLER_NONE;
}

static void
arm(struct ctr_sm *c, struct ctr_actions *out, enum ctr_action_kind kind, int64_t t)
{
	c->timer_at = t;
	push_t(out, kind, t);
}

static void
disarm(struct ctr_sm *c, struct ctr_actions *out)
{
	if (c->timer_at == INT64_MAX)
		return;
	c->timer_at = INT64_MAX;
	push(out, CA_CANCEL_TIMER);
}

static void
cancel_hook(struct ctr_sm *c, struct ctr_actions *out)
{
	if (c->hook == HOOK_NONE)
		return;
	c->hook = HOOK_NONE;
	push(out, CA_CANCEL_HOOK);
}

static void
stop_probes(struct ctr_sm *c, struct ctr_actions *out, bool all)
{
	if (!c->probes_on)
		return;
	if (all)
		c->probes_on = false;
	push(out, CA_STOP_PROBES)->all = all;
}

/* Go's time.Duration.String() for the CrashLoopBackOff message: 10s,
 * 1m20s, 5m0s, 100ms. */
static void
go_duration(int64_t ns, char *buf, size_t sz)
{
	int64_t s = ns / NS_PER_SEC, frac = ns % NS_PER_SEC;
	char fs[16] = "";

	if (ns < NS_PER_SEC) {
		if (ns % NS_PER_MS == 0)
			snprintf(buf, sz, "%lldms", (long long)(ns / NS_PER_MS));
		else
			snprintf(buf, sz, "%lldns", (long long)ns);
		return;
	}
	if (frac != 0) {
		int n = snprintf(fs, sizeof fs, ".%09lld", (long long)frac);

		while (n > 1 && fs[n - 1] == '0')
			fs[--n] = '\0';
	}
	if (s >= 3600)
		snprintf(buf, sz, "%lldh%lldm%lld%ss", (long long)(s / 3600),
		    (long long)(s / 60 % 60), (long long)(s % 60), fs);
	else if (s >= 60)
		snprintf(buf, sz, "%lldm%lld%ss", (long long)(s / 60),
		    (long long)(s % 60), fs);
	else
		snprintf(buf, sz, "%lld%ss", (long long)s, fs);
}

/* ---- starting ---------------------------------------------------------- */

/* A new instance: K8S startContainer: restartCount = previous + 1. */
static void
start_instance(struct ctr_sm *c, struct ctr_actions *out)
{
	c->state = CTR_STARTING;
	c->instances++;
	c->restart_count = c->instances - 1;
	c->spawned = false;
	c->probes_on = false;
	c->hook = HOOK_NONE;
	c->stop_reason = STOP_NONE;
	c->waiting_reason = "ContainerCreating";
	c->waiting_message[0] = '\0';
	c->timer_at = INT64_MAX;
	c->restarting = false;
	push(out, CA_SPAWN);
}

static void
become_running(struct ctr_sm *c, struct ctr_actions *out)
{
	c->state = CTR_RUNNING;
	c->waiting_reason = NULL;
	c->probes_on = true;
	push_t(out, CA_START_PROBES, c->started_at);
}

/* ---- stopping ---------------------------------------------------------- */

/* K8S: killContainer step 6-7: the stop signal, then SIGKILL after what
 * is left of the grace period (preStop time in whole seconds, truncated
 * as kubelet does), never less than the 2 s floor. */
static void
send_stop(struct ctr_sm *c, int64_t now, struct ctr_actions *out)
{
	int64_t spent = (now - c->stop_started) / NS_PER_SEC * NS_PER_SEC;
	int64_t left = c->stop_grace - spent;

	if (left < c->cfg.min_grace_ns)
		left = c->cfg.min_grace_ns;
	c->stop_phase = SP_SIGNALLED;
	push(out, CA_SEND_STOP_SIGNAL)->sig = c->cfg.spec != NULL ? c->cfg.spec->stop_signal : 0;
	arm(c, out, CA_ARM_DEADLINE, now + left);
}

static void
kill_now(struct ctr_sm *c, struct ctr_actions *out)
{
	cancel_hook(c, out);
	disarm(c, out);
	c->stop_phase = SP_KILLED;
	push(out, CA_KILL_ALL);
}

/* K8S: killContainer: Killing event, then preStop when there is one and
 * the grace period is > 0, its time counted against the grace. */
static void
stop_begin(struct ctr_sm *c, enum ctr_stop_reason why, int64_t grace,
    const char *msg, int64_t now, struct ctr_actions *out)
{
	c->state = CTR_STOPPING;
	c->stop_reason = why;
	c->stop_started = now;
	c->stop_grace = grace < 0 ? 0 : grace;
	push_event(out, CTR_EVT_NORMAL, "Killing", "%s", msg);
	/* K8S: StopLivenessAndStartup; readiness keeps probing until the
	 * process is gone. */
	stop_probes(c, out, false);
	if (c->cfg.spec != NULL && has_handler(&c->cfg.spec->pre_stop) && c->stop_grace > 0) {
		c->stop_phase = SP_PRESTOP;
		c->hook = HOOK_PRE_STOP;
		push(out, CA_RUN_PRE_STOP);
		arm(c, out, CA_ARM_DEADLINE, now + c->stop_grace);
	} else {
		send_stop(c, now, out);
	}
}

/* EV_KILL: stopped for good at once, what is left of the grace skipped. */
static void
kill_shutdown(struct ctr_sm *c, int64_t now, struct ctr_actions *out)
{
	c->shutdown = true;
	c->state = CTR_STOPPING;
	c->stop_reason = STOP_SHUTDOWN;
	c->stop_started = now;
	stop_probes(c, out, false);
	kill_now(c, out);
}

static void
stop_shutdown(struct ctr_sm *c, int64_t now, struct ctr_actions *out)
{
	char msg[CTR_MSG_MAX];

	c->shutdown = true;
	snprintf(msg, sizeof msg, "Stopping container %s", name(c));
	stop_begin(c, STOP_SHUTDOWN, c->cfg.grace_ns, msg, now, out);
}

/* K8S: computePodActions: a liveness/startup kill, with kubelet's
 * message and the probe-level terminationGracePeriodSeconds. */
static void
stop_probe_failed(struct ctr_sm *c, enum probe_type t, bool terminating,
    int64_t now, struct ctr_actions *out)
{
	const struct probe_spec *ps = &c->cfg.spec->probes[t];
	const char *what = t == PROBE_LIVENESS ? "liveness" : "startup";
	int64_t grace = c->cfg.grace_ns;
	char msg[CTR_MSG_MAX];

	if (ps->has_termination_grace)
		grace = ps->termination_grace_ns;
	if (c->cfg.spec->is_sidecar)
		snprintf(msg, sizeof msg, "Init container %s failed %s probe", name(c), what);
	else
		snprintf(msg, sizeof msg, "Container %s failed %s probe%s", name(c), what,
		    pod_container_restarts_on_failure(c->cfg.spec, c->cfg.policy) && !terminating
		    ? ", will be restarted" : "");
	stop_begin(c, t == PROBE_LIVENESS ? STOP_LIVENESS : STOP_STARTUP, grace, msg, now, out);
}

/* ---- ending ------------------------------------------------------------ */

static void
record_term(struct ctr_sm *c, int code, int sig, const char *reason, int64_t now)
{
	if (c->has_term) {
		c->prev_term = c->term;
		c->has_prev_term = true;
	}
	c->has_term = true;
	c->term.started_at = c->spawned ? c->started_at : now;
	c->term.finished_at = now;
	c->term.exit_code = code;
	c->term.signal = sig;
	c->term.reason = reason;
	c->term.message[0] = '\0';
}

/* K8S: runc ExitStatus: 128+N for a signal; containerd's reasons. */
static void
record_exit(struct ctr_sm *c, const struct ctr_input *in, int64_t now)
{
	int code = 0, sig = 0;
	const char *reason;

	if (WIFSIGNALED(in->wstatus)) {
		sig = WTERMSIG(in->wstatus);
		code = 128 + sig;
	} else if (WIFEXITED(in->wstatus)) {
		code = WEXITSTATUS(in->wstatus);
	}
	reason = in->oom_killed ? "OOMKilled" : code == 0 ? "Completed" : "Error";
	record_term(c, code, sig, reason, now);
	if (in->term_message != NULL)
		snprintf(c->term.message, sizeof c->term.message, "%s", in->term_message);
}

/* SPEC §9: ended for now; the pod restarts every container
 * (pod_order's PA_RESTART_BEGIN), this one included. */
static void
ask_restart_all(struct ctr_sm *c)
{
	c->state = CTR_TERMINATED;
	c->waiting_reason = NULL;
	c->all_after_backoff = false;
	c->restart_all = true;
}

/* The instance is gone: restart now, back off, or stay terminated. */
static void
after_exit(struct ctr_sm *c, bool killed_by_probe, const struct ctr_input *in,
    int64_t now, struct ctr_actions *out)
{
	const struct container_spec *s = c->cfg.spec;
	int64_t fin = c->term.finished_at, d;
	char dur[32];
	enum restart_decision what = RESTART_DECISION_NONE;

	c->spawned = false;
	c->hook = HOOK_NONE;
	disarm(c, out);
	if (!c->shutdown)
		what = pod_restart_decision(s, c->cfg.policy, c->term.exit_code, killed_by_probe,
		    in->pod_terminating);
	if (what == RESTART_DECISION_NONE) {
		c->state = CTR_TERMINATED;
		c->waiting_reason = NULL;
		return;
	}
	/* RestartAllContainers takes the back-off of the container whose
	 * exit asked for it (KEP-5532: the container restart back-off
	 * applies), so a pod that keeps asking does not spin. */
	d = backoff_delay(&c->backoff, fin);
	if (fin + d <= now) {
		backoff_restarted_at(&c->backoff, fin, now);
		if (what == RESTART_DECISION_ALL)
			ask_restart_all(c);
		else
			start_instance(c, out);
		return;
	}
	c->all_after_backoff = what == RESTART_DECISION_ALL;
	/* K8S: doBackOff: CrashLoopBackOff with its message, BackOff event. */
	c->state = CTR_BACKOFF;
	c->waiting_reason = "CrashLoopBackOff";
	go_duration(d, dur, sizeof dur);
	snprintf(c->waiting_message, sizeof c->waiting_message,
	    "back-off %s restarting failed container=%s pod=%s", dur, name(c),
	    c->cfg.pod_desc);
	push_event(out, CTR_EVT_WARNING, "BackOff",
	    "Back-off restarting failed container %s in pod %s", name(c), c->cfg.pod_desc);
	arm(c, out, CA_SCHEDULE_RESTART, fin + d);
}

/* EV_EXITED in a state where the process ran. */
static void
exited(struct ctr_sm *c, const struct ctr_input *in, int64_t now, struct ctr_actions *out)
{
	bool by_probe = c->state == CTR_STOPPING &&
	    (c->stop_reason == STOP_LIVENESS || c->stop_reason == STOP_STARTUP);

	/* An exit during a hook ends the hook: preStop has nothing left to
	 * protect, postStart nothing left to prepare. */
	cancel_hook(c, out);
	record_exit(c, in, now);
	stop_probes(c, out, true);
	/* As when a PID namespace's init dies: what the main process left
	 * behind in the container goes with it. */
	if (!(c->state == CTR_STOPPING && c->stop_phase == SP_KILLED))
		push(out, CA_KILL_ALL);
	if (in->oom_killed)
		push_event(out, CTR_EVT_WARNING, "OOMKilled",
		    "Container %s was killed by the OOM killer", name(c));
	after_exit(c, by_probe, in, now, out);
}

static void
spawn_failed(struct ctr_sm *c, const struct ctr_input *in, int64_t now,
    struct ctr_actions *out)
{
	int code = in->exit_code != 0 ? in->exit_code : 128;

	cancel_hook(c, out);
	record_term(c, code, 0, "StartError", now);
	stop_probes(c, out, true);
	if (c->spawned)
		push(out, CA_KILL_ALL);
	push_event(out, CTR_EVT_WARNING, "Failed", "Error: %s",
	    in->message != NULL ? in->message : "failed to start container");
	after_exit(c, false, in, now, out);
}

/* ---- one function per state -------------------------------------------- */

static void
on_waiting(struct ctr_sm *c, enum ctr_event ev, struct ctr_actions *out)
{
	switch (ev) {
	case EV_START:
		if (!c->shutdown)
			start_instance(c, out);
		break;
	case EV_STOP:
	case EV_KILL:
		c->shutdown = true;	/* never starts */
		break;
	case EV_SPAWNED: case EV_SPAWN_FAILED: case EV_POSTSTART_OK:
	case EV_POSTSTART_FAILED: case EV_EXITED: case EV_LIVENESS_FAILED:
	case EV_STARTUP_FAILED: case EV_PRESTOP_DONE: case EV_DEADLINE:
	case EV_RESTART_ALL: case EV_RESET:
		break;
	}
}

static void
on_starting(struct ctr_sm *c, enum ctr_event ev, const struct ctr_input *in,
    int64_t now, struct ctr_actions *out)
{
	char msg[CTR_MSG_MAX];

	switch (ev) {
	case EV_SPAWNED:
		if (c->spawned)
			break;
		c->spawned = true;
		c->started_at = now;
		c->waiting_reason = NULL;
		/* K8S: startContainer: Created, Started, then postStart. */
		push_event(out, CTR_EVT_NORMAL, "Created", "Created container: %s", name(c));
		push_event(out, CTR_EVT_NORMAL, "Started", "Started container %s", name(c));
		if (c->kill_pending) {
			kill_shutdown(c, now, out);
		} else if (c->stop_pending) {
			stop_shutdown(c, now, out);
		} else if (has_handler(&c->cfg.spec->post_start)) {
			c->hook = HOOK_POST_START;
			push(out, CA_RUN_POST_START);
		} else {
			become_running(c, out);
		}
		break;
	case EV_SPAWN_FAILED:
		spawn_failed(c, in, now, out);
		break;
	case EV_POSTSTART_OK:
		if (c->hook != HOOK_POST_START)
			break;
		c->hook = HOOK_NONE;
		become_running(c, out);
		break;
	case EV_POSTSTART_FAILED:
		if (c->hook != HOOK_POST_START)
			break;
		/* K8S: startContainer: FailedPostStartHook (output kept out
		 * of the event), then killContainer: preStop runs. */
		c->hook = HOOK_NONE;
		push_event(out, CTR_EVT_WARNING, "FailedPostStartHook", "PostStartHook failed");
		stop_begin(c, STOP_POST_START, c->cfg.grace_ns, "FailedPostStartHook", now, out);
		c->waiting_reason = "PostStartHookError";
		break;
	case EV_EXITED:
		exited(c, in, now, out);
		break;
	case EV_STOP:
		c->shutdown = true;
		if (!c->spawned) {
			c->stop_pending = true;
			break;
		}
		/* Never wait for a postStart that may hang (Horust#58). */
		cancel_hook(c, out);
		snprintf(msg, sizeof msg, "Stopping container %s", name(c));
		stop_begin(c, STOP_SHUTDOWN, c->cfg.grace_ns, msg, now, out);
		break;
	case EV_KILL:
		c->shutdown = true;
		if (!c->spawned) {
			c->kill_pending = true;
			break;
		}
		kill_shutdown(c, now, out);
		break;
	case EV_START: case EV_LIVENESS_FAILED: case EV_STARTUP_FAILED:
	case EV_PRESTOP_DONE: case EV_DEADLINE: case EV_RESTART_ALL: case EV_RESET:
		break;
	}
}

static void
on_running(struct ctr_sm *c, enum ctr_event ev, const struct ctr_input *in,
    int64_t now, struct ctr_actions *out)
{
	switch (ev) {
	case EV_EXITED:
		exited(c, in, now, out);
		break;
	case EV_LIVENESS_FAILED:
		stop_probe_failed(c, PROBE_LIVENESS, in->pod_terminating, now, out);
		break;
	case EV_STARTUP_FAILED:
		stop_probe_failed(c, PROBE_STARTUP, in->pod_terminating, now, out);
		break;
	case EV_STOP:
		stop_shutdown(c, now, out);
		break;
	case EV_KILL:
		kill_shutdown(c, now, out);
		break;
	case EV_START: case EV_SPAWNED: case EV_SPAWN_FAILED: case EV_POSTSTART_OK:
	case EV_POSTSTART_FAILED: case EV_PRESTOP_DONE: case EV_DEADLINE:
	case EV_RESTART_ALL: case EV_RESET:
		break;
	}
}

static void
on_stopping(struct ctr_sm *c, enum ctr_event ev, const struct ctr_input *in,
    int64_t now, struct ctr_actions *out)
{
	switch (ev) {
	case EV_EXITED:
		/* Exit during preStop: no stop signal needed, done. */
		exited(c, in, now, out);
		break;
	case EV_PRESTOP_DONE:
		if (c->hook != HOOK_PRE_STOP)
			break;
		c->hook = HOOK_NONE;
		/* K8S: executePreStopHook: a failure is only an event. */
		if (!in->hook_ok)
			push_event(out, CTR_EVT_WARNING, "FailedPreStopHook", "PreStopHook failed");
		if (c->stop_phase == SP_PRESTOP)
			send_stop(c, now, out);
		break;
	case EV_DEADLINE:
		switch (c->stop_phase) {
		case SP_PRESTOP:
			/* Grace spent with preStop still running: kubelet
			 * stops waiting and leaves the hook to die with the
			 * container; the 2 s floor still applies. */
			send_stop(c, now, out);
			break;
		case SP_SIGNALLED:
			kill_now(c, out);
			break;
		case SP_KILLED:
			break;
		}
		break;
	case EV_STOP:
		/* A stop by podinit while a probe kill is under way only
		 * rules out the restart; a second stop skips the grace. */
		if (c->shutdown && c->stop_phase != SP_KILLED)
			kill_now(c, out);
		c->shutdown = true;
		c->stop_reason = STOP_SHUTDOWN;
		break;
	case EV_KILL:
		c->shutdown = true;
		c->stop_reason = STOP_SHUTDOWN;
		if (c->stop_phase != SP_KILLED)
			kill_now(c, out);
		break;
	case EV_START: case EV_SPAWNED: case EV_SPAWN_FAILED: case EV_POSTSTART_OK:
	case EV_POSTSTART_FAILED: case EV_LIVENESS_FAILED: case EV_STARTUP_FAILED:
	case EV_RESTART_ALL: case EV_RESET:
		break;
	}
}

static void
on_backoff(struct ctr_sm *c, enum ctr_event ev, int64_t now, struct ctr_actions *out)
{
	switch (ev) {
	case EV_DEADLINE:
		backoff_restarted_at(&c->backoff, c->term.finished_at, now);
		if (c->all_after_backoff)
			ask_restart_all(c);
		else
			start_instance(c, out);
		break;
	case EV_STOP:
	case EV_KILL:
		/* Pending back-off is cancelled at once: the last instance's
		 * termination becomes the final state. */
		c->shutdown = true;
		disarm(c, out);
		c->state = CTR_TERMINATED;
		c->waiting_reason = NULL;
		break;
	case EV_START: case EV_SPAWNED: case EV_SPAWN_FAILED: case EV_POSTSTART_OK:
	case EV_POSTSTART_FAILED: case EV_EXITED: case EV_LIVENESS_FAILED:
	case EV_STARTUP_FAILED: case EV_PRESTOP_DONE: case EV_RESTART_ALL: case EV_RESET:
		break;
	}
}

/* ---- SPEC §9: RestartAllContainers ------------------------------------- */

/* KEP-5532, and the 1.35 notes: the containers are killed for the pod's
 * restart without their preStop hooks and without the grace period, each
 * with kubelet's Killing event; none restarts on its own. */
static void
stop_for_restart_all(struct ctr_sm *c, int64_t now, struct ctr_actions *out)
{
	c->all_after_backoff = false;
	switch (c->state) {
	case CTR_WAITING:
	case CTR_TERMINATED:
		c->shutdown = true;
		break;
	case CTR_BACKOFF:
		c->shutdown = true;
		disarm(c, out);
		c->state = CTR_TERMINATED;
		c->waiting_reason = NULL;
		break;
	case CTR_STARTING:
		if (!c->spawned) {
			c->shutdown = true;
			c->kill_pending = true;
			break;
		}
		cancel_hook(c, out);
		push_event(out, CTR_EVT_NORMAL, "Killing", "Stopping container %s", name(c));
		kill_shutdown(c, now, out);
		break;
	case CTR_RUNNING:
		push_event(out, CTR_EVT_NORMAL, "Killing", "Stopping container %s", name(c));
		kill_shutdown(c, now, out);
		break;
	case CTR_STOPPING:
		c->shutdown = true;
		c->stop_reason = STOP_SHUTDOWN;
		if (c->stop_phase != SP_KILLED)
			kill_now(c, out);
		break;
	}
}

/* Stopped for the pod's restart and gone: waiting to start again, as a
 * new pod's container, with its history (restartCount, lastState,
 * back-off) kept. */
static void
reset_for_restart_all(struct ctr_sm *c)
{
	if (!ctr_sm_finished(c))
		return;
	c->state = CTR_WAITING;
	c->shutdown = false;
	c->stop_pending = false;
	c->kill_pending = false;
	c->stop_reason = STOP_NONE;
	c->restart_all = false;
	c->all_after_backoff = false;
	c->restarting = c->has_term;
	c->waiting_reason = NULL;
	c->waiting_message[0] = '\0';
}

void
ctr_cfg_defaults(struct ctr_cfg *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->pod_desc = "podinit_default()";
	cfg->policy = RESTART_ALWAYS;
	cfg->grace_ns = 30 * NS_PER_SEC;
	cfg->min_grace_ns = 2 * NS_PER_SEC;	/* K8S: minimumGracePeriodInSeconds */
	cfg->backoff_initial = 10 * NS_PER_SEC;
	cfg->backoff_max = 300 * NS_PER_SEC;
	cfg->backoff_reset = 600 * NS_PER_SEC;
}

void
ctr_sm_init(struct ctr_sm *c, const struct ctr_cfg *cfg)
{
	memset(c, 0, sizeof *c);
	c->cfg = *cfg;
	if (c->cfg.pod_desc == NULL)
		c->cfg.pod_desc = "podinit_default()";
	c->state = CTR_WAITING;
	c->timer_at = INT64_MAX;
	c->waiting_reason = "ContainerCreating";
	backoff_init(&c->backoff, cfg->backoff_initial, cfg->backoff_max, cfg->backoff_reset);
}

void
ctr_sm_step(struct ctr_sm *c, enum ctr_event ev, const struct ctr_input *in,
    int64_t now, struct ctr_actions *out)
{
	static const struct ctr_input none = { 0 };

	out->n = 0;
	out->overflow = false;
	if (in == NULL)
		in = &none;
	/* One timer per container: a firing before the time last asked for
	 * is a leftover of an earlier arm. */
	if (ev == EV_DEADLINE) {
		if (c->timer_at == INT64_MAX || now < c->timer_at)
			return;
		c->timer_at = INT64_MAX;
	}
	if (ev == EV_RESTART_ALL) {
		stop_for_restart_all(c, now, out);
		return;
	}
	if (ev == EV_RESET) {
		reset_for_restart_all(c);
		return;
	}
	switch (c->state) {
	case CTR_WAITING:
		on_waiting(c, ev, out);
		break;
	case CTR_STARTING:
		on_starting(c, ev, in, now, out);
		break;
	case CTR_RUNNING:
		on_running(c, ev, in, now, out);
		break;
	case CTR_STOPPING:
		on_stopping(c, ev, in, now, out);
		break;
	case CTR_BACKOFF:
		on_backoff(c, ev, now, out);
		break;
	case CTR_TERMINATED:
		break;
	}
}

bool
ctr_sm_finished(const struct ctr_sm *c)
{
	return c->state == CTR_TERMINATED ||
	    (c->state == CTR_WAITING && c->shutdown);
}

void
ctr_sm_pod_view(const struct ctr_sm *c, struct pod_sm_ctr *out)
{
	memset(out, 0, sizeof *out);
	out->is_init = c->cfg.spec != NULL && c->cfg.spec->is_init;
	out->is_sidecar = c->cfg.spec != NULL && c->cfg.spec->is_sidecar;
	out->has_last_termination = c->has_term;
	out->last_exit_code = c->term.exit_code;
	out->finished_at = c->term.finished_at;
	out->backing_off = c->state == CTR_BACKOFF;
	out->restarting = c->state == CTR_WAITING && c->restarting;
	out->restart_all = c->restart_all;
	switch (c->state) {
	case CTR_WAITING:
	case CTR_BACKOFF:
		out->status = CS_WAITING;
		break;
	case CTR_STARTING:
		/* Spawned or not, kubelet shows it waiting until postStart
		 * is done (ctr_view.c): the pod stays Pending. */
		out->status = CS_WAITING;
		break;
	case CTR_RUNNING:
	case CTR_STOPPING:
		out->status = CS_RUNNING;
		break;
	case CTR_TERMINATED:
		out->status = CS_TERMINATED;
		out->exit_code = c->term.exit_code;
		out->has_last_termination = c->has_prev_term;
		out->last_exit_code = c->prev_term.exit_code;
		break;
	}
}

const char *
ctr_state_name(enum ctr_state s)
{
	switch (s) {
	case CTR_WAITING: return "waiting";
	case CTR_STARTING: return "starting";
	case CTR_RUNNING: return "running";
	case CTR_STOPPING: return "stopping";
	case CTR_BACKOFF: return "backoff";
	case CTR_TERMINATED: return "terminated";
	}
	return "?";
}

const char *
ctr_event_name(enum ctr_event e)
{
	switch (e) {
	case EV_START: return "start";
	case EV_SPAWNED: return "spawned";
	case EV_SPAWN_FAILED: return "spawn-failed";
	case EV_POSTSTART_OK: return "poststart-ok";
	case EV_POSTSTART_FAILED: return "poststart-failed";
	case EV_EXITED: return "exited";
	case EV_LIVENESS_FAILED: return "liveness-failed";
	case EV_STARTUP_FAILED: return "startup-failed";
	case EV_STOP: return "stop";
	case EV_KILL: return "kill";
	case EV_PRESTOP_DONE: return "prestop-done";
	case EV_DEADLINE: return "deadline";
	case EV_RESTART_ALL: return "restart-all";
	case EV_RESET: return "reset";
	}
	return "?";
}

const char *
ctr_action_name(enum ctr_action_kind k)
{
	switch (k) {
	case CA_SPAWN: return "SPAWN";
	case CA_RUN_POST_START: return "RUN_POST_START";
	case CA_RUN_PRE_STOP: return "RUN_PRE_STOP";
	case CA_CANCEL_HOOK: return "CANCEL_HOOK";
	case CA_SEND_STOP_SIGNAL: return "SEND_STOP_SIGNAL";
	case CA_KILL_ALL: return "KILL_ALL";
	case CA_ARM_DEADLINE: return "ARM_DEADLINE";
	case CA_SCHEDULE_RESTART: return "SCHEDULE_RESTART";
	case CA_CANCEL_TIMER: return "CANCEL_TIMER";
	case CA_START_PROBES: return "START_PROBES";
	case CA_STOP_PROBES: return "STOP_PROBES";
	case CA_EMIT_EVENT: return "EMIT_EVENT";
	}
	return "?";
}
