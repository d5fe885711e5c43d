/* super: the supervisor, the imperative shell around the pure state
 * machines: it feeds what happens into them and executes what they decide.
 *
 *   loop/reaper/probe/hook callbacks ──► ctr_feed() ──► ctr_sm_step()
 *                                             │ actions
 *                                             ▼
 *   spawn, kill, hooks, timers, probes, events ◄── ctr_execute()
 *                                             │ dirty
 *                                             ▼
 *   on_idle ──► pod_update(): view (ctr_view), phase (pod_sm), what to
 *               start or stop next (pod_order), final exit code
 *
 * Entry points (the callbacks the loop and the reaper call, and the
 * owner's calls: workload.c):
 *   super_signal       SIGTERM/SIGINT stop the pod; others are forwarded
 *   ctr_exited         a container's main process was reaped
 *   ctr_timer_fired    a container's one timer (deadline, end of back-off)
 *   probe_timer_fired  a probe is due            (super_probe.c)
 *   probe_done         a probe attempt finished  (super_probe.c)
 *   hook_done          a lifecycle hook finished (super_probe.c)
 *   cg_events_ready    a cgroup's "populated" changed, while draining
 *   drain_timer_fired  the drain's bound
 *   deadline_timer_fired  the pod's activeDeadlineSeconds
 *   on_idle            end of every loop pass: the pod is updated if dirty
 *   super_view         the status API reads the view
 *   super_stop         the owner deletes the pod (a Job that failed)
 * Every one of them marks the supervisor dirty when it changed something;
 * on_idle is the one place that updates the pod.
 *
 * Events for one container are queued and handled one at a time, so an
 * action that produces a new event (a spawn that failed) never re-enters
 * ctr_sm_step in the middle of executing an earlier step's actions.
 * Probes and hooks: super_probe.c; resource use: super_usage.c; the
 * process tree, environment and inherited fds: proctree.c, env.c and
 * inherit.c (shell). */
#include "podinit/super.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "podinit/cgroup.h"
#include "podinit/ctr_sm.h"
#include "podinit/ctr_view.h"
#include "podinit/env.h"
#include "podinit/events.h"
#include "podinit/events_sink.h"
#include "podinit/fdx.h"
#include "podinit/inherit.h"
#include "podinit/log.h"
#include "podinit/logpipe.h"
#include "podinit/pod_order.h"
#include "podinit/pod_sm.h"
#include "podinit/probe.h"
#include "podinit/probe_sm.h"
#include "podinit/proctree.h"
#include "podinit/secctx.h"
#include "podinit/spawn.h"
#include "podinit/strconv.h"
#include "podinit/units.h"
#include "podinit/view.h"
#include "podinit/volume.h"

#include "super_internal.h"

extern char **environ;

/* ---- inherited descriptors (DESIGN §1.5) ---- */

/* main() records them before there is a supervisor (before podinit opens
 * anything of its own): the one supervisor uses them. */
static struct inherited_fds inherited;

void
super_inherit_fds(void)
{
	inherit_scan(&inherited);
}

/* ---- helpers ---- */

static int
rewrite_signal(const struct super *s, int sig)
{
	if (sig > 0 && sig < CLI_MAX_SIGNAL && s->opt->rewrite[sig] >= 0)
		return s->opt->rewrite[sig];
	return sig;
}

