/* super_probe: the supervisor's probes and hooks: when each probe of each
 * container runs (probe_sm decides, a timer per probe waits), the pacing
 * of exec probes, what a probe's result means for the container (ctr_sm
 * events, the view's counters and Warning events), and the lifecycle
 * hooks.  Entry points: probe_timer_fired, probe_done and hook_done (loop
 * and probe_run callbacks), and the super_probes_* / super_hook_* calls of
 * super.c's action executor. */
#include <stdint.h>
#include <string.h>

#include "podinit/log.h"
#include "podinit/metrics.h"
#include "podinit/probe.h"
#include "podinit/probe_sm.h"
#include "podinit/units.h"

#include "super_internal.h"

/* Exec probes start at least this far apart while the last one still runs:
 * two processes exec'ing at once (a container's liveness and readiness
 * probes fall due together) cost each about twice the CPU of two apart on
 * a VM (bench/probes.sh), and a burst of them would hold the loop (and the
 * status API) in one long pass of spawns. */
#define EXEC_SPACING_NS	(4 * NS_PER_SEC / 1000)

static void probe_done(struct loop *l, struct probe_run *r, const struct probe_outcome *out, void *arg);
static void hook_done(struct loop *l, struct probe_run *r, const struct probe_outcome *out, void *arg);

static void
probe_schedule(struct ctr_probe *p)
{
	struct ctr_rt *c = p->ctr;
	int64_t due = probe_sm_next_due(&p->sm, c->started);

	if (due == INT64_MAX || probe_run_busy(&p->run)) {
		timer_stop(c->sup->loop, &p->timer);
		return;
	}
	timer_start(c->sup->loop, &p->timer, due);
}

static void
probes_schedule_all(struct ctr_rt *c)
{
	for (int t = 0; t < PROBE_TYPE_COUNT; t++)
		probe_schedule(&c->probes[t]);
}

/* The exec probe started last has finished: the ones held back for it
 * (their timers set to its start + EXEC_SPACING_NS) may start now. */
static void
exec_spacing_over(struct super *s)
{
	int64_t held = s->exec.last_start + EXEC_SPACING_NS, now = loop_now(s->loop);

	s->exec.last = NULL;
	if (held <= now)
		return;
	for (size_t i = 0; i < s->n; i++)
		for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
			struct timer *tm = &s->c[i].probes[t].timer;
			if (timer_active(tm) && tm->deadline == held)
				timer_start(s->loop, tm, now);
		}
}

static void
probe_timer_fired(struct loop *l, struct timer *t)
{
	struct ctr_probe *p = t->arg;
	struct ctr_rt *c = p->ctr;
	struct exec_pacer *exec = &c->sup->exec;
	const struct probe_spec *ps = &c->spec->probes[p->type];

	if (probe_sm_next_due(&p->sm, c->started) > loop_now(l) || probe_run_busy(&p->run)) {
		probe_schedule(p);
		return;
	}
	/* (So at most one exec probe starts per loop pass while the one
	 * before runs: the rest wait with I/O served between.) */
	if (ps->handler.kind == HANDLER_EXEC) {
		int64_t hold = probe_sm_exec_hold(loop_now(l), exec->last_start,
		    exec->last != NULL && probe_run_busy(&exec->last->run), EXEC_SPACING_NS);
		if (hold != 0) {
			timer_start(l, t, hold);
			return;
		}
	}
	probe_sm_attempt_started(&p->sm, loop_now(l));
	probe_run_start(&p->run, l, &ps->handler, &c->exec_ctx,
	    ps->timeout_ns, PROBE_MODE_PROBE, probe_done, p);
	if (ps->handler.kind == HANDLER_EXEC) {
		exec->last = p;
		exec->last_start = loop_refresh_now(l);
	}
}

