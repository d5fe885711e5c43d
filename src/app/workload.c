/* workload: one pod, or a Job run to its verdict (SPEC §9), on the one
 * loop.  The decisions are core/job_sm's; this file creates and deletes
 * the pods it asks for (a super each), says the Job controller's events,
 * serves the status API across the pods and routes the loop's signals.
 *
 * A pod's end is heard from inside its super's update (the finished
 * hook), where the super may not be freed: the next step runs from a
 * timer (next_timer), at once or after the Job's back-off. */
#include "podinit/workload.h"

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podinit/api.h"
#include "podinit/events_sink.h"
#include "podinit/fdx.h"
#include "podinit/job_sm.h"
#include "podinit/log.h"
#include "podinit/render.h"
#include "podinit/strconv.h"
#include "podinit/super.h"

struct workload {
	struct loop *loop;
	const struct options *opt;
	const struct pod_spec *first;	/* main's: the Job's template for job_sm */
	/* Later pods' specs, used in turn: the running super points into one
	   while the next is decoded into the other. */
	struct pod_spec specs[2];
	bool	 have_spec[2];
	size_t	 slot;			/* the one the next pod is decoded into */
	struct manifest_inputs *inputs;
	const struct manifest_opts *mo;
	struct podfacts *facts;
	struct super *sup;		/* the pod running or last run */
	struct api *api;
	bool	 is_job;
	struct job_sm job;
	struct events job_events;
	struct timer next_timer;	/* the next step after a pod ended */
	struct timer deadline_timer;	/* the Job's activeDeadlineSeconds */
	bool	 stopping;		/* SIGTERM/SIGINT: no pod after this one */
	int	 last_code;		/* the last pod's exit code */
	int	 cwd_fd;		/* a Job's later pods start where the first did */
};