void
super_emit(struct super *s, const struct ctr_rt *c, const char *type, const char *reason,
    const char *fmt, ...)
{
	char msg[EVENT_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	events_emit(&s->events, loop_real_now(s->loop), type, reason, c ? ctr_name(c) : NULL, "%s", msg);
	s->dirty = true;
}

/* ---- stopping a container's processes ---- */

static void
send_stop_signal(struct ctr_rt *c, int sig)
{
	struct super *s = c->sup;

	if (sig == 0) {
		sig = SIGTERM;
		if (s->tini_mode && s->shutdown_signal > 0)
			sig = s->shutdown_signal;
		sig = rewrite_signal(s, sig);
	}
	/* tini semantics without -g: the signal goes to the child only;
	 * otherwise to the container's whole process group.  K8S: a
	 * container that is PID 1 of its own PID namespace gets it alone, as
	 * the runtime's kill reaches the container's init only: a shell
	 * without a handler ignores it (an init's default) and is killed at
	 * the end of the grace period, 137. */
	proctree_signal(&c->procs, sig, (s->tini_mode && !s->opt->group_signal) ||
	    c->procs.pid_ns);
}

/* Without a cgroup, a process that left the container's process group
 * with setsid() and outlived the main process is only known to podinit as
 * an adopted orphan (the kernel reparents orphans before it reports the
 * exit, so they are our children by the time the main process is reaped).
 * With one container (and a manifest: tini mode keeps tini's behaviour),
 * every adopted orphan still alive came from it, or from its probes and
 * hooks: note them, with their descendants, for the KILL_ALL that follows
 * the exit. */
static void
collect_orphans(struct ctr_rt *c)
{
	struct super *s = c->sup;

	if (c->cg != NULL || s->n != 1 || s->tini_mode)
		return;
	proctree_note_orphans(&c->procs, s->loop);
}

/* ---- spawning ---- */

static void ctr_exited(struct loop *l, pid_t pid, int wstatus, void *arg);
static void ctr_feed_message(struct ctr_rt *c, enum ctr_event ev, const struct ctr_input *in,
    const char *msg);

/* SPEC §7: the container's own namespaces (none in tini mode or with
 * --isolation none: ns_flags is 0), its volumes' bind mounts and the
 * pod's host name. */
static void
ctr_spawn_namespaces(struct ctr_rt *c, struct spawn_req *req)
{
	struct super *s = c->sup;

	req->new_namespaces = s->ns_flags;
	if (s->ns_flags == 0)
		return;
	req->mounts = c->mounts;
	req->n_mounts = c->n_mounts;
	req->hostname = s->iso.hostname;
	req->userns = s->iso.new_user ? &s->userns.req : NULL;
}

/* The namespaces exec probes and hooks join, held while the container
 * runs.  Not the PID namespace inside a user namespace: joining it is a
 * setns in podinit itself (spawn_fork), which needs CAP_SYS_ADMIN in
 * podinit's own namespace, the very thing that is missing then; such a
 * probe runs in the container's user, mount and UTS namespaces, sees its
 * /proc, and is ended by its timeout rather than with the container. */
static void
ctr_open_namespaces(struct ctr_rt *c, pid_t pid)
{
	struct super *s = c->sup;
	int flags = s->ns_flags;

	spawn_join_close(&c->ns);
	if (flags == 0)
		return;
	if (flags & CLONE_NEWUSER)
		flags &= ~CLONE_NEWPID;
	if (spawn_join_open(&c->ns, pid, flags) == -1)
		log_warn("%s: open the namespaces of pid %d for probes and hooks", ctr_name(c),
		    (int)pid);
}

static void
ctr_spawn(struct ctr_rt *c)
{
	struct super *s = c->sup;
	struct spawn_req req;
	struct spawn_error err;
	struct ctr_input in;
	int devnull = -1;
	pid_t pid;

	/* K8S: makeEnvironmentVariables records the envFrom keys it skipped
	 * at every start of the container, as an event of the pod. */
	for (size_t i = 0; i < c->spec->n_env_notices; i++)
		super_emit(s, NULL, EVENT_WARNING, "InvalidEnvironmentVariableNames", "%s",
		    c->spec->env_notices[i]);
	if (c->sec == NULL) {
		/* secctx_prepare refused it in super_new: never start
		 * unconfined; fail this start (exit code 128, StartError) */
		memset(&in, 0, sizeof in);
		ctr_feed_message(c, EV_SPAWN_FAILED, &in, c->start_error);
		return;
	}
	spawn_req_init(&req);
	req.argv = c->spec->argv;
	req.envp = c->envp;
	req.cwd = c->cwd;
	req.new_session = true;
	req.foreground_tty = s->tini_mode || c->spec->tty;
	req.sec = c->sec;
	req.sigmask = loop_original_mask(s->loop);
	req.cgroup_procs_fd = c->cg ? cgroup_procs_fd(c->cg) : -1;
	req.keep_fds = inherited.fd;
	req.n_keep_fds = inherited.n;
	if (!s->tini_mode && !c->spec->stdin_open && !c->spec->tty) {
		devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
		req.stdin_fd = devnull;
	}
	ctr_spawn_namespaces(c, &req);
	c->procs.n_escapees = 0;
	if (c->log != NULL) {
		char why[256];
		if (logpipe_begin(c->log, &req.stdout_fd, &req.stderr_fd, why, sizeof why) == -1)
			log_warnx("%s: %s: this instance writes to podinit's stdout and stderr "
			    "directly, its log is not kept", ctr_name(c), why);
		c->view->log = logpipe_current(c->log);
		c->view->log_previous = logpipe_previous(c->log);
	}
	pid = spawn_start(&req, &err);
	if (c->log != NULL)
		logpipe_spawned(c->log);
	/* The container started now, not when this pass woke: its probes'
	 * schedule counts from here, so containers started in one pass do
	 * not all have their probes due at the same instant. */
	loop_refresh_now(s->loop);
	fdx_close(&devnull);
	/* The first container got them; from here on only LISTEN_FDS. */
	inherit_keep_listen_only(&inherited);
	if (pid == -1) {
		memset(&in, 0, sizeof in);
		in.exit_code = spawn_error_exit_code(&err);
		ctr_feed_message(c, EV_SPAWN_FAILED, &in, err.message);
		return;
	}
	c->procs.pid = pid;
	c->procs.pgid = pid;
	c->procs.pid_ns = (s->ns_flags & CLONE_NEWPID) != 0;
	if (loop_child_add(s->loop, pid, ctr_exited, c) == -1)
		log_warnx("%s: cannot track pid %d", ctr_name(c), (int)pid);
	/* Before EV_SPAWNED: its postStart hook joins them. */
	ctr_open_namespaces(c, pid);
	ctr_feed(c, EV_SPAWNED, NULL);
}

/* SPEC §8, kubelet's getTerminationMessage: terminationMessagePath as the
 * container sees it (in its mount namespace: the namespace outlives the
 * processes while podinit holds c->ns), else with FallbackToLogsOnError
 * and a failure the tail of its log.  K8S: the status manager keeps the
 * first MaxPodTerminationMessageLogLength / containers bytes of each
 * (normalizeStatus). */
#define POD_TERM_MESSAGES_MAX	(12 * 1024)

static void
termination_message(struct ctr_rt *c, int exit_code)
{
	const char *path = c->spec->termination_message_path;
	bool fallback = c->spec->fallback_to_logs && exit_code != 0;
	size_t max = POD_TERM_MESSAGES_MAX / (c->sup->n > 0 ? c->sup->n : 1);
	ssize_t n = -1;

	c->term_message[0] = '\0';
	if (path != NULL && path[0] != '\0') {
		n = spawn_read_file_in(&c->ns, path, c->term_message, sizeof c->term_message);
		if (n == -1 && errno != ENOENT) {
			snprintf(c->term_message, sizeof c->term_message,
			    "Error on reading termination log %s: %s", path, strerror(errno));
			fallback = false;
		}
	}
	if (n > 0)
		fallback = false;
	if (fallback && c->view->log != NULL)
		(void)logbuf_fallback_message(c->view->log, c->term_message,
		    sizeof c->term_message);
	if (strlen(c->term_message) > max)
		c->term_message[max] = '\0';
}

static void
ctr_exited(struct loop *l, pid_t pid, int wstatus, void *arg)
{
	struct ctr_rt *c = arg;
	struct ctr_input in;

	(void)l;
	if (pid != c->procs.pid)
		return;
	c->procs.pid = 0;
	/* Its last words first: what the pipes hold now is in the log
	 * before the message may be taken from it. */
	if (c->log != NULL)
		logpipe_drain(c->log);
	termination_message(c, WIFSIGNALED(wstatus) ? 128 + WTERMSIG(wstatus) :
	    WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 0);
	spawn_join_close(&c->ns);	/* a probe from here on fails at once */
	if (c->cg == NULL)
		c->cpu_base = c->cpu_last;	/* the next instance counts on from here */
	collect_orphans(c);
	memset(&in, 0, sizeof in);
	in.wstatus = wstatus;
	in.oom_killed = c->cg != NULL && cgroup_oom_killed(c->cg);
	in.pod_terminating = c->sup->terminating;
	in.term_message = c->term_message;
	ctr_feed(c, EV_EXITED, &in);
}

static void
ctr_timer_fired(struct loop *l, struct timer *t)
{
	struct ctr_rt *c = t->arg;

	(void)l;
	ctr_feed(c, EV_DEADLINE, NULL);
}

/* ---- the container state machine's actions ---- */

static void
ctr_execute(struct ctr_rt *c, const struct ctr_action *a)
{
	struct super *s = c->sup;

	switch (a->kind) {
	case CA_SPAWN:
		ctr_spawn(c);
		break;
	case CA_RUN_POST_START:
		super_hook_run(c, &c->spec->post_start);
		break;
	case CA_RUN_PRE_STOP:
		super_hook_run(c, &c->spec->pre_stop);
		break;
	case CA_CANCEL_HOOK:
		super_hook_cancel(c);
		break;
	case CA_SEND_STOP_SIGNAL:
		send_stop_signal(c, a->sig);
		break;
	case CA_KILL_ALL:
		proctree_kill(&c->procs, c->cg);
		break;
	case CA_ARM_DEADLINE:
	case CA_SCHEDULE_RESTART:
		timer_start(s->loop, &c->timer, a->t);
		break;
	case CA_CANCEL_TIMER:
		timer_stop(s->loop, &c->timer);
		break;
	case CA_START_PROBES:
		super_probes_start(c, a->t);
		break;
	case CA_STOP_PROBES:
		super_probes_stop(c, a->all);
		break;
	case CA_EMIT_EVENT:
		super_emit(s, c, a->type == CTR_EVT_WARNING ? EVENT_WARNING : EVENT_NORMAL,
		    a->reason, "%s", a->message);
		break;
	}
}

static void
queue_push(struct ctr_rt *c, enum ctr_event ev, const struct ctr_input *in, const char *msg)
{
	struct queued_event *q;

	if (c->qlen == QUEUE_MAX) {
		log_warnx("%s: event queue full, dropping %s", ctr_name(c), ctr_event_name(ev));
		return;
	}
	q = &c->queue[(c->qhead + c->qlen++) % QUEUE_MAX];
	q->ev = ev;
	if (in != NULL)
		q->in = *in;
	else
		memset(&q->in, 0, sizeof q->in);
	q->in.pod_terminating = c->sup->terminating;
	snprintf(q->message, sizeof q->message, "%s", msg ? msg : "");
	q->in.message = msg ? q->message : NULL;
}

static void
ctr_feed_message(struct ctr_rt *c, enum ctr_event ev, const struct ctr_input *in, const char *msg)
{
	struct ctr_actions acts;

	queue_push(c, ev, in, msg);
	if (c->feeding)
		return;
	c->feeding = true;
	while (c->qlen > 0) {
		struct queued_event q = c->queue[c->qhead];
		c->qhead = (c->qhead + 1) % QUEUE_MAX;
		c->qlen--;
		if (q.in.message != NULL)
			q.in.message = q.message;
		enum ctr_state was = c->sm.state;
		log_debug("%s: %s in %s", ctr_name(c), ctr_event_name(q.ev), ctr_state_name(was));
		ctr_sm_step(&c->sm, q.ev, &q.in, now_of(c->sup), &acts);
		if (acts.overflow)
			log_warnx("%s: %s in %s: more than %d actions, some lost (a bug in ctr_sm)",
			    ctr_name(c), ctr_event_name(q.ev), ctr_state_name(was), CTR_ACTIONS_MAX);
		for (size_t i = 0; i < acts.n; i++)
			ctr_execute(c, &acts.a[i]);
	}
	c->feeding = false;
	c->sup->dirty = true;
}

void
ctr_feed(struct ctr_rt *c, enum ctr_event ev, const struct ctr_input *in)
{
	ctr_feed_message(c, ev, in, NULL);
}

/* ---- the view (the projection: ctr_view.c) ---- */

static void
view_update_ctr(struct ctr_rt *c)
{
	struct super *s = c->sup;
	struct ctr_view_input in = {
		.sm = &c->sm,
		.started = c->started,
		.alive = c->procs.pid > 0,
		.readiness_ok = probe_sm_ok(&c->probes[PROBE_READINESS].sm),
		.behind_init = c->idx >= s->pod->n_init && s->pod->n_init > 0,
		.mono_to_real = s->mono_to_real,
	};

	ctr_view_update(c->view, &in);
}

static void
pod_ctrs(struct super *s, struct pod_sm_ctr *pc)
{
	for (size_t i = 0; i < s->n; i++)
		ctr_view_pod_ctr(&s->c[i].sm, s->c[i].view, &pc[i]);
}

/* ---- pod-level policy (the rules: pod_order.c) ---- */

static void
order_ctrs(const struct super *s, struct pod_order_ctr *oc)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct ctr_rt *c = &s->c[i];
		oc[i] = (struct pod_order_ctr){
			.is_init = c->spec->is_init,
			.is_sidecar = c->spec->is_sidecar,
			.state = c->sm.state,
			.instances = c->sm.instances,
			.shutdown = c->sm.shutdown,
			.finished = ctr_sm_finished(&c->sm),
			.has_term = c->sm.has_term,
			.exit_code = c->sm.term.exit_code,
			.started = c->started,
			.alive = c->procs.pid > 0,
			.stop_sent = c->stop_sent,
			.restart_all = c->sm.restart_all,
		};
	}
}