static void
probe_done(struct loop *l, struct probe_run *r, const struct probe_outcome *out, void *arg)
{
	struct ctr_probe *p = arg;
	struct ctr_rt *c = p->ctr;
	struct super *s = c->sup;
	const char *tn = spec_probe_type_name(p->type);
	enum probe_transition tr;
	bool was_ok;

	(void)l;
	(void)r;
	if (p == s->exec.last)
		exec_spacing_over(s);
	metrics_probe_observe(&c->view->probes[p->type], out->result, out->duration_ns);
	/* K8S: prober.probe: the event for every failed attempt. */
	switch (out->result) {
	case PROBE_SUCCESS:
		if (out->warning)
			super_emit(s, c, EVENT_WARNING, "ProbeWarning", "%s probe warning: %s", tn, out->message);
		break;
	case PROBE_FAILURE:
		super_emit(s, c, EVENT_WARNING, "Unhealthy", "%s probe failed: %s", tn, out->message);
		break;
	case PROBE_UNKNOWN:
		super_emit(s, c, EVENT_WARNING, "Unhealthy",
		    "%s probe errored and resulted in unknown state: %s", tn, out->message);
		break;
	}
	was_ok = probe_sm_ok(&p->sm);
	tr = probe_sm_result(&p->sm, out->result, now_of(s));
	switch (tr) {
	case PT_NONE:
		break;
	case PT_BECAME_READY:
	case PT_BECAME_UNREADY:
		s->dirty = true;
		break;
	case PT_LIVENESS_FAILED:
		c->liveness_failed = true;
		ctr_feed(c, EV_LIVENESS_FAILED, NULL);
		break;
	case PT_STARTUP_SUCCEEDED:
		c->started = true;
		/* K8S: UpdatePodStatus triggers readiness at once. */
		probe_sm_trigger(&c->probes[PROBE_READINESS].sm, now_of(s));
		probes_schedule_all(c);
		break;
	case PT_STARTUP_FAILED:
		ctr_feed(c, EV_STARTUP_FAILED, NULL);
		break;
	}
	probe_schedule(p);
	/* The pod's view changes only when a result changes what the probe
	 * says (the transitions above); then once per loop pass (on_idle),
	 * not once per result.  A steady stream of equal results (200
	 * probes a second) must not redo the whole pod each time. */
	if (tr != PT_NONE || probe_sm_ok(&p->sm) != was_ok)
		s->dirty = true;
}

void
super_probes_start(struct ctr_rt *c, int64_t started_at)
{
	for (int t = 0; t < PROBE_TYPE_COUNT; t++)
		probe_sm_container_started(&c->probes[t].sm, started_at);
	c->liveness_failed = false;
	c->started = probe_sm_ok(&c->probes[PROBE_STARTUP].sm);
	probes_schedule_all(c);
}

void
super_probes_stop(struct ctr_rt *c, bool all)
{
	for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
		struct ctr_probe *p = &c->probes[t];
		if (t == PROBE_READINESS && !all)
			continue;
		probe_run_cancel(&p->run);
		probe_sm_container_stopped(&p->sm);
		timer_stop(c->sup->loop, &p->timer);
	}
	if (all)
		c->started = false;
}

/* ---- hooks (DESIGN's hook module is this: a probe_run in PROBE_MODE_HOOK) ---- */

static void
hook_done(struct loop *l, struct probe_run *r, const struct probe_outcome *out, void *arg)
{
	struct ctr_rt *c = arg;
	struct ctr_input in;

	(void)l;
	(void)r;
	memset(&in, 0, sizeof in);
	in.hook_ok = out->result == PROBE_SUCCESS;
	if (out->http_fallback) {
		/* K8S: runHTTPHandler, and its metric
		 * kubelet_lifecycle_handler_http_fallbacks_total. */
		c->sup->view.lifecycle_http_fallbacks++;
		super_emit(c->sup, c, EVENT_WARNING, "LifecycleHTTPFallback",
		    "request to HTTPS lifecycle hook %s got HTTP response, retry with HTTP succeeded",
		    out->message);
	}
	if (c->sm.hook == HOOK_POST_START) {
		if (!in.hook_ok)
			log_warnx("%s: postStart hook failed: %s", ctr_name(c), out->message);
		ctr_feed(c, in.hook_ok ? EV_POSTSTART_OK : EV_POSTSTART_FAILED, &in);
	} else if (c->sm.hook == HOOK_PRE_STOP) {
		if (!in.hook_ok)
			log_warnx("%s: preStop hook failed: %s", ctr_name(c), out->message);
		ctr_feed(c, EV_PRESTOP_DONE, &in);
	}
}

void
super_hook_run(struct ctr_rt *c, const struct handler_spec *h)
{
	probe_run_start(&c->hook, c->sup->loop, h, &c->exec_ctx, 0, PROBE_MODE_HOOK, hook_done, c);
}

void
super_hook_cancel(struct ctr_rt *c)
{
	probe_run_cancel(&c->hook);
}

void
super_probes_init(struct ctr_rt *c)
{
	for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
		struct ctr_probe *p = &c->probes[t];
		p->type = (enum probe_type)t;
		p->ctr = c;
		probe_run_init(&p->run);
		timer_init(&p->timer, probe_timer_fired, p);
		probe_sm_init(&p->sm, &c->spec->probes[t], p->type);
	}
	probe_run_init(&c->hook);
}

void
super_probes_free(struct ctr_rt *c)
{
	for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
		struct ctr_probe *p = &c->probes[t];
		probe_run_cancel(&p->run);
		probe_run_free(&p->run);
		timer_stop(c->sup->loop, &p->timer);
	}
	probe_run_cancel(&c->hook);
	probe_run_free(&c->hook);
}