static void
job_emit(struct workload *w, const char *type, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
job_emit(struct workload *w, const char *type, const char *reason, const char *fmt, ...)
{
	char msg[EVENT_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	events_emit(&w->job_events, loop_real_now(w->loop), type, reason, NULL, "%s", msg);
	api_notify(w->api);
}

static const struct pod_view *
api_view(void *arg)
{
	struct workload *w = arg;
	struct pod_view *v = super_view(w->sup);

	if (w->is_job) {
		v->job = &w->job;
		v->job_events = &w->job_events;
	}
	return v;
}

/* The Job is done: its terminal event, then the loop stops with its code. */
static void
job_finished(struct workload *w, const struct job_step *st)
{
	const struct job_condition *c = st->cond;
	int code = job_sm_exit_code(&w->job);

	timer_stop(w->loop, &w->deadline_timer);
	/* K8S: job_controller.go: "Completed" "Job completed", or a Warning
	 * with the Failed condition's reason and message. */
	if (w->job.verdict == JOB_COMPLETE)
		job_emit(w, EVENT_NORMAL, "Completed", "Job completed");
	else if (c != NULL)
		job_emit(w, EVENT_WARNING, c->reason, "%s", c->message);
	log_info("job %s: %s, exit code %d", w->first->job.name,
	    w->job.verdict == JOB_COMPLETE ? "Complete" : "Failed", code);
	loop_stop(w->loop, code);
}

/* A step that may delete the active pod or end the Job. */
static void
job_apply(struct workload *w, const struct job_step *st)
{
	if (st->interim && st->cond != NULL)
		log_info("job %s: %s: %s", w->first->job.name, st->cond->reason, st->cond->message);
	if (st->stop_pod && w->sup != NULL && !super_done(w->sup)) {
		job_emit(w, EVENT_NORMAL, "SuccessfulDelete", "Deleted pod: %s", w->job.pod_name);
		super_stop(w->sup);
	}
	if (st->finished)
		job_finished(w, st);
}

static void
pod_changed(void *arg)
{
	struct workload *w = arg;
	const struct pod_view *v = super_pod_view(w->sup);
	int32_t restarts = 0;
	struct job_step st;

	/* SPEC §8: the Kubernetes API's watches see the change. */
	api_notify(w->api);
	if (!w->is_job)
		return;

	for (size_t i = 0; i < v->n_ctrs; i++)
		restarts += v->ctrs[i].restart_count;
	job_sm_pod_ready(&w->job, v->conditions[VIEW_COND_READY].status);
	st = job_sm_pod_restarts(&w->job, restarts, loop_real_now(w->loop));
	job_apply(w, &st);
}

/* What podFailurePolicy reads of the ended pod: its containers' states
 * and its conditions, from the view. */
static void
pod_result(const struct pod_view *v, int code, struct job_pod_result *r,
    struct job_pod_container *ctrs, struct job_pod_condition_state *conds)
{

	for (size_t i = 0; i < v->n_ctrs; i++) {
		ctrs[i].name = v->ctrs[i].spec->name;
		ctrs[i].terminated = v->ctrs[i].state.kind == VIEW_STATE_TERMINATED;
		ctrs[i].exit_code = v->ctrs[i].state.exit_code;
	}
	r->n_conds = 0;
	for (int i = 0; i < VIEW_COND_COUNT; i++) {
		if (!render_cond_shown(v, (enum view_cond)i))
			continue;
		conds[r->n_conds].type = render_cond_name((enum view_cond)i);
		conds[r->n_conds++].status = v->conditions[i].status ? "True" : "False";
	}
	r->phase = v->phase == PHASE_SUCCEEDED ? PHASE_SUCCEEDED : PHASE_FAILED;
	r->exit_code = code;
	r->ctrs = ctrs;
	r->n_ctrs = v->n_ctrs;
	r->conds = conds;
}

static void
pod_finished(void *arg, int code)
{
	struct workload *w = arg;
	const struct pod_view *v = super_pod_view(w->sup);
	struct job_pod_container ctrs[v->n_ctrs > 0 ? v->n_ctrs : 1];
	struct job_pod_condition_state conds[VIEW_COND_COUNT];
	struct job_pod_result r;
	struct job_step st;

	api_notify(w->api);	/* SPEC §8: the watches see the end */

	w->last_code = code;
	if (!w->is_job || w->stopping) {
		loop_stop(w->loop, code);
		return;
	}
	pod_result(v, code, &r, ctrs, conds);
	st = job_sm_pod_ended(&w->job, &r, loop_now(w->loop), loop_real_now(w->loop));
	job_apply(w, &st);
	if (!st.finished)
		timer_start(w->loop, &w->next_timer, loop_now(w->loop));
}

/* A later pod's spec: the same bytes, decoded with fresh facts. */
static int
job_pod_spec(struct workload *w, int32_t index, struct pod_spec *out)
{
	struct manifest_opts mo = *w->mo;
	char err[256];
	char job_uid[sizeof w->facts->job_uid];

	snprintf(job_uid, sizeof job_uid, "%s", w->facts->job_uid);
	if (podfacts_gather(w->facts, loop_real_now(w->loop), job_uid, err, sizeof err) == -1) {
		log_warnx("job %s: %s", w->first->job.name, err);
		return -1;
	}
	w->facts->facts.job_index = index;
	/* K8S: the index's failure counts annotated on its next pod
	 * (backoffLimitPerIndex). */
	w->facts->facts.job_index_failures = w->job.index_failures;
	w->facts->facts.job_index_ignored_failures = w->job.index_ignored;
	mo.facts = &w->facts->facts;
	/* The relative paths of the manifest (a Localhost seccomp profile)
	 * are read from where podinit was started. */
	if (w->cwd_fd != -1 && fchdir(w->cwd_fd) == -1)
		log_warn("job %s: fchdir", w->first->job.name);
	if (manifest_reload(w->inputs, &mo, out) == -1) {
		log_warnx("job %s: the pod for index %d does not load", w->first->job.name, (int)index);
		return -1;
	}
	return 0;
}

/* SPEC §8: a container's log grew: the log follows send it. */
static void
pod_output(void *arg)
{
	struct workload *w = arg;

	api_notify_output(w->api);
}

static int
pod_start(struct workload *w, const struct pod_spec *pod)
{
	struct super_hooks h = { .changed = pod_changed, .output = pod_output,
		.finished = pod_finished, .arg = w };
	char err[512] = "";
	struct super *s = super_new(w->loop, pod, w->opt, err, sizeof err);

	if (s == NULL) {
		if (err[0] != '\0')
			log_warnx("%s", err);
		return -1;
	}
	super_set_hooks(s, &h);
	/* The previous pod's view stays shown until now. */
	super_free(w->sup);
	w->sup = s;
	if (w->is_job) {
		job_sm_pod_started(&w->job, pod->name, loop_real_now(w->loop));
		job_emit(w, EVENT_NORMAL, "SuccessfulCreate", "Created pod: %s", pod->name);
	}
	return super_start(s);
}

/* The Job's next step once no pod is active. */
static void
next_timer_fired(struct loop *l, struct timer *t)
{
	struct workload *w = t->arg;
	struct job_next n = job_sm_next(&w->job, loop_now(l));
	struct pod_spec *next;

	switch (n.kind) {
	case JOB_NEXT_WAIT:
		timer_start(l, &w->next_timer, n.at);
		return;
	case JOB_NEXT_DONE:
	case JOB_NEXT_BUSY:
	case JOB_NEXT_SUSPENDED:
		return;
	case JOB_NEXT_RUN:
		break;
	}
	next = &w->specs[w->slot];
	if (w->have_spec[w->slot]) {
		spec_free(next);	/* the pod before the last: its super is gone */
		w->have_spec[w->slot] = false;
	}
	if (job_pod_spec(w, n.index, next) == -1) {
		log_warnx("job %s: cannot create the next pod: stopping", w->first->job.name);
		loop_stop(l, 125);
		return;
	}
	w->have_spec[w->slot] = true;
	w->slot ^= 1;
	if (pod_start(w, next) == -1) {
		log_warnx("job %s: cannot start the next pod: stopping", w->first->job.name);
		loop_stop(l, 125);
	}
}

static void
deadline_timer_fired(struct loop *l, struct timer *t)
{
	struct workload *w = t->arg;
	struct job_step st;

	if (loop_now(l) < job_sm_deadline_at(&w->job)) {
		timer_start(l, t, job_sm_deadline_at(&w->job));
		return;
	}
	log_info("job %s: activeDeadlineSeconds passed", w->first->job.name);
	st = job_sm_deadline_passed(&w->job, loop_real_now(l));
	timer_stop(l, &w->next_timer);
	job_apply(w, &st);
}

static void
on_signal(struct loop *l, const struct signalfd_siginfo *si, void *arg)
{
	struct workload *w = arg;
	int sig = (int)si->ssi_signo;
	bool stop = sig == SIGTERM || sig == SIGINT;

	if (stop)
		w->stopping = true;
	if (w->sup != NULL && !super_done(w->sup)) {
		super_signal(w->sup, si);
		return;
	}
	/* Between a Job's pods: nothing runs, so a stop ends it now with
	 * the last pod's code. */
	if (stop) {
		log_info("%s: stopping the job", strconv_signal_name(sig));
		loop_stop(l, w->last_code);
	}
}

int
workload_run(struct loop *l, const struct options *o, const struct pod_spec *pod,
    struct manifest_inputs *inputs, const struct manifest_opts *mo, struct podfacts *facts)
{
	struct workload *w = calloc(1, sizeof *w);
	int code = 125;

	if (w == NULL) {
		log_warnx("out of memory");
		return 125;
	}
	w->loop = l;
	w->opt = o;
	w->first = pod;
	w->inputs = inputs;
	w->mo = mo;
	w->facts = facts;
	w->cwd_fd = -1;
	w->is_job = pod->job.present && inputs != NULL && facts != NULL;
	timer_init(&w->next_timer, next_timer_fired, w);
	timer_init(&w->deadline_timer, deadline_timer_fired, w);
	if (w->is_job) {
		struct job_sm_cfg cfg = {
			.spec = &pod->job,
			.namespace_name = pod->namespace,
			.restart_policy = pod->restart_policy,
			.backoff_initial_ns = o->backoff_initial_ns,
			.backoff_max_ns = o->backoff_max_ns,
		};
		(void)events_init(&w->job_events, o->events_path);
		w->cwd_fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
		job_sm_init(&w->job, &cfg, loop_now(l), loop_real_now(l));
	}
	loop_on_signal(l, on_signal, w);
	if (w->is_job && pod->job.suspend) {
		/* K8S: a suspended Job creates no pod until it is resumed,
		 * which nobody can do here: say so and run nothing. */
		job_emit(w, EVENT_NORMAL, "Suspended", "Job suspended");
		log_warnx("job %s: spec.suspend is true: the Job creates no pod, so nothing runs",
		    pod->job.name);
		code = 0;
		goto out;
	}
	if (pod_start(w, pod) == -1) {
		code = w->sup != NULL ? super_exit_code(w->sup) : 125;
		goto out;
	}
	if (w->is_job && job_sm_deadline_at(&w->job) != INT64_MAX)
		timer_start(l, &w->deadline_timer, job_sm_deadline_at(&w->job));
	if (!o->no_socket || o->status_addr != NULL) {
		const char *path = o->no_socket ? NULL
		    : o->socket_path ? o->socket_path : API_DEFAULT_SOCKET;
		w->api = api_start(l, path, o->status_addr, api_view, w);
		api_set_facts(w->api, facts != NULL ? &facts->facts : NULL);
	}
	/* From here on podinit may not die on an error: a PID 1 that exits
	 * takes the container with it, so whatever breaks now is ours to
	 * survive (catatonit's rule).  fatal() only logs from this point. */
	log_enter_running_phase();
	code = loop_run(l);
out:
	if (w->api != NULL)
		api_stop(w->api);
	timer_stop(l, &w->next_timer);
	timer_stop(l, &w->deadline_timer);
	super_free(w->sup);
	for (size_t i = 0; i < 2; i++)
		if (w->have_spec[i])
			spec_free(&w->specs[i]);
	if (w->is_job)
		events_close(&w->job_events);
	fdx_close(&w->cwd_fd);
	free(w);
	return code;
}