static void
pod_execute(struct super *s, const struct pod_action *a)
{
	struct ctr_rt *c = &s->c[a->ctr];

	switch (a->kind) {
	case PA_TERMINATE:
		s->terminating = true;
		break;
	case PA_START:
		ctr_feed(c, EV_START, NULL);
		break;
	case PA_STOP:
		c->stop_sent = true;
		ctr_feed(c, EV_STOP, NULL);
		break;
	case PA_RESTART_BEGIN:
		/* SPEC §9: RestartAllContainers.  Said once, with the
		 * container whose exit asked for it. */
		s->restarting_all = true;
		for (size_t i = 0; i < s->n; i++)
			if (s->c[i].sm.restart_all)
				log_info("pod %s: container %s exited with %d, a RestartAllContainers "
				    "rule: restarting all containers", s->pod->name, ctr_name(&s->c[i]),
				    s->c[i].sm.term.exit_code);
		break;
	case PA_RESTART_STOP:
		ctr_feed(c, EV_RESTART_ALL, NULL);
		break;
	case PA_RESET:
		ctr_feed(c, EV_RESET, NULL);
		break;
	case PA_RESTART_END:
		s->restarting_all = false;
		break;
	}
}

/* Stop every regular container at once (sidecars follow in pod_order's
 * order); nothing restarts from here on. */
static void
pod_stop_regular(struct super *s)
{
	struct pod_order_ctr oc[s->n > 0 ? s->n : 1];
	struct pod_action acts[POD_ORDER_ACTIONS_MAX(s->n)];
	size_t k;

	order_ctrs(s, oc);
	k = pod_order_stop(oc, s->n, acts);
	for (size_t i = 0; i < k; i++)
		pod_execute(s, &acts[i]);
}

/* cgroup.kill only queues SIGKILL: processes left in a container (an
 * escapee, a shell's background job) may still be exiting when the last
 * main process was reaped, and the cgroup cannot be removed until they
 * are gone.  So the pod finishes once every cgroup is empty, woken by
 * cgroup.events (EPOLLPRI on a change of "populated"), bounded by
 * DRAIN_NS in case something in it cannot die.  The containers' output
 * pipes too (SPEC §8): what they hold is written on before podinit exits,
 * unless a process left behind keeps one open, or podinit's own stdout
 * does not drain, for longer than the bound. */
#define DRAIN_NS	(2 * NS_PER_SEC)

static void
cg_events_ready(struct loop *l, struct watcher *w, uint32_t events)
{
	struct ctr_rt *c = w->arg;
	char buf[256];

	(void)l;
	(void)events;
	/* Reading re-arms kernfs' change notification. */
	if (pread(c->cg_events_fd, buf, sizeof buf, 0) == -1)
		log_debug("%s: cgroup.events: %s", ctr_name(c), strerror(errno));
	c->sup->dirty = true;
}

static void
drain_timer_fired(struct loop *l, struct timer *t)
{
	struct super *s = t->arg;

	(void)l;
	s->drain_expired = true;
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i].cg != NULL && cgroup_populated(s->c[i].cg))
			log_warnx("%s: processes left in the cgroup after SIGKILL", ctr_name(&s->c[i]));
		else if (s->c[i].log != NULL && !logpipe_idle(s->c[i].log))
			log_warnx("%s: its output pipes still open or not written on: not waiting "
			    "for them", ctr_name(&s->c[i]));
	s->dirty = true;
}

static bool
pod_drained(struct super *s)
{
	bool busy = false;

	if (s->drain_expired)
		return true;
	for (size_t i = 0; i < s->n; i++) {
		struct ctr_rt *c = &s->c[i];
		if (c->log != NULL && !logpipe_idle(c->log))
			busy = true;
		if (c->cg == NULL)
			continue;
		/* Watch first, then look: a change in between still wakes us. */
		if (c->cg_events_fd == -1) {
			c->cg_events_fd = openat(cgroup_dir_fd(c->cg), "cgroup.events",
			    O_RDONLY | O_CLOEXEC);
			if (c->cg_events_fd != -1 &&
			    loop_watch(s->loop, &c->cg_watch, c->cg_events_fd, EPOLLPRI) == -1)
				fdx_close(&c->cg_events_fd);
		}
		if (cgroup_populated(c->cg)) {
			busy = true;
			(void)cgroup_kill(c->cg);
		}
	}
	if (busy && !s->drain_started) {
		s->drain_started = true;
		timer_start(s->loop, &s->drain_timer, now_of(s) + DRAIN_NS);
	}
	return !busy;
}

/* pod_exit_code reads the -e list as the options hold it. */
_Static_assert(sizeof ((struct options *)0)->remap_exit == POD_EXIT_CODES * sizeof(bool),
    "options.remap_exit is pod_exit_code's remap_exit[POD_EXIT_CODES]");

static void
pod_finish(struct super *s, enum pod_phase phase, const struct pod_sm_ctr *pc)
{
	if (s->done)
		return;
	s->done = true;
	/* Ended by the deadline or deleted by its Job: never 0 (SPEC §9). */
	if (s->deadline_exceeded || s->stop_requested)
		s->exit_code = pod_deadline_exit_code(pc, s->n);
	else
		s->exit_code = pod_exit_code(pc, s->n, phase, s->stopped_by_signal,
		    s->opt->remap_exit);
	log_info("pod %s: %s, exit code %d", s->pod->name, pod_phase_name(phase), s->exit_code);
	if (s->hooks.finished != NULL)
		s->hooks.finished(s->hooks.arg, s->exit_code);
	else
		loop_stop(s->loop, s->exit_code);
}

/* The pod's state as pod_sm and pod_order read it: the containers' views
 * refreshed, the Initialized condition latched, the phase. */
static enum pod_phase
pod_evaluate(struct super *s, struct pod_sm_ctr *pc, struct pod_order_ctr *oc,
    struct pod_order_pod *pod)
{
	struct pod_status_line line;

	for (size_t i = 0; i < s->n; i++)
		view_update_ctr(&s->c[i]);
	pod_ctrs(s, pc);
	order_ctrs(s, oc);
	if (!s->initialized && pod_initialized(pc, s->n))
		s->initialized = true;
	pod->terminating = s->terminating;
	pod->restarting_all = s->restarting_all;
	pod->phase = pod_phase_compute(pc, s->n, s->pod->restart_policy, s->initialized,
	    s->terminating && pod_order_all_finished(oc, s->n));
	line = pod_status_decide(pod->phase, s->deadline_exceeded);
	pod->phase = line.phase;
	snprintf(s->view.reason, sizeof s->view.reason, "%s", line.reason);
	snprintf(s->view.message, sizeof s->view.message, "%s", line.message);
	pod->regular_all_done = pod_regular_all_done(pc, s->n);
	return pod->phase;
}

/* K8S: activeDeadlineHandler.ShouldEvict: the Normal event, then the pod
 * worker kills every container with the pod's grace period. */
static void
pod_deadline_passed(struct super *s)
{
	s->deadline_exceeded = true;
	timer_stop(s->loop, &s->deadline_timer);
	log_info("pod %s: activeDeadlineSeconds passed: stopping the pod", s->pod->name);
	super_emit(s, NULL, "Normal", POD_DEADLINE_REASON, "%s", POD_DEADLINE_MESSAGE);
	pod_stop_regular(s);
}

static void
pod_update(struct super *s)
{
	struct pod_sm_ctr pc[s->n > 0 ? s->n : 1];
	struct pod_order_ctr oc[s->n > 0 ? s->n : 1];
	struct pod_action acts[POD_ORDER_ACTIONS_MAX(s->n)];
	struct pod_order_pod pod;
	enum pod_phase phase;
	bool live = true;
	size_t k;

	/* The deadline first: once past it the pod stops as in a shutdown,
	 * and the batches below stop the sidecars after the rest.  The pod
	 * is described for it only once the time has come (most pods have
	 * no deadline; pod_update runs at every change). */
	if (!s->deadline_exceeded &&
	    now_of(s) >= pod_deadline_at(s->start_mono, s->pod->active_deadline_ns)) {
		phase = pod_evaluate(s, pc, oc, &pod);
		if (pod_deadline_exceeded(s->start_mono, s->pod->active_deadline_ns, now_of(s),
		    phase, s->terminating))
			pod_deadline_passed(s);
	}
	/* Deleted by its owner (a Job that failed, SPEC §9): as kubelet
	 * kills a deleted pod, preStop and grace. */
	if (s->stop_requested && !s->stop_done) {
		s->stop_done = true;
		pod_stop_regular(s);
	}
	/* Until pod_order asks for nothing more: a start or a stop may
	 * change a container's state at once, so the pod is described
	 * again after each batch.  This ends because each action is given at
	 * most once per container (see pod_order.h): at most one start and
	 * one stop each, and the pod's terminate, so 2n + 1 batches; a
	 * restart of every container (SPEC §9) adds its begin and stops, its
	 * resets, and n starts again, and a second one in the same pass needs
	 * a container that failed at once with a back-off of 0: 4n + 4.  Past
	 * that, a broken rule would spin PID 1: say so and let the next pass
	 * go on. */
	for (size_t batch = 0;; batch++) {
		phase = pod_evaluate(s, pc, oc, &pod);
		k = pod_order_next(oc, s->n, &pod, acts);
		if (k == 0)
			break;
		if (batch >= 4 * s->n + 4) {
			log_warnx("pod %s: the start/stop order did not settle (%s %zu again)",
			    s->pod->name, pod_action_name(acts[0].kind), acts[0].ctr);
			break;
		}
		for (size_t i = 0; i < k; i++)
			pod_execute(s, &acts[i]);
	}
	s->view.phase = phase;
	pod_view_conditions(&s->view, pc, s->n, phase, s->initialized, loop_real_now(s->loop));
	pod_view_restarting_condition(&s->view, s->pod, s->restarting_all, phase,
	    loop_real_now(s->loop));
	for (size_t i = 0; i < s->n; i++)
		live &= !s->c[i].liveness_failed;
	s->view.live = live && phase != PHASE_FAILED;
	s->view.zombies_reaped = loop_orphans_reaped(s->loop);
	if (pod_order_done(oc, s->n, &pod) && pod_drained(s))
		pod_finish(s, phase, pc);
	else if (s->hooks.changed != NULL) {
		s->hooks.changed(s->hooks.arg);
		/* The owner deleted the pod from the hook: nothing else may
		 * wake the loop, so stop now (once: stop_done). */
		if (s->stop_requested && !s->stop_done)
			pod_update(s);
	}
}

/* ---- signals ---- */

void
super_signal(struct super *s, const struct signalfd_siginfo *si)
{
	int sig = (int)si->ssi_signo;

	if (sig == SIGTERM || sig == SIGINT) {
		if (!s->terminating || !s->stopped_by_signal) {
			log_info("%s: stopping the pod", strconv_signal_name(sig));
			s->stopped_by_signal = true;
			s->shutdown_signal = sig;
			pod_stop_regular(s);
		} else {
			/* Second signal: skip what is left of the grace. */
			log_info("%s again: killing everything now", strconv_signal_name(sig));
			for (size_t i = 0; i < s->n; i++) {
				s->c[i].stop_sent = true;
				ctr_feed(&s->c[i], EV_KILL, NULL);
			}
		}
		s->dirty = true;
		return;
	}
	sig = rewrite_signal(s, sig);
	if (sig <= 0)
		return;
	for (size_t i = 0; i < s->n; i++) {
		struct ctr_rt *c = &s->c[i];
		if (c->procs.pid <= 0)
			continue;
		if (s->opt->group_signal && c->procs.pgid > 0)
			(void)kill(-c->procs.pgid, sig);
		else
			(void)kill(c->procs.pid, sig);
	}
}

/* ---- the status API's view ---- */

const struct pod_view *
super_pod_view(const struct super *s)
{
	return &s->view;
}

struct pod_view *
super_view(struct super *s)
{
	super_usage_sample(s);
	s->view.zombies_reaped = loop_orphans_reaped(s->loop);
	return &s->view;
}

/* The pod's activeDeadlineSeconds: pod_update decides (pod_sm). */
static void
deadline_timer_fired(struct loop *l, struct timer *t)
{
	struct super *s = t->arg;
	int64_t at = pod_deadline_at(s->start_mono, s->pod->active_deadline_ns);

	if (loop_now(l) < at)
		timer_start(l, &s->deadline_timer, at);
	s->dirty = true;
}

/* The one place the pod is re-evaluated: every callback that changes
 * something marks the supervisor dirty, and the loop calls this at the end
 * of every pass (after fds, exits and timers), so a pass that changed
 * several containers settles the pod once. */
static void
on_idle(struct loop *l, void *arg)
{
	struct super *s = arg;

	(void)l;
	if (s->dirty) {
		s->dirty = false;
		pod_update(s);
	}
	/* SPEC §8: at most once a pass, for the API's followers. */
	if (s->log_grew) {
		s->log_grew = false;
		if (s->hooks.output != NULL)
			s->hooks.output(s->hooks.arg);
	}
}

/* ---- the containers' output (logpipe.c) ---- */

static void
log_grew(void *arg)
{
	struct ctr_rt *c = arg;

	c->sup->log_grew = true;
}

static void
log_closed(void *arg)
{
	struct ctr_rt *c = arg;

	c->sup->dirty = true;	/* pod_drained may have changed */
}

/* SPEC §8: manifest mode keeps each container's output, but a tty:true
 * one keeps podinit's descriptors (its terminal).  Memory is mapped here,
 * once; a failure only costs the container its log. */
static void
ctr_log_setup(struct ctr_rt *c)
{
	struct super *s = c->sup;
	struct logpipe_hooks h = { .grew = log_grew, .closed = log_closed, .arg = c };
	char why[256];

	if (s->tini_mode || c->spec->tty)
		return;
	for (int fd = 1; fd <= 2; fd++)
		if (s->sinks[fd - 1] == NULL &&
		    (s->sinks[fd - 1] = logsink_new(s->loop, fd, why, sizeof why)) == NULL) {
			log_warnx("%s: %s: its output is not kept", ctr_name(c), why);
			return;
		}
	c->log = logpipe_new(s->loop, s->sinks[0], s->sinks[1], &h, why, sizeof why);
	if (c->log == NULL) {
		log_warnx("%s: %s: its output is not kept", ctr_name(c), why);
		return;
	}
	c->view->log = logpipe_current(c->log);
}

/* ---- setup ---- */

/* The hierarchy may be shared (the root of /sys/fs/cgroup/unified on a
 * hybrid host, or one session's cgroup for every podinit started from
 * it), and cgroup_create() empties a group that exists already: so two
 * podinits running the same manifest must not use the same names, or the
 * second kills the first one's containers.  The pod name, then our pid
 * namespace's inode and our pid there: unique among live podinits. */
static void
cgroup_prefix(struct super *s, const struct pod_spec *pod)
{
	char link[64], *end;
	unsigned long long ino = 0;
	ssize_t n = readlink("/proc/self/ns/pid", link, sizeof link - 1);

	if (n > 5 && strncmp(link, "pid:[", 5) == 0) {	/* "pid:[4026531836]" */
		link[n] = '\0';
		ino = strtoull(link + 5, &end, 10);
		if (*end != ']')
			ino = 0;
	}
	snprintf(s->cg_prefix, sizeof s->cg_prefix, "%.80s.%llu.%d",
	    pod->name ? pod->name : "podinit", ino, (int)getpid());
}

/* SPEC §7: which namespaces the containers get, decided once: what podinit
 * may do and what the kernel answers (isolation.c), the decision
 * (isolation_plan.c).  A refusal is the pod's 125; the fallback logs its
 * one notice. */
static int
super_isolation(struct super *s, char *err, size_t errsz)
{
	struct isolation_facts f;

	isolation_userns_init(&s->userns);
	isolation_probe(s->tini_mode, s->opt->isolation, &s->userns, &f);
	if (isolation_decide(s->pod, &f, &s->iso) == -1) {
		snprintf(err, errsz, "%s", s->iso.message);
		return -1;
	}
	/* The fallback to podinit's namespaces is a degradation the user
	 * must see; a user namespace does what was asked. */
	if (s->iso.message[0] != '\0' && s->iso.kind == ISOLATION_KIND_NONE)
		log_warnx("%s", s->iso.message);
	else if (s->iso.message[0] != '\0')
		log_info("%s", s->iso.message);
	s->ns_flags = isolation_clone_flags(&s->iso);
	return 0;
}

struct super *
super_new(struct loop *l, const struct pod_spec *pod, const struct options *o,
    char *err, size_t errsz)
{
	struct super *s = calloc(1, sizeof *s);
	char why[256];
	bool use_cgroup = false;

	if (s == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	s->loop = l;
	timer_init(&s->drain_timer, drain_timer_fired, s);
	timer_init(&s->deadline_timer, deadline_timer_fired, s);
	s->pod = pod;
	s->opt = o;
	s->tini_mode = o->manifest == NULL;
	/* Both clocks read now, together: the offset of every time shown. */
	loop_refresh_now(l);
	s->mono_to_real = loop_real_now(l) - loop_now(l);
	s->start_cwd = getcwd(NULL, 0);
	/* K8S: format.Pod: name_namespace(uid) */
	snprintf(s->pod_desc, sizeof s->pod_desc, "%s_%s(%s)", pod->name ? pod->name : "podinit",
	    pod->namespace ? pod->namespace : "default", pod->uid ? pod->uid : "");
	s->n = pod->n_containers;
	s->c = calloc(s->n ? s->n : 1, sizeof *s->c);
	s->view.ctrs = calloc(s->n ? s->n : 1, sizeof *s->view.ctrs);
	if (s->c == NULL || s->view.ctrs == NULL) {
		snprintf(err, errsz, "out of memory");
		super_free(s);
		return NULL;
	}
	s->view.spec = pod;
	s->view.n_ctrs = s->n;
	s->view.events = &s->events;
	s->view.start_time = loop_real_now(l);
	s->start_mono = loop_now(l);
	s->view.live = true;
	(void)events_init(&s->events, o->events_path);

	if (super_isolation(s, err, errsz) == -1) {
		super_free(s);
		return NULL;
	}
	cgroup_prefix(s, pod);
	if (!o->no_cgroup) {
		bool want = !s->tini_mode;
		for (size_t i = 0; i < s->n; i++)
			want |= pod->containers[i].memory_limit_bytes > 0 ||
			    pod->containers[i].cpu_limit_milli > 0;
		/* tini mode stays as light as tini: no cgroup unless limits
		 * ask for one. */
		if (want) {
			use_cgroup = cgroup_setup(NULL, why, sizeof why);
			if (!use_cgroup)
				log_info("%s", why);
		}
	}

	if (!s->tini_mode) {
		struct volume_setup_opts vo = { .state_dir = o->state_dir,
			.isolate = (s->ns_flags & CLONE_NEWNS) != 0,
			.can_mount = s->iso.kind == ISOLATION_KIND_NAMESPACES,
			.real_now = loop_real_now(l) };
		if ((s->volumes = volume_setup(pod, &vo, err, errsz)) == NULL) {
			super_free(s);
			return NULL;
		}
		for (size_t i = 0; i < s->n; i++)
			s->c[i].mounts = volume_mounts(s->volumes, i, &s->c[i].n_mounts);
	}

	for (size_t i = 0; i < s->n; i++) {
		struct ctr_rt *c = &s->c[i];
		const struct container_spec *spec = &pod->containers[i];
		struct ctr_cfg cfg;

		c->sup = s;
		c->idx = i;
		c->spec = spec;
		c->view = &s->view.ctrs[i];
		c->view->spec = spec;
		/* Timers, watchers and runs first: super_free() on an error
		 * below stops them, and a zeroed one looks active. */
		c->cg_events_fd = -1;
		spawn_join_init(&c->ns);
		c->ns.required = s->ns_flags != 0;
		watcher_init(&c->cg_watch, cg_events_ready, c);
		timer_init(&c->timer, ctr_timer_fired, c);
		super_probes_init(c);
		ctr_log_setup(c);
		if (spec->argv == NULL || spec->argv[0] == NULL) {
			snprintf(err, errsz, "container %s: no command (give one in the manifest or after --)",
			    spec->name);
			super_free(s);
			return NULL;
		}
		c->cwd = spec->working_dir ? spec->working_dir : s->start_cwd;
		/* K8S: what only the node refuses (an unknown capability,
		 * a missing Localhost profile, runAsNonRoot with uid 0) is
		 * kubelet's CreateContainerConfigError at each start of
		 * this container, not a refusal of the pod: ctr_spawn
		 * fails the start with the message. */
		c->sec = secctx_prepare(pod, spec, c->start_error, sizeof c->start_error);
		if (c->sec == NULL)
			log_warnx("%s: %s", spec->name, c->start_error);
		c->envp = env_build(environ, spec, (spec->security.has_run_as_user ||
		    pod->security.has_run_as_user) ? secctx_plan_home(c->sec) : NULL,
		    inherited.n_listen > 0);
		if (c->envp == NULL) {
			snprintf(err, errsz, "out of memory");
			super_free(s);
			return NULL;
		}
		if (use_cgroup) {
			char cgerr[256];
			c->cg = cgroup_create(s->cg_prefix, spec->name,
			    spec->memory_limit_bytes, spec->cpu_limit_milli, cgerr, sizeof cgerr);
			if (c->cg == NULL)
				log_warnx("%s: %s", spec->name, cgerr);
		}
		if (c->cg == NULL && (spec->memory_limit_bytes > 0 || spec->cpu_limit_milli > 0))
			log_warnx("%s: resources.limits not applied: no writable cgroup v2", spec->name);
		c->exec_ctx.envp = c->envp;
		c->exec_ctx.cwd = c->cwd;
		c->exec_ctx.sec = c->sec;
		c->exec_ctx.cgroup_procs_fd = c->cg ? cgroup_procs_fd(c->cg) : -1;
		c->exec_ctx.sigmask = loop_original_mask(l);
		c->exec_ctx.join = &c->ns;

		ctr_cfg_defaults(&cfg);
		cfg.spec = spec;
		cfg.pod_desc = s->pod_desc;
		cfg.policy = pod->restart_policy;
		cfg.grace_ns = pod->termination_grace_ns;
		cfg.backoff_initial = o->backoff_initial_ns;
		cfg.backoff_max = o->backoff_max_ns;
		cfg.backoff_reset = o->backoff_reset_ns;
		ctr_sm_init(&c->sm, &cfg);
	}
	loop_on_idle(l, on_idle, s);
	return s;
}

int
super_start(struct super *s)
{
	int64_t at = pod_deadline_at(s->start_mono, s->pod->active_deadline_ns);

	if (at != INT64_MAX)
		timer_start(s->loop, &s->deadline_timer, at);
	/* The first evaluation starts the first containers: before the loop
	 * runs, as nothing would wake it to reach on_idle. */
	pod_update(s);
	/* Do not pin the directory podinit was started in (dumb-init's
	 * cwd test): children got their own cwd already. */
	if (chdir("/") == -1)
		log_warn("chdir /");
	return 0;
}

int
super_exit_code(const struct super *s)
{
	return s->exit_code;
}

void
super_set_hooks(struct super *s, const struct super_hooks *h)
{
	s->hooks = *h;
}

void
super_stop(struct super *s)
{
	if (s->stop_requested)
		return;
	s->stop_requested = true;
	s->dirty = true;
}

bool
super_done(const struct super *s)
{
	return s->done;
}

void
super_free(struct super *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; s->c != NULL && i < s->n; i++) {
		struct ctr_rt *c = &s->c[i];
		if (c->sup == NULL)
			continue;
		super_probes_free(c);
		logpipe_free(c->log);
		spawn_join_close(&c->ns);
		timer_stop(s->loop, &c->timer);
		loop_unwatch(s->loop, &c->cg_watch);
		fdx_close(&c->cg_events_fd);
		if (c->cg != NULL)
			cgroup_destroy(c->cg);
		if (c->sec != NULL)
			secctx_free(c->sec);
		env_free(c->envp);
	}
	timer_stop(s->loop, &s->drain_timer);
	timer_stop(s->loop, &s->deadline_timer);
	logsink_free(s->sinks[0]);
	logsink_free(s->sinks[1]);
	volume_teardown(s->volumes);
	events_close(&s->events);
	free(s->c);
	free(s->view.ctrs);
	free(s->start_cwd);
	free(s);
}
